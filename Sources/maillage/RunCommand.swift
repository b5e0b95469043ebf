import ArgumentParser
import Foundation
import Maillage

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a scenario's Monte Carlo replications and writes replications.csv, summary.csv and summary.json."
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Number of replications (default: the scenario's).")
    var replications: Int?

    @Option(help: "The run's seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Replications run at once (default: one per core). Results do not depend on it.")
    var jobs: Int = defaultJobs

    @Option(help: "Output folder (default: Output/<scenario name>).")
    var out: String?

    @Option(help: "Add replications until every headline metric's 95% half-width is under this fraction of its mean.")
    var precision: Double?

    @Option(help: "With --precision, the most replications to run.")
    var maxReplications: Int = 10_000

    @Option(help: "Run only the K-th of N disjoint slices of the replications (K/N), for `maillage merge`.")
    var shard: Shard?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, found \(replications)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
        if let precision, !(precision > 0 && precision < 1) { throw ValidationError("--precision must be in (0, 1), found \(precision)") }
        if maxReplications < 2 { throw ValidationError("--max-replications must be at least 2") }
        if precision != nil && shard != nil { throw ValidationError("--precision and --shard cannot be combined") }
    }

    func run() async throws {
        try await reportingErrors {
            var scenario = try ScenarioLoader.load(self.scenario)
            if let replications { scenario.simulation.replications = replications }
            if let seed { scenario.simulation.seed = seed }
            let model = try scenario.build(loadWorld(scenario))
            let folder = out ?? "Output/\(scenario.name)"
            let seed = scenario.simulation.seed
            let progress = Progress("replications", quiet: quiet)
            if let precision {
                let c = try await Convergence.run(model, seed: seed, jobs: jobs, precision: precision, cap: maxReplications) {
                    progress.update($0, of: max($0, maxReplications))
                }
                try RunOutput.write(c.result, scenario: scenario, seed: seed, to: folder)
                try c.table().write(to: folder + "/convergence.csv")
                print("\(scenario.name): \(c.result.replications.count) replications for a precision of \(precision) "
                      + (c.reached ? "(reached)" : "(not reached at the cap of \(maxReplications))") + ", seed \(seed)")
                print(RunOutput.readableTable(c.result), terminator: "")
            } else if let shard {
                let n = scenario.simulation.replications
                let indices = (0..<n).filter(shard.contains)
                let result = try await MonteCarlo.run(model, indices: indices, seed: seed, jobs: jobs) { progress.update($0, of: indices.count) }
                try RunShard.write(result, scenarioPath: self.scenario, seed: seed, replications: n, shard: shard, to: folder)
                print("\(scenario.name): shard \(shard), \(indices.count) of \(n) replications; merge the shards with `maillage merge`")
            } else {
                let n = scenario.simulation.replications
                let result = try await MonteCarlo.run(model, replications: n, seed: seed, jobs: jobs) { progress.update($0, of: n) }
                try RunOutput.write(result, scenario: scenario, seed: seed, to: folder)
                print("\(scenario.name): \(n) replications, seed \(seed)")
                print(RunOutput.readableTable(result), terminator: "")
            }
            print("written to \(folder)/")
        }
    }
}

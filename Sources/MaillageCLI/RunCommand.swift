import ArgumentParser
import Foundation
import Maillage

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a scenario's Monte Carlo replications and writes replications.csv, summary.csv and summary.json.",
        discussion: "Writes into Output/<scenario name>/ unless --out says otherwise; with --precision also convergence.csv."
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var plan: PlanOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Add replications until every headline metric's 95% half-width is under this fraction of its mean.",
                               valueName: "fraction"))
    var precision: Double?

    @Option(help: ArgumentHelp("With --precision, the most replications to run.", valueName: "n"))
    var maxReplications: Int = 10_000

    @Option(help: ArgumentHelp("Run only the K-th of N disjoint slices of the replications, for `maillage merge`.", valueName: "K/N"))
    var shard: Shard?

    func validate() throws {
        if let precision, !(precision > 0 && precision < 1) { throw ValidationError("--precision must be in (0, 1), found \(precision)") }
        if maxReplications < 2 { throw ValidationError("--max-replications must be at least 2") }
        if precision != nil && shard != nil { throw ValidationError("--precision and --shard cannot be combined") }
    }

    func run() async throws {
        try await reportingErrors {
            var scenario = try ScenarioLoader.load(self.scenario)
            if let replications = plan.replications { scenario.simulation.replications = replications }
            if let seed = plan.seed { scenario.simulation.seed = seed.value }
            let model = try buildModel(scenario).model
            let folder = output.folder(or: "Output/\(scenario.name)")
            let seed = scenario.simulation.seed
            let jobs = parallel.count
            let progress = Progress("replications", quiet: parallel.quiet)
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

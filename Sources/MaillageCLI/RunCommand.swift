import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

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
            if let replications = plan.replications { scenario.plan.replications = replications }
            if let seed = plan.seed { scenario.plan.seed = seed.value }
            scenario.plan.jobs = parallel.count
            let model = try buildModel(scenario).model
            let folder = output.folder(or: "Output/\(scenario.name)")
            let runPlan = scenario.plan
            let progress = Progress("replications", quiet: parallel.quiet)
            if let precision {
                let c = try await Convergence.run(model, plan: runPlan, precision: precision, cap: maxReplications) {
                    progress.update($0, of: max($0, maxReplications))
                }
                try RunOutput.write(c.result, scenario: scenario, to: folder)
                try c.table().write(to: folder + "/convergence.csv")
                print("\(scenario.name): \(c.result.replications.count) replications for a precision of \(precision) "
                      + (c.reached ? "(reached)" : "(not reached at the cap of \(maxReplications))") + ", seed \(runPlan.seed)")
                print(RunOutput.readableTable(c.result), terminator: "")
            } else if let shard {
                let indices = (0..<runPlan.replications).filter(shard.contains)
                let result = try await MonteCarlo.run(model, plan: runPlan, indices: indices) { progress.update($0, of: indices.count) }
                try ShardFiles.write(result, scenarioPath: self.scenario, shard: shard, to: folder)
                print("\(scenario.name): shard \(shard), \(indices.count) of \(runPlan.replications) replications; merge the shards with `maillage merge`")
            } else {
                let n = runPlan.replications
                let result = try await MonteCarlo.run(model, plan: runPlan) { progress.update($0, of: n) }
                try RunOutput.write(result, scenario: scenario, to: folder)
                print("\(scenario.name): \(n) replications, seed \(runPlan.seed)")
                print(RunOutput.readableTable(result), terminator: "")
            }
            print("written to \(folder)/")
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a scenario's Monte Carlo replications and writes replications.csv, summary.csv and summary.json.",
        discussion: """
            Writes into Output/<scenario name>/ unless --out says otherwise; with --precision also convergence.csv; \
            with a policy, shapley.csv (its effect shared out over its levers) unless --no-shapley, and plausible.csv \
            (its effects over plausible worlds: the priors' and the calibration posterior's draws, MODEL.md 8.6) unless \
            --plausible-draws 0. \
            The folder is replaced as a whole once the run is done, and locked while it runs.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var plan: PlanOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions
    @OptionGroup var shapley: ShapleyOptions
    @OptionGroup var plausible: PlausibleOptions
    @OptionGroup var printing: PrintOptions

    @Option(help: ArgumentHelp("Add replications until every headline metric's 95% half-width is under this fraction of its mean.",
                               valueName: "fraction"))
    var precision: Double?

    @Option(help: ArgumentHelp("With --precision, the most replications to run.", valueName: "n"))
    var maxReplications: Int = 10_000

    @Option(help: ArgumentHelp("Run only the K-th of N disjoint slices of the replications, for `maillage merge`.", valueName: "K/N"))
    var shard: Shard?

    @Flag(help: "Keep running statistics only: summary.csv and summary.json, no replications.csv; memory stays flat in the replications.")
    var summaryOnly = false

    func validate() throws {
        if let precision, !(precision > 0 && precision < 1) { throw ValidationError("--precision must be in (0, 1), found \(precision)") }
        if !(2...Limits.replications).contains(maxReplications) {
            throw ValidationError("--max-replications must be 2 to \(Limits.replications), found \(maxReplications)")
        }
        if precision != nil && shard != nil { throw ValidationError("--precision and --shard cannot be combined") }
        if summaryOnly && (precision != nil || shard != nil) { throw ValidationError("--summary-only cannot be combined with --precision or --shard") }
    }

    var mode: RunJob.Mode {
        if let precision { return .precision(precision, maxReplications: maxReplications) }
        if let shard { return .shard(shard) }
        return summaryOnly ? .summaryOnly : .replications
    }

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            var scenario = try ScenarioLoader.load(self.scenario)
            if let replications = plan.replications { scenario.plan.replications = replications }
            if let seed = plan.seed { scenario.plan.seed = seed.value }
            scenario.plan.jobs = parallel.count
            let settings = shard == nil ? try plausible.settings(warn: { warn($0, printing.language) }) : nil
            let job = RunJob(scenario: scenario, path: self.scenario, mode: mode, shapley: !shapley.skip, interEcosystemShares: shapley.interEcosystem,
                             force: safety.force, plausible: settings)
            let (product, written) = try await job.run(to: output.folder(or: "Output/\(scenario.name)"),
                                                       progress: .terminal(quiet: parallel.quiet, language: printing.language))
            let result = product.result, l = printing.language, seed = result.plan.seed
            if let shard, let indices = product.shardIndices {
                print("\(scenario.name): shard \(shard), \(indices.count) of \(scenario.plan.replications) replications; merge the shards with `maillage merge`")
                if printing.format == .text { print(l.writtenTo(written.path + "/")) }
                return
            }
            if printing.format == .text {
                let count = result.replications.count
                if let precision, let c = product.convergence {
                    print(l.words(c.reached ? "cli.precision_reached" : "cli.precision_not_reached",
                                  ["scenario": scenario.name, "count": String(count), "cap": String(maxReplications), "seed": String(seed),
                                   "precision": l.number(precision, decimals: 3)]))
                } else {
                    let n = scenario.plan.replications
                    print(l.words("cli.replications_seed", ["name": scenario.name, "n": String(n), "seed": String(seed)]))
                }
            }
            try printing.emit(text: { RunOutput.readableTable(result, language: l) },
                              csv: { RunOutput.summaryTable(result).text }, json: { try RunOutput.summaryJSON(result, scenario: scenario) })
            if printing.format == .text, let rows = try PlausibleOutput.read(written.path) {
                print(PlausibleOutput.terminal(PlausibleOutput.sentences(rows, l)))
            }
            if printing.format == .text { print(l.writtenTo(written.path + "/")) }
        }
    }
}

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
        discussion: """
            Writes into Output/<scenario name>/ unless --out says otherwise; with --precision also convergence.csv; \
            with a policy, shapley.csv (its effect shared out over its levers) unless --no-shapley. \
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

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            var scenario = try ScenarioLoader.load(self.scenario)
            if let replications = plan.replications { scenario.plan.replications = replications }
            if let seed = plan.seed { scenario.plan.seed = seed.value }
            scenario.plan.jobs = parallel.count
            let (world, model) = try buildModel(scenario, language: printing.language)
            let runPlan = scenario.plan
            let planned = precision != nil ? maxReplications : shard.map { s in (0..<runPlan.replications).filter(s.contains).count } ?? runPlan.replications
            let work = Work(scenario, population: model.territory.population, replications: planned,
                            shapley: !shapley.skip && precision == nil && shard == nil)
            try work.check(force: safety.force, file: self.scenario)
            if !parallel.quiet { FileHandle.standardError.write(Data("work: \(work)\n".utf8)) }
            let folder = try ResultsFolder(output.folder(or: "Output/\(scenario.name)"))
            let progress = Progress("replications", quiet: parallel.quiet)
            if let precision {
                let c = try await Convergence.run(model, plan: runPlan, precision: precision, cap: maxReplications) {
                    progress.update($0, of: max($0, maxReplications))
                }
                try RunOutput.write(c.result, scenario: scenario, to: folder.staging)
                try CoverageOutput.writeEffect(model, outlines: world.outlines, projection: world.projection, settings: scenario.accessibility,
                                               to: folder.staging)
                try c.table().write(to: folder.file("convergence.csv"))
                try folder.commit()
                if printing.format == .text {
                    let l = printing.language, count = c.result.replications.count
                    print(l.t("\(scenario.name): \(count) replications for a precision of \(precision) "
                              + (c.reached ? "(reached)" : "(not reached at the cap of \(maxReplications))") + ", seed \(runPlan.seed)",
                              "\(scenario.name)\u{00A0}: \(count) réplications pour une précision de \(l.number(precision, decimals: 3)) "
                              + (c.reached ? "(atteinte)" : "(non atteinte au plafond de \(maxReplications))") + ", graine \(runPlan.seed)"))
                }
                try printing.emit(text: { RunOutput.readableTable(c.result, language: printing.language) },
                                  csv: { RunOutput.summaryTable(c.result).text }, json: { try RunOutput.summaryJSON(c.result, scenario: scenario) })
            } else if let shard {
                let indices = (0..<runPlan.replications).filter(shard.contains)
                let result = try await MonteCarlo.run(model, plan: runPlan, indices: indices) { progress.update($0, of: indices.count) }
                try ShardFiles.write(result, scenario: scenario, scenarioPath: self.scenario, shard: shard, to: folder.staging)
                try folder.commit()
                print("\(scenario.name): shard \(shard), \(indices.count) of \(runPlan.replications) replications; merge the shards with `maillage merge`")
            } else {
                let n = runPlan.replications
                var result = summaryOnly
                    ? try await MonteCarlo.summarise(model, plan: runPlan) { progress.update($0, of: n) }
                    : try await MonteCarlo.run(model, plan: runPlan) { progress.update($0, of: n) }
                if !shapley.skip {
                    let levers = Progress("lever shares", quiet: parallel.quiet)
                    result.shapley = try await ShapleyDecomposition.run(model, plan: runPlan, summarise: summaryOnly) { levers.update($0, of: $1) }
                }
                try RunOutput.write(result, scenario: scenario, to: folder.staging)
                try CoverageOutput.writeEffect(model, outlines: world.outlines, projection: world.projection, settings: scenario.accessibility,
                                               to: folder.staging)
                try folder.commit()
                if printing.format == .text {
                    print(printing.language.t("\(scenario.name): \(n) replications, seed \(runPlan.seed)",
                                              "\(scenario.name)\u{00A0}: \(n) réplications, graine \(runPlan.seed)"))
                }
                try printing.emit(text: { RunOutput.readableTable(result, language: printing.language) },
                                  csv: { RunOutput.summaryTable(result).text }, json: { try RunOutput.summaryJSON(result, scenario: scenario) })
            }
            if printing.format == .text { print(printing.language.writtenTo(folder.path + "/")) }
        }
    }
}

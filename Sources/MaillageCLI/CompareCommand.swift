import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs scenarios on common random numbers and reports each metric's difference to the first, paired and unpaired.",
        discussion: "Writes compare.csv into Output/compare/ unless --out says otherwise. --replications and --seed default to the first scenario's."
    )

    @Argument(help: "Two or more scenario files; the first is the reference.")
    var scenarios: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions

    func validate() throws {
        if scenarios.count < 2 { throw ValidationError("compare needs at least two scenarios") }
        if let replications = plan.replications, replications < 2 { throw ValidationError("--replications must be at least 2 to compare") }
    }

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let loaded = try scenarios.map { try ScenarioLoader.load($0) }
            let n = plan.replications ?? loaded[0].plan.replications
            let s = plan.seed?.value ?? loaded[0].plan.seed
            let work = try loaded.reduce(Work()) { $0 + Work($1, population: try $1.population(), replications: n) }
            try work.check(force: safety.force, file: scenarios[0])
            if !parallel.quiet { FileHandle.standardError.write(Data("work: \(work)\n".utf8)) }
            let folder = try ResultsFolder(output.folder(or: "Output/compare"))
            let runPlan = RunPlan(horizonMonths: loaded[0].plan.horizonMonths, replications: n, seed: s, jobs: parallel.count)
            var results: [RunResult] = []
            for scenario in loaded {
                let progress = Progress(scenario.name, quiet: parallel.quiet)
                let model = try buildModel(scenario).model
                results.append(try await MonteCarlo.run(model, plan: runPlan) { progress.update($0, of: n) })
            }
            let comparison = Comparison(labels: loaded.map(\.name), results: results)
            try comparison.table().write(to: folder.file("compare.csv"))
            try folder.commit()
            print("difference to \(loaded[0].name): paired 95% interval [unpaired]; \(n) replications, seed \(s)")
            var rows = [["metric"] + loaded.dropFirst().map(\.name)]
            for metric in Metric.all {
                rows.append([metric.name] + (1..<loaded.count).map { k in
                    let (p, u) = comparison.difference(k, metric)
                    return "\(RunOutput.format(p.mean, metric)) [\(RunOutput.format(p.low, metric)), \(RunOutput.format(p.high, metric))]"
                        + " [\(RunOutput.format(u.low, metric)), \(RunOutput.format(u.high, metric))]"
                })
            }
            print(TextTable.render(rows, rightAligned: Set(1..<loaded.count)), terminator: "")
            print("written to \(folder.path)/compare.csv")
        }
    }
}

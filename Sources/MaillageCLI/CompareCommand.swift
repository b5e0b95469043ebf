import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

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
    @OptionGroup var printing: PrintOptions

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
            let runPlan = RunPlan(horizonMonths: loaded[0].plan.horizonMonths, replications: n, seed: s, jobs: parallel.count)
            let job = CompareJob(scenarios: loaded, paths: scenarios, plan: runPlan, force: safety.force)
            let (comparison, written) = try await job.run(to: output.folder(or: "Output/compare"),
                                                          progress: .terminal(quiet: parallel.quiet, language: printing.language))
            let l = printing.language
            if printing.format == .text {
                print(l.words("cli.difference_paired_95_half_width", ["name": loaded[0].name, "replications": String(n), "seed": String(s)]))
            }
            try printing.emit(text: {
                Terminal.cells((1..<loaded.count).map { k in
                    (label: loaded[k].name, estimates: Dictionary(uniqueKeysWithValues: Metric.shown.map { ($0, comparison.difference(k, $0).paired) }))
                }, signed: true, language: l)
            }, csv: { comparison.table().text }, json: { try comparison.summaryJSON() })
            if printing.format == .text { print(l.writtenTo(written.path + "/compare.csv")) }
        }
    }
}

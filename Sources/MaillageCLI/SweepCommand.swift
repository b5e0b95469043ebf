import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Varies scenario parameters over a grid, a Latin hypercube or a Sobol sequence, or estimates Sobol indices; resumes when run again.",
        discussion: "Writes into Output/<plan file name>/ unless --out says otherwise. Every point is checked before anything is written."
    )

    @Argument(help: "The sweep plan (YAML).")
    var plan: String

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions
    @OptionGroup var languageOptions: LanguageOptions

    @Option(help: ArgumentHelp("Run only the K-th of N disjoint slices of the points, for `maillage merge`.", valueName: "K/N"))
    var shard: Shard?

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let plan = try SweepPlan.load(self.plan)
            let sweep = try Sweep(plan: plan)
            let folder = output.folder(or: "Output/" + URL(fileURLWithPath: self.plan).deletingPathExtension().lastPathComponent)
            let (store, _) = try await SweepJob(sweep: sweep, path: self.plan, jobs: parallel.count, shard: shard, force: safety.force)
                .run(to: folder, progress: .terminal(quiet: parallel.quiet, language: languageOptions.language))
            let l = languageOptions.language, count = sweep.points.count, design = plan.design.rawValue, r = plan.replications
            let values = ["shard": shard.map { "\($0)" } ?? "", "count": String(count), "design": design, "replications": String(r), "folder": folder]
            print(l.words(shard == nil ? "cli.sweep_written" : "cli.sweep_shard_written", values))
            if let note = store.sensitivityNote(l) { print(note, terminator: "") }
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct RunStudy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Runs every scenario of a study under each of its policies, and writes the results side by side.",
        discussion: "Writes into Output/<study name>/ unless --out says otherwise; shapley.csv shares each policy's effect out over its levers unless --no-shapley; each active cell's plausible.csv gives its effects over plausible worlds (MODEL.md 8.6) unless --plausible-draws 0."
    )

    @Argument(help: "The study file (YAML).")
    var study: String

    @Option(help: ArgumentHelp("Replications per scenario and policy. Default: the study's.", valueName: "n"))
    var replications: Int?

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions
    @OptionGroup var shapley: ShapleyOptions
    @OptionGroup var plausible: PlausibleOptions
    @OptionGroup var printing: PrintOptions

    @Option(help: ArgumentHelp("A national study only: run the K-th of N disjoint slices of its territories, for `maillage merge`.", valueName: "K/N"))
    var shard: Shard?

    func validate() throws {
        if let replications, !(1...Limits.replications).contains(replications) {
            throw ValidationError("--replications must be 1 to \(Limits.replications), found \(replications)")
        }
    }

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            if try NationalStudy.isNational(self.study) { return try await runNational() }
            if shard != nil { throw ValidationError("--shard splits a national study (a file naming territories:), found a study of scenarios") }
            var study = try Study.load(self.study)
            if let replications { study.replications = replications }
            if shapley.interEcosystem { study.interEcosystemShares = true }
            let settings = try plausible.settings(warn: { warn($0, printing.language) })
            let job = StudyJob(study: study, path: self.study, jobs: parallel.count, shapley: !shapley.skip, force: safety.force, plausible: settings)
            let (cells, written) = try await job.run(to: output.folder(or: "Output/\(study.name)"),
                                                     progress: .terminal(quiet: parallel.quiet, language: printing.language))
            if printing.format == .text {
                print(printing.language.words("cli.replications_per_cell_seed_mean", ["name": study.name, "replications": String(study.replications),
                                                                                      "seed": String(study.seed)]))
            }
            try printing.emit(text: { Study.readableTable(cells, language: printing.language) },
                              csv: { study.comparisonTable(cells).text },
                              json: { try Study.summaryJSON(cells) })
            if printing.format == .text {
                let plausible = try Study.plausibleText(cells, folder: written.path, language: printing.language)
                if !plausible.isEmpty { print(plausible) }
                print(printing.language.writtenTo(written.path + "/"))
            }
        }
    }

    /// A national study: every territory on its own, the comparison across density classes.
    func runNational() async throws {
        var study = try NationalStudy.load(self.study)
        if let replications {
            guard replications >= 2 else { throw ValidationError("--replications must be at least 2 for a national study (the effects' intervals need two), found \(replications)") }
            study.replications = replications
        }
        let l = printing.language
        let settings = try plausible.settings(warn: { warn($0, l) })
        let job = NationalJob(study: study, jobs: parallel.count, force: safety.force, plausible: settings, shard: shard)
        let (rows, written) = try await job.run(to: output.folder(or: "Output/\(study.name)"), progress: .terminal(quiet: parallel.quiet, language: l))
        if let shard {
            return print(l.words("cli.shard_territories_written", ["shard": "\(shard)", "name": study.name, "count": String(rows.count), "path": written.path]))
        }
        guard printing.format == .text else { return print(try NationalOutput.files(rows)["by_density_class.csv"] ?? "", terminator: "") }
        print(l.words("cli.territories_replications_each", ["name": study.name, "count": String(rows.count),
                                                            "replications": String(study.replications), "seed": String(study.seed),
                                                            "euros_per_inhabitant": "\(study.eurosPerInhabitant)"]))
        print(try NationalOutput.readableSummary(rows, language: l))
        print(l.writtenTo(written.path + "/"))
    }

}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct RunStudy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Runs every scenario of a study under each of its policies, and writes the results side by side.",
        discussion: "Writes into Output/<study name>/ unless --out says otherwise; shapley.csv shares each policy's effect out over its levers unless --no-shapley."
    )

    @Argument(help: "The study file (YAML).")
    var study: String

    @Option(help: ArgumentHelp("Replications per scenario and policy. Default: the study's.", valueName: "n"))
    var replications: Int?

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions
    @OptionGroup var shapley: ShapleyOptions
    @OptionGroup var printing: PrintOptions

    func validate() throws {
        if let replications, !(1...Limits.replications).contains(replications) {
            throw ValidationError("--replications must be 1 to \(Limits.replications), found \(replications)")
        }
    }

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            var study = try Study.load(self.study)
            if let replications { study.replications = replications }
            let quiet = parallel.quiet
            let work = try study.work(shapley: !shapley.skip)
            try work.check(force: safety.force, file: self.study)
            if !quiet { FileHandle.standardError.write(Data("work: \(work)\n".utf8)) }
            let folder = try ResultsFolder(output.folder(or: "Output/\(study.name)"))
            var bar = Progress("replications", quiet: quiet)
            let cells = try await study.run(jobs: parallel.count, shapley: !shapley.skip, progress: { event in
                switch event {
                case .warning(let line):
                    warn(line, printing.language)
                case .cell(let k, let n, let label):
                    if !quiet { FileHandle.standardError.write(Data("running cell \(k) of \(n): \(label)\n".utf8)) }
                    bar = Progress("cell \(k) of \(n): replications", quiet: quiet)
                case .shapley(let k, let n):
                    bar = Progress("cell \(k) of \(n): lever shares", quiet: quiet)
                }
            }, replications: { bar.update($0, of: $1) })
            try study.write(cells, to: folder.staging)
            try folder.commit()
            if printing.format == .text {
                print(printing.language.t("\(study.name): \(study.replications) replications per cell, seed \(study.seed); mean ± 95% half-width",
                                          "\(study.name)\u{00A0}: \(study.replications) réplications par cellule, graine \(study.seed) ; moyenne ± demi-largeur à 95\u{202F}%"))
            }
            try printing.emit(text: { Study.readableTable(cells, language: printing.language) },
                              csv: { study.comparisonTable(cells).text },
                              json: { try Study.summaryJSON(cells) })
            if printing.format == .text { print(printing.language.writtenTo(folder.path + "/")) }
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes one self-contained HTML report of the results in DIR (charts inlined, tables, parameters, provenance)."
    )

    @Argument(help: "The results folder (as `make charts` fills Output/).")
    var folder: String

    @Option(help: "Language: en or fr.")
    var lang: Language = Language.fromEnvironment()

    @Option(help: "The report file (default: DIR/report.html).")
    var out: String?

    func run() async throws {
        try await reportingErrors {
            let path = out ?? folder + "/report.html"
            try Report.write(results: folder, language: lang, to: path, date: reportDate())
            print(lang.words("cli.report_written", ["path": path]))
        }
    }
}

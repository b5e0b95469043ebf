import ArgumentParser
import Foundation
import Maillage

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes one self-contained HTML report of the results in DIR (charts inlined, tables, parameters, provenance)."
    )

    @Argument(help: "The results folder (as `make charts` fills Output/).")
    var folder: String

    @Option(help: "Language: en or fr.")
    var lang: Language = .en

    @Option(help: "The report file (default: DIR/report.html).")
    var out: String?

    func run() async throws {
        try await reportingErrors {
            // Reproducible builds set SOURCE_DATE_EPOCH; the report's date then comes from it.
            let date = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
                .map { Date(timeIntervalSince1970: $0) } ?? Date()
            let path = out ?? folder + "/report.html"
            try Report.write(results: folder, language: lang, to: path, date: date)
            print("report written to \(path)")
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Regenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerates the shipped results (make charts): the default study, every experiment, the maps, the calibration, the charts and the reports.",
        discussion: """
            Run from the repository's root. Deterministic: the same code gives the same CSV, JSON and SVG files. \
            The report's date comes from SOURCE_DATE_EPOCH when it is set.
            """
    )

    @Argument(help: "The results folder.")
    var folder: String = "Output"

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if folder.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the results folder must be named, found an empty value") }
    }

    @OptionGroup var safety: SafetyOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let quiet = parallel.quiet
            try await ShippedOutput.regenerate(into: folder, jobs: parallel.count, date: reportDate()) { line in
                if !quiet || line.hasPrefix("warning:") { FileHandle.standardError.write(Data("output: \(line)\n".utf8)) }
            }
            print("regenerated \(folder)/")
        }
    }
}

/// The date a report carries: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
func reportDate() -> Date {
    ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) } ?? Date()
}

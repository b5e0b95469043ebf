import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

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

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only these shipped folders (funding/metro-lyon-capacity…), without the charts and reports.", valueName: "folder"))
    var only: [String] = []

    @OptionGroup var parallel: ParallelOptions

    @Option(name: .customLong("abc-check"),
            help: ArgumentHelp("Simulate again only one ABC draw of the calibration in n (draws 0, n, 2n…), check each against the folder's calibration/abc_draws.csv bit for bit, and take the other draws from that file (CI's regeneration; without it every draw is simulated).", valueName: "n"))
    var abcCheck: Int?

    func validate() throws {
        if folder.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the results folder must be named, found an empty value") }
        if let abcCheck, !(1...1_000_000).contains(abcCheck) { throw ValidationError("--abc-check must be 1 to 1000000, found \(abcCheck)") }
    }

    @OptionGroup var safety: SafetyOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let quiet = parallel.quiet
            let entries = try Regeneration.entries(only.isEmpty ? nil : only)
            let log = JobProgress { event in
                switch event {
                case .stage(let line): if !quiet { FileHandle.standardError.write(Data("output: \(line)\n".utf8)) }
                case .warning(let line): FileHandle.standardError.write(Data("output: warning: \(line.en)\n".utf8))
                case .work, .advance: break
                }
            }
            try await Regeneration(root: folder, jobs: parallel.count, date: reportDate(), abcCheckEvery: abcCheck).run(entries, progress: log)
            print("regenerated \(folder)/")
        }
    }
}

/// The date a report carries: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
func reportDate() -> Date {
    ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) } ?? Date()
}

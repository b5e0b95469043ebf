import ArgumentParser
import Foundation
import Maillage

struct RunStudy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Runs every scenario of a study under each of its policies, and writes the results side by side."
    )

    @Argument(help: "The study file (YAML).")
    var study: String

    @Option(help: "Replications per scenario and policy (default: the study's).")
    var replications: Int?

    @Option(help: "Replications run at once (default: one per core). Results do not depend on it.")
    var jobs: Int = defaultJobs

    @Option(help: "Output folder (default: Output/<study name>).")
    var out: String?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, found \(replications)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() async throws {
        try await reportingErrors {
            var study = try Study.load(self.study)
            if let replications { study.replications = replications }
            var bar = Progress("replications", quiet: quiet)
            let cells = try await study.run(jobs: jobs, progress: { line in
                if line.hasPrefix("warning:") || !quiet { FileHandle.standardError.write(Data("\(line.hasPrefix("warning:") ? "" : "running ")\(line)\n".utf8)) }
                bar = Progress("replications", quiet: quiet)
            }, replications: { bar.update($0, of: $1) })
            let folder = out ?? "Output/\(study.name)"
            try study.write(cells, to: folder)
            print("\(study.name): \(study.replications) replications per cell, seed \(study.seed); mean ± 95% half-width")
            print(Study.readableTable(cells), terminator: "")
            print("written to \(folder)/")
        }
    }
}

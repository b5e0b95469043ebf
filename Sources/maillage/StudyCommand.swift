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

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, found \(replications)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() async throws {
        try await reportingErrors {
            var study = try Study.load(self.study)
            if let replications { study.replications = replications }
            let cells = try await study.run(jobs: jobs) { line in
                FileHandle.standardError.write(Data("running \(line)\n".utf8))
            }
            let folder = out ?? "Output/\(study.name)"
            try study.write(cells, to: folder)
            print("\(study.name): \(study.replications) replications per cell, seed \(study.seed); mean ± 95% half-width")
            print(Study.readableTable(cells), terminator: "")
            print("written to \(folder)/")
        }
    }
}

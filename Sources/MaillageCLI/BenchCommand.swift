import ArgumentParser
import Foundation
import Maillage

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measures throughput, scaling and parallel speed-up (build in release first: make bench)."
    )

    @Option(help: "Folder of the built-in scenarios.")
    var scenarios: String = "Scenarios"

    @Flag(help: "Fewer repetitions, for a quick look.")
    var quick = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        try await reportingErrors {
            let rows = try await Benchmark.run(scenarios: scenarios, quick: quick) { line in
                if !quiet { FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }
            }
            print(Benchmark.table(rows), terminator: "")
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation

/// `maillage-bench`: the performance suite behind `make bench` (BENCHMARKS.md).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage-bench",
        abstract: "Measures throughput, scaling and parallel speed-up (build in release first: make bench)."
    )

    @Option(help: "Folder of the built-in scenarios.")
    var scenarios: String = "Scenarios"

    @Flag(help: "Fewer repetitions, for a quick look.")
    var quick = false

    @Flag(help: "Only the journeys per second on the three territories (a quick check of the loop).")
    var throughputOnly = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        let rows = try await Benchmark.run(scenarios: scenarios, quick: quick, throughputOnly: throughputOnly) { line in
            if !quiet { FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }
        }
        print(Benchmark.table(rows), terminator: "")
    }
}

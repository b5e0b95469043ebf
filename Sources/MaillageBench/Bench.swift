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

    @Flag(help: "Only how a run's stages grow with the territory (1,000 to 100,000 communes).")
    var sizesOnly = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        let log: (String) -> Void = { line in
            if !quiet { FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }
        }
        let rows = sizesOnly
            ? try await SizeBenchmark.rows(scenarios: scenarios, quick: quick, log: log)
            : try await Benchmark.run(scenarios: scenarios, quick: quick, throughputOnly: throughputOnly, log: log)
        print(Benchmark.table(rows), terminator: "")
    }
}

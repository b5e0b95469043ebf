// Maillage's benchmarks in package-benchmark (ordo-one/benchmark): percentiles of wall-clock and
// CPU time, malloc counts and peak memory for the journey loop, its scaling with the population,
// and the page's first answer. `make bench` runs them (MAILLAGE_BENCHMARKS=1, in .build-bench);
// BENCHMARKS.md says how to compare a branch against the stored baseline.
import Benchmark
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageServer

/// The repository's root: two folders above this file's.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A shipped scenario, by its name in `Scenarios/`.
func scenario(_ name: String) throws -> Scenario { try ScenarioLoader.load(repository + "/Scenarios/\(name).yaml") }

/// Journeys per second per core in one replication, measured around the call (a custom metric: the
/// harness's throughput counts iterations, and a replication's journeys vary with its seed).
let journeysPerSecond = BenchmarkMetric.custom("journeys per second per core", polarity: .prefersLarger, useScalingFactor: false)

/// What `make bench-check` tolerates against the baseline. A replication must allocate nothing per
/// holder: the malloc count moves by 1 to 3 from run to run on the same seeds (the process's other
/// threads count too), so 20 more are allowed, where one allocation per holder would add 18,000 or
/// more (a replication simulates 18,000 to 480,000 journeys). Times may be 25% slower at the
/// median: a shared machine moves by ±10% from one session to the next.
func tolerances(_ metrics: [BenchmarkMetric]) -> [BenchmarkMetric: BenchmarkThresholds] {
    let time = BenchmarkThresholds(relative: BenchmarkThresholds.Relative.relaxed)
    let all: [BenchmarkMetric: BenchmarkThresholds] = [.mallocCountTotal: .init(absolute: [.p25: 20, .p50: 20, .p75: 20, .p90: 20]),
                                                       .wallClock: time, .cpuTotal: time, journeysPerSecond: time]
    return all.filter { metrics.contains($0.key) }
}

/// A benchmark's settings: its metrics, each with its tolerance, and at most `iterations`.
func configuration(_ metrics: [BenchmarkMetric], iterations: Int) -> Benchmark.Configuration {
    .init(metrics: metrics, maxDuration: .seconds(120), maxIterations: iterations, thresholds: tolerances(metrics))
}

/// Replications: always 41 iterations on the same seeds (the time bound is far above what they take).
var replicationConfiguration: Benchmark.Configuration {
    configuration([.wallClock, .mallocCountTotal, .peakMemoryResident, journeysPerSecond], iterations: 41)
}

/// One replication of `model` per iteration, each on its own seed (the run seed 1, an index per iteration).
func replications(_ model: SimulationModel) -> (Benchmark) throws -> Void {
    { benchmark in
        for i in benchmark.scaledIterations {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try MonteCarlo.replicate(model, index: benchmark.currentIteration * 1_000 + i, runSeed: 1)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            benchmark.measurement(journeysPerSecond, Int(Double(result.counts.journeys) / seconds))
            blackHole(result)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    // The generator's ceiling: taus2 through gsl_rng_uniform, a million draws per iteration.
    Benchmark("taus2: 1 M draws through gsl_rng_uniform",
              configuration: configuration([.wallClock, .mallocCountTotal], iterations: 41)) { benchmark in
        let stream = try RandomStream(seed: 1, generator: .taus2)
        benchmark.startMeasurement()
        var sum = 0.0
        for _ in 0..<1_000_000 { sum += stream.uniform() }
        blackHole(sum)
    }

    // The journey loop on each territory of the study, without cooperation.
    for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
        guard let model = try? scenario(name).build() else { fatalError("Scenarios/\(name).yaml does not build") }
        Benchmark("replication: \(name)", configuration: replicationConfiguration, closure: replications(model))
    }

    // Scaling with the population on the metropolis: ×4 and ×16 the holders, the structures'
    // capacity scaled alike. The malloc count must not grow with the holders.
    guard let metro = try? scenario("metro-lyon"), let world = try? metro.world() else { fatalError("Scenarios/metro-lyon.yaml does not load") }
    for k in [4, 16] {
        var w = world
        w.territory.zones = w.territory.zones.map { var z = $0; z.population *= k; return z }
        w.structures = w.structures.map { var s = $0; s.capacityPerYear *= Double(k); return s }
        guard let model = try? metro.build(w) else { fatalError("metro-lyon ×\(k) does not build") }
        Benchmark("replication: metro-lyon, population ×\(k)", configuration: replicationConfiguration, closure: replications(model))
    }

    // The page's first answer: a try of 100 paired replications at 300 k€ a year on the real
    // Franche-Comté, by a new evaluator each time (the world built, the runs without and with
    // the policy, the maps), on two threads. scripts/serve-bench.sh times it over HTTP.
    Benchmark("page: first answer on the real Franche-Comté, 100 paired replications",
              configuration: configuration([.wallClock, .cpuTotal, .peakMemoryResident], iterations: 5)) { _ in
        let (catalog, _) = Catalog.load(scenarios: repository + "/Scenarios", data: nil)
        let evaluator = Evaluator(catalog: catalog, threads: 2)
        let request = EvaluationRequest(territory: "real/rural-franche-comte", budgetEur: 300_000,
                                        split: [.capacity: 0.25, .outreach: 0.25, .coordination: 0.25, .training: 0.25])
        blackHole(try await evaluator.evaluate(request))
    }
}

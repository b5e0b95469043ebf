import Foundation

/// The outcome of one replication: its index, its seed and one value per ``Metric``.
public struct ReplicationResult: Sendable, Equatable {
    public let index: Int
    public let seed: UInt64
    public let counts: ReplicationCounts
    /// Values in ``Metric/allCases`` order.
    public let values: [Double]
}

/// The outcome of a Monte Carlo run: every replication, in index order, and their summary.
public struct RunResult: Sendable {
    public let model: SimulationModel
    public let replications: [ReplicationResult]

    /// Mean and 95% interval of each metric, in ``Metric/allCases`` order.
    public var summary: [(metric: Metric, estimate: Estimate)] {
        Metric.allCases.map { ($0, estimate($0)) }
    }

    /// The estimate of one metric.
    ///
    /// The cost per job is the ratio of the money spent over the horizon to the mean jobs added
    /// (see ``Estimate/reciprocal(times:)``); every other metric is the mean of its replications.
    public func estimate(_ metric: Metric) -> Estimate {
        if metric == .costPerJobEur {
            return estimate(.jobsAdded).reciprocal(times: model.spentOverHorizonEur)
        }
        let i = Metric.allCases.firstIndex(of: metric)!
        return Estimate(values: replications.map { $0.values[i] })
    }
}

/// Runs replications of a model in parallel and gathers them in index order.
public enum MonteCarlo {
    /// Runs one replication.
    /// - Throws: ``GSLError`` if GSL cannot allocate a generator.
    public static func replicate(_ model: SimulationModel, index: Int, runSeed: UInt64) throws -> ReplicationResult {
        let seed = SeedDerivation.replicationSeed(runSeed: runSeed, index: index)
        var replication = try Replication(model: model, seed: seed)
        let counts = replication.run()
        // The same replication without cooperation: the same seeds, hence the same holders.
        var baselineCounts: ReplicationCounts?
        if let baseline = model.baseline {
            var counterfactual = try Replication(model: baseline, seed: seed)
            baselineCounts = counterfactual.run()
        }
        return ReplicationResult(index: index, seed: seed, counts: counts,
                                 values: Metric.allCases.map { $0.value(counts, baseline: baselineCounts, model: model) })
    }

    /// Runs `replications` replications with at most `jobs` at a time.
    ///
    /// Results depend only on the model, the seed and the indices: whatever `jobs` is and in
    /// whichever order the tasks finish, the returned array is the same.
    public static func run(_ model: SimulationModel, replications: Int, seed: UInt64, jobs: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> RunResult {
        try await run(model, indices: Array(0..<replications), seed: seed, jobs: jobs, progress: progress)
    }

    /// Runs the replications numbered `indices` (a shard, or a batch), in that order.
    /// `progress` is called with the number finished so far.
    public static func run(_ model: SimulationModel, indices: [Int], seed: UInt64, jobs: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> RunResult {
        precondition(jobs >= 1)
        let results = try await withThrowingTaskGroup(of: (Int, ReplicationResult).self) { group in
            var next = 0
            var collected: [ReplicationResult?] = Array(repeating: nil, count: indices.count)
            while next < min(jobs, indices.count) {
                let (slot, i) = (next, indices[next])
                group.addTask { (slot, try replicate(model, index: i, runSeed: seed)) }
                next += 1
            }
            var done = 0
            while let (slot, result) = try await group.next() {
                collected[slot] = result
                done += 1
                progress?(done)
                if next < indices.count {
                    let (slot, i) = (next, indices[next])
                    group.addTask { (slot, try replicate(model, index: i, runSeed: seed)) }
                    next += 1
                }
            }
            return collected.map { $0! }
        }
        return RunResult(model: model, replications: results)
    }
}

/// Adding replications until the intervals are narrow enough.
public struct Convergence: Sendable {
    /// Metrics whose precision is checked.
    public static let headline: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .jobsCreated]

    /// One step: the replications run so far and each headline metric's relative half-width.
    public struct Step: Sendable {
        public var replications: Int
        public var relativeHalfWidths: [Double]
    }

    public var result: RunResult
    public var steps: [Step]
    /// The precision asked for.
    public var precision: Double
    /// Whether every headline metric reached the precision before the cap.
    public var reached: Bool

    /// The relative half-width of an estimate: half-width / |mean| (0 for a zero-width interval).
    static func relative(_ e: Estimate) -> Double {
        if e.halfWidth == 0 { return 0 }
        return e.mean == 0 || e.n < 2 ? .infinity : e.halfWidth / abs(e.mean)
    }

    /// Runs batches (doubling, from `start` replications) until every headline metric's 95%
    /// half-width is under `precision` × |mean|, or `cap` replications. The result equals a run
    /// of that many replications with the same seed.
    public static func run(_ model: SimulationModel, seed: UInt64, jobs: Int, precision: Double, start: Int = 10, cap: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> Convergence {
        var all: [ReplicationResult] = []
        var steps: [Step] = []
        var target = min(max(start, 2), cap)
        while true {
            let done = all.count
            let batch = try await MonteCarlo.run(model, indices: Array(done..<target), seed: seed, jobs: jobs) { progress?(done + $0) }
            all += batch.replications
            let result = RunResult(model: model, replications: all)
            let widths = headline.map { relative(result.estimate($0)) }
            steps.append(Step(replications: all.count, relativeHalfWidths: widths))
            let reached = widths.allSatisfy { $0 < precision }
            if reached || all.count >= cap { return Convergence(result: result, steps: steps, precision: precision, reached: reached) }
            target = min(all.count * 2, cap)
        }
    }

    /// The path to convergence: replications, metric, relative half-width.
    public func table() -> CSVTable {
        var table = CSVTable(header: ["replications", "metric", "relative_half_width", "precision"])
        for step in steps {
            for (metric, w) in zip(Self.headline, step.relativeHalfWidths) {
                table.append([String(step.replications), metric.name, CSVTable.number(w), CSVTable.number(precision)])
            }
        }
        return table
    }
}

extension MonteCarlo {
    /// Runs replications on `jobs` threads and waits for them: for callers that cannot suspend,
    /// such as a GSL minimiser's objective. Results are the same as ``run(_:replications:seed:jobs:)``.
    public static func runBlocking(_ model: SimulationModel, replications: Int, seed: UInt64, jobs: Int) throws -> RunResult {
        precondition(replications >= 0 && jobs >= 1)
        let collector = Collector(count: replications)
        let workers = min(jobs, max(replications, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < replications {
                do {
                    collector.store(try replicate(model, index: i, runSeed: seed))
                } catch {
                    collector.fail(error)
                }
                i += workers
            }
        }
        return RunResult(model: model, replications: try collector.results())
    }

    /// Gathers results from worker threads under a lock.
    private final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [ReplicationResult?]
        private var error: (any Error)?

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ r: ReplicationResult) { lock.withLock { slots[r.index] = r } }
        func fail(_ e: any Error) { lock.withLock { if error == nil { error = e } } }

        func results() throws -> [ReplicationResult] {
            try lock.withLock {
                if let error { throw error }
                return slots.map { $0! }
            }
        }
    }
}

import Foundation
import MaillageFoundation
import MaillageModel

/// The outcome of one replication: its index, its seed and one value per ``Metric``.
public struct ReplicationResult: Sendable, Equatable {
    public let index: Int
    public let seed: UInt64
    public let counts: ReplicationCounts
    /// The no-cooperation world's counts on the same seed, when the replication ran it: the
    /// lever shares reuse them (``ShapleyDecomposition/run(_:plan:summarise:known:progress:)``).
    public let baselineCounts: ReplicationCounts?
    /// The worlds without ESS structures on the same seed, with the policy and without, when
    /// the replication ran them: the inter-ecosystem lever shares reuse them.
    public let essFreePolicyCounts: ReplicationCounts?
    public let essFreeBaselineCounts: ReplicationCounts?
    /// Values in ``Metric/all`` order.
    public let values: [Double]

    public init(index: Int, seed: UInt64, counts: ReplicationCounts, baselineCounts: ReplicationCounts? = nil,
                essFreePolicyCounts: ReplicationCounts? = nil, essFreeBaselineCounts: ReplicationCounts? = nil, values: [Double]) {
        self.index = index
        self.seed = seed
        self.counts = counts
        self.baselineCounts = baselineCounts
        self.essFreePolicyCounts = essFreePolicyCounts
        self.essFreeBaselineCounts = essFreeBaselineCounts
        self.values = values
    }
}

/// The outcome of a Monte Carlo run: the plan it followed, every replication in index order,
/// and their summary.
public struct RunResult: Sendable {
    public let model: SimulationModel
    /// The plan the replications followed (seed, replications, jobs, horizon).
    public let plan: RunPlan
    /// Every replication, in index order; empty for a run summarised as it went
    /// (``MonteCarlo/summarise(_:plan:progress:)``).
    public let replications: [ReplicationResult]
    /// For a run summarised as it went: each metric's estimate, in ``Metric/all`` order.
    private let streamed: [Estimate]?
    /// The policy's effect shared out over its levers, when it was computed
    /// (``ShapleyDecomposition/run(_:plan:progress:)``).
    public var shapley: ShapleyDecomposition?

    public init(model: SimulationModel, plan: RunPlan, replications: [ReplicationResult]) {
        self.model = model
        self.plan = plan
        self.replications = replications
        streamed = nil
    }

    init(model: SimulationModel, plan: RunPlan, summarised estimates: [Estimate]) {
        self.model = model
        self.plan = plan
        replications = []
        streamed = estimates
    }

    /// Whether the replications were summarised as they went and not kept.
    public var isSummaryOnly: Bool { streamed != nil }

    /// Mean and 95% interval of each metric, in ``Metric/all`` order.
    public var summary: [(metric: Metric, estimate: Estimate)] {
        Metric.all.map { ($0, estimate($0)) }
    }

    /// The values of one metric, one per replication.
    public func values(_ metric: Metric) -> [Double] {
        let i = Metric.all.firstIndex(of: metric)!
        return replications.map { $0.values[i] }
    }

    /// The estimate of one metric, as its record says to summarise it: the mean of its
    /// replications, or the policy's cost over the horizon per unit of another metric's mean (see
    /// ``Estimate/reciprocal(times:)``).
    ///
    /// A share's interval is clamped to [0, 1], a difference of shares' to [−1, 1]: with few
    /// replications the Student interval can reach past the bounds the metric cannot leave.
    public func estimate(_ metric: Metric) -> Estimate {
        let e: Estimate
        switch metric.summary {
        case .mean:
            if let streamed { e = streamed[Metric.all.firstIndex(of: metric)!] } else { e = Estimate(values: values(metric)) }
        case .costPerMean(let other):
            e = estimate(Metric.named(other)!).reciprocal(times: model.costOverHorizonEur)
        }
        return metric.bounds.map { e.clamped(to: $0) } ?? e
    }
}

/// Runs replications of a model in parallel and gathers them in index order.
public enum MonteCarlo {
    /// Runs one replication: in the policy's world and, on the same seed (hence the same holders
    /// and the same draws as far as the worlds agree), in each counterfactual world.
    /// - Throws: ``GSLError`` if GSL cannot allocate a generator.
    public static func replicate(_ model: SimulationModel, index: Int, runSeed: UInt64) throws -> ReplicationResult {
        let seed = SeedDerivation.replicationSeed(runSeed: runSeed, index: index)
        let outcome = try ReplicationOutcome(running: model, seed: seed)
        return ReplicationResult(index: index, seed: seed, counts: outcome.counts, baselineCounts: outcome.baseline,
                                 essFreePolicyCounts: outcome.essFreePolicy, essFreeBaselineCounts: outcome.essFreeBaseline,
                                 values: Metric.all.map { $0.value(outcome, model: model) })
    }

    /// Replication `index` of a run seeded `runSeed`, in `world` alone (no counterfactual): the
    /// counts that world contributes to ``replicate(_:index:runSeed:)``.
    public static func counts(_ world: SimulationModel, runSeed: UInt64, index: Int) throws -> ReplicationCounts {
        var replication = try Replication(model: world, seed: SeedDerivation.replicationSeed(runSeed: runSeed, index: index))
        return replication.run()
    }

    /// Runs the plan's replications, at most `plan.jobs` at a time.
    ///
    /// Results depend only on the model, the seed and the indices: whatever the jobs and in
    /// whichever order the tasks finish, the returned array is the same.
    public static func run(_ model: SimulationModel, plan: RunPlan, progress: ((Int) -> Void)? = nil) async throws -> RunResult {
        try await run(model, plan: plan, indices: Array(0..<plan.replications), progress: progress)
    }

    /// Runs the replications numbered `indices` (a shard, or a batch) of the plan, in that order.
    /// `progress` is called with the number finished so far.
    public static func run(_ model: SimulationModel, plan: RunPlan, indices: [Int],
                           progress: ((Int) -> Void)? = nil) async throws -> RunResult {
        let seed = plan.seed
        let results = try await map(indices, jobs: plan.jobs, progress: progress) { try replicate(model, index: $0, runSeed: seed) }
        return RunResult(model: model, plan: plan, replications: results)
    }

    /// `body` of each index, at most `jobs` at a time, returned in the order of `indices`
    /// whatever order they finish in. `progress` is called with the number finished so far.
    /// - Throws: `CancellationError` when the calling task is cancelled (checked between indices).
    public static func map<T: Sendable>(_ indices: [Int], jobs: Int, progress: ((Int) -> Void)? = nil,
                                        _ body: @escaping @Sendable (Int) throws -> T) async throws -> [T] {
        precondition(jobs >= 1)
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var next = 0
            var collected: [T?] = Array(repeating: nil, count: indices.count)
            while next < min(jobs, indices.count) {
                let (slot, i) = (next, indices[next])
                group.addTask { (slot, try body(i)) }
                next += 1
            }
            var done = 0
            while let (slot, result) = try await group.next() {
                collected[slot] = result
                done += 1
                progress?(done)
                if next < indices.count {
                    // A cancelled caller (a web client that went away) stops here, within one replication per job.
                    try Task.checkCancellation()
                    let (slot, i) = (next, indices[next])
                    group.addTask { (slot, try body(i)) }
                    next += 1
                }
            }
            return collected.map { $0! }
        }
    }

    /// Runs the plan's replications and summarises them as they finish, keeping only running
    /// statistics (``RunningEstimate``): memory stays flat in the number of replications. Values
    /// enter the statistics in index order, whatever order the replications finish in, so the
    /// result is the same for any number of jobs; it equals a kept run's to rounding (a running
    /// variance instead of a two-pass one).
    public static func summarise(_ model: SimulationModel, plan: RunPlan, progress: ((Int) -> Void)? = nil) async throws -> RunResult {
        precondition(plan.jobs >= 1)
        let seed = plan.seed, jobs = plan.jobs, n = plan.replications
        let statistics = try Metric.all.map { _ in try RunningEstimate() }
        try await withThrowingTaskGroup(of: ReplicationResult.self) { group in
            var next = 0, added = 0, done = 0
            var waiting: [Int: ReplicationResult] = [:]
            while next < min(jobs, n) {
                let i = next
                group.addTask { try replicate(model, index: i, runSeed: seed) }
                next += 1
            }
            while let result = try await group.next() {
                waiting[result.index] = result
                while let r = waiting.removeValue(forKey: added) {
                    for (k, v) in r.values.enumerated() { statistics[k].add(v) }
                    added += 1
                }
                done += 1
                progress?(done)
                if next < n {
                    let i = next
                    group.addTask { try replicate(model, index: i, runSeed: seed) }
                    next += 1
                }
            }
        }
        return RunResult(model: model, plan: plan, summarised: statistics.map(\.estimate))
    }

    /// Runs the plan's replications on `plan.jobs` threads and waits for them: for callers that
    /// cannot suspend, such as a GSL minimiser's objective. Results equal ``run(_:plan:progress:)``'s.
    public static func runBlocking(_ model: SimulationModel, plan: RunPlan) throws -> RunResult {
        precondition(plan.replications >= 0)
        let results = try mapBlocking(count: plan.replications, jobs: plan.jobs) { i in try replicate(model, index: i, runSeed: plan.seed) }
        return RunResult(model: model, plan: plan, replications: results)
    }

    /// `body` of 0, 1, … `count` − 1, on up to `jobs` threads (worker k takes k, k + jobs, …),
    /// in index order whatever the order they finish in, for callers that are not asynchronous.
    /// `progress` hears the number done after each, on the worker's thread, one at a time.
    /// - Throws: the first error a call throws (the others still run to their end).
    public static func mapBlocking<T: Sendable>(count: Int, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil,
                                                _ body: @Sendable (Int) throws -> T) throws -> [T] {
        precondition(count >= 0 && jobs >= 1)
        let collector = Collector<T>(count: count)
        let workers = min(jobs, max(count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                do {
                    collector.store(i, try body(i), progress: progress)
                } catch {
                    collector.fail(error)
                }
                i += workers
            }
        }
        return try collector.results()
    }

    /// Gathers results from worker threads under a lock.
    private final class Collector<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        private var done = 0
        private var error: (any Error)?

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        /// Keeps result `i`, and tells `progress` how many are kept, under the lock.
        func store(_ i: Int, _ r: T, progress: (@Sendable (Int) -> Void)? = nil) {
            lock.withLock {
                slots[i] = r
                done += 1
                progress?(done)
            }
        }
        func fail(_ e: any Error) { lock.withLock { if error == nil { error = e } } }

        func results() throws -> [T] {
            try lock.withLock {
                if let error { throw error }
                return slots.map { $0! }
            }
        }
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
    /// of that many replications with the same seed (its plan says how many).
    public static func run(_ model: SimulationModel, plan: RunPlan, precision: Double, start: Int = 10, cap: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> Convergence {
        var all: [ReplicationResult] = []
        var steps: [Step] = []
        var target = min(max(start, 2), cap)
        while true {
            let done = all.count
            let batch = try await MonteCarlo.run(model, plan: plan, indices: Array(done..<target)) { progress?(done + $0) }
            all += batch.replications
            var reached = plan
            reached.replications = all.count
            let result = RunResult(model: model, plan: reached, replications: all)
            let widths = headline.map { relative(result.estimate($0)) }
            steps.append(Step(replications: all.count, relativeHalfWidths: widths))
            let met = widths.allSatisfy { $0 < precision }
            if met || all.count >= cap { return Convergence(result: result, steps: steps, precision: precision, reached: met) }
            target = min(all.count * 2, cap)
        }
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// Where a sweep keeps its finished points, so that an interrupted sweep resumes where it
/// stopped and a sharded one merges into the same results.
public protocol SweepPointStore {
    /// Whether point `i` is already done.
    func isDone(_ i: Int) -> Bool
    /// Keeps point `i`'s estimates, one per metric in ``Metric/all`` order, exactly.
    func save(_ i: Int, _ estimates: [Estimate]) throws
}

/// Runs a sweep plan point by point: each point is the plan's scenario with the point's values
/// set, run on the plan's replications and seed.
public struct Sweep: Sendable {
    public let plan: SweepPlan
    public let points: [[Double]]

    public init(plan: SweepPlan) throws {
        self.plan = plan
        points = try plan.points()
    }

    /// The points a shard runs (all of them without a shard).
    public func indices(in shard: Shard?) -> [Int] { points.indices.filter { shard?.contains($0) ?? true } }

    /// Runs the points of `shard` (all when nil) that `store` does not hold yet, keeping each in
    /// the store as soon as it is done. `progress(done, total)` counts the shard's points.
    ///
    /// Points run side by side, up to `jobs` at once, each on its share of the jobs: a point's
    /// model build and its few replications would otherwise leave cores idle. A point's values
    /// do not depend on how many jobs it had.
    public func run(store: some SweepPointStore, shard: Shard?, jobs: Int, progress: ((Int, Int) -> Void)? = nil) async throws {
        precondition(jobs >= 1)
        let mine = indices(in: shard)
        let pending = mine.filter { !store.isDone($0) }
        var done = mine.count - pending.count
        progress?(done, mine.count)
        // (Nothing to run when every point is done already: a resumed sweep that had finished.)
        let atOnce = min(jobs, pending.count), perPoint = max(1, jobs / max(atOnce, 1))
        let plan = self.plan, points = self.points
        @Sendable func estimates(_ i: Int) async throws -> (Int, [Estimate]) {
            var scenario = try plan.scenario(at: points[i])
            scenario.plan.jobs = perPoint
            let result = try await MonteCarlo.run(try scenario.build(), plan: scenario.plan)
            return (i, result.summary.map(\.estimate))
        }
        try await withThrowingTaskGroup(of: (Int, [Estimate]).self) { group in
            var next = 0
            while next < atOnce {
                let i = pending[next]
                group.addTask { try await estimates(i) }
                next += 1
            }
            while let (i, values) = try await group.next() {
                try store.save(i, values)
                done += 1
                progress?(done, mine.count)
                if next < pending.count {
                    try Task.checkCancellation()
                    let i = pending[next]
                    group.addTask { try await estimates(i) }
                    next += 1
                }
            }
        }
    }

    /// The largest share of the output variance between points that Monte Carlo noise may take
    /// before a metric's indices are refused: they would measure the noise.
    public static let noiseRatioLimit = 0.05

    /// A metric's Monte Carlo noise against its variance between points (``PointNoise/ratio``):
    /// NaN when the points do not vary, the metric is undefined, or a point has one replication
    /// (its noise is unknown); the indices are then refused.
    public static func noiseRatio(_ estimates: [Estimate]) -> Double { PointNoise(estimates).ratio }

    /// First-order and total Sobol indices of every metric, from every point's estimates (a
    /// `sobol` plan's design), in ``Metric/all`` order.
    public func sensitivity(_ estimates: [[Estimate]]) throws -> [(metric: Metric, indices: SobolIndices)] {
        try Metric.all.enumerated().map { m, metric in
            (metric, try SobolIndices(outputs: estimates.map { $0[m].mean }, parameters: plan.parameters.count,
                                      bootstrap: plan.bootstrap, seed: plan.designSeed))
        }
    }
}

/// First-order and total Sobol indices from Saltelli's design, with bootstrap intervals.
///
/// Outputs come in rows of k + 2: f(A), f(AB₁) … f(AB_k), f(B). With V the variance of the
/// f(A) and f(B) together: first order Sᵢ = mean(f(B)(f(ABᵢ) − f(A))) / V (Saltelli et al. 2010),
/// total STᵢ = mean((f(A) − f(ABᵢ))²) / 2V (Jansen 1999), as SALib computes them, on outputs
/// centred on their mean. Intervals are
/// the 2.5 and 97.5 percentiles of the indices over `bootstrap` resamples of the rows.
public struct SobolIndices: Sendable {
    public var first: [Double], firstLow: [Double], firstHigh: [Double]
    public var total: [Double], totalLow: [Double], totalHigh: [Double]

    /// How far an index's bootstrap interval may reach beyond [0, 1] before N is judged too
    /// small to read the indices: the intervals must lie within [−0.05, 1.05].
    public static let boundsSlack = 0.05

    /// Whether parameter `k`'s two intervals lie within [−0.05, 1.05].
    public func withinBounds(_ k: Int) -> Bool {
        min(firstLow[k], totalLow[k]) >= -Self.boundsSlack && max(firstHigh[k], totalHigh[k]) <= 1 + Self.boundsSlack
    }

    /// Whether every interval lies within [−0.05, 1.05]: N was large enough.
    public var withinBounds: Bool { first.indices.allSatisfy(withinBounds) }

    public init(outputs raw: [Double], parameters k: Int, bootstrap: Int, seed: UInt64) throws {
        let rows = raw.count / (k + 2)
        precondition(rows * (k + 2) == raw.count)
        // Outputs are centred on their grand mean first, as SALib does (it standardises them):
        // the first-order estimator is not invariant to a shift of the outputs.
        let grand = raw.reduce(0, +) / Double(max(raw.count, 1))
        let y = raw.map { $0 - grand }
        func indices(_ sample: [Int]) -> (s1: [Double], st: [Double]) {
            let a = sample.map { y[$0 * (k + 2)] }, b = sample.map { y[$0 * (k + 2) + k + 1] }
            let all = a + b
            let mean = all.reduce(0, +) / Double(all.count)
            let v = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)
            var s1: [Double] = [], st: [Double] = []
            for i in 0..<k {
                let ab = sample.map { y[$0 * (k + 2) + 1 + i] }
                var f = 0.0, t = 0.0
                for r in 0..<sample.count {
                    f += b[r] * (ab[r] - a[r])
                    t += (a[r] - ab[r]) * (a[r] - ab[r])
                }
                s1.append(v > 0 ? f / Double(sample.count) / v : .nan)
                st.append(v > 0 ? t / Double(sample.count) / 2 / v : .nan)
            }
            return (s1, st)
        }
        let point = indices(Array(0..<rows))
        first = point.s1
        total = point.st
        let random = try RandomStream(seed: seed)
        var boot1 = Array(repeating: [Double](), count: k), bootT = Array(repeating: [Double](), count: k)
        for _ in 0..<bootstrap {
            let sample = (0..<rows).map { _ in min(rows - 1, Int(random.uniform() * Double(rows))) }
            let r = indices(sample)
            for i in 0..<k {
                boot1[i].append(r.s1[i])
                bootT[i].append(r.st[i])
            }
        }
        func percentile(_ xs: [Double], _ p: Double) -> Double {
            let s = xs.filter { !$0.isNaN }.sorted()
            guard !s.isEmpty else { return .nan }
            return s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))]
        }
        firstLow = boot1.map { percentile($0, 0.025) }
        firstHigh = boot1.map { percentile($0, 0.975) }
        totalLow = bootT.map { percentile($0, 0.025) }
        totalHigh = bootT.map { percentile($0, 0.975) }
    }
}

import Foundation
import MaillageFoundation
import MaillageModel

/// A policy's effect shared out over its levers: each lever's Shapley value, the mean of its
/// marginal contribution over the orders in which the levers can be added, so that the levers'
/// values sum to the whole effect and what comes from their interaction is shared between them.
///
/// Every coalition of levers (a subset, at the policy's quantities) is a world run on the same
/// seeds as the policy's and the no-cooperation world (common random numbers): in one
/// replication the decomposition is exact, the values summing to the replication's effect to
/// rounding. With at most ``exactUpTo`` active levers every coalition is run and each
/// replication's values are the Shapley values of its effects; with more, each replication adds
/// the levers in one random order and in the reverse order (antithetic orders, drawn from the
/// replication's own stream), which keeps the sum exact and makes the mean over replications an
/// unbiased estimate of the Shapley value. The intervals are Student intervals over
/// replications, so they include the sampling of orders.
public struct ShapleyDecomposition: Sendable {
    /// The metrics whose change (policy − no cooperation) is decomposed.
    public static let metrics: [Metric] = [.jobsCreated, .firmsCreated, .supportedShare, .chainCompletionRate, .firstContactFitRate,
                                           .referralSuccessRate, .coverageRate]
    /// Most active levers for which every coalition is run.
    public static let exactUpTo = 3
    /// The name of the rows holding the whole effect.
    public static let total = "total"

    /// One lever's share of the effect on one metric (or the whole effect, for ``total``).
    public struct Row: Sendable {
        public var lever: String
        public var metric: Metric
        public var estimate: Estimate
    }

    /// The active levers, in registry order.
    public let levers: [String]
    /// Whether every coalition was run (else lever orders were sampled).
    public let enumerated: Bool
    /// Per replication, lever and metric: the lever's share of the replication's effect (empty
    /// when the decomposition was summarised as it ran).
    public let values: [[[Double]]]
    /// Per replication and metric: the effect, v(all levers) − v(none) (empty when summarised).
    public let totals: [[Double]]
    /// Each lever's rows, metric by metric, then the ``total`` rows.
    public let rows: [Row]

    init(levers: [String], enumerated: Bool, values: [[[Double]]], totals: [[Double]]) {
        self.levers = levers
        self.enumerated = enumerated
        self.values = values
        self.totals = totals
        var rows: [Row] = []
        for (i, lever) in levers.enumerated() {
            for (k, metric) in Self.metrics.enumerated() {
                rows.append(Row(lever: lever, metric: metric, estimate: Estimate(values: values.map { $0[i][k] })))
            }
        }
        for (k, metric) in Self.metrics.enumerated() {
            rows.append(Row(lever: Self.total, metric: metric, estimate: Estimate(values: totals.map { $0[k] })))
        }
        self.rows = rows
    }

    /// A decomposition summarised by running statistics, one per lever (then the total) and metric.
    init(levers: [String], enumerated: Bool, running: [[RunningEstimate]]) {
        self.levers = levers
        self.enumerated = enumerated
        values = []
        totals = []
        let names = levers + [Self.total]
        rows = names.indices.flatMap { i in
            Self.metrics.indices.map { k in Row(lever: names[i], metric: Self.metrics[k], estimate: running[i][k].estimate) }
        }
    }

    /// The lever orders replication `index` adds the levers in, when orders are sampled: one
    /// drawn from its ``SeedDerivation/Stream/leverOrder`` stream, and its reverse.
    static func orders(count: Int, runSeed: UInt64, index: Int) throws -> [[Int]] {
        let seed = SeedDerivation.streamSeed(replicationSeed: SeedDerivation.replicationSeed(runSeed: runSeed, index: index), stream: .leverOrder)
        let order = try RandomStream(seed: seed).shuffled(Array(0..<count))
        return [order, order.reversed()]
    }

    /// Replications decomposed at a time when summarising: memory stays flat in the number of
    /// replications.
    static let chunk = 1_024

    /// Decomposes the effect of `model`'s policy over its active levers, on the plan's seeds and
    /// replications; nil when the policy does nothing. With `summarise`, replications are taken
    /// ``chunk`` at a time and only running statistics are kept (as `run --summary-only` does for
    /// the metrics); the values enter them in index order, so the result does not depend on the
    /// jobs. `known`, the run of the same plan, gives the two coalitions it ran already (no
    /// lever: the world without cooperation; every lever: the policy's world), which are then
    /// not run again: same seeds, same worlds, the same values. `progress` hears of the worlds
    /// run so far and how many there are.
    /// - Throws: what building a coalition's model or a replication throws.
    public static func run(_ model: SimulationModel, plan: RunPlan, summarise: Bool = false, known: RunResult? = nil,
                           progress: ((Int, Int) -> Void)? = nil) async throws -> ShapleyDecomposition? {
        guard let baseline = model.baseline else { return nil }
        let levers = model.activeLevers
        let L = levers.count, n = plan.replications, full = (1 << L) - 1
        guard L > 0 else { return nil }
        let enumerated = L <= exactUpTo
        // The run's own worlds, by replication index, when it kept them.
        var ran: [Int: ReplicationResult] = [:]
        if let known, known.plan.seed == plan.seed, known.model === model {
            for r in known.replications where r.baselineCounts != nil { ran[r.index] = r }
        }
        let work = n * worlds(levers: L) - 2 * (0..<n).filter { ran[$0] != nil }.count
        var done = 0
        // Enumerated coalitions are the same for every chunk: their models are built once.
        var built: [Int: SimulationModel] = [0: baseline, full: model]
        func world(_ mask: Int) throws -> SimulationModel {
            if let m = built[mask] { return m }
            let m = try model.restricted(to: Set(levers.indices.filter { mask & (1 << $0) != 0 }.map { levers[$0] }))
            if enumerated { built[mask] = m }
            return m
        }
        var values: [[[Double]]] = [], totals: [[Double]] = []
        let running = summarise ? try (0...L).map { _ in try metrics.map { _ in try RunningEstimate() } } : []
        let size = summarise ? chunk : max(n, 1)
        for start in stride(from: 0, to: n, by: size) {
            let range = start..<min(n, start + size)
            // The coalitions each replication needs, and the replications each coalition serves.
            var orders: [[[Int]]] = []
            var needed: [Int: [Int]] = [:]
            for r in range {
                let o = enumerated ? [] : try Self.orders(count: L, runSeed: plan.seed, index: r)
                orders.append(o)
                let masks = enumerated ? Set(0...full) : prefixes(of: o)
                for mask in masks where ran[r] == nil || (mask != 0 && mask != full) { needed[mask, default: []].append(r) }
            }
            // v(S) per replication, coalition by coalition; the run's two worlds as it ran them.
            var value = Array(repeating: [Int: [Double]](), count: range.count)
            for r in range {
                guard let known = ran[r], let b = known.baselineCounts else { continue }
                value[r - start][0] = metrics.map { $0.value(ReplicationOutcome(counts: b), model: baseline) }
                value[r - start][full] = metrics.map { $0.value(ReplicationOutcome(counts: known.counts), model: model) }
            }
            for mask in needed.keys.sorted() {
                let w = try world(mask)
                let indices = needed[mask]!
                let before = done
                let results = try await MonteCarlo.map(indices, jobs: plan.jobs, progress: { progress?(before + $0, work) }) { r in
                    let seed = SeedDerivation.replicationSeed(runSeed: plan.seed, index: r)
                    var replication = try Replication(model: w, seed: seed)
                    let outcome = ReplicationOutcome(counts: replication.run())
                    return metrics.map { $0.value(outcome, model: w) }
                }
                for (r, v) in zip(indices, results) { value[r - start][mask] = v }
                done += indices.count
            }
            // Each replication's shares, in index order.
            for r in range {
                let (shares, total) = Self.shares(value[r - start], levers: L, orders: enumerated ? nil : orders[r - start])
                if summarise {
                    for i in 0..<L { for k in metrics.indices { running[i][k].add(shares[i][k]) } }
                    for k in metrics.indices { running[L][k].add(total[k]) }
                } else {
                    values.append(shares)
                    totals.append(total)
                }
            }
        }
        return summarise ? ShapleyDecomposition(levers: levers, enumerated: enumerated, running: running)
                         : ShapleyDecomposition(levers: levers, enumerated: enumerated, values: values, totals: totals)
    }

    /// The coalitions (as lever bit masks) that adding the levers in `orders` passes through:
    /// every prefix of each order, from none to all.
    static func prefixes(of orders: [[Int]]) -> Set<Int> {
        var masks = Set<Int>()
        for order in orders {
            var mask = 0
            masks.insert(mask)
            for i in order { mask |= 1 << i; masks.insert(mask) }
        }
        return masks
    }

    /// One replication's shares (lever × metric) and its whole effect (per metric), from the
    /// values of its coalitions: exact Shapley weights, or the mean over the sampled `orders`.
    static func shares(_ v: [Int: [Double]], levers L: Int, orders: [[Int]]?) -> (shares: [[Double]], total: [Double]) {
        let K = metrics.count, full = (1 << L) - 1
        var shares = Array(repeating: Array(repeating: 0.0, count: K), count: L)
        if let orders {
            let orderWeight = 1 / Double(orders.count)
            for order in orders {
                var mask = 0
                for i in order {
                    let without = v[mask]!
                    mask |= 1 << i
                    let with = v[mask]!
                    for k in 0..<K { shares[i][k] += orderWeight * (with[k] - without[k]) }
                }
            }
        } else {
            let weight = (0..<L).map { k in factorial(k) * factorial(L - k - 1) / factorial(L) }
            for i in 0..<L {
                for mask in 0...full where mask & (1 << i) == 0 {
                    let w = weight[mask.nonzeroBitCount], with = v[mask | (1 << i)]!, without = v[mask]!
                    for k in 0..<K { shares[i][k] += w * (with[k] - without[k]) }
                }
            }
        }
        return (shares, (0..<K).map { v[full]![$0] - v[0]![$0] })
    }

    /// Worlds a replication runs for `levers` active levers: every coalition, or two orders'
    /// chains (no cooperation and the whole policy included).
    public static func worlds(levers: Int) -> Int { levers <= exactUpTo ? 1 << levers : 2 * levers }

    static func factorial(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
}

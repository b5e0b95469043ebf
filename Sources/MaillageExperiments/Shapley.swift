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
    /// The inter-ecosystem part shared out over the levers, when it was asked for
    /// (``InterEcosystemRow``): empty otherwise.
    public internal(set) var interRows: [InterEcosystemRow] = []

    /// One row of the inter-ecosystem decomposition: a lever's Shapley share of the part of an
    /// effect that needs both ecosystems (the effect minus the same coalition's effect without
    /// ESS structures), or that part's ``total``, or the ``interaction`` (the bundle's part minus
    /// the sum of the parts each lever has acting alone: for reading, not part of the sum). For
    /// jobs, the share also splits into complementarity (the lever's marginal contributions to the
    /// part where it adds more with both ecosystems than without ESS structures, ≥ 0) and
    /// substitution (those where it adds more without them, ≤ 0), with the Shapley weights: the
    /// two sum to the share.
    public struct InterEcosystemRow: Sendable {
        public var lever: String
        /// `jobs_added_inter_ecosystem` and the other `_inter_ecosystem` effects, or
        /// `jobs_added_complementarity`, `jobs_added_substitution`.
        public var name: String
        public var estimate: Estimate
        /// Its value in each replication (empty when the decomposition was summarised as it ran).
        public var values: [Double]
    }

    /// The name of the rows holding the bundle's part minus the sum of each lever's part alone.
    public static let interaction = "interaction"
    /// The inter-ecosystem effects decomposed: the index in ``metrics`` of the metric each is the
    /// part of, and its name.
    static let interMetrics: [(k: Int, name: String)] = [(0, "jobs_added_inter_ecosystem"), (2, "supported_share_inter_ecosystem"),
                                                          (3, "chain_completion_rate_inter_ecosystem"), (4, "first_contact_fit_rate_inter_ecosystem"),
                                                          (5, "referral_success_rate_inter_ecosystem"), (6, "coverage_rate_inter_ecosystem")]
    /// The names of the rows splitting the jobs' inter-ecosystem share by sign.
    public static let complementarity = "jobs_added_complementarity", substitution = "jobs_added_substitution"

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
    ///
    /// With `interEcosystem` (and ESS structures in the territory), each coalition also runs
    /// without ESS structures, and each lever alone runs with and without them: the
    /// inter-ecosystem part of each effect is shared out too (``interRows``), which about
    /// doubles the work or more.
    ///
    /// Each replication that still needs two worlds or more draws its arrivals once
    /// (``ArrivalTape``), and every world replays them: the same values, in about two thirds of
    /// the time. The tapes of a chunk take at most `tapeBytes` (the replications past it draw
    /// their own; 0: none keeps a tape).
    public static func run(_ model: SimulationModel, plan: RunPlan, summarise: Bool = false, known: RunResult? = nil,
                           interEcosystem: Bool = false, tapeBytes: Int = Self.tapeBytes,
                           progress: ((Int, Int) -> Void)? = nil) async throws -> ShapleyDecomposition? {
        guard let baseline = model.baseline else { return nil }
        let levers = model.activeLevers
        let L = levers.count, n = plan.replications, full = (1 << L) - 1
        guard L > 0 else { return nil }
        let enumerated = L <= exactUpTo
        let essFree = interEcosystem ? model.counterfactuals?.essFreePolicy : nil
        // The run's own worlds, by replication index, when it kept them.
        var ran: [Int: ReplicationResult] = [:]
        if let known, known.plan.seed == plan.seed, known.model === model {
            for r in known.replications where r.baselineCounts != nil { ran[r.index] = r }
        }
        let work = n * worlds(levers: L, interEcosystem: essFree != nil) - (essFree != nil ? 4 : 2) * (0..<n).filter { ran[$0] != nil }.count
        var done = 0
        // Enumerated coalitions are the same for every chunk: their models are built once.
        var built: [Bool: [Int: SimulationModel]] = [false: [0: baseline, full: model]]
        if let essFree, let b = model.counterfactuals?.essFreeBaseline { built[true] = [0: b, full: essFree] }
        var values: [[[Double]]] = [], totals: [[Double]] = []
        let running = summarise ? try (0...L).map { _ in try metrics.map { _ in try RunningEstimate() } } : []
        var inter = try InterRows(levers: levers, summarise: summarise)
        let size = summarise ? chunk : max(n, 1)
        for start in stride(from: 0, to: n, by: size) {
            let range = start..<min(n, start + size)
            // The coalitions each replication needs (each lever alone too for the
            // inter-ecosystem part), and the replications each coalition serves, in each world.
            var orders: [[[Int]]] = []
            var needed: [Bool: [Int: [Int]]] = [:]
            for r in range {
                let o = enumerated ? [] : try Self.orders(count: L, runSeed: plan.seed, index: r)
                orders.append(o)
                var masks = enumerated ? Set(0...full) : prefixes(of: o)
                if essFree != nil { masks.formUnion((0..<L).map { 1 << $0 }) }
                for mask in masks where ran[r] == nil || (mask != 0 && mask != full) { needed[false, default: [:]][mask, default: []].append(r) }
                guard essFree != nil else { continue }
                for mask in masks where ran[r]?.essFreePolicyCounts == nil || (mask != 0 && mask != full) {
                    needed[true, default: [:]][mask, default: []].append(r)
                }
            }
            // v(S) per replication, coalition by coalition; the run's own worlds as it ran them.
            var value = [false: Array(repeating: [Int: [Double]](), count: range.count)]
            value[true] = value[false]
            @Sendable func measured(_ counts: ReplicationCounts, _ w: SimulationModel) -> [Double] {
                metrics.map { $0.value(ReplicationOutcome(counts: counts), model: w) }
            }
            for r in range {
                guard let known = ran[r], let b = known.baselineCounts else { continue }
                value[false]![r - start][0] = measured(b, baseline)
                value[false]![r - start][full] = measured(known.counts, model)
                if let ep = known.essFreePolicyCounts, let eb = known.essFreeBaselineCounts, let w = built[true] {
                    value[true]![r - start][0] = measured(eb, w[0]!)
                    value[true]![r - start][full] = measured(ep, w[full]!)
                }
            }
            // Each replication's arrivals, drawn once for the worlds it still needs (at least two),
            // within a memory bound: every world replays them (the same counts, a third less work).
            var worldsOf = Array(repeating: 0, count: range.count)
            for masks in needed.values { for rs in masks.values { for r in rs { worldsOf[r - start] += 1 } } }
            let taped = range.filter { worldsOf[$0 - start] >= 2 }.prefix(Self.tapes(of: model, within: tapeBytes))
            let tapes = try await MonteCarlo.map(Array(taped), jobs: plan.jobs) { r -> ArrivalTape? in
                var replication = try Replication(model: model, seed: SeedDerivation.replicationSeed(runSeed: plan.seed, index: r),
                                                  replaying: nil, keeping: true)
                _ = replication.runArrivalsOnly()
                return replication.takeArrivals()
            }
            var tapeOf = [ArrivalTape?](repeating: nil, count: range.count)
            for (r, tape) in zip(taped, tapes) { tapeOf[r - start] = tape }
            let arrivals = tapeOf
            // A few coalitions at a time: their models are built at once, then all their
            // replications run as one list, so no core waits for a build or for the last
            // replication of one coalition (sampled orders give each coalition a handful).
            let group = 4 * plan.jobs
            for free in [false, true] {
                let masks = (needed[free] ?? [:]).keys.sorted()
                for g in stride(from: 0, to: masks.count, by: group) {
                    let part = Array(masks[g..<min(masks.count, g + group)])
                    let missing = part.filter { built[free]?[$0] == nil }
                    let source = free ? essFree! : model
                    let made = try await MonteCarlo.map(Array(missing.indices), jobs: plan.jobs) { i in
                        try source.restricted(to: Set(levers.indices.filter { missing[i] & (1 << $0) != 0 }.map { levers[$0] }))
                    }
                    var worlds = [Int: SimulationModel](uniqueKeysWithValues: zip(missing, made))
                    for mask in part where worlds[mask] == nil { worlds[mask] = built[free]![mask]! }
                    if enumerated { for (mask, w) in zip(missing, made) { built[free, default: [:]][mask] = w } }
                    let pairs = part.flatMap { mask in needed[free]![mask]!.map { (mask: mask, r: $0, w: worlds[mask]!) } }
                    let before = done
                    let results = try await MonteCarlo.map(Array(pairs.indices), jobs: plan.jobs, progress: { progress?(before + $0, work) }) { i in
                        let (w, r) = (pairs[i].w, pairs[i].r)
                        var replication = try Replication(model: w, seed: SeedDerivation.replicationSeed(runSeed: plan.seed, index: r),
                                                          replaying: arrivals[r - start], keeping: false)
                        return measured(replication.run(), w)
                    }
                    for (pair, v) in zip(pairs, results) { value[free]![pair.r - start][pair.mask] = v }
                    done += pairs.count
                }
            }
            // Each replication's shares, in index order.
            for r in range {
                let (shares, total) = Self.shares(value[false]![r - start], levers: L, orders: enumerated ? nil : orders[r - start])
                if summarise {
                    for i in 0..<L { for k in metrics.indices { running[i][k].add(shares[i][k]) } }
                    for k in metrics.indices { running[L][k].add(total[k]) }
                } else {
                    values.append(shares)
                    totals.append(total)
                }
                if essFree != nil {
                    inter.add(with: value[false]![r - start], without: value[true]![r - start], orders: enumerated ? nil : orders[r - start])
                }
            }
        }
        var decomposition = summarise ? ShapleyDecomposition(levers: levers, enumerated: enumerated, running: running)
                                      : ShapleyDecomposition(levers: levers, enumerated: enumerated, values: values, totals: totals)
        if essFree != nil { decomposition.interRows = inter.rows() }
        return decomposition
    }

    /// The memory the arrival tapes of a chunk of replications may take by default, in bytes:
    /// 256 MiB, about 150 replications of the metropolis.
    public static let tapeBytes = 256 << 20

    /// How many replications of `model`'s world may keep their arrivals at once within `bytes`
    /// (57 bytes a holder).
    static func tapes(of model: SimulationModel, within bytes: Int) -> Int {
        Int(min(Double(max(bytes, 0)) / (57 * max(model.expectedJourneys, 1)), 1e9))
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

    /// One replication's shares (lever × value) and its whole effect (per value), from the
    /// values of its coalitions (as many per coalition as the empty one has): exact Shapley
    /// weights, or the mean over the sampled `orders`.
    static func shares(_ v: [Int: [Double]], levers L: Int, orders: [[Int]]?) -> (shares: [[Double]], total: [Double]) {
        let K = v[0]?.count ?? 0, full = (1 << L) - 1
        var shares = Array(repeating: Array(repeating: 0.0, count: K), count: L)
        forEachMarginal(levers: L, orders: orders) { i, w, with, without in
            let a = v[with]!, b = v[without]!
            for k in 0..<K { shares[i][k] += w * (a[k] - b[k]) }
        }
        return (shares, (0..<K).map { v[full]![$0] - v[0]![$0] })
    }

    /// Every marginal contribution a Shapley share sums, in a fixed order: lever i, its weight, and
    /// the coalitions with and without it (bit masks). Exact weights over every coalition, or
    /// 1 / the number of orders for each step of the sampled `orders`.
    static func forEachMarginal(levers L: Int, orders: [[Int]]?, _ body: (_ lever: Int, _ weight: Double, _ with: Int, _ without: Int) -> Void) {
        if let orders {
            let orderWeight = 1 / Double(orders.count)
            for order in orders {
                var mask = 0
                for i in order {
                    body(i, orderWeight, mask | (1 << i), mask)
                    mask |= 1 << i
                }
            }
        } else {
            let weight = (0..<L).map { k in factorial(k) * factorial(L - k - 1) / factorial(L) }
            for i in 0..<L {
                for mask in 0...((1 << L) - 1) where mask & (1 << i) == 0 { body(i, weight[mask.nonzeroBitCount], mask | (1 << i), mask) }
            }
        }
    }

    /// Worlds a replication runs for `levers` active levers: every coalition, or two orders'
    /// chains (no cooperation and the whole policy included); with `interEcosystem`, each lever
    /// alone too, and all of them again without ESS structures.
    public static func worlds(levers: Int, interEcosystem: Bool = false) -> Int {
        let own = levers <= exactUpTo ? 1 << levers : 2 * levers
        return interEcosystem ? 2 * (own + (levers <= exactUpTo ? 0 : max(levers - 2, 0))) : own
    }

    static func factorial(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// Two-level uncertainty of a scenario: D parameter draws from the priors (a Latin hypercube,
/// structural seeds drawn too), R replications each.
///
/// Every draw runs the same replication seeds (common random numbers across draws: draw d's
/// replication r is seeded by the run's seed and r alone), so with the priors collapsed to points
/// every draw is the same run and the parameter interval has width zero, while the Monte Carlo
/// interval is `maillage run`'s. Each draw runs the policy's world and the no-cooperation world;
/// with `interEcosystem`, the same two worlds without the territory's ESS structures too, and the
/// effects gain the parts that need both ecosystems (``Metric/interEcosystem``) at twice the work.
public struct UncertaintyAnalysis: Sendable {
    public let priors: PriorSet
    public let draws: Int
    public let replications: Int
    /// The run's seed: replication r of every draw uses replicationSeed(seed, r).
    public let seed: UInt64
    /// The Latin hypercube's seed; the structural seeds of draw d derive from it and d.
    public let designSeed: UInt64
    /// Whether the ESS-free worlds run too, for the inter-ecosystem parts of the effects.
    public let interEcosystem: Bool

    public init(priors: PriorSet, draws: Int, replications: Int, seed: UInt64, designSeed: UInt64, interEcosystem: Bool = false) {
        precondition(draws >= 1 && replications >= 1)
        self.interEcosystem = interEcosystem
        self.priors = priors
        self.draws = draws
        self.replications = replications
        self.seed = seed
        self.designSeed = designSeed
    }

    /// The metrics reported for the policy's world (all but the inter-ecosystem parts).
    public static var metrics: [Metric] { Metric.all.filter { !Metric.interEcosystem.contains($0) } }
    /// The effects an analysis reports: ``effectMetrics``, and with `interEcosystem` the parts that
    /// need both ecosystems.
    public static func effectMetrics(interEcosystem: Bool) -> [Metric] { effectMetrics + (interEcosystem ? Metric.interEcosystem : []) }

    /// The metrics whose effect (policy − no cooperation, paired) is reported: the outcomes a
    /// policy acts on, and the effects already measured against no cooperation.
    public static var effectMetrics: [Metric] {
        metrics.filter { m in
            guard m.group != .money, case .mean = m.summary else { return false }
            return true
        }
    }

    /// The design: for each draw, a point of [0, 1)^k (a Latin hypercube: each prior's range cut
    /// into D strata, one draw in each, strata permuted independently per prior).
    public func design() throws -> [[Double]] {
        LatinHypercube.points(count: draws, dimensions: priors.priors.count, random: try RandomStream(seed: designSeed))
    }

    /// The scenario of every draw, checked: its overrides set on the scenario in `path`.
    public func scenarios(path: String, confinement: Confinement) throws -> [(overrides: [ParameterOverride], scenario: Scenario)] {
        try priors.scenarios(path: path, confinement: confinement, points: try design(), designSeed: designSeed)
    }

    /// Worlds without a policy and their replications, kept by what determines them: a draw's
    /// scenario without its policy (``Scenario/fingerprint()``, its policy start included) and,
    /// for the counts, the run's seed and the replication's index. Analyses whose draws differ
    /// only by their policy (a study's cells, the funding runs of one territory) then build and
    /// run each such world once.
    public final class SharedDraws: Sendable {
        let models = Locked<[String: SimulationModel]>([:])
        let counts = Locked<[String: ReplicationCounts]>([:])

        public init() {}

        /// The key of `scenario`'s world without its policy.
        static func key(_ scenario: Scenario) throws -> String {
            var none = scenario
            none.policy = CooperationPolicy()
            return try none.fingerprint()
        }
    }

    /// Runs every draw's replications, `jobs` at a time, building the draws' models a batch at a
    /// time. `progress` gets the replications done so far. With `shared`, each draw's model
    /// without the policy and its replications are taken from it when another analysis put the
    /// same world there, and kept there otherwise (not with `interEcosystem`).
    public func run(_ scenarios: [Scenario], jobs: Int, shared: SharedDraws? = nil, progress: ((Int) -> Void)? = nil) async throws -> UncertaintyResult {
        let shared = interEcosystem ? nil : shared
        let keys = try shared.map { _ in try scenarios.map(SharedDraws.key) }
        precondition(scenarios.count == draws)
        let metrics = Self.metrics, effects = Self.effectMetrics(interEcosystem: interEcosystem)
        let R = replications, runSeed = seed, interEcosystem = self.interEcosystem
        var policyValues = Array(repeating: [[Double]](), count: draws)
        var effectValues = Array(repeating: [[Double]](), count: draws)
        var baselineValues = Array(repeating: [[Double]](), count: draws)
        var active = false
        var done = 0
        let batch = max(2 * jobs, 2)
        var start = 0
        while start < draws {
            let range = start..<min(start + batch, draws)
            // Each draw's no-cooperation world and its policy's world (and, for the inter-ecosystem
            // parts, the policy's model with its ESS-free counterfactuals).
            let models = try await MonteCarlo.map(Array(range), jobs: jobs) { d -> (SimulationModel, SimulationModel?) in
                var none = scenarios[d]
                none.policy = CooperationPolicy()
                let resolved = ResolvedPolicy(scenarios[d].policy, costs: scenarios[d].leverCosts, effects: scenarios[d].leverEffects)
                if let keys, let kept = shared?.models.get(keys[d]) {
                    return (kept, resolved.isActive ? try kept.with(scenarios[d].policy) : nil)
                }
                let world = try scenarios[d].world()
                if interEcosystem && resolved.isActive {
                    let policy = try scenarios[d].build(world)
                    return (policy.counterfactuals!.baseline, policy)
                }
                let baseline = try none.build(world)
                if let keys { shared?.models.set(keys[d], baseline) }
                return (baseline, resolved.isActive ? try baseline.with(scenarios[d].policy) : nil)
            }
            active = active || models.contains { $0.1 != nil }
            let pairs = range.flatMap { d in (0..<R).map { (d, $0) } }
            let offset = done
            let rows = try await MonteCarlo.map(Array(pairs.indices), jobs: jobs, progress: progress.map { p in { p(offset + $0) } }) { k in
                let (d, r) = pairs[k]
                let (baseline, policy) = models[d - range.lowerBound]
                func counts(_ world: SimulationModel) throws -> ReplicationCounts { try MonteCarlo.counts(world, runSeed: runSeed, index: r) }
                let baseCounts: ReplicationCounts
                let key = keys.map { "\($0[d])|\(runSeed)|\(r)" }
                if let key, let kept = shared?.counts.get(key) {
                    baseCounts = kept
                } else {
                    baseCounts = try counts(baseline)
                    if let key { shared?.counts.set(key, baseCounts) }
                }
                let baseOutcome = ReplicationOutcome(counts: baseCounts)
                let baseValues = metrics.map { $0.value(baseOutcome, model: baseline) }
                guard let policy else { return (baseValues, effects.map { _ in 0.0 }, baseValues) }
                // Only a model built for the inter-ecosystem parts carries the ESS-free worlds.
                let essFree = policy.counterfactuals
                let outcome = ReplicationOutcome(counts: try counts(policy), baseline: baseCounts,
                                                 essFreePolicy: try essFree?.essFreePolicy.map(counts),
                                                 essFreeBaseline: try essFree?.essFreeBaseline.map(counts))
                let values = metrics.map { $0.value(outcome, model: policy) }
                let differences = effects.map { m -> Double in
                    m.group == .effects ? m.value(outcome, model: policy) : m.value(outcome, model: policy) - m.value(baseOutcome, model: baseline)
                }
                return (values, differences, baseValues)
            }
            done += pairs.count
            for (k, (d, _)) in pairs.enumerated() {
                policyValues[d].append(rows[k].0)
                effectValues[d].append(rows[k].1)
                baselineValues[d].append(rows[k].2)
            }
            start = range.upperBound
        }
        return UncertaintyResult(metrics: metrics, effectMetrics: effects, policyActive: active,
                                 values: policyValues, effects: effectValues, baselineValues: baselineValues, replications: R)
    }
}

/// Two-level summaries of the metrics of an ``UncertaintyAnalysis``.
public struct UncertaintyResult: Sendable {
    public let metrics: [Metric]
    public let effectMetrics: [Metric]
    /// Whether the policy did anything in at least one draw (else no effect is reported).
    public let policyActive: Bool
    /// values[draw][replication][metric], in `metrics` order.
    public let values: [[[Double]]]
    /// effects[draw][replication][metric], in `effectMetrics` order.
    public let effects: [[[Double]]]
    /// The no-cooperation world's values, as `values`.
    public let baselineValues: [[[Double]]]
    public let replications: Int

    /// One metric's values, table[draw][replication]: the policy's effect on it when the policy
    /// did something and the metric has an effect, else its value in the policy's world.
    public func table(_ metric: Metric) -> (isEffect: Bool, table: [[Double]]) {
        if policyActive, let i = effectMetrics.firstIndex(of: metric) { return (true, effects.map { $0.map { $0[i] } }) }
        let i = metrics.firstIndex(of: metric)!
        return (false, values.map { $0.map { $0[i] } })
    }

    /// A result from its tables (a merge of shards reassembles one).
    public init(metrics: [Metric], effectMetrics: [Metric], policyActive: Bool, values: [[[Double]]], effects: [[[Double]]],
                baselineValues: [[[Double]]], replications: Int) {
        self.metrics = metrics
        self.effectMetrics = effectMetrics
        self.policyActive = policyActive
        self.values = values
        self.effects = effects
        self.baselineValues = baselineValues
        self.replications = replications
    }

    /// One metric's two-level summary.
    public struct Summary: Sendable {
        public let metric: Metric
        /// Mean over every draw and replication.
        public let mean: Double
        /// The Monte Carlo interval of the mean: the replications' averages over draws (the same
        /// replication seeds in every draw), t-interval over R; NaN with one replication.
        public let mcLow: Double, mcHigh: Double
        /// 2.5% and 97.5% of the per-draw means: the parameters' uncertainty.
        public let paramLow: Double, paramHigh: Double
        /// Between-draw sum of squares over the total (SSB / SST); the rest is within draws.
        public let paramVarianceShare: Double
        /// Share of draws whose mean is positive.
        public let probPositive: Double
        /// Per-draw means.
        public let drawMeans: [Double]
    }

    /// The policy metrics' summaries.
    public func policySummaries() -> [Summary] { metrics.indices.map { i in Self.summarise(metrics[i], values.map { d in d.map { $0[i] } }) } }
    /// The no-cooperation world's summaries.
    public func baselineSummaries() -> [Summary] { metrics.indices.map { i in Self.summarise(metrics[i], baselineValues.map { d in d.map { $0[i] } }) } }
    /// The effects' summaries.
    public func effectSummaries() -> [Summary] { effectMetrics.indices.map { i in Self.summarise(effectMetrics[i], effects.map { d in d.map { $0[i] } }) } }

    /// The two-level summary of `table[draw][replication]` (undefined values left out).
    public static func summarise(_ metric: Metric, _ table: [[Double]]) -> Summary {
        let all = table.flatMap { $0 }.filter { !$0.isNaN }
        let mean = all.isEmpty ? .nan : all.reduce(0, +) / Double(all.count)
        let drawMeans = table.map { row -> Double in
            let v = row.filter { !$0.isNaN }
            return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
        }
        // Monte Carlo: replication r's average over draws, then a t-interval over replications.
        let R = table.first?.count ?? 0
        let byReplication = (0..<R).map { r -> Double in
            let v = table.map { $0[r] }.filter { !$0.isNaN }
            return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
        }
        let mc = Estimate(values: byReplication)
        let defined = drawMeans.filter { !$0.isNaN }.sorted()
        let (p025, p975) = defined.isEmpty ? (Double.nan, Double.nan) : (Quantile.ofSorted(defined, 0.025), Quantile.ofSorted(defined, 0.975))
        // One-way decomposition by draw: SST = SSB + SSW.
        var ssb = 0.0, sst = 0.0
        for (row, m) in zip(table, drawMeans) where !m.isNaN {
            for x in row where !x.isNaN {
                sst += (x - mean) * (x - mean)
                ssb += (m - mean) * (m - mean)
            }
        }
        let share = sst > 0 ? min(max(ssb / sst, 0), 1) : 0
        let positive = defined.isEmpty ? .nan : Double(defined.filter { $0 > 0 }.count) / Double(defined.count)
        return Summary(metric: metric, mean: mean, mcLow: mc.low, mcHigh: mc.high, paramLow: p025, paramHigh: p975,
                       paramVarianceShare: share, probPositive: positive, drawMeans: drawMeans)
    }
}

/// Morris screening of every prior: elementary effects of one metric (the policy's effect on it
/// when the scenario has a policy), each point of the trajectories averaged over R replications on
/// common seeds. The structural seeds stay fixed: screening measures the parameters.
public struct MorrisScreening: Sendable {
    public let parameters: [String]
    public let metric: Metric
    /// Whether the metric is the policy's effect (else its value).
    public let isEffect: Bool
    public let design: MorrisDesign
    public let replications: Int
    /// Each point's mean.
    public let outputs: [Double]
    public let indices: MorrisIndices
    /// The Monte Carlo variance of a point's mean over the variance between the points' means
    /// (``PointNoise``); the indices are reported only when it is below 5%.
    public let noiseRatio: Double
    public var identified: Bool { noiseRatio < Sweep.noiseRatioLimit }
    /// The μ* a parameter without any effect would show from the points' Monte Carlo noise alone:
    /// E|e₁ − e₂| / Δ for two independent noises of the points' variance.
    public let noiseFloor: Double
    /// The half-width of each μ*'s 95% bootstrap interval (``MorrisIndices/muStarHalfWidth(resamples:random:)``,
    /// 1,000 resamples seeded by the design's seed).
    public let muStarHalfWidth: [Double]

    /// Screens the priors of `priors` on the scenario in `path`.
    public static func run(path: String, confinement: Confinement, priors: PriorSet, metric: Metric, trajectories: Int,
                           replications: Int, seed: UInt64, designSeed: UInt64, jobs: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> MorrisScreening {
        var fixed = priors
        fixed.drawTerritorySeed = false
        fixed.drawPlacementSeed = false
        let design = MorrisDesign(factors: priors.priors.count, trajectories: trajectories, random: try RandomStream(seed: designSeed))
        let scenarios = try fixed.scenarios(path: path, confinement: confinement, points: design.unitPoints, designSeed: designSeed)
        let analysis = UncertaintyAnalysis(priors: fixed, draws: design.points.count, replications: replications, seed: seed, designSeed: designSeed)
        let result = try await analysis.run(scenarios.map(\.scenario), jobs: jobs, progress: progress)
        let (isEffect, table) = result.table(metric)
        let estimates = table.map { Estimate(values: $0) }
        let noise = PointNoise(estimates)
        let means = estimates.map(\.mean)
        let floor = (2 * noise.noise).squareRoot() * (2 / Double.pi).squareRoot() / design.delta
        let indices = MorrisIndices(design, outputs: means)
        return MorrisScreening(parameters: priors.priors.map(\.path), metric: metric, isEffect: isEffect, design: design,
                               replications: replications, outputs: means, indices: indices, noiseRatio: noise.ratio,
                               noiseFloor: floor, muStarHalfWidth: indices.muStarHalfWidth(random: try RandomStream(seed: designSeed)))
    }
}

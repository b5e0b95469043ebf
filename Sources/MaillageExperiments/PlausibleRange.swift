import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// What a policy's effects come to over plausible worlds: the answer beside the Monte Carlo
/// interval. The Monte Carlo interval says how far chance moves the average at fixed parameters;
/// this range says how far the parameters nobody knows exactly move it (the assumed ones drawn
/// from their priors, the calibrated ones from the calibration's posterior, jointly).
///
/// It is a small ``UncertaintyAnalysis``: D parameter draws (a Latin hypercube), R replications
/// each, every draw on the same replication seeds as the run (replication r of every draw is the
/// run's replication r: common random numbers), the policy's world and the world without it
/// paired in each. Each draw's mean effect is one plausible world's answer; the range is their
/// 2.5% and 97.5% quantiles and the probability is the share of draws whose effect is positive.
/// With the priors and the posterior collapsed to the scenario's own values every draw is the
/// run itself, and the range has no width.
public struct PlausibleRange: Sendable {
    /// How many worlds are drawn and how many replications each runs.
    public struct Design: Sendable, Equatable {
        public var draws: Int
        public var replications: Int
        /// The Latin hypercube's seed (the structural seeds and posterior rows derive from it).
        public var designSeed: UInt64

        public init(draws: Int, replications: Int, designSeed: UInt64) {
            self.draws = draws
            self.replications = replications
            self.designSeed = designSeed
        }

        /// `maillage run`'s default: 32 worlds of 5 replications (about three times a run of 100
        /// replications without lever shares).
        public static let run = Design(draws: 32, replications: 5, designSeed: 2)
        /// The web page's: 64 worlds of 5 replications, within 30 s on two cores for the real
        /// Franche-Comté (BENCHMARKS.md).
        public static let page = Design(draws: 64, replications: 5, designSeed: 2)
    }

    /// One effect over the plausible worlds.
    public struct Row: Sendable, Equatable {
        public var metric: Metric
        /// The mean over every draw and replication.
        public var mean: Double
        /// The 2.5% and 97.5% quantiles of the draws' means.
        public var low: Double, high: Double
        /// The share of draws whose mean effect is above zero.
        public var probPositive: Double
        /// The bootstrap standard error of `low` and `high` (the draws resampled): how far
        /// another design of as many draws would move the bounds.
        public var lowError: Double, highError: Double
        /// The draws in which the effect was defined.
        public var draws: Int
    }

    public var design: Design
    /// The effects, in ``UncertaintyAnalysis/effectMetrics`` order.
    public var rows: [Row]
    /// What the draws came from: the priors file and its fingerprint, and the posterior's (nil
    /// when the calibrated parameters kept the scenario's values).
    public var priorsFile: String, priorsFingerprint: String
    public var posteriorFile: String?, posteriorFingerprint: String?

    /// The row of `metric`, if it is an effect.
    public func row(_ metric: Metric) -> Row? { rows.first { $0.metric == metric } }

    /// Resamples for the bounds' standard errors.
    static let bootstrap = 200

    /// Runs the draws of `scenarios` (one per draw, as ``PriorSet/scenarios(text:file:confinement:points:designSeed:)``
    /// gives them for `design`'s points), each with `design.replications` replications seeded by
    /// `seed` (the run's), `jobs` at a time, the worlds without the policy taken from and kept in
    /// `shared`. Nil when the policy does nothing in every draw.
    /// - Throws: what a replication throws; `CancellationError` when cancelled.
    public static func compute(_ scenarios: [Scenario], priors: PriorSet, design: Design, seed: UInt64, jobs: Int,
                               shared: UncertaintyAnalysis.SharedDraws? = nil, progress: ((Int) -> Void)? = nil) async throws -> PlausibleRange? {
        let analysis = UncertaintyAnalysis(priors: priors, draws: scenarios.count, replications: design.replications, seed: seed,
                                           designSeed: design.designSeed)
        let result = try await analysis.run(scenarios, jobs: jobs, shared: shared, progress: progress)
        guard result.policyActive else { return nil }
        return try PlausibleRange(result, priors: priors, design: design)
    }

    /// The range of the effects in `result`, an analysis of `design` drawn from `priors` (one
    /// cell of a study's, say).
    /// - Throws: ``GSLError`` if the bootstrap's generator cannot be made.
    public init(_ result: UncertaintyResult, priors: PriorSet, design: Design) throws {
        let random = try RandomStream(seed: SeedDerivation.replicationSeed(runSeed: design.designSeed, index: 7))
        rows = result.effectSummaries().map { s -> Row in
            let defined = s.drawMeans.filter { !$0.isNaN }
            let (lowError, highError) = Self.boundErrors(defined, random: random)
            return Row(metric: s.metric, mean: s.mean, low: s.paramLow, high: s.paramHigh, probPositive: s.probPositive,
                       lowError: lowError, highError: highError, draws: defined.count)
        }
        self.design = design
        priorsFile = priors.file
        priorsFingerprint = priors.fingerprint
        posteriorFile = priors.posterior?.file
        posteriorFingerprint = priors.posterior?.fingerprint
    }

    /// The draws of `priors` for `design` on the scenario written `text` (read as `file`), checked
    /// first, then computed as ``compute(_:priors:design:seed:jobs:progress:)``.
    /// - Throws: ``InputError`` for priors or a posterior the scenario does not accept.
    public static func compute(text: String, file: String, confinement: Confinement, priors: PriorSet, design: Design, seed: UInt64,
                               jobs: Int, shared: UncertaintyAnalysis.SharedDraws? = nil,
                               progress: ((Int) -> Void)? = nil) async throws -> PlausibleRange? {
        try priors.check(text: text, file: file, confinement: confinement)
        let points = try UncertaintyAnalysis(priors: priors, draws: design.draws, replications: design.replications, seed: seed,
                                             designSeed: design.designSeed).design()
        let scenarios = try priors.scenarios(text: text, file: file, confinement: confinement, points: points, designSeed: design.designSeed)
        return try await compute(scenarios.map(\.scenario), priors: priors, design: design, seed: seed, jobs: jobs, shared: shared,
                                 progress: progress)
    }

    /// The bootstrap standard errors of the 2.5% and 97.5% quantiles of `values`.
    static func boundErrors(_ values: [Double], random: RandomStream) -> (Double, Double) {
        guard values.count >= 2 else { return (.nan, .nan) }
        var lows: [Double] = [], highs: [Double] = []
        var sample = values
        for _ in 0..<bootstrap {
            for i in sample.indices { sample[i] = values[min(Int(random.uniform() * Double(values.count)), values.count - 1)] }
            sample.sort()
            lows.append(Quantile.ofSorted(sample, 0.025))
            highs.append(Quantile.ofSorted(sample, 0.975))
        }
        return (Estimate(values: lows).sd, Estimate(values: highs).sd)
    }
}

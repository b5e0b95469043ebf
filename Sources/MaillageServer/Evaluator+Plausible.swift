import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageWorkflows

/// A try's effects over plausible worlds: what the page shows after the first answer, beside its
/// Monte Carlo intervals.
public struct PlausibleAnswer: Sendable, Codable, Equatable {
    /// One effect over the worlds.
    public struct Effect: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        /// The mean over every world and replication.
        public var mean: Double?
        /// The 2.5% and 97.5% quantiles of the worlds' answers.
        public var low: Double?
        public var high: Double?
        /// The share of worlds whose effect is positive.
        public var probPositive: Double?
        /// The bounds' bootstrap standard errors: how far another draw of as many worlds moves them.
        public var lowSe: Double?
        public var highSe: Double?

        enum CodingKeys: String, CodingKey {
            case name, kind, mean, low, high, probPositive = "prob_positive", lowSe = "low_se", highSe = "high_se"
        }
    }

    /// The try's key (its answer's).
    public var key: String
    public var draws: Int
    public var replications: Int
    public var designSeed: UInt64
    public var seconds: Double
    /// The priors and the posterior the worlds were drawn from, with their fingerprints.
    public var priors: String
    public var priorsFingerprint: String
    public var posterior: String?
    public var posteriorFingerprint: String?
    public var effects: [Effect]

    enum CodingKeys: String, CodingKey {
        case key, draws, replications, designSeed = "design_seed", seconds, priors, priorsFingerprint = "priors_fingerprint", posterior,
             posteriorFingerprint = "posterior_fingerprint", effects
    }

    /// The effects the page shows a range for.
    public static let shown = ["jobs_added_net", "jobs_added", "jobs_added_gross", "coverage_rate", "supported_share"]
}

extension Evaluator {
    /// The try's effects over plausible worlds (``PlausibleRange``, the page's design), kept for
    /// the server's life; nil when the server has no priors. The worlds are drawn around the
    /// try's scenario as the page downloads it, on its seed and horizon.
    /// - Throws: ``RequestError`` for an unknown territory; `CancellationError` when cancelled.
    public func plausible(_ request: EvaluationRequest) async throws -> PlausibleAnswer? {
        guard let settings = plausibleSettings else { return nil }
        let started = Date()
        let (scenario, yaml, territory) = try resolve(request)
        let key = try self.key(yaml: yaml, scenario: scenario)
        if let kept = plausibles.get(key) { return kept }
        let file = territory.home + "/serve-try.yaml"
        let d = settings.design
        let range = try await PlausibleRange.compute(text: yaml, file: file, confinement: Confinement(topLevel: file), priors: settings.priors,
                                                     design: d, seed: scenario.plan.seed, jobs: threads)
        let effects = PlausibleAnswer.shown.compactMap { name -> PlausibleAnswer.Effect? in
            guard let metric = Metric.named(name), let row = range?.row(metric) else { return nil }
            return .init(name: name, kind: metric.kind.rawValue, mean: row.mean.finite, low: row.low.finite, high: row.high.finite,
                         probPositive: row.probPositive.finite, lowSe: row.lowError.finite, highSe: row.highError.finite)
        }
        let answer = PlausibleAnswer(key: key, draws: d.draws, replications: d.replications, designSeed: d.designSeed,
                                     seconds: Date().timeIntervalSince(started), priors: settings.priorsLabel,
                                     priorsFingerprint: settings.priors.fingerprint, posterior: settings.posteriorLabel,
                                     posteriorFingerprint: settings.priors.posterior?.fingerprint, effects: effects)
        plausibles.set(key, answer, limit: 256)
        return answer
    }
}

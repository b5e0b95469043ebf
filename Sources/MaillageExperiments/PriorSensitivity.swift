import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// First-order and total Sobol indices of one metric (the policy's effect on it when the scenario
/// has a policy) over a set of priors — in practice those a Morris screening kept — each prior
/// sampled through its own distribution (Saltelli's design in the priors' quantile space), the
/// other parameters at the scenario's values and the structural seeds fixed.
///
/// Every point averages R replications on common seeds. The indices are given only when the
/// Monte Carlo noise of a point's mean is under 5% of the variance between points; and they are
/// only as good as their bootstrap intervals, which ``SobolIndices/withinBounds`` checks against
/// [−0.05, 1.05].
public struct PriorSensitivity: Sendable {
    public let parameters: [String]
    public let metric: Metric
    /// Whether the metric is the policy's effect (else its value).
    public let isEffect: Bool
    /// Saltelli's N.
    public let samples: Int
    public let replications: Int
    /// The design's points in the priors' quantile space, and each point's mean.
    public let points: [[Double]]
    public let outputs: [Double]
    public let indices: SobolIndices
    /// The Monte Carlo variance of a point's mean over the variance of the points' means.
    public let noiseRatio: Double
    public var identified: Bool { noiseRatio < Sweep.noiseRatioLimit }

    /// Runs Saltelli's design over `priors` (at most 20) on the scenario in `path`.
    public static func run(path: String, confinement: Confinement, priors: PriorSet, metric: Metric, samples: Int, replications: Int,
                           bootstrap: Int, seed: UInt64, designSeed: UInt64, jobs: Int,
                           progress: ((Int) -> Void)? = nil) async throws -> PriorSensitivity {
        var fixed = priors
        fixed.drawTerritorySeed = false
        fixed.drawPlacementSeed = false
        let points = try QuasiRandom.saltelli(factors: priors.priors.count, samples: samples)
        let scenarios = try fixed.scenarios(path: path, confinement: confinement, points: points, designSeed: designSeed)
        let analysis = UncertaintyAnalysis(priors: fixed, draws: points.count, replications: replications, seed: seed, designSeed: designSeed)
        let result = try await analysis.run(scenarios.map(\.scenario), jobs: jobs, progress: progress)
        let (isEffect, table) = result.table(metric)
        let estimates = table.map { Estimate(values: $0) }
        let ratio = Sweep.noiseRatio(estimates)
        let outputs = estimates.map(\.mean)
        let indices = try SobolIndices(outputs: outputs, parameters: priors.priors.count, bootstrap: bootstrap, seed: designSeed)
        return PriorSensitivity(parameters: priors.priors.map(\.path), metric: metric, isEffect: isEffect, samples: samples,
                                replications: replications, points: points, outputs: outputs, indices: indices, noiseRatio: ratio)
    }
}

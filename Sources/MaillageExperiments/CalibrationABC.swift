import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

extension Calibration {
    /// The outcome of approximate Bayesian computation by rejection: every prior draw with its
    /// distance to the targets, and the accepted ones (the posterior sample).
    public struct ABCSample: Sendable {
        /// Each prior draw's parameter values, in `parameters` order.
        public var draws: [[Double]]
        /// Each draw's distance: √(mean over the fitted targets of ((mean − value) / tolerance)²).
        public var distances: [Double]
        /// Whether each draw reproduced every fitted target within its tolerance.
        public var withinTolerance: [Bool]
        /// The accepted draws' indices, ascending: the `accept` share of draws closest to the
        /// targets (ties broken by index).
        public var accepted: [Int]
        /// The largest accepted distance: the rejection threshold ε the sample implies.
        public var epsilon: Double { accepted.map { distances[$0] }.max() ?? .nan }

        /// The accepted values of parameter `k`, ascending.
        public func posterior(_ k: Int) -> [Double] { accepted.map { draws[$0][k] }.sorted() }
    }

    /// The distance of a draw's estimates to the fitted targets: the root mean square of the
    /// residuals in tolerances, so that 1 means "on average at the edge of the tolerances".
    public func distance(_ estimates: [Estimate]) -> Double {
        (objective(estimates) / Double(fittedTargets.count)).squareRoot()
    }

    /// ABC rejection (Pritchard et al. 1999, with the threshold set as a quantile of the distances
    /// as in Beaumont et al. 2002, without regression adjustment): `draws` parameter sets from
    /// independent uniform priors over the parameters' bounds (a Latin hypercube from `designSeed`),
    /// each run on the fitted territories with the calibration's replications and seed (common
    /// random numbers, as the simplex), and the `accept` share closest to the targets kept.
    /// - Throws: ``InputError`` if a drawn scenario is invalid; ``GSLError`` if GSL fails.
    public func abc(draws: Int, accept: Double, designSeed: UInt64, jobs: Int, progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> ABCSample {
        precondition(draws >= 1 && accept > 0 && accept <= 1)
        let design = LatinHypercube.points(count: draws, dimensions: parameters.count, random: try RandomStream(seed: designSeed))
        let values = design.map { u in zip(u, parameters).map { $1.low + ($1.high - $1.low) * $0 } }
        // Draws side by side, each on one job: a draw's few replications and its model builds
        // would leave cores idle. A draw's estimates do not depend on its jobs.
        let estimates = try MonteCarlo.mapBlocking(count: draws, jobs: jobs, progress: progress) { d in try evaluate(values[d], jobs: 1) }
        let distances = estimates.map(distance)
        let within = estimates.map { e in fittedTargets.allSatisfy { meets($0, mean: e[$0].mean) } }
        let kept = max(1, Int((accept * Double(draws)).rounded()))
        let order = distances.indices.sorted { (distances[$0], $0) < (distances[$1], $1) }
        let accepted = Array(order.prefix(kept)).sorted()
        return ABCSample(draws: values, distances: distances, withinTolerance: within, accepted: accepted)
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

extension Calibration {
    /// The outcome of approximate Bayesian computation by rejection with Beaumont's regression
    /// adjustment: every prior draw with its distance to the targets, the accepted ones, and the
    /// posterior sample they give once adjusted and weighted.
    public struct ABCSample: Sendable {
        /// Each prior draw's parameter values, in `parameters` order.
        public var draws: [[Double]]
        /// Each draw's distance: √(mean over the fitted targets of ((mean − value) / tolerance)²).
        public var distances: [Double]
        /// Each draw's summary statistics: its residual on each fitted target, in tolerances
        /// ((mean − value) / tolerance, in ``Calibration/fittedTargets`` order). The published
        /// figures sit at zero.
        public var statistics: [[Double]]
        /// Whether each draw reproduced every fitted target within its tolerance.
        public var withinTolerance: [Bool]
        /// The accepted draws' indices, ascending: the `accept` share of draws closest to the
        /// targets (ties broken by index).
        public var accepted: [Int]
        /// The posterior sample: per accepted draw (in `accepted` order), its parameter values
        /// after the regression adjustment, and its weight (they sum to 1).
        public var values: [[Double]]
        public var weights: [Double]
        /// Whether the regression adjustment was asked for, and whether it was made: it needs
        /// more draws than reachable targets + 1 and more accepted draws of positive weight than
        /// parameters + 1. Without it, `values` are the accepted draws as drawn, equally weighted
        /// (plain rejection).
        public var adjustmentRequested = true
        public var adjusted: Bool
        /// The fitted targets (indices into ``Calibration/targets``) that no draw reaches: the
        /// residual keeps one sign over every draw, so the figure lies outside what the
        /// parameters can produce. They count in the distance, not in the adjustment, which
        /// would otherwise extrapolate to them.
        public var unreachable: [Int] = []

        /// The largest accepted distance: the rejection threshold ε the sample implies.
        public var epsilon: Double { accepted.map { distances[$0] }.max() ?? .nan }

        /// The accepted values of parameter `k` as drawn (before any adjustment), ascending.
        public func posterior(_ k: Int) -> [Double] { accepted.map { draws[$0][k] }.sorted() }

        /// The `p` quantile of parameter `k`'s posterior (adjusted, weighted).
        public func quantile(_ k: Int, _ p: Double) -> Double {
            Quantile.weighted(values.map { $0[k] }, weights: weights, p)
        }

        /// The posterior of the difference between parameters `a` and `b` (such as the creation
        /// chance with and without support): its median, its 90% interval and the posterior
        /// probability that it is positive.
        public func difference(_ a: Int, _ b: Int) -> (median: Double, low: Double, high: Double, positive: Double) {
            let d = values.map { $0[a] - $0[b] }
            let positive = zip(d, weights).reduce(0.0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
            return (Quantile.weighted(d, weights: weights, 0.5), Quantile.weighted(d, weights: weights, 0.05),
                    Quantile.weighted(d, weights: weights, 0.95), positive)
        }
    }

    /// The distance of a draw's estimates to the fitted targets: the root mean square of the
    /// residuals in tolerances, so that 1 means "on average at the edge of the tolerances".
    public func distance(_ estimates: [Estimate]) -> Double {
        (objective(estimates) / Double(fittedTargets.count)).squareRoot()
    }

    /// The same distance from a draw's residuals (``residuals(_:)``): the same sum in the same
    /// order, so the same bits.
    func distance(residuals: [Double]) -> Double {
        (residuals.reduce(0) { $0 + $1 * $1 } / Double(fittedTargets.count)).squareRoot()
    }

    /// Whether a draw's estimates meet every fitted target within its tolerance.
    func meetsAll(_ estimates: [Estimate]) -> Bool {
        fittedTargets.allSatisfy { meets($0, mean: estimates[$0].mean) }
    }

    /// The parameter values of `draws` prior draws: a Latin hypercube from `designSeed` over the
    /// parameters' bounds.
    func design(draws: Int, designSeed: UInt64) throws -> [[Double]] {
        let design = LatinHypercube.points(count: draws, dimensions: parameters.count, random: try RandomStream(seed: designSeed))
        return design.map { u in zip(u, parameters).map { $1.low + ($1.high - $1.low) * $0 } }
    }

    /// A draw's residuals on the fitted targets, in tolerances (an undefined metric counts as
    /// 1,000 tolerances away, as the objective counts it).
    func residuals(_ estimates: [Estimate]) -> [Double] {
        fittedTargets.map { i in
            let r = (estimates[i].mean - targets[i].value) / targets[i].tolerance
            return r.isFinite ? r : 1_000
        }
    }

    /// Approximate Bayesian computation: rejection (Pritchard et al. 1999, the threshold set as a
    /// quantile of the distances) followed by Beaumont, Zhang and Balding (2002)'s local-linear
    /// regression adjustment. `draws` parameter sets come from independent uniform priors over
    /// the parameters' bounds (a Latin hypercube from `designSeed`); each runs on the fitted
    /// territories with the calibration's replications and seed (common random numbers, as the
    /// simplex); the `accept` share closest to the targets is kept.
    ///
    /// The adjustment works on the logit scale of each parameter's bounds (the simplex's
    /// transform, so that adjusted values stay within them, Hamilton et al. 2005). It uses the
    /// targets some draw reaches (whose residual changes sign over the draws): regressing toward a
    /// figure no draw produces would extrapolate beyond the simulations, the known failure of
    /// the adjustment when the model cannot reproduce the data (Frazier et al. 2020). The draws'
    /// residuals (one per fitted target, correlated and partly noise) are first reduced
    /// to one summary per parameter, as Fearnhead and Prangle (2012) do: over every draw, each
    /// parameter is regressed on the residuals by least squares, and its summary is the fitted
    /// shift, zero at the published figures. Then each kept draw gets the Epanechnikov weight
    /// 1 − (d/ε)² of its distance d (ε the largest kept distance), each parameter is regressed
    /// on the summaries by weighted least squares (GSL's `gsl_multifit_wlinear`), and each kept
    /// draw is moved to where the regression puts it had its summaries been zero. A parameter the
    /// figures do not constrain has slopes near zero and keeps the spread of the kept draws.
    /// - Throws: ``InputError`` if a drawn scenario is invalid; ``GSLError`` if GSL fails.
    /// With `adjust` false, the sample stays the plain rejection sample.
    ///
    /// With `record`, the draws an earlier run of the same design wrote (``record(_:draws:designSeed:)``),
    /// only the draws 0, `checkEvery`, 2·`checkEvery`… are simulated again, and each must give
    /// the record's residuals bit for bit; the others are taken from the record. The sample is
    /// then the one a full run gives, for a `checkEvery`-th of the work, as long as the record
    /// is what this code writes (the draws checked say so; the others are trusted).
    /// - Throws: ``InputError`` naming the record's line and column when a draw simulated again
    ///   differs from it, or when it does not hold `draws` draws.
    public func abc(draws: Int, accept: Double, designSeed: UInt64, jobs: Int, adjust: Bool = true,
                    reusing record: ABCRecord? = nil, checkEvery: Int = 1,
                    progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> ABCSample {
        precondition(draws >= 1 && accept > 0 && accept <= 1 && checkEvery >= 1)
        if let record, record.residuals.count != draws || record.residuals.contains(where: { $0.count != fittedTargets.count }) {
            throw InputError(file: record.file, message: "expected \(draws) draws of \(fittedTargets.count) residuals each (this calibration's design), found \(record.residuals.count) draws")
        }
        let values = try design(draws: draws, designSeed: designSeed)
        let simulated = record == nil ? Array(0..<draws) : Array(stride(from: 0, to: draws, by: checkEvery))
        // Draws side by side, each on one job: a draw's few replications and its model builds
        // would leave cores idle. A draw's estimates do not depend on its jobs.
        let estimates = try MonteCarlo.mapBlocking(count: simulated.count, jobs: jobs, progress: progress) { i in
            try evaluate(values[simulated[i]], jobs: 1)
        }
        var statistics = estimates.map(residuals), within = estimates.map(meetsAll)
        if let record {
            for (i, d) in simulated.enumerated() {
                let fresh = statistics[i], stored = record.residuals[d]
                let stale = "what draw \(d) gives when simulated again"
                let advice = "the file was not written by this version of the model and targets; run the calibration in full"
                if let j = fresh.indices.first(where: { fresh[$0].bitPattern != stored[$0].bitPattern }) {
                    throw InputError(file: record.file, line: record.lines[d], field: residualColumn(fittedTargets[j]),
                                     message: "expected \(ExactText.number(fresh[j])), \(stale), found \(ExactText.number(stored[j])): \(advice)")
                }
                guard within[i] == record.within[d] else {
                    throw InputError(file: record.file, line: record.lines[d], field: "within_tolerance",
                                     message: "expected \(within[i]), \(stale), found \(record.within[d]): \(advice)")
                }
            }
            statistics = record.residuals
            within = record.within
        }
        let distances = statistics.map { distance(residuals: $0) }
        let kept = max(1, Int((accept * Double(draws)).rounded()))
        let order = distances.indices.sorted { (distances[$0], $0) < (distances[$1], $1) }
        let accepted = Array(order.prefix(kept)).sorted()
        var sample = ABCSample(draws: values, distances: distances, statistics: statistics, withinTolerance: within,
                               accepted: accepted, values: accepted.map { values[$0] },
                               weights: Array(repeating: 1 / Double(accepted.count), count: accepted.count), adjusted: false)
        sample.adjustmentRequested = adjust
        if adjust { try self.adjust(&sample) }
        return sample
    }

    /// Beaumont's regression adjustment of `sample`'s accepted draws (see
    /// ``abc(draws:accept:designSeed:jobs:adjust:progress:)``), on projected summaries: left as plain
    /// rejection when there are too few draws to fit the projection, or too few accepted draws
    /// of positive weight to fit the adjustment.
    func adjust(_ sample: inout ABCSample) throws {
        // Targets whose residual changes sign over the draws: the others are out of reach.
        let reachable = fittedTargets.indices.filter { j in
            let r = sample.statistics.map { $0[j] }
            return (r.min() ?? 0) <= 0 && (r.max() ?? 0) >= 0
        }
        sample.unreachable = fittedTargets.indices.filter { !reachable.contains($0) }.map { fittedTargets[$0] }
        guard !reachable.isEmpty, sample.draws.count > reachable.count + 1 else { return }
        // The projection: over every draw, each parameter (logit scale) regressed on the
        // reachable residuals; its slope part is that parameter's summary, zero at the published
        // figures.
        let statistics = sample.statistics.map { s in reachable.map { s[$0] } }
        let all = statistics.map { [1.0] + $0 }
        let ones = Array(repeating: 1.0, count: all.count)
        let slopes = try parameters.enumerated().map { k, p in
            Array(try WeightedLeastSquares.fit(all, sample.draws.map { Self.toUnbounded($0[k], p) }, weights: ones).dropFirst())
        }
        func summaries(_ s: [Double]) -> [Double] { slopes.map { b in zip(b, s).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        // The adjustment: the kept draws, weighted by the kernel of their distance.
        let epsilon = sample.epsilon
        let kernel = sample.accepted.map { d -> Double in
            epsilon > 0 ? max(0, 1 - (sample.distances[d] / epsilon) * (sample.distances[d] / epsilon)) : 1
        }
        let used = sample.accepted.indices.filter { kernel[$0] > 0 }
        guard used.count > parameters.count + 1 else { return }
        let t = sample.accepted.map { summaries(statistics[$0]) }
        let x = used.map { [1.0] + t[$0] }
        let w = used.map { kernel[$0] }
        var adjusted = sample.values
        for (k, p) in parameters.enumerated() {
            let u = used.map { Self.toUnbounded(sample.values[$0][k], p) }
            let beta = try WeightedLeastSquares.fit(x, u, weights: w)
            for (j, i) in used.enumerated() {
                let shift = zip(beta.dropFirst(), t[i]).reduce(0.0) { $0 + $1.0 * $1.1 }
                adjusted[i][k] = Self.toBounded(u[j] - shift, p)
            }
        }
        let total = kernel.reduce(0, +)
        sample.values = adjusted
        sample.weights = kernel.map { $0 / total }
        sample.adjusted = true
    }
}

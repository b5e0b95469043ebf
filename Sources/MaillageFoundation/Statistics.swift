import _MaillageGSL

/// A Monte Carlo estimate: mean over replications with a Student-t 95% confidence interval.
public struct Estimate: Sendable, Equatable {
    /// Mean of the defined values (`gsl_stats_mean`).
    public let mean: Double
    /// Sample standard deviation (`gsl_stats_sd`, n − 1 denominator); NaN when n < 2.
    public let sd: Double
    /// Lower bound of the 95% interval, mean − t(0.975, n−1) · sd / √n.
    public let low: Double
    /// Upper bound of the 95% interval.
    public let high: Double
    /// Number of replications where the metric was defined (not NaN).
    public let n: Int

    /// An estimate with given fields.
    public init(mean: Double, sd: Double, low: Double, high: Double, n: Int) {
        self.mean = mean
        self.sd = sd
        self.low = low
        self.high = high
        self.n = n
    }

    /// `numerator / X` for the estimate X of a positive quantity: a ratio of means, not a mean
    /// of ratios (which replications with few or no added jobs would bias). The interval maps
    /// X's through the decreasing function; the sd is the delta method's. When X's interval
    /// reaches zero, the upper bound is undefined.
    public func reciprocal(times numerator: Double) -> Estimate {
        guard numerator > 0, mean > 0 else { return Estimate(mean: .nan, sd: .nan, low: .nan, high: .nan, n: n) }
        return Estimate(mean: numerator / mean, sd: numerator * sd / (mean * mean),
                        low: high > 0 ? numerator / high : .nan, high: low > 0 ? numerator / low : .nan, n: n)
    }

    /// Half the interval's width.
    public var halfWidth: Double { (high - low) / 2 }

    /// Summarises `values`, ignoring NaN (a metric whose denominator was zero in a replication).
    ///
    /// With no defined value every field is NaN; with one, the interval is undefined (NaN).
    public init(values: [Double]) {
        GSL.prepare()
        let defined = values.filter { !$0.isNaN }
        n = defined.count
        guard n > 0 else {
            mean = .nan; sd = .nan; low = .nan; high = .nan
            return
        }
        let m = defined.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
        mean = m
        guard n > 1 else {
            sd = .nan; low = .nan; high = .nan
            return
        }
        let s = defined.withUnsafeBufferPointer { gsl_stats_sd_m($0.baseAddress, 1, $0.count, m) }
        sd = s
        let t = gsl_cdf_tdist_Pinv(0.975, Double(n - 1))
        let half = t * s / Double(n).squareRoot()
        low = m - half
        high = m + half
    }
}

/// Differences between two runs of the same replications.
public enum Difference {
    /// The paired estimate of mean(b − a): replication i of both runs saw the same holders
    /// (common random numbers), so the interval is the t-interval of the per-replication
    /// differences. Pairs where either value is undefined are left out.
    public static func paired(_ a: [Double], _ b: [Double]) -> Estimate {
        Estimate(values: zip(a, b).map { $0.isNaN || $1.isNaN ? .nan : $1 - $0 })
    }

    /// The probability that the mean difference `d` (an estimate from ``paired(_:_:)``) is
    /// positive, read as a one-sided Student test: P(T < mean / (sd / √n)) with n − 1 degrees of
    /// freedom. 1 or 0 when every difference has the same sign and size (sd = 0), ½ when all are 0.
    public static func probabilityPositive(_ d: Estimate) -> Double {
        guard d.n > 1, d.mean.isFinite else { return .nan }
        guard d.sd > 0 else { return d.mean > 0 ? 1 : d.mean < 0 ? 0 : 0.5 }
        return gsl_cdf_tdist_P(d.mean / (d.sd / Double(d.n).squareRoot()), Double(d.n - 1))
    }

    /// The unpaired (Welch) estimate of mean(b) − mean(a), as if the runs were independent:
    /// interval ± t(0.975, ν) · √(s²ₐ/nₐ + s²ᵦ/nᵦ) with Welch–Satterthwaite degrees of freedom ν.
    public static func unpaired(_ a: [Double], _ b: [Double]) -> Estimate {
        let ea = Estimate(values: a), eb = Estimate(values: b)
        let diff = eb.mean - ea.mean
        guard ea.n > 1, eb.n > 1 else { return Estimate(mean: diff, sd: .nan, low: .nan, high: .nan, n: min(ea.n, eb.n)) }
        let va = ea.sd * ea.sd / Double(ea.n), vb = eb.sd * eb.sd / Double(eb.n)
        let se = (va + vb).squareRoot()
        guard se > 0 else { return Estimate(mean: diff, sd: 0, low: diff, high: diff, n: min(ea.n, eb.n)) }
        let nu = (va + vb) * (va + vb) / (va * va / Double(ea.n - 1) + vb * vb / Double(eb.n - 1))
        let half = gsl_cdf_tdist_Pinv(0.975, nu) * se
        return Estimate(mean: diff, sd: se, low: diff - half, high: diff + half, n: min(ea.n, eb.n))
    }
}

/// A mean and 95% interval kept as values arrive, in constant memory (GSL's running statistics,
/// `gsl_rstat`): for runs whose replications are summarised and not kept. Undefined values
/// (NaN) are left out and counted out of n, as ``Estimate/init(values:)`` does.
public final class RunningEstimate {
    private let workspace: UnsafeMutablePointer<gsl_rstat_workspace>

    /// - Throws: ``GSLError`` when GSL cannot allocate its workspace.
    public init() throws {
        GSL.prepare()
        guard let w = gsl_rstat_alloc() else { throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating running statistics") }
        workspace = w
    }

    deinit { gsl_rstat_free(workspace) }

    /// Adds a value (NaN is left out).
    public func add(_ x: Double) {
        if !x.isNaN { gsl_rstat_add(x, workspace) }
    }

    /// The estimate so far: mean, sample standard deviation and the Student interval.
    public var estimate: Estimate {
        let n = Int(gsl_rstat_n(workspace))
        guard n > 0 else { return Estimate(mean: .nan, sd: .nan, low: .nan, high: .nan, n: 0) }
        let m = gsl_rstat_mean(workspace)
        guard n > 1 else { return Estimate(mean: m, sd: .nan, low: .nan, high: .nan, n: n) }
        let s = gsl_rstat_sd(workspace)
        let half = gsl_cdf_tdist_Pinv(0.975, Double(n - 1)) * s / Double(n).squareRoot()
        return Estimate(mean: m, sd: s, low: m - half, high: m + half, n: n)
    }
}

extension Estimate {
    /// The estimate with its interval cut to `bounds` (the mean and sd unchanged).
    public func clamped(to bounds: ClosedRange<Double>) -> Estimate {
        func clamp(_ x: Double) -> Double { x.isNaN ? x : min(bounds.upperBound, max(bounds.lowerBound, x)) }
        return Estimate(mean: mean, sd: sd, low: clamp(low), high: clamp(high), n: n)
    }
}

/// A least-squares line through points (`gsl_fit_linear`).
public struct LinearFit: Sendable, Equatable {
    public let intercept: Double
    public let slope: Double

    /// The line through (xᵢ, yᵢ).
    /// - Throws: ``GSLError`` when GSL cannot fit it (fewer than two distinct x).
    public init(x: [Double], y: [Double]) throws {
        precondition(x.count == y.count)
        GSL.prepare()
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        let status = gsl_fit_linear(x, 1, y, 1, x.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        guard status == GSL_SUCCESS, c1.isFinite else { throw GSLError(code: status == GSL_SUCCESS ? Int32(GSL_EDOM) : status, context: "fitting a line") }
        intercept = c0
        slope = c1
    }
}

/// Quantiles of a sample.
public enum Quantile {
    /// The `p` quantile of values sorted ascending, interpolated between order statistics
    /// (GSL's `gsl_stats_quantile_from_sorted_data`); NaN for no values.
    public static func ofSorted(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        // GSL interpolates (1 − f)·x + f·x, which can miss x by an ulp: a constant sample is exact.
        guard sorted[0] != sorted[sorted.count - 1] else { return sorted[0] }
        return sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }

    /// The `p` quantile of a weighted sample: the smallest value whose cumulative weight (values
    /// ascending) reaches `p` of the total; NaN for no positive weight. Weights need not sum to 1.
    public static func weighted(_ values: [Double], weights: [Double], _ p: Double) -> Double {
        let order = values.indices.filter { weights[$0] > 0 }.sorted { (values[$0], $0) < (values[$1], $1) }
        let total = order.reduce(0.0) { $0 + weights[$1] }
        guard total > 0 else { return .nan }
        var cumulative = 0.0
        for i in order {
            cumulative += weights[i]
            if cumulative >= p * total * (1 - 1e-12) { return values[i] }
        }
        return values[order[order.count - 1]]
    }
}

/// A proportion's interval.
public enum Proportion {
    /// The exact (Clopper–Pearson) 95% interval of `k` successes in `n` trials, from GSL's
    /// inverse beta distribution; (NaN, NaN) for no trials.
    public static func clopperPearson(_ k: Int, of n: Int) -> (low: Double, high: Double) {
        guard n > 0 else { return (.nan, .nan) }
        let low = k == 0 ? 0 : gsl_cdf_beta_Pinv(0.025, Double(k), Double(n - k + 1))
        let high = k == n ? 1 : gsl_cdf_beta_Pinv(0.975, Double(k + 1), Double(n - k))
        return (low, high)
    }
}

/// The Monte Carlo noise of a design's points against their spread, for a design whose points
/// each average several replications (Morris trajectories, Saltelli's design): indices computed
/// from the points' means measure the parameters only when the noise is small beside the spread.
public struct PointNoise: Sendable {
    /// The mean over the defined points of the variance of a point's mean (sd² / n); NaN when a
    /// point has one replication (its noise is unknown).
    public let noise: Double
    /// The variance of the defined points' means (n − 1 denominator).
    public let spread: Double

    /// noise / spread: NaN when fewer than two points are defined, a point's noise is unknown or
    /// the points do not vary.
    public var ratio: Double { noise.isFinite && spread > 0 ? noise / spread : .nan }

    /// The noise and spread of `estimates`, one per point (points where the metric is undefined
    /// are left out).
    public init(_ estimates: [Estimate]) {
        let defined = estimates.filter { $0.mean.isFinite }
        guard defined.count >= 2 else {
            (noise, spread) = (.nan, .nan)
            return
        }
        let means = defined.map(\.mean)
        let grand = means.reduce(0, +) / Double(means.count)
        spread = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(means.count - 1)
        noise = defined.allSatisfy({ $0.n > 1 && $0.sd.isFinite })
            ? defined.reduce(0) { $0 + $1.sd * $1.sd / Double($1.n) } / Double(defined.count) : .nan
    }
}

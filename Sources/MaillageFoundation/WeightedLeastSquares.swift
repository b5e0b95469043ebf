import _MaillageGSL

/// Weighted linear least squares (`gsl_multifit_wlinear`): the coefficients c that minimise
/// Σᵢ wᵢ (yᵢ − xᵢ·c)². GSL solves it through a singular value decomposition, so columns that
/// are (nearly) collinear get the minimum-norm solution instead of an error.
public enum WeightedLeastSquares {
    /// Fits `y` on the rows of `x` (each row one observation, the caller adds the intercept's
    /// column of ones if it wants one) with weights `weights`.
    /// - Throws: ``GSLError`` when the shapes disagree, there are fewer observations than
    ///   coefficients, or GSL fails.
    public static func fit(_ x: [[Double]], _ y: [Double], weights: [Double]) throws -> [Double] {
        try solve(x, y, weights: weights).coefficients
    }

    /// The coefficients and (XᵀWX)⁻¹.
    static func solve(_ x: [[Double]], _ y: [Double], weights: [Double]) throws -> (coefficients: [Double], inverse: [[Double]]) {
        GSL.prepare()
        let n = x.count, p = x.first?.count ?? 0
        guard n == y.count, n == weights.count, p > 0, n >= p, x.allSatisfy({ $0.count == p }) else {
            throw GSLError(code: Int32(GSL_EBADLEN), context: "fitting \(p) coefficients on \(n) weighted observations")
        }
        guard let X = gsl_matrix_alloc(n, p), let w = gsl_vector_alloc(n), let yv = gsl_vector_alloc(n),
              let c = gsl_vector_alloc(p), let cov = gsl_matrix_alloc(p, p), let work = gsl_multifit_linear_alloc(n, p) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a weighted least-squares fit")
        }
        defer {
            gsl_matrix_free(X); gsl_vector_free(w); gsl_vector_free(yv)
            gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work)
        }
        for i in 0..<n {
            for j in 0..<p { gsl_matrix_set(X, i, j, x[i][j]) }
            gsl_vector_set(w, i, weights[i])
            gsl_vector_set(yv, i, y[i])
        }
        var chisq = 0.0
        let status = gsl_multifit_wlinear(X, w, yv, c, cov, &chisq, work)
        guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "fitting a weighted least-squares regression") }
        return ((0..<p).map { gsl_vector_get(c, $0) }, (0..<p).map { i in (0..<p).map { gsl_matrix_get(cov, i, $0) } })
    }

    /// An ordinary least-squares fit with standard errors that do not assume equal variances.
    public struct Fit: Sendable, Equatable {
        public var coefficients: [Double]
        /// White's heteroskedasticity-consistent standard errors with the n / (n − p) correction
        /// (HC1): √diag(B M B · n / (n − p)), B = (XᵀX)⁻¹, M = Σᵢ eᵢ² xᵢ xᵢᵀ.
        public var standardErrors: [Double]
        /// 95% intervals, coefficient ± t(0.975, n − p) · standard error.
        public var low: [Double]
        public var high: [Double]
        /// Share of y's variance around its mean that the fit explains.
        public var rSquared: Double
        public var observations: Int
    }

    /// Fits `y` on the rows of `x` by ordinary least squares (the caller adds the intercept's
    /// column), with HC1 standard errors: observations whose noise differs in size (territories of
    /// different populations, each estimated from its own replications) do not make the
    /// intervals too narrow.
    /// - Throws: ``GSLError`` when the shapes disagree, there are no more observations than
    ///   coefficients, or GSL fails.
    public static func ordinary(_ x: [[Double]], _ y: [Double]) throws -> Fit {
        let n = x.count, p = x.first?.count ?? 0
        guard n > p else { throw GSLError(code: Int32(GSL_EBADLEN), context: "fitting \(p) coefficients on \(n) observations: more observations are needed") }
        let (c, b) = try solve(x, y, weights: Array(repeating: 1, count: n))
        let residuals = (0..<n).map { i in y[i] - (0..<p).reduce(0) { $0 + x[i][$1] * c[$1] } }
        var meat = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        for i in 0..<n {
            let e2 = residuals[i] * residuals[i]
            for j in 0..<p { for k in 0..<p { meat[j][k] += e2 * x[i][j] * x[i][k] } }
        }
        func times(_ a: [[Double]], _ m: [[Double]]) -> [[Double]] {
            (0..<p).map { i in (0..<p).map { j in (0..<p).reduce(0) { $0 + a[i][$1] * m[$1][j] } } }
        }
        let v = times(times(b, meat), b)
        let scale = Double(n) / Double(n - p)
        let errors = (0..<p).map { (max(v[$0][$0], 0) * scale).squareRoot() }
        let t = gsl_cdf_tdist_Pinv(0.975, Double(n - p))
        let mean = y.reduce(0, +) / Double(n)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }, unexplained = residuals.reduce(0) { $0 + $1 * $1 }
        return Fit(coefficients: c, standardErrors: errors, low: (0..<p).map { c[$0] - t * errors[$0] }, high: (0..<p).map { c[$0] + t * errors[$0] },
                   rSquared: total > 0 ? 1 - unexplained / total : .nan, observations: n)
    }
}

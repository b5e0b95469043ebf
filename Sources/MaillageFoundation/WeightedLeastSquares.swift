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
        return (0..<p).map { gsl_vector_get(c, $0) }
    }
}

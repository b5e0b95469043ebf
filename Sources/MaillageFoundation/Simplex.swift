import _MaillageGSL

/// Minimises a function of n real variables with GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`).
public enum Simplex {
    /// The outcome of a minimisation.
    public struct Result: Sendable {
        /// Where the smallest value was found.
        public var x: [Double]
        /// The value there.
        public var value: Double
        public var iterations: Int
        /// Whether the simplex shrank below the size tolerance before the iteration cap.
        public var converged: Bool
    }

    /// Minimises `f` from `start`, with initial steps `steps`, until the simplex's size is under
    /// `tolerance` or after `maxIterations`. `progress(iteration, best value)` hears of each step.
    /// An error thrown by `f` stops the search at the next iteration and is rethrown.
    /// - Throws: ``GSLError`` if GSL fails, or what `f` threw.
    public static func minimise(start: [Double], steps: [Double], tolerance: Double, maxIterations: Int,
                                progress: (Int, Double) -> Void = { _, _ in },
                                _ f: @escaping ([Double]) throws -> Double) throws -> Result {
        GSL.prepare()
        let n = start.count
        precondition(n > 0 && steps.count == n)
        let context = Context(f: f, n: n)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        guard let minimiser = maillage_nmsimplex2_alloc(n), let x0 = gsl_vector_alloc(n), let s0 = gsl_vector_alloc(n) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating the simplex minimiser")
        }
        defer { gsl_multimin_fminimizer_free(minimiser); gsl_vector_free(x0); gsl_vector_free(s0) }
        for i in 0..<n {
            gsl_vector_set(x0, i, start[i])
            gsl_vector_set(s0, i, steps[i])
        }
        var function = gsl_multimin_function(
            f: { u, params in
                let context = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
                return context.value(at: (0..<context.n).map { gsl_vector_get(u, $0) })
            },
            n: n, params: unmanaged.toOpaque())
        var status = gsl_multimin_fminimizer_set(minimiser, &function, x0, s0)
        if let error = context.error { throw error }
        guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "starting the simplex") }
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            iteration += 1
            status = gsl_multimin_fminimizer_iterate(minimiser)
            if let error = context.error { throw error }
            guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "iterating the simplex") }
            progress(iteration, minimiser.pointee.fval)
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimiser), tolerance) == GSL_SUCCESS {
                converged = true
                break
            }
        }
        let best = gsl_multimin_fminimizer_x(minimiser)!
        return Result(x: (0..<n).map { gsl_vector_get(best, $0) }, value: minimiser.pointee.fval, iterations: iteration, converged: converged)
    }

    /// What the C callback needs; an error is kept and reported after the iteration.
    private final class Context {
        let f: ([Double]) throws -> Double
        let n: Int
        var error: (any Error)?

        init(f: @escaping ([Double]) throws -> Double, n: Int) {
            self.f = f
            self.n = n
        }

        func value(at x: [Double]) -> Double {
            guard error == nil else { return .infinity }
            do { return try f(x) } catch {
                self.error = error
                return .infinity
            }
        }
    }
}

import Foundation
import _MaillageGSL

/// A prior distribution of one parameter, drawn by its quantile function so that a stratified or
/// quasi-random design in [0, 1) becomes a design of the parameter.
public enum ParameterDistribution: Sendable, Equatable {
    /// Uniform on [low, high]; low = high is a point.
    case uniform(low: Double, high: Double)
    /// Triangular on [low, high] with its mode between them.
    case triangular(low: Double, mode: Double, high: Double)
    /// Beta(alpha, beta) rescaled to [low, high].
    case beta(alpha: Double, beta: Double, low: Double, high: Double)
    /// Log-normal whose 2.5% and 97.5% quantiles are `low` and `high` (both positive).
    case lognormal(low: Double, high: Double)

    /// The value with cumulative probability `u` in [0, 1] (GSL's inverse distribution functions).
    public func quantile(_ u: Double) -> Double {
        let u = min(max(u, 0), 1)
        switch self {
        case .uniform(let a, let b):
            return a + (b - a) * u
        case .triangular(let a, let c, let b):
            guard b > a else { return a }
            let f = (c - a) / (b - a)
            return u < f ? a + ((b - a) * (c - a) * u).squareRoot() : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .beta(let alpha, let beta, let a, let b):
            return a + (b - a) * gsl_cdf_beta_Pinv(u, alpha, beta)
        case .lognormal(let a, let b):
            let (mu, sigma) = Self.lognormalParameters(low: a, high: b)
            guard sigma > 0 else { return a }
            // The extreme quantiles are infinite: stay within the 1e-9 and 1 − 1e-9 ones.
            return gsl_cdf_lognormal_Pinv(min(max(u, 1e-9), 1 - 1e-9), mu, sigma)
        }
    }

    /// The distribution's mean.
    public var mean: Double {
        switch self {
        case .uniform(let a, let b): return (a + b) / 2
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .beta(let alpha, let beta, let a, let b): return a + (b - a) * alpha / (alpha + beta)
        case .lognormal(let a, let b):
            let (mu, sigma) = Self.lognormalParameters(low: a, high: b)
            return exp(mu + sigma * sigma / 2)
        }
    }

    /// The smallest and largest values it takes (for a log-normal, its 1e-9 quantiles).
    public var support: ClosedRange<Double> {
        switch self {
        case .uniform(let a, let b), .triangular(let a, _, let b), .beta(_, _, let a, let b): return a...b
        case .lognormal: return quantile(0)...quantile(1)
        }
    }

    static func lognormalParameters(low: Double, high: Double) -> (mu: Double, sigma: Double) {
        let z = gsl_cdf_ugaussian_Pinv(0.975)
        return ((log(low) + log(high)) / 2, (log(high) - log(low)) / (2 * z))
    }
}

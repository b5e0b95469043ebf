import Foundation
import Testing
@testable import MaillageFoundation
import MaillageTestSupport

@Suite("Statistics")
struct StatisticsTests {
    @Test("the interval is mean ± t(0.975, n−1) · sd / √n")
    func studentInterval() {
        // 1…5: mean 3, sd √2.5, t(0.975, 4) = 2.776445105.
        let e = Estimate(values: [1, 2, 3, 4, 5])
        #expect(e.mean == 3)
        #expect(abs(e.sd - 2.5.squareRoot()) < 1e-12)
        #expect(abs(e.high - (3 + 2.776445105 * 2.5.squareRoot() / 5.0.squareRoot())) < 1e-8)
        #expect(e.n == 5)
    }

    @Test("undefined values are left out and counted out of n")
    func undefinedValues() {
        let e = Estimate(values: [.nan, 2, 4, .nan])
        #expect(e.n == 2 && e.mean == 3)
        let none = Estimate(values: [.nan])
        #expect(none.n == 0 && none.mean.isNaN)
        let one = Estimate(values: [7])
        #expect(one.mean == 7 && one.low.isNaN)
    }

    @Test("a copied alias table draws what gsl_ran_discrete draws from the same uniform, whatever the weights")
    func copiedAliasTable() throws {
        let weights: [[Double]] = [[1], [3, 1], [0, 2, 0, 5], [1, 1, 1, 1, 1, 1, 1], (1...40).map { Double($0 * $0 % 17) }]
        var entries: [AliasEntry] = [], spans: [AliasSpan] = [], tables: [DiscreteDistribution] = []
        for w in weights {
            let table = try DiscreteDistribution(weights: w)
            spans.append(AliasSpan(start: entries.count, count: w.count))
            // Category c stands for 100 + c: the copy gives values, not indices.
            entries += table.aliasEntries(standingFor: ArraySlice((0..<Int32(w.count)).map { 100 + $0 }))
            tables.append(table)
        }
        // Two streams with one seed: one gives the uniform, the other draws through GSL.
        let uniforms = try RandomStream(seed: 42), gsl = try RandomStream(seed: 42)
        entries.withUnsafeBufferPointer { copied in
            for k in 0..<20_000 {
                let t = k % weights.count
                let drawn = copied.draw(spans[t], uniforms.uniform())
                #expect(Int(drawn) - 100 == gsl.index(from: tables[t]))
                #expect(weights[t][Int(drawn) - 100] > 0)
            }
        }
    }

    @Test("a Poisson draw with its exponential given draws what gsl_ran_poisson draws, from the same uniforms, whatever the mean")
    func poissonWithCachedExponential() throws {
        // Small means (GSL's product of uniforms), the boundary at 10, larger ones (GSL itself), and none.
        let means = [1e-4, 0.003, 0.05, 0.3, 1, 3.7, 9.99, 10, 10.000001, 14.5, 60, 0, -1]
        let cached = try RandomStream(seed: 7), gsl = try RandomStream(seed: 7)
        var total = 0
        for k in 0..<26_000 {
            let mu = means[k % means.count]
            let drawn = cached.poisson(mu, expMinusMu: exp(-mu))
            #expect(drawn == gsl.poisson(mu), "mean \(mu), draw \(k)")
            total += drawn
        }
        // The streams stayed in step: the same uniforms were used.
        #expect(cached.uniform() == gsl.uniform())
        #expect(total > 0)
    }

    @Test("GSL rejects bad weights with an error instead of aborting")
    func gslErrorsAreSwiftErrors() {
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [0, 0]) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, -1]) }
    }

    @Test("weighted least squares recovers an exact line, follows the weights, and refuses too few observations")
    func weightedLeastSquares() throws {
        let x = (0..<6).map { [1.0, Double($0)] }
        let exact = try WeightedLeastSquares.fit(x, x.map { 1 + 2 * $0[1] }, weights: [1, 2, 3, 1, 2, 3])
        #expect(abs(exact[0] - 1) < 1e-12 && abs(exact[1] - 2) < 1e-12, "\(exact)")
        // Two groups of points on two lines: the heavier group wins as its weight grows.
        let y = x.map { $0[1] < 3 ? 10 - $0[1] : 1 + 2 * $0[1] }
        let heavy = try WeightedLeastSquares.fit(x, y, weights: [1e-9, 1e-9, 1e-9, 1, 1, 1])
        #expect(abs(heavy[1] - 2) < 1e-6, "\(heavy)")
        #expect(throws: GSLError.self) { try WeightedLeastSquares.fit([[1, 2, 3]], [1], weights: [1]) }
        #expect(throws: GSLError.self) { try WeightedLeastSquares.fit(x, [1], weights: [1]) }
    }

    @Test("a weighted quantile is the smallest value whose cumulative weight reaches it")
    func weightedQuantile() {
        let values = [3.0, 1, 2, 4]
        #expect(Quantile.weighted(values, weights: [1, 1, 1, 1], 0.5) == 2)
        #expect(Quantile.weighted(values, weights: [0, 1, 0, 3], 0.5) == 4)
        #expect(Quantile.weighted(values, weights: [0, 1, 0, 3], 0.25) == 1)
        #expect(Quantile.weighted(values, weights: [5, 0, 0, 0], 0.9) == 3)
        #expect(Quantile.weighted(values, weights: [0, 0, 0, 0], 0.5).isNaN)
    }

    @Test("ordinary least squares: the slope, its HC1 standard error and R² are the closed forms of a simple regression")
    func ordinaryLeastSquares() throws {
        let xs = [1.0, 2, 3, 4, 5, 6, 7], ys = [2.1, 3.9, 6.2, 7.8, 10.1, 12.3, 13.2]
        let fit = try WeightedLeastSquares.ordinary(xs.map { [1, $0] }, ys)
        let n = Double(xs.count), mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx, intercept = my - slope * mx
        let e = zip(xs, ys).map { $1 - intercept - slope * $0 }
        // White's variance of the slope, (Σ (xᵢ − x̄)² eᵢ²) / Sxx², times n / (n − 2).
        let hc1 = (zip(xs, e).reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) * $1.1 * $1.1 } / (sxx * sxx) * n / (n - 2)).squareRoot()
        #expect(abs(fit.coefficients[1] - slope) < 1e-12 && abs(fit.coefficients[0] - intercept) < 1e-12)
        #expect(abs(fit.standardErrors[1] - hc1) < 1e-12)
        let t = 2.570581835636314 // t(0.975, 5)
        #expect(abs(fit.high[1] - (slope + t * hc1)) < 1e-9 && abs(fit.low[1] - (slope - t * hc1)) < 1e-9)
        let sst = ys.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        #expect(abs(fit.rSquared - (1 - e.reduce(0) { $0 + $1 * $1 } / sst)) < 1e-12)
        #expect(fit.observations == 7)
        // As many observations as coefficients: no interval, an error rather than a crash.
        #expect(throws: GSLError.self) { try WeightedLeastSquares.ordinary([[1, 1], [1, 2]], [1, 2]) }
    }

}

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

    @Test("GSL rejects bad weights with an error instead of aborting")
    func gslErrorsAreSwiftErrors() {
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [0, 0]) }
        #expect(throws: GSLError.self) { try DiscreteDistribution(weights: [1, -1]) }
    }
}

import Foundation
import Testing
@testable import MaillageFoundation

/// The fast fixed-point text against the C library's, on the values the maps write and on the
/// hard cases: exact ties, values one ulp either side of a tie, negative zero, large numbers.
@Suite("Fixed-point numbers as printf writes them")
struct FixedDecimalTests {
    func check(_ x: Double, _ decimals: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let expected = String(format: "%.\(decimals)f", x), found = FixedDecimal.text(x, decimals: decimals)
        #expect(found == expected, "\(x) with \(decimals) decimals", sourceLocation: sourceLocation)
        return found == expected
    }

    @Test("hand-picked cases: ties to even, decimal ties that are not binary ties, signs, zero, extremes")
    func cases() {
        let values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 2.5, 3.5, -2.5, 1.005, 2.675, 0.125, 0.375, -0.04, -0.05, 1e-300, -1e-300,
                                999.95, 9.95, 99.95, 123456.789, 4.5e15, 1e16, -1e22, .infinity, -.infinity, .nan, .ulpOfOne, 0.1 + 0.2,
                                Double.leastNonzeroMagnitude, 4_503_599_627_370_495.5]
        for x in values {
            for d in 0...9 { _ = check(x, d) }
        }
    }

    @Test("two million values: map coordinates, degrees, every tie k/2·10⁻ᴺ and its neighbours")
    func many() throws {
        let g = try RandomStream(seed: 20261206)
        var failures = 0
        for k in 0..<200_000 {
            // Ties at one and three decimals, and a step either side of them.
            let tie1 = (Double(k) + 0.5) / 10, tie3 = (Double(k) + 0.5) / 1000
            for x in [tie1, tie1.nextUp, tie1.nextDown, tie3, tie3.nextUp, tie3.nextDown, -tie1] where !check(x, k % 2 == 0 ? 1 : 3) {
                failures += 1
            }
            // Coordinates in an SVG (0–2,000 px), longitudes and latitudes, km.
            let px = g.uniform(0, 2_000), degrees = g.uniform(-180, 180)
            if !check(px, 1) { failures += 1 }
            if !check(degrees, 6) { failures += 1 }
            if !check(g.uniform(-1e6, 1e6), k % 10) { failures += 1 }
            if failures > 10 { break }
        }
        #expect(failures == 0)
    }

    @Test("%.10g through the C library equals Foundation's: hand-picked values and a million across every magnitude, with ties at ten digits")
    func general() throws {
        func same(_ x: Double) -> Bool { GeneralNumber.text(x) == String(format: "%.10g", x) }
        let values: [Double] = [0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 1e-5, 1e-4, 1e15, 1e16, 1e21, 123456789.05, 1234567890.5, 12345678905,
                                .infinity, -.infinity, .nan, .ulpOfOne, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, 0.5, 2.5, 99999.999995, 9999999999.5]
        for x in values { #expect(same(x), "\(x)") }
        let g = try RandomStream(seed: 20261206)
        var failures = 0
        for k in 0..<250_000 where failures <= 10 {
            // Any magnitude, a plain fraction, and a tie at the tenth significant digit with its neighbours.
            let any = (g.uniform() - 0.5) * pow(10, g.uniform(-320, 310))
            let share = g.uniform(), tie = (Double(k) + 0.5) * 1e-10
            for x in [any, share, tie, tie.nextUp, tie.nextDown] where !same(x) {
                failures += 1
                Issue.record("\(x): \(GeneralNumber.text(x)) against \(String(format: "%.10g", x))")
            }
        }
        #expect(failures == 0)
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The synthetic territories against the real ones they stand for (MODEL.md, section 6).
@Suite("Synthetic against real territories")
struct SyntheticVersusRealTests {
    struct Facts {
        var population: Double
        var area: Double
        var communes: Double
        var communePopulations: [Double]
        var density: Double { population / area }
    }

    func facts(_ path: String) throws -> Facts {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent(path).path)
        let t = try scenario.world().territory
        let communes = t.communePopulations
        var count = Double(communes.count)
        // A territory of the national files: the synthetic territories keep the communes of the
        // study's time, before the mergers, so they are counted as the 2018 polygons that make it.
        if case .real(let spec) = scenario.territory, spec.france != nil {
            let data = try FranceData(folder: spec.franceData)
            let zones = Set(t.zones.map(\.code))
            let departements = Set(zones.map(FranceData.departement(of:)))
            count = Double(try departements.reduce(0) { n, d in
                n + (try CommuneGeometry.read(try data.geometryFile(d))).filter { zones.contains(data.resolve($0.code)) }.count
            })
        }
        return Facts(population: Double(t.population), area: t.areaKm2, communes: count,
                     communePopulations: communes.values.filter { $0 > 0 }.map(Double.init))
    }

    /// The two-sample Kolmogorov–Smirnov statistic of log populations.
    func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        let la = a.map { log10($0) }.sorted(), lb = b.map { log10($0) }.sorted()
        func cdf(_ xs: [Double], _ x: Double) -> Double { Double(xs.filter { $0 <= x }.count) / Double(xs.count) }
        return (la + lb).map { abs(cdf(la, $0) - cdf(lb, $0)) }.max() ?? 0
    }

    @Test("population, area, density and commune count within 5%; commune populations alike (KS test at 5%)",
          arguments: ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"])
    func matches(name: String) throws {
        let synthetic = try facts("Scenarios/\(name).yaml"), real = try facts("Scenarios/real/\(name).yaml")
        func within5(_ a: Double, _ b: Double) -> Bool { abs(a - b) / b <= 0.05 }
        #expect(within5(synthetic.population, real.population), "population \(synthetic.population) vs \(real.population)")
        #expect(within5(synthetic.area, real.area), "area \(synthetic.area) vs \(real.area)")
        #expect(within5(synthetic.density, real.density), "density \(synthetic.density) vs \(real.density)")
        #expect(within5(synthetic.communes, real.communes), "communes \(synthetic.communes) vs \(real.communes)")
        let n = Double(synthetic.communePopulations.count), m = Double(real.communePopulations.count)
        let critical = 1.358 * ((n + m) / (n * m)).squareRoot()
        let d = ksDistance(synthetic.communePopulations, real.communePopulations)
        #expect(d < critical, "KS distance \(d) against the 5% critical value \(critical)")
    }
}

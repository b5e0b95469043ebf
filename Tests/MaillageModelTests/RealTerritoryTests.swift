import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// Importing the study's territories from Scenarios/data.
@Suite("Real territories")
struct RealTerritoryTests {
    static let data = packageRoot.appendingPathComponent("Scenarios/data")

    func spec(_ geometry: [String], _ selection: RealTerritorySpec.Selection) -> RealTerritorySpec {
        var s = RealTerritorySpec()
        s.geometry = geometry.map { Self.data.appendingPathComponent("geo/communes-\($0).geojson").path }
        s.populations = Self.data.appendingPathComponent("insee/donnees_communes.csv").path
        s.cog = Self.data.appendingPathComponent("insee/communes.csv").path
        s.selection = selection
        return s
    }

    /// PMUN summed over the population rows whose code satisfies `selected`, read independently.
    func inseeTotal(_ selected: (String, String) -> Bool) throws -> Int {
        let text = try String(contentsOf: Self.data.appendingPathComponent("insee/donnees_communes.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().reduce(0) { sum, line in
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            return selected(f[6], f[2]) ? sum + Int(f[8].trimmingCharacters(in: .whitespacesAndNewlines))! : sum
        }
    }

    @Test("Métropole de Lyon: Lyon's arrondissements are aggregated into Lyon and no inhabitant is lost")
    func lyon() throws {
        let imported = try spec(["69-rhone"], .collectivity("69M")).load()
        let t = imported.territory
        let lyon = try #require(t.zones.first { $0.code == "69123" })
        #expect(lyon.population == (try inseeTotal { code, _ in code.hasPrefix("6938") }))
        #expect(imported.report.aggregated.count == 9)
        #expect(imported.report.unplaced.isEmpty)
        #expect(t.population == imported.report.selectedPopulation)
        #expect(t.zones.count == 58)
        #expect(abs(t.areaKm2 - 534) / 534 < 0.05, "area \(t.areaKm2)")
    }

    @Test("ex-Franche-Comté: the population is the sum of the selected INSEE rows; merged communes are reported")
    func francheComte() throws {
        let imported = try spec(["25-doubs", "39-jura", "70-haute-saone", "90-territoire-de-belfort"], .departments(["25", "39", "70", "90"])).load()
        let expected = try inseeTotal { _, dep in ["25", "39", "70", "90"].contains(dep) }
        #expect(imported.territory.population == expected)
        #expect(imported.report.selectedPopulation == expected)
        // Polygons of 2018 for communes merged since: reported, kept with no population.
        #expect(imported.report.polygonsWithoutPopulation.count == 34)
        #expect(imported.report.polygonsWithoutPopulation.contains { $0.hasPrefix("90073") })
        #expect(imported.territory.zones.filter { $0.population == 0 }.count == 34)
        // MultiPolygons contribute all their parts.
        #expect(abs(imported.territory.areaKm2 - 16_202) / 16_202 < 0.05, "area \(imported.territory.areaKm2)")
    }

    @Test("Rhône: a commune renumbered after a merger is matched by name and reported")
    func renumbered() throws {
        let imported = try spec(["69-rhone"], .departments(["69"])).load()
        #expect(imported.report.matchedByName.contains { $0.hasPrefix("69114 → 69159") })
        #expect(imported.report.unplaced.isEmpty)
        #expect(imported.territory.population == (try inseeTotal { _, dep in dep == "69" }))
    }

    @Test("Seine-Saint-Denis: 40 polygons for 39 communes, the merged one reported")
    func seineSaintDenis() throws {
        let imported = try spec(["93-seine-saint-denis"], .departments(["93"])).load()
        #expect(imported.territory.zones.count == 40)
        #expect(imported.report.polygonsWithoutPopulation == ["93059 Pierrefitte-sur-Seine"])
        #expect(imported.territory.population == (try inseeTotal { _, dep in dep == "93" }))
    }

    @Test("a zone's point is its polygon's area centroid")
    func centroid() {
        // A 2 × 2 square with a 1 × 1 hole in its upper right corner: area 3, centroid (5/6, 5/6).
        let square: Ring = [(0, 0), (2, 0), (2, 2), (0, 2)], hole: Ring = [(1, 1), (2, 1), (2, 2), (1, 2)]
        let (area, x, y) = PlanarGeometry.areaAndCentroid([Polygon(rings: [square, hole])])
        #expect(abs(area - 3) < 1e-12 && abs(x - 5.0 / 6) < 1e-12 && abs(y - 5.0 / 6) < 1e-12)
    }

    @Test("a structure given by longitude and latitude lands in the commune that contains it, or is refused outside")
    func structureByCoordinates() throws {
        let folder = try temporaryFolder()
        func scenario(_ rows: String) throws -> Scenario {
            try "name,ecosystem,stages,capacity_per_year,lon,lat\n\(rows)".write(to: folder.appendingPathComponent("s.csv"), atomically: true, encoding: .utf8)
            try """
            name: x
            territory: {generator: real, geometry: [\(Self.data.path)/geo/communes-93-seine-saint-denis.geojson], populations: \(Self.data.path)/insee/donnees_communes.csv, select: {departments: ["93"]}}
            structures: {csv: s.csv}

            """.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
            return try ScenarioLoader.load(folder.appendingPathComponent("s.yaml").path)
        }
        // The Basilica of Saint-Denis stands in Saint-Denis (93066).
        let world = try scenario("Basilique,classic,creation,10,2.3595,48.9355\n").world()
        #expect(world.structures.map(\.zoneCode) == ["93066"])
        // Notre-Dame de Paris is outside Seine-Saint-Denis.
        #expect { try scenario("Notre-Dame,classic,creation,10,2.3499,48.8530\n").world() } throws: {
            "\($0)".contains("s.csv:2") && "\($0)".contains("outside")
        }
    }

}

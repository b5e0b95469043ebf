import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
import MaillageTestSupport

/// Territories of the national files (Scenarios/data/france): the 2018 polygons carried to the
/// communes of 2025, the populations, and the ways of naming a territory.
@Suite("French territories from the national files")
struct FranceTerritoryTests {
    static let folder = packageRoot.appendingPathComponent("Scenarios/data/france").path

    func load(_ selection: FranceSelection) throws -> ImportedTerritory {
        var spec = RealTerritorySpec()
        spec.france = selection
        spec.franceData = Self.folder
        return try spec.load()
    }

    /// The rows of one of the national tables, split on `separator`, read independently of the importer.
    func rows(_ file: String, _ separator: Character) throws -> [[String]] {
        let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("Metropolitan France: every commune of 2025 is a zone but the 7 re-established ones (reported), and the population is INSEE's, 66,165,815")
    func metropolitanFrance() throws {
        let cog = try rows("insee/communes.csv", ",")
        let departements = Set(cog.filter { $0[0] == "COM" && !$0[3].hasPrefix("97") }.map { $0[3] }).sorted()
        #expect(departements.count == 96)
        let imported = try load(FranceSelection(departements: departements))
        let t = imported.territory
        let expected = try rows("insee/donnees_communes.csv", ";").filter { !$0[2].hasPrefix("97") }.reduce(0) { $0 + Int($1[8])! }
        #expect(expected == 66_165_815)
        #expect(t.population == expected)
        #expect(imported.report.selectedPopulation == expected)
        let communes = cog.filter { $0[0] == "COM" && !$0[3].hasPrefix("97") }.count
        #expect(imported.report.reestablished.count == 7)
        #expect(t.zones.count == communes - 7)
        // The units networks are placed by: every zone has its arrondissement (communes created since
        // the zonings' 2022 geography through the events), and the 96 préfectures are flagged.
        #expect(t.zones.allSatisfy { $0.arrondissement != nil && $0.departement != nil })
        let seats = t.zones.filter(\.isPrefecture)
        #expect(seats.count == 96 && Set(seats.map(\.departement!)).count == 96, "one préfecture in each département")
        #expect(imported.report.unplaced.isEmpty)
        #expect(imported.report.polygonsWithoutPopulation.isEmpty)
        // Paris, Lyon and Marseille: one zone each, holding their arrondissements.
        for (city, prefix) in [("75056", "751"), ("69123", "6938"), ("13055", "132")] {
            let zone = try #require(t.zones.first { $0.code == city })
            let arrondissements = try rows("insee/donnees_communes.csv", ";").filter { $0[6].hasPrefix(prefix) && $0[6] != city }
            #expect(zone.population == arrondissements.reduce(0) { $0 + Int($1[8])! })
            #expect(!t.zones.contains { $0.code.hasPrefix(prefix) && $0.code != city })
        }
        #expect(imported.report.dissolved.count > 250)
    }

    @Test("A commune merged since 2018 is the union of its former communes' polygons: its area is the sum of theirs")
    func mergedCommune() throws {
        let imported = try load(FranceSelection(departements: ["79"]))
        let data = try FranceData(folder: Self.folder)
        let features = try CommuneGeometry.read(try data.geometryFile("79"))
        let merged = try #require(imported.report.dissolved.first).split(separator: " ")[0]
        let parts = features.filter { data.resolve($0.code) == merged }
        #expect(parts.count > 1)
        let project = imported.projection
        let expected = parts.reduce(0.0) { sum, g in
            sum + PlanarGeometry.areaAndCentroid(g.polygons.map { Polygon(rings: $0.rings.map { $0.map { project.project(longitude: $0.x, latitude: $0.y) } }) }).area
        }
        let outline = try #require(imported.outlines.first { $0.code == merged })
        #expect(abs(PlanarGeometry.areaAndCentroid(outline.polygons).area - expected) <= 1e-9 * expected)
        // The zone count is the département's communes of 2025.
        let communes = try rows("insee/communes.csv", ",").filter { $0[0] == "COM" && $0[3] == "79" }.count
        #expect(imported.territory.zones.count == communes)
        #expect(features.count > communes)
    }

    @Test("Overseas and Corsica: Mayotte's own population file, 2A and 2B, kinds from the density grid")
    func overseasAndCorsica() throws {
        let mayotte = try load(FranceSelection(departements: ["976"]))
        let expected = try rows("insee/donnees_communes_mayotte.csv", ";").reduce(0) { $0 + Int($1[7])! }
        #expect(mayotte.territory.zones.count == 17)
        #expect(mayotte.territory.population == expected)
        let corsica = try load(FranceSelection(departements: ["2A", "2B"]))
        #expect(corsica.territory.zones.contains { $0.code == "2A004" })
        #expect(corsica.territory.zones.allSatisfy { $0.code.hasPrefix("2A") || $0.code.hasPrefix("2B") })
        // Ajaccio is a "centre urbain intermédiaire" (level 2 of the grid).
        let density = try FranceData(folder: Self.folder).densityLevels()
        #expect(density["2A004"] == 2)
        #expect(corsica.territory.zones.first { $0.code == "2A004" }?.kind == .urban)
        for zone in corsica.territory.zones { #expect(zone.kind == (density[zone.code]! >= 5 ? .rural : .urban)) }
    }

    @Test("A territory named by région, by département, by EPCI's SIREN or name: the same communes")
    func namings() throws {
        let region = try load(FranceSelection(regions: ["53"]))
        let departements = try load(FranceSelection(departements: ["22", "29", "35", "56"]))
        #expect(region.territory.zones.map(\.code) == departements.territory.zones.map(\.code))
        #expect(region.territory.population == departements.territory.population)
        let members = Set(try rows("epci.csv", ",").filter { $0[1] == "200068120" }.map { $0[9] })
        #expect(members.count == 14)
        for name in ["200068120", "CA Quimper Bretagne Occidentale", "quimper bretagne occidentale"] {
            let quimper = try load(FranceSelection(epci: [name]))
            #expect(Set(quimper.territory.zones.map(\.code)) == members, "\(name)")
        }
        // A list of communes; an arrondissement stands for its city.
        let two = try load(FranceSelection(communes: ["29232", "75101"]))
        #expect(two.territory.zones.map(\.code) == ["29232", "75056"])
    }

    @Test("A code or name that names nothing is an error naming the field")
    func badNames() throws {
        let cases: [(FranceSelection, String)] = [
            (FranceSelection(departements: ["99"]), "territory.france.departements[0]"),
            (FranceSelection(regions: ["53", "00"]), "territory.france.regions[1]"),
            (FranceSelection(epci: ["Nowhere at all"]), "territory.france.epci[0]"),
            (FranceSelection(communes: ["29999"]), "territory.france.communes[0]"),
        ]
        for (selection, field) in cases {
            #expect { try load(selection) } throws: { ($0 as? InputError)?.field == field }
        }
    }

    @Test("A scenario names its territory as written in the issue: {france: {departements: [\"29\", \"56\"]}}")
    func scenarioForm() throws {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/france/finistere-morbihan.yaml").path)
        guard case .real(let spec) = scenario.territory else { Issue.record("expected a real territory"); return }
        #expect(spec.france == FranceSelection(departements: ["29", "56"]))
        let world = try scenario.world()
        let direct = try load(FranceSelection(departements: ["29", "56"]))
        #expect(world.territory.zones == direct.territory.zones)
        let expected = try rows("insee/donnees_communes.csv", ";").filter { ["29", "56"].contains($0[2]) }.reduce(0) { $0 + Int($1[8])! }
        #expect(world.territory.population == expected)
        // `status_quo: none` in networks-by-rule.yaml drops the rural territory's status quo.
        #expect(scenario.statusQuo == nil)
        #expect(try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path).statusQuo != nil)
    }

    @Test("Networks placed by rule: one site per département at its préfecture, per arrondissement (the préfecture in its own), per urban unit large enough at its largest commune")
    func placementByRule() throws {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/france/finistere-morbihan.yaml").path)
        let world = try scenario.world()
        let zones = Dictionary(uniqueKeysWithValues: world.territory.zones.map { ($0.code, $0) })
        func sites(_ network: String) -> [Zone] {
            world.structures.filter { $0.name == network || $0.name.hasPrefix(network + " ") }.map { zones[$0.zoneCode]! }
        }
        // The préfectures, read from the table independently of the importer.
        let seats = Set(try rows("departements.csv", ",").filter { ["29", "56"].contains($0[0]) }.map { $0[2] })
        #expect(seats.count == 2)
        for network in ["CCI", "CMA", "France Active", "DLA"] {
            #expect(Set(sites(network).map(\.code)) == seats, "\(network) at the préfectures")
        }
        // Arrondissements: one site each, in it; the préfecture's own holds the préfecture, the others their largest commune.
        let arrondissements = Dictionary(grouping: world.territory.zones, by: { $0.arrondissement! })
        let bge = sites("BGE")
        #expect(bge.count == arrondissements.count && Set(bge.map(\.arrondissement!)).count == arrondissements.count)
        for site in bge {
            let members = arrondissements[site.arrondissement!]!
            let expected = members.first(where: \.isPrefecture) ?? members.max { ($0.population, $1.code) < ($1.population, $0.code) }!
            #expect(site.code == expected.code, "arrondissement \(site.arrondissement!)")
        }
        // Urban units of at least 50,000 inhabitants in the territory: each has one CAE, at its largest commune.
        let units = Dictionary(grouping: world.territory.zones.filter { $0.urbanUnit != nil }, by: { $0.urbanUnit! })
        let large = units.filter { $0.value.reduce(0) { $0 + $1.population } >= 50_000 }
        let cae = sites("CAE")
        #expect(!large.isEmpty && cae.count == large.count && Set(cae.map(\.urbanUnit!)) == Set(large.keys))
        for site in cae { #expect(site.population == large[site.urbanUnit!]!.map(\.population).max()) }
        #expect(sites("Fabrique à initiatives").count <= sites("Incubator").count && sites("Incubator").count <= cae.count)
        // Every zone of the two départements has its units and its density level, which sets its kind; the seats are flagged.
        #expect(world.territory.zones.allSatisfy { $0.departement != nil && $0.arrondissement != nil })
        #expect(world.territory.zones.allSatisfy { z in z.densityLevel.map { (1...7).contains($0) && (z.kind == .rural) == ($0 >= 5) } ?? false })
        #expect(Set(world.territory.zones.filter(\.isPrefecture).map(\.code)) == seats)
    }

    @Test("An employment zone as a territory: the communes INSEE's 2020 zoning puts in it, by code or in a scenario; an unknown code is named")
    func employmentZone() throws {
        let t = try load(FranceSelection(employmentZones: ["5313"])).territory
        // Read independently of the importer: the zonings' communes of Quimper's employment zone that are communes of 2025.
        let cog = Set(try rows("insee/communes.csv", ",").filter { $0[0] == "COM" }.map { $0[1] })
        let listed = Set(try rows("zonages_2022.csv", ";").filter { $0[8] == "5313" }.map { $0[0] }).intersection(cog)
        #expect(!listed.isEmpty && listed.isSubset(of: Set(t.zones.map(\.code))), "every listed commune is a zone")
        #expect(t.zones.contains { $0.code == "29232" } && !t.zones.contains { $0.code == "29019" }, "Quimper in, Brest out")
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("ze.yaml")
        try "base: \(packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path)\nterritory:\n  france: {employment_zones: [\"5313\"]}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(file.path)
        guard case .real(let spec) = scenario.territory else { Issue.record("expected a real territory"); return }
        #expect(spec.france == FranceSelection(employmentZones: ["5313"]))
        #expect(scenario.dataFiles.contains { $0.hasSuffix("zonages_2022.csv") } && !scenario.dataFiles.contains { $0.hasSuffix("departements.csv") })
        #expect { try load(FranceSelection(employmentZones: ["5313", "99999"])) } throws: { ($0 as? InputError)?.field == "territory.france.employment_zones[1]" }
    }

    @Test("Placement by rule is refused on a synthetic territory, and min_population only goes with urban_units")
    func placementByRuleRefused() throws {
        let folder = try temporaryFolder()
        let base = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        let cases: [(String, String, String)] = [
            ("{name: CCI, ecosystem: classic, stages: [creation], capacity_per_year: 100, placement: departements}", "structures.networks[0].placement", "territory of the national files"),
            ("{name: CCI, ecosystem: classic, stages: [creation], capacity_per_year: 100, placement: largest, min_population: 5000}", "min_population", "urban_units"),
        ]
        for (network, field, says) in cases {
            let file = folder.appendingPathComponent("s.yaml")
            try "base: \(base)\nstructures:\n  networks:\n    - \(network)\n".write(to: file, atomically: true, encoding: .utf8)
            #expect {
                try ScenarioLoader.load(file.path).world()
            } throws: { error in
                guard let e = error as? InputError else { return false }
                return (e.field ?? "").contains(field) && e.message.contains(says)
            }
        }
    }

    @Test("territories search: an EPCI by an unaccented partial name, a département by its number; the names of the départements are those of their polygon files")
    func search() throws {
        let data = try FranceData(folder: Self.folder)
        let quimper = try data.search("quimper", limit: 5)
        #expect(quimper.first?.code == "200068120")
        #expect(quimper.first?.kind == .epci)
        #expect(quimper.contains { $0.kind == .commune && $0.code == "29232" })
        let finistere = try data.search("29", limit: 3)
        #expect(finistere.first?.kind == .departement && finistere.first?.name == "Finistère")
        #expect(try data.search("ile de france", limit: 1).first?.code == "11")
        #expect(try data.search("réunion", limit: 2).map { "\($0.kind.rawValue) \($0.code)" } == ["région 04", "département 974"])
        #expect(try data.search("   ", limit: 5).isEmpty)
        // An employment zone by its code, named after its most populous commune.
        let zone = try #require(try data.search("5313", limit: 1).first)
        #expect(zone.kind == .employmentZone && zone.name == "Quimper" && zone.yaml == "territory: {france: {employment_zones: [\"5313\"]}}")
        let listed = try rows("zonages_2022.csv", ";").filter { $0[8] == "5313" }.count
        #expect(zone.communes > 0 && zone.communes <= listed)
        // Every département is named, and its name spelled as its file's (accents aside).
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/geo")
        let departements = try data.catalog().filter { $0.kind == .departement }
        #expect(departements.count == 101)
        for d in departements {
            let slug = FranceData.searchKey(d.name).replacingOccurrences(of: " ", with: "-")
            #expect(files.contains("communes-\(d.code)-\(slug).geojson.gz"), "\(d.code) \(d.name)")
        }
        // The command: the scenario line to copy, and a code that names nothing exits with status 2.
        let run = try runMaillage(["territories", "search", "QUIMPER BRETAGNE", "--data", Self.folder])
        #expect(run.status == 0)
        #expect(run.out.contains("territory: {france: {epci: [\"200068120\"]}}"))
        let show = try runMaillage(["territories", "show", "200068120", "--data", Self.folder])
        #expect(show.status == 0)
        let members = Set(try rows("epci.csv", ",").filter { $0[1] == "200068120" }.map { $0[9] })
        let inhabitants = try rows("insee/donnees_communes.csv", ";").filter { members.contains($0[6]) }.reduce(0) { $0 + Int($1[8])! }
        #expect(show.out.contains("\(Numerals.count(inhabitants, french: false)) inhabitants"))
        // The density levels in the language asked for (they were printed in French in English).
        let levels = Zone.densityLevelNames.dropFirst()
        #expect(levels.contains { show.out.contains($0.en) } && !levels.contains { show.out.contains($0.fr) }, "\(show.out)")
        #expect(try runMaillage(["territories", "show", "dep:00", "--data", Self.folder]).status == 2)
    }

    @Test("A territory's outline dissolves its communes: shared borders cancel, the area is the communes' (a tiling with a hole keeps it as a hole)")
    func outline() throws {
        // Eight unit squares around an empty one: one shell of 12 points, one hole of 4.
        var squares: [Polygon] = []
        for i in 0..<3 { for j in 0..<3 where !(i == 1 && j == 1) {
            let x = Double(i), y = Double(j)
            squares.append(Polygon(rings: [[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y)]]))
        } }
        let ring = Polygon.outline(of: squares, spacingKm: 0)
        #expect(ring.count == 1 && ring[0].rings.map(\.count) == [12, 4])
        #expect(abs(PlanarGeometry.areaAndCentroid(ring).area - 8) < 1e-12)
        // Territoire de Belfort: its 101 communes make one ring of the same area.
        let imported = try load(FranceSelection(departements: ["90"]))
        let polygons = imported.outlines.flatMap(\.polygons)
        let whole = Polygon.outline(of: polygons, spacingKm: 0)
        let communes = PlanarGeometry.areaAndCentroid(polygons).area
        #expect(abs(PlanarGeometry.areaAndCentroid(whole).area - communes) < 1e-9 * communes)
        #expect(whole.count == 1 && whole[0].rings.count == 1)
        // Drawn at 1 km: the points kept follow each other at 1 km or more, so there are at most
        // one per km of the full ring's perimeter (and one to start), and the area stays within 2%.
        let drawn = Polygon.outline(of: polygons, spacingKm: 1)
        let kept = drawn[0].rings[0], full = whole[0].rings[0]
        #expect(zip(kept, kept.dropFirst()).allSatisfy { hypot($1.x - $0.x, $1.y - $0.y) >= 1 })
        let perimeter = full.indices.reduce(0.0) { $0 + hypot(full[($1 + 1) % full.count].x - full[$1].x, full[($1 + 1) % full.count].y - full[$1].y) }
        #expect(Double(kept.count) <= perimeter + 1 && kept.count < full.count)
        #expect(abs(PlanarGeometry.areaAndCentroid(drawn).area - communes) < 0.02 * communes)
    }

}

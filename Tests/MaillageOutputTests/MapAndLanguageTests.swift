import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// The pieces of maps and of French text: the projection, the Voronoi cells, the number formats.
@Suite("Maps and languages")
struct MapAndLanguageTests {
    @Test("Lambert-93 has IGN's published constants (n, C and the northing of the pole)")
    func lambert93() {
        // IGN, "Projection cartographique conique conforme de Lambert" (NTG_71): n = 0.7256077650,
        // C = 11,754,255.426 m, Ys = 12,655,612.050 m for Lambert-93.
        #expect(abs(Lambert93.n - 0.725_607_765_0) < 1e-9)
        #expect(abs(Lambert93.c - 11_754_255.426) < 1e-2)
        #expect(abs(Lambert93.y0 + Lambert93.rho0 - 12_655_612.050) < 1e-2)
        let origin = Lambert93.project(longitude: 3, latitude: 46.5)
        #expect(abs(origin.x - 700_000) < 1e-6 && abs(origin.y - 6_600_000) < 1e-6)
        // On the central meridian, one degree of latitude is about 111 km.
        let north = Lambert93.project(longitude: 3, latitude: 47.5)
        #expect(abs(north.x - 700_000) < 1e-6 && abs(north.y - origin.y - 111_200) < 600)
    }

    @Test("Voronoi cells through the grid equal the cells cut by every other point, on spread, clustered and aligned points")
    func voronoiAgainstEveryPoint() throws {
        let random = try RandomStream(seed: 29)
        let spread = (0..<300).map { _ in (x: random.uniform(0, 50_000), y: random.uniform(0, 30_000)) }
        // A dense town beside an empty countryside, with a repeated point.
        var clustered = (0..<250).map { _ in (x: random.uniform(0, 2_000), y: random.uniform(0, 2_000)) }
        clustered += (0..<50).map { _ in (x: random.uniform(0, 80_000), y: random.uniform(0, 60_000)) }
        clustered.append(clustered[3])
        let aligned = (0..<40).map { k in (x: Double(k) * 1_000, y: 5_000.0) }
        for points in [spread, clustered, aligned] {
            let cells = ZoneLayer.voronoi(points)
            let xs = points.map(\.x), ys = points.map(\.y)
            let mx = max(1, 0.05 * (xs.max()! - xs.min()!)), my = max(1, 0.05 * (ys.max()! - ys.min()!))
            let box: Ring = [(xs.min()! - mx, ys.min()! - my), (xs.max()! + mx, ys.min()! - my), (xs.max()! + mx, ys.max()! + my),
                             (xs.min()! - mx, ys.max()! + my)]
            for (i, p) in points.enumerated() {
                var reference = box
                for (j, q) in points.enumerated() where j != i && (q.x != p.x || q.y != p.y) && !reference.isEmpty {
                    reference = ZoneLayer.clip(reference, nearer: p, than: q)
                }
                #expect(abs(Self.area(cells[i]) - Self.area(reference)) <= 1e-9 * Self.area(box), "cell \(i)")
            }
        }
    }

    static func area(_ ring: Ring) -> Double {
        var a = 0.0
        for i in ring.indices { let p = ring[i], q = ring[(i + 1) % ring.count]; a += p.x * q.y - q.x * p.y }
        return abs(a) / 2
    }

    @Test("Voronoi cells tile the box: their areas add up to it and each holds its own point")
    func voronoi() throws {
        let random = try RandomStream(seed: 11)
        let points = (0..<60).map { _ in (x: random.uniform(0, 40), y: random.uniform(0, 25)) }
        let cells = ZoneLayer.voronoi(points)
        func area(_ ring: Ring) -> Double {
            var a = 0.0
            for i in ring.indices { let p = ring[i], q = ring[(i + 1) % ring.count]; a += p.x * q.y - q.x * p.y }
            return abs(a) / 2
        }
        let xs = points.map(\.x), ys = points.map(\.y)
        let (w, h) = (xs.max()! - xs.min()!, ys.max()! - ys.min()!)
        let box = (w + 2 * max(1, 0.05 * w)) * (h + 2 * max(1, 0.05 * h))
        #expect(abs(cells.map(area).reduce(0, +) - box) < 1e-6 * box)
        for (p, cell) in zip(points, cells) {
            // Inside a convex polygon: on the same side of every edge.
            let signs = cell.indices.map { i -> Double in
                let a = cell[i], b = cell[(i + 1) % cell.count]
                return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            }
            #expect(signs.allSatisfy { $0 >= -1e-9 } || signs.allSatisfy { $0 <= 1e-9 })
        }
    }

    @Test("A zone layer reads into the map: numbers by property (NaN where null, absent or text), the gate of `where`, names, rings, the synthetic flag and the structures' points; a zone without its point is named")
    func zoneMapReading() throws {
        let layer = """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[3, 46.5], [3.01, 46.5], [3.01, 46.51], [3, 46.5]]]]},
         "properties": {"code": "A", "name": "Aval", "population": 1200, "access": 0.5, "minutes": 12, "reach": 3, "kind": "rural",
                        "longitude": 3.005, "latitude": 46.505, "synthetic": true}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [3.2, 46.6]},
         "properties": {"code": "B", "name": "Bourg", "population": 80, "access": null, "minutes": 40, "reach": 0,
                        "longitude": 3.2, "latitude": 46.6}},
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[3.3, 46.7], [3.31, 46.7], [3.31, 46.71], [3.3, 46.7]]], [[[3.4, 46.7], [3.41, 46.7], [3.41, 46.71], [3.4, 46.7]]]]},
         "properties": {"code": "C", "name": "Cluny", "access": "n/a", "minutes": 5, "longitude": 3.35, "latitude": 46.705}}
        ]}
        """
        let sites = """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [3.005, 46.505]}, "properties": {"name": "BGE", "ecosystem": "classic"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [3.2, 46.6]}, "properties": {"name": "CAE"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [3.35, 46.705]}, "properties": {"ecosystem": "ess"}}
        ]}
        """
        let map = try ZoneMap(zones: layer, points: sites, path: "zones.geojson")
        #expect(map.synthetic)
        #expect(map.features.map(\.name) == ["Aval", "Bourg", "Cluny"])
        #expect(map.features.map(\.population) == [1200, 80, 0])
        #expect(map.features.map(\.rings.count) == [1, 0, 2])
        let corner = Lambert93.project(longitude: 3, latitude: 46.5)
        #expect(map.features[0].rings[0][0].x == corner.x && map.features[0].rings[0][0].y == corner.y)
        let bourg = Lambert93.project(longitude: 3.2, latitude: 46.6)
        #expect(map.features[1].point.x == bourg.x && map.features[1].point.y == bourg.y)
        let access = map.values("access")
        #expect(access[0] == 0.5 && access[1].isNaN && access[2].isNaN)
        #expect(map.values("minutes") == [12, 40, 5])
        let gated = map.values("minutes", where: "reach")
        #expect(gated[0] == 12 && gated[1].isNaN && gated[2] == 5)
        #expect(map.values("absent").allSatisfy(\.isNaN) && map.values("absent").count == 3)
        #expect(map.sites.count == 2 && map.sites.map(\.ecosystem) == ["classic", "ess"])
        // Not a synthetic layer without the flag.
        let real = try ZoneMap(zones: layer.replacingOccurrences(of: "\"synthetic\": true", with: "\"synthetic\": false"), points: nil, path: "zones.geojson")
        #expect(!real.synthetic && real.sites.isEmpty)
        // A zone without its point, or a layer that is not a collection: the file and the feature are named.
        let missing = layer.replacingOccurrences(of: "\"longitude\": 3.2, ", with: "")
        let named = #expect(throws: InputError.self) { try ZoneMap(zones: missing, points: nil, path: "zones.geojson") }
        #expect(named?.file == "zones.geojson" && named?.field == "features[1]")
        for bad in ["[]", "{\"features\": 3}", "not json"] {
            let error = #expect(throws: InputError.self, "\(bad)") { try ZoneMap(zones: bad, points: nil, path: "layer.geojson") }
            #expect(error?.file == "layer.geojson" && error?.message.contains("feature collection") == true)
        }
    }

    @Test("French numbers: decimal comma, narrow no-break space between thousands, % after a space, n.d.")
    func frenchNumbers() {
        let fr = Language.fr, en = Language.en
        #expect(fr.number(38_412.46, decimals: 1) == "38\u{202F}412,5")
        #expect(en.number(38_412.46, decimals: 1) == "38,412.5")
        #expect(fr.number(1_000_000, decimals: 0) == "1\u{202F}000\u{202F}000")
        #expect(fr.number(-0.004, decimals: 2) == "0,00" && fr.number(-1234, decimals: 0) == "−1\u{202F}234")
        #expect(fr.percent(0.452) == "45,2\u{202F}%" && en.percent(0.452) == "45.2%")
        #expect(fr.number(.nan, decimals: 1) == "n.d." && fr.value(.nan, .coverageRate) == "n.d.")
        #expect(fr.value(0.023, .coverageRate, signed: true, difference: true) == "+2,3\u{00A0}pt")
        #expect(fr.value(18_128.4, .costPerJobEur) == "18\u{202F}128\u{00A0}€")
        #expect(Language.fromEnvironment(["LANG": "fr_FR.UTF-8"]) == .fr && Language.fromEnvironment(["LANG": "C.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"]) == .en)
    }

    @Test("a study cell's label keeps its policy whole and shortens the territory")
    func cellLabels() {
        let label = Study.cellLabel(territory: "priority neighbourhoods (Seine-Saint-Denis)", policy: "full cooperation")
        #expect(label.hasSuffix(" — full cooperation") && label.count <= 34, "\(label)")
        #expect(Study.cellLabel(territory: "rural (Franche-Comté)", policy: "no cooperation") == "rural — no cooperation")
    }

    @Test("terminal tables fit 100 columns and wrap long headers")
    func terminalWidth() {
        let e = Estimate(mean: 1234.5, sd: 10, low: 1200, high: 1260, n: 10)
        let cells = (0..<12).map { k in
            (label: "a rather long scenario name number \(k)", estimates: Dictionary(uniqueKeysWithValues: Metric.all.map { ($0, e) }))
        }
        let text = Terminal.cells(cells, language: .fr)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= Terminal.width })
        #expect(text.contains("(SUITE)") || text.contains("(suite)"))
    }

    @Test("a run's report says where its structures came from: the user's table, or the rules of the national files; nothing for listed sites")
    func structuresSource() throws {
        func networks(_ placements: [String]) -> [String: Any] {
            ["structures": ["networks": placements.enumerated().map { ["name": "N\($0.offset)", "placement": $0.element] }]]
        }
        for l in Language.allCases {
            #expect(Report.structuresSource(networks(["zones", "largest", "population_weighted"]), l) == nil)
            let rule = try #require(Report.structuresSource(networks(["zones", "departements", "urban_units"]), l))
            #expect(rule.contains("N1, N2") && !rule.contains("N0") && rule.contains(l == .en ? "placed by rule" : "placées par règle"))
            let table = try #require(Report.structuresSource(["structure_table": "/some/where/mine.csv"].merging(networks(["arrondissements"])) { a, _ in a }, l))
            #expect(table.contains("mine.csv") && !table.contains("/some/where"))
        }
    }

    @Test("Coverage by INSEE density level: each level's zones and inhabitants are the territory's, and its covered inhabitants add up to the summary's")
    func coverageByDensity() throws {
        let model = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/real/metro-lyon.yaml").path).build()
        let access = try Accessibility.compute(model)
        func rows(_ table: CSVTable) -> [[String]] {
            table.text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let inputs = try CoverageInputs(model)
        let byLevel = rows(CoverageOutput.densityTable(inputs, access)), summary = rows(CoverageOutput.summaryTable(inputs, access))
        let zones = Dictionary(grouping: model.territory.zones) { $0.densityLevel.map(String.init) ?? "NA" }
        #expect(zones.count > 1, "the metropolis has several density levels")
        // Each level: one row per need, with its zones and inhabitants.
        for (level, members) in zones {
            let mine = byLevel.filter { $0[0] == level }
            #expect(mine.count == summary.count)
            #expect(mine.allSatisfy { $0[2] == String(members.count) && $0[5] == String(members.reduce(0) { $0 + $1.population }) }, "level \(level)")
        }
        #expect(Set(byLevel.map { $0[0] }) == Set(zones.keys))
        // Each need's covered inhabitants over the levels are the territory's.
        for need in summary {
            let covered = byLevel.filter { $0[3] == need[0] && $0[4] == need[1] }.reduce(0) { $0 + Int($1[6])! }
            #expect(covered == Int(need[3])!, "\(need[0]) \(need[1])")
        }
    }
}

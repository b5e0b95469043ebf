import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageOutput
@testable import MaillageWorkflows
import MaillageTestSupport

/// Coverage without a model: the pairs within reach found through a grid, and the nearest fitting
/// structure found by searching outwards, against the dense table a model computes.
@Suite("Coverage from the pairs within reach")
struct ReachableCoverageTests {
    /// A synthetic territory with rural, urban and priority-neighbourhood zones (three speeds),
    /// and structures scattered over it and beyond its edge.
    static func world() throws -> (zones: [Zone], sites: [(x: Double, y: Double, code: String)]) {
        var spec = SyntheticTerritorySpec()
        spec.seed = 11
        spec.areaKm2 = 2_500
        spec.communes = 400
        spec.population = 300_000
        spec.priorityNeighbourhoodShare = 0.1
        spec.urbanThreshold = 1_500
        spec.priorityNeighbourhoodCommunes = 3
        let zones = try spec.generate().zones
        // Positions from a fixed low-discrepancy sequence over a square wider than the territory.
        let sites = (0..<60).map { k -> (x: Double, y: Double, code: String) in
            let u = (Double(k) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1), v = (Double(k) * 0.754_877_666_2).truncatingRemainder(dividingBy: 1)
            return (x: -10 + 70 * u, y: -10 + 70 * v, code: zones[k % zones.count].code)
        }
        return (zones, sites)
    }

    @Test("the grid finds exactly the dense table's pairs within the cutoff, with the same minutes, at every cutoff")
    func gridEqualsDense() throws {
        let (zones, sites) = try Self.world()
        #expect(Set(zones.map(\.kind)).count == 3, "the territory has the three kinds of zone")
        var model = TravelModel()
        model.detourFactor = 1.4
        let travel = TravelTimes(model: model)
        let dense = travel.table(from: zones, x: sites.map(\.x), y: sites.map(\.y), codes: sites.map(\.code))
        for cutoff in [0, 7.5, 30, 45, 1e6] {
            let grid = try ReachableCosts(zones: zones, sites: sites, travel: travel, cutoff: cutoff, file: "test")
            let expected = ReachableCosts(dense: dense, structures: sites.count, cutoff: cutoff)
            #expect(grid == expected, "cutoff \(cutoff)")
            #expect(grid.count == dense.filter { $0 <= cutoff }.count)
        }
        // Some pairs are in reach and some are not at the default cutoff: the comparison bites.
        let kept = try ReachableCosts(zones: zones, sites: sites, travel: travel, cutoff: 30, file: "test").count
        #expect(kept > 0 && kept < dense.count)
        #expect(throws: InputError.self) { try ReachableCosts(zones: zones, sites: sites, travel: travel, cutoff: 30, limit: kept - 1, file: "test") }
    }

    @Test("the nearest structure searched outwards is the dense minimum, for every zone and every subset of structures")
    func nearestEqualsDense() throws {
        let (zones, sites) = try Self.world()
        let travel = TravelTimes(model: TravelModel())
        let dense = travel.table(from: zones, x: sites.map(\.x), y: sites.map(\.y), codes: sites.map(\.code))
        let S = sites.count
        // Also the structures bunched in one corner, far from most zones: the rings start at them.
        let bunched = sites.indices.map { k in (x: 48 + Double(k % 8) * 0.1, y: 49 + Double(k / 8) * 0.1) }
        let bunchedDense = travel.table(from: zones, x: bunched.map(\.x), y: bunched.map(\.y), codes: sites.map(\.code))
        for cellKm in [0.05, 0.5, 3] {
            let grid = SiteGrid(x: bunched.map(\.x), y: bunched.map(\.y), cellKm: cellKm)
            for (z, zone) in zones.enumerated() {
                let perKm = travel.model.detourFactor / travel.model.speedKmh(zone.kind) * 60
                let found = grid.nearest(x: zone.x, y: zone.y, minutesPerKm: perKm, include: { $0 % 5 != 0 }) {
                    travel.model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: bunched[$0].x, y: bunched[$0].y)
                }
                #expect(found == (0..<S).filter { $0 % 5 != 0 }.map { bunchedDense[z * S + $0] }.min(), "zone \(z), bunched, cell \(cellKm) km")
            }
        }
        for cellKm in [0.5, 11.7, 80] {
            let grid = SiteGrid(x: sites.map(\.x), y: sites.map(\.y), cellKm: cellKm)
            // Every structure; one in seven (far apart: many rings); none.
            for keep in [{ (_: Int) in true }, { (s: Int) in s % 7 == 3 }, { (_: Int) in false }] {
                for (z, zone) in zones.enumerated() {
                    let perKm = travel.model.detourFactor / travel.model.speedKmh(zone.kind) * 60
                    let found = grid.nearest(x: zone.x, y: zone.y, minutesPerKm: perKm, include: keep) {
                        travel.model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: sites[$0].x, y: sites[$0].y)
                    }
                    let expected = (0..<S).filter(keep).map { dense[z * S + $0] }.min() ?? .infinity
                    #expect(found == expected, "zone \(z), cell \(cellKm) km")
                }
            }
        }
    }

    /// A scenario of the national files without a policy (networks by rule on one département).
    static func scenario(_ departement: String) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-reachable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("d\(departement).yaml")
        try """
        base: \(packageRoot.path)/Scenarios/france/networks-by-rule.yaml
        name: d\(departement)
        territory:
          name: d\(departement)
          france: {departements: ["\(departement)"]}
        """.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(file.path)
    }

    @Test("a département without a policy: the model and the pairs within reach write the same files, byte for byte")
    func sameFiles() throws {
        let scenario = try Self.scenario("90")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-reachable-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dense = try CoverageJob(scenario: scenario, route: .model).run(to: root.appendingPathComponent("model").path)
        let sparse = try CoverageJob(scenario: scenario, route: .reachable).run(to: root.appendingPathComponent("reachable").path)
        #expect(!dense.summary.reachableOnly && sparse.summary.reachableOnly)
        // The inputs themselves: fits, capacities, the pairs within the cutoff, the nearest minutes.
        let a = dense.summary.inputs, b = sparse.summary.inputs
        #expect(a.structures.map(\.id) == b.structures.map(\.id))
        #expect(a.fits == b.fits && a.capacityPerYear == b.capacityPerYear)
        #expect(a.costs == b.costs && a.costs.count > 0)
        #expect(a.nearestMinutes == b.nearestMinutes)
        #expect(a.nearestMinutes.contains { $0 > a.reachMinutes && $0.isFinite }, "some needs have their nearest structure beyond reach")
        #expect(dense.summary.coverage == sparse.summary.coverage && dense.summary.coverageByType == sparse.summary.coverageByType)
        #expect(dense.summary.coverage > 0 && dense.summary.coverage < 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("model").path).sorted()
        #expect(files.contains("zones.csv") && files.contains("coverage_by_density.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("reachable").path).sorted() == files)
        for name in files {
            let x = try Data(contentsOf: root.appendingPathComponent("model/\(name)")), y = try Data(contentsOf: root.appendingPathComponent("reachable/\(name)"))
            #expect(x == y, "\(name)")
        }
    }

    @Test("with a travel-time matrix: a model's inputs and the reachable ones are the same")
    func matrix() throws {
        // Six zones on a line; the matrix lists some pairs (one beyond reach), others are out of reach.
        let zones = (0..<6).map { Fixture.zone("Z\($0)", x: Double($0) * 3, population: 1_000 * ($0 + 1)) }
        var structures = [Fixture.structure(0, .classic, capacity: 100), Fixture.structure(1, .ess, capacity: 50), Fixture.structure(2, .classic, stages: [.financing], capacity: 30)]
        for (s, code) in ["Z0", "Z3", "Z5"].enumerated() { structures[s].zoneCode = code }
        let matrix: [String: [String: Double]] = ["Z0": ["Z3": 25, "Z5": 50], "Z1": ["Z0": 10, "Z3": 31], "Z2": ["Z2": 5, "Z5": 12],
                                                  "Z4": ["Z3": 30], "Z5": ["Z0": 45]]
        let travel = TravelTimes(model: TravelModel(), matrix: matrix)
        let territory = Territory(name: "matrix", zones: zones, areaKm2: 50)
        let model = try SimulationModel(territory: territory, structures: structures, travel: travel, holders: HolderParameters(),
                                        journey: JourneyParameters(), outcomes: OutcomeParameters(), policy: CooperationPolicy(), horizonMonths: 12)
        let a = try CoverageInputs(model)
        let b = try CoverageInputs(territory: territory, structures: structures, travel: travel, journey: JourneyParameters(), offer: .shipped,
                                   holders: HolderParameters(), file: "matrix")
        #expect(a.fits == b.fits && a.capacityPerYear == b.capacityPerYear)
        #expect(a.costs == b.costs)
        #expect(a.nearestMinutes == b.nearestMinutes)
        #expect(b.nearestMinutes.contains(.infinity) && b.nearestMinutes.contains(45), "some needs reach nothing, some only beyond reach")
        let access = Accessibility.compute(b)
        #expect(b.coverageByType(access) == model.coverageByType)
    }

    @Test("the reachable route refuses an active policy, naming the field")
    func policyRefused() throws {
        var scenario = try Self.scenario("90")
        scenario.policy[MutualKnowledge.self].meetingsPerYear = 4
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-reachable-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let error = try #require(throws: InputError.self) { try CoverageJob(scenario: scenario, route: .reachable).run(to: root.path) }
        #expect(error.field == "policy")
        #expect(!FileManager.default.fileExists(atPath: root.path), "nothing written")
    }
}

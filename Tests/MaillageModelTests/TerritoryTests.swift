import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The built-in synthetic territories match the study's cases in scale (MODEL.md, Sources).
@Suite("Synthetic territories")
struct TerritoryTests {
    func load(_ name: String) throws -> (Scenario, SimulationModel) {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
        return (scenario, try scenario.build())
    }

    @Test("ex-Franche-Comté: 1,179,601 inhabitants, 16,202 km², 1,785 communes, mostly rural")
    func rural() throws {
        let (_, model) = try load("rural-franche-comte")
        let t = model.territory
        #expect(t.population == 1_179_601)
        #expect(t.areaKm2 == 16_202)
        #expect(t.zones.count == 1_785)
        let ruralShare = Double(t.zones.filter { $0.kind == .rural }.reduce(0) { $0 + $1.population }) / Double(t.population)
        #expect(ruralShare > 0.5)
        #expect((20...80).contains(model.structures.count))
    }

    @Test("Métropole de Lyon: 1,424,069 inhabitants, 534 km², 59 communes, 30 to 50 structures")
    func metropolitan() throws {
        let (_, model) = try load("metro-lyon")
        let t = model.territory
        #expect(t.population == 1_424_069)
        #expect(t.zones.filter { $0.kind != .priorityNeighbourhood }.count == 59)
        #expect((30...50).contains(model.structures.count))
        // A dense core: the centre's 5 km hold more than half the population.
        let core = t.zones.filter { ($0.x * $0.x + $0.y * $0.y).squareRoot() <= 5 }.reduce(0) { $0 + $1.population }
        #expect(Double(core) / Double(t.population) > 0.5)
    }

    @Test("Seine-Saint-Denis: about 1.65 M inhabitants on 236 km², 42% in priority neighbourhoods")
    func priorityNeighbourhoods() throws {
        let (_, model) = try load("qpv-seine-saint-denis")
        let t = model.territory
        #expect(t.population == 1_655_000)
        #expect(t.zones.filter { $0.kind != .priorityNeighbourhood }.count == 40)
        let qpv = t.zones.filter { $0.kind == .priorityNeighbourhood }
        #expect(qpv.count == 35)
        let share = Double(qpv.reduce(0) { $0 + $1.population }) / Double(t.population)
        #expect(abs(share - 0.42) < 0.005)
    }

    @Test("a territory is the same for the same seed")
    func territoryIsSeeded() throws {
        let (scenario, _) = try load("metro-lyon")
        guard case .synthetic(let spec) = scenario.territory else {
            Issue.record("metro-lyon should be synthetic")
            return
        }
        #expect(try spec.generate().zones == spec.generate().zones)
        var other = spec
        other.seed += 1
        #expect(try other.generate().zones != spec.generate().zones)
    }

    @Test("largest-remainder apportionment keeps the exact total")
    func apportion() {
        let parts = SyntheticTerritorySpec.apportion(total: 1_000, weights: [1, 1, 1])
        #expect(parts.reduce(0, +) == 1_000)
        #expect(parts.max()! - parts.min()! <= 1)
    }
}

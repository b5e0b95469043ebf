import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// Structures from a CSV file and travel times from an origin–destination matrix.
@Suite("Structure tables and travel-time matrices")
struct InputTablesTests {
    /// A two-town territory 40 km apart, with files written beside the scenario.
    func scenario(extra: String, files: [String: String]) throws -> (URL, Scenario) {
        let folder = try temporaryFolder()
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let file = folder.appendingPathComponent("s.yaml")
        try """
        name: two-towns
        territory:
          area_km2: 10000
          population: 30000
          communes: 2
          towns: [{name: A, population: 20000, x_km: -20, y_km: 0}, {name: B, population: 10000, x_km: 20, y_km: 0}]
        \(extra)
        """.write(to: file, atomically: true, encoding: .utf8)
        return (folder, try ScenarioLoader.load(file.path))
    }

    @Test("structures are read from a CSV by commune code or by coordinates")
    func structureTable() throws {
        let (_, s) = try scenario(extra: "structures: {csv: structures.csv}\n", files: ["structures.csv": """
        name,ecosystem,stages,capacity_per_year,commune,x_km,y_km
        BGE A,classic,emergence|creation,120,T001,,
        "CAE, B",ess,creation|growth,40,,19.5,0.5

        """])
        let model = try s.build()
        #expect(model.territoryStructures.map(\.name) == ["BGE A", "CAE, B"])
        #expect(model.structures[0].zoneCode == "T001" && model.structures[1].zoneCode == "T002")
        #expect(model.structures[1].stages == StageSet([.creation, .growth]))
    }

    @Test("a structure outside the territory is rejected with its row")
    func structureOutside() throws {
        #expect {
            _ = try scenario(extra: "structures: {csv: structures.csv}\n", files: ["structures.csv": """
            name,ecosystem,stages,capacity_per_year,x_km,y_km
            Far,classic,creation,10,900,0

            """]).1.build()
        } throws: { "\($0)".contains("structures.csv:2") && "\($0)".contains("inside the territory") }
    }

    @Test("an origin–destination matrix replaces the distance model")
    func matrix() throws {
        let structures = "structures: {networks: [{name: S, ecosystem: classic, stages: [creation], capacity_per_year: 10, placement: zones, zones: [T001]}]}\n"
        let (_, byDistance) = try scenario(extra: structures, files: [:])
        #expect(byDistance.coverageOfB() == false)  // 40 km at 22 km/h is far beyond 30 minutes
        let (_, byMatrix) = try scenario(extra: structures + "travel: {matrix: od.csv}\n", files: ["od.csv": """
        origin,destination,minutes
        T002,T001,25
        T001,T002,25

        """])
        #expect(byMatrix.coverageOfB() == true)
        let model = try byMatrix.build()
        #expect(model.times[1, 0] == 25)
    }

    @Test("a matrix naming an unknown zone is rejected with its row")
    func matrixUnknownZone() throws {
        #expect {
            _ = try scenario(extra: "travel: {matrix: od.csv}\n", files: ["od.csv": "origin,destination,minutes\nT001,X9,5\n"]).1.build()
        } throws: { "\($0)".contains("od.csv:2") && "\($0)".contains("X9") }
    }
}

private extension Scenario {
    func coverageOfB() -> Bool? {
        guard let model = try? build() else { return nil }
        return model.nearestFittingStructure(zone: 1, type: .classic, stage: .creation) != nil
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// Malformed scenarios: one clear message naming the file and the field, exit status 2, and
/// nothing written.
@Suite("Scenario validation")
struct ScenarioValidationTests {
    static let valid = """
    name: tiny
    territory:
      seed: 3
      area_km2: 100
      population: 50000
      communes: 5
    structures:
      networks:
        - name: BGE
          ecosystem: classic
          stages: [emergence, creation]
          capacity_per_year: 100
          count: 2
    journey:
      give_up_per_month: 0.25
    simulation:
      replications: 3

    """

    /// Writes `text` as a scenario, runs `maillage run` on it, and checks the failure.
    func expectRejected(_ text: String, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("bad.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let r = try runMaillage(["run", file.path, "--out", out.path])
        #expect(r.status == 2, "exit status", sourceLocation: sourceLocation)
        #expect(r.err.contains("bad.yaml"), "names the file: \(r.err)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(r.err.contains(fragment), "mentions \(fragment): \(r.err)", sourceLocation: sourceLocation)
        }
        #expect(!r.err.contains("Fatal error") && r.err.split(separator: "\n").count == 1, "one line: \(r.err)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written", sourceLocation: sourceLocation)
    }

    @Test("the valid base scenario runs")
    func validRuns() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("ok.yaml")
        try Self.valid.write(to: file, atomically: true, encoding: .utf8)
        let r = try runMaillage(["run", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/summary.json").path))
    }

    @Test("an unknown key is named, with a suggestion")
    func unknownKey() throws {
        let text = Self.valid.replacingOccurrences(of: "give_up_per_month", with: "give_up_per_mont")
        try expectRejected(text, mentioning: ["journey.give_up_per_mont", "did you mean 'give_up_per_month'", ":15:3:"])
    }

    @Test("a wrong type is named with what was expected and found")
    func wrongType() throws {
        let text = Self.valid.replacingOccurrences(of: "capacity_per_year: 100", with: "capacity_per_year: lots")
        try expectRejected(text, mentioning: ["structures.networks[0].capacity_per_year", "expected", "'lots'"])
    }

    @Test("a probability outside [0, 1] is rejected")
    func probabilityOutOfRange() throws {
        let text = Self.valid.replacingOccurrences(of: "give_up_per_month: 0.25", with: "give_up_per_month: 1.5")
        try expectRejected(text, mentioning: ["journey.give_up_per_month", "[0, 1]", "1.5"])
    }

    @Test("a negative capacity is rejected")
    func negativeCapacity() throws {
        let text = Self.valid.replacingOccurrences(of: "capacity_per_year: 100", with: "capacity_per_year: -5")
        try expectRejected(text, mentioning: ["capacity_per_year", "-5"])
    }

    @Test("zero replications and NaN are rejected")
    func zeroReplicationsAndNaN() throws {
        try expectRejected(Self.valid.replacingOccurrences(of: "replications: 3", with: "replications: 0"),
                           mentioning: ["simulation.replications"])
        try expectRejected(Self.valid.replacingOccurrences(of: "area_km2: 100", with: "area_km2: .nan"),
                           mentioning: ["territory.area_km2", "finite"])
    }

    @Test("invalid YAML is reported with its line")
    func invalidYAML() throws {
        try expectRejected("name: [unclosed\n", mentioning: ["invalid YAML"])
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let r = try runMaillage(["run", folder.appendingPathComponent("absent.yaml").path, "--out", out.path])
        #expect(r.status == 2)
        #expect(r.err.contains("absent.yaml") && r.err.contains("no such file"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("the loader reports line and column of the offending value")
    func lineAndColumn() {
        let text = Self.valid.replacingOccurrences(of: "area_km2: 100", with: "area_km2: -1")
        #expect {
            try ScenarioLoader.parse(text, file: "s.yaml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 4 && e.column == 13 && e.field == "territory.area_km2"
        }
    }

    @Test("the shipped scenarios and the default study load")
    func shippedScenariosLoad() throws {
        for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
            let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
            #expect(scenario.name == name)
        }
        let study = try Study.load(packageRoot.appendingPathComponent("Scenarios/default-study.yaml").path)
        #expect(study.scenarios.count == 3 && study.policies.map(\.name) == ["no_cooperation", "status_quo", "full_cooperation"])
    }
}

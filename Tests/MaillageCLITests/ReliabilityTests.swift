import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// Bad inputs get one clear message and exit status 2; nothing is written; extreme but valid
/// parameters run; random and mutated files never crash the loaders.
@Suite("Reliability")
struct ReliabilityTests {
    static let data = packageRoot.appendingPathComponent("Scenarios/data")
    static let scenario = (try? String(contentsOf: packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml"), encoding: .utf8)) ?? ""

    /// A malformed file and what its one-line message must say.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var fileName: String
        var contents: Data
        var fragments: [String]
        var testDescription: String { name }

        init(_ name: String, _ fileName: String, _ text: String, _ fragments: [String]) {
            self.init(name, fileName, Data(text.utf8), fragments)
        }

        init(_ name: String, _ fileName: String, _ contents: Data, _ fragments: [String]) {
            self.name = name
            self.fileName = fileName
            self.contents = contents
            self.fragments = fragments
        }
    }

    static func edited(_ from: String, _ to: String) -> String { scenario.replacingOccurrences(of: from, with: to) }

    static let cases: [Case] = [
        Case("unknown key, with a suggestion", "s.yaml", edited("seed: 69123", "sead: 69123"), ["territory.sead", "did you mean 'seed'"]),
        Case("wrong type", "s.yaml", edited("replications: 200", "replications: many"), ["simulation.replications", "'many'"]),
        Case("probability above 1", "s.yaml", scenario + "journey: {referral_base: 1.2}\n", ["journey.referral_base", "[0, 1]", "1.2"]),
        Case("negative capacity", "s.yaml", edited("capacity_per_year: 300, count: 5", "capacity_per_year: -300, count: 5"),
             ["capacity_per_year", "-300"]),
        Case("negative budget", "s.yaml", scenario + "policy: {funding: {budget_eur: -5}}\n", ["policy.funding.budget_eur", "-5"]),
        Case("zero replications", "s.yaml", edited("replications: 200", "replications: 0"), ["simulation.replications", "found 0"]),
        Case("non-positive horizon", "s.yaml", edited("horizon_months: 36", "horizon_months: 0"), ["simulation.horizon_months"]),
        Case("NaN", "s.yaml", edited("area_km2: 534", "area_km2: .nan"), ["territory.area_km2", "finite"]),
        Case("infinity", "s.yaml", edited("area_km2: 534", "area_km2: .inf"), ["territory.area_km2", "finite"]),
        Case("town outside the territory", "s.yaml", edited("x_km: 11.5", "x_km: 90"), ["x_km", "inside the territory"]),
        Case("structure in a zone that does not exist", "s.yaml", edited("zones: [T001]}", "zones: [T999]}"), ["networks", "T999"]),
        Case("empty file", "s.yaml", "", ["empty file"]),
        Case("truncated YAML", "s.yaml", String(scenario.prefix(700)) + "\n  - {name: [", ["invalid YAML"]),
        Case("binary file", "s.yaml", Data([0x00, 0x01, 0xFF, 0x00, 0x42]), ["UTF-8"]),
        Case("wrong encoding (Latin-1)", "s.yaml", Data("name: \u{E9}".data(using: .isoLatin1)!), ["UTF-8"]),
        Case("empty real territory", "s.yaml", """
            name: x
            territory: {generator: real, geometry: [\(data.path)/geo/communes-93-seine-saint-denis.geojson], populations: \(data.path)/insee/donnees_communes.csv, select: {departments: ["01"]}}

            """, ["select", "none"]),
        Case("sweep plan: unknown design", "plan.yaml", "scenario: \(packageRoot.path)/Scenarios/metro-lyon.yaml\nmethod: random\nparameters: []\n",
             ["method", "grid, latin_hypercube, sobol_sequence, sobol"]),
        Case("sweep plan: bounds reversed", "plan.yaml",
             "scenario: \(packageRoot.path)/Scenarios/metro-lyon.yaml\nmethod: latin_hypercube\nparameters: [{path: policy.pooled_expertise, low: 1, high: 0}]\n",
             ["parameters[0].high", "high > low"]),
        Case("structure table: unknown ecosystem", "structures.csv", "name,ecosystem,stages,capacity_per_year,commune\nA,social,creation,10,T001\n",
             [":2", "ecosystem", "classic or ess", "'social'"]),
        Case("structure table: unknown stage", "structures.csv", "name,ecosystem,stages,capacity_per_year,commune\nA,ess,creaton,10,T001\n",
             [":2", "stages", "creaton"]),
        Case("structure table: negative capacity", "structures.csv", "name,ecosystem,stages,capacity_per_year,commune\nA,ess,creation,-1,T001\n",
             [":2", "capacity_per_year"]),
        Case("structure table: missing field", "structures.csv", "name,ecosystem,stages,capacity_per_year,commune\nA,ess,creation\n",
             [":2", "expected 5 fields"]),
        Case("matrix: negative minutes", "od.csv", "origin,destination,minutes\nA,B,-3\n", [":2", "minutes"]),
        Case("matrix: repeated pair", "od.csv", "origin,destination,minutes\nA,B,3\nA,B,4\n", [":3", "once"]),
        Case("matrix: not a number", "od.csv", "origin,destination,minutes\nA,B,soon\n", [":2", "'soon'"]),
        Case("matrix: truncated quote", "od.csv", "origin,destination,minutes\n\"A,B,3\n", ["closing quote"]),
        Case("populations: not a whole number", "donnees_communes.csv", "COM;Commune;PMUN\n93001;A;12.5\n", [":2", "PMUN"]),
        Case("populations: repeated code", "donnees_communes.csv", "COM;Commune;PMUN\n93001;A;12\n93001;B;3\n", [":3", "once"]),
        Case("populations: no PMUN column", "donnees_communes.csv", "COM;Commune;PTOT;PMUNX\n93001;A;12;1\n", ["'PMUN'"]),
        Case("geometry: not JSON", "communes.geojson", "{\"type\": \"FeatureCollection\", \"features\": [", ["not JSON"]),
        Case("geometry: wrong type", "communes.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
             ["features[0].geometry.type", "Point"]),
        Case("geometry: repeated code", "communes.geojson", """
            {"type":"FeatureCollection","features":[\
            {"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},\
            {"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}
            """, ["features[1]", "once"]),
    ]

    @Test("a malformed input gets one message naming the file, the place and the field; exit status 2", arguments: cases)
    func rejected(_ c: Case) throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent(c.fileName)
        try c.contents.write(to: file)
        let r = try runMaillage(["validate", file.path])
        #expect(r.status == 2, "exit status \(r.status): \(r.err)")
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(r.err)")
        #expect(r.err.contains(c.fileName), "names the file: \(r.err)")
        for fragment in c.fragments { #expect(r.err.contains(fragment), "says \(fragment): \(r.err)") }
        #expect(!r.err.contains("Fatal error") && !r.err.contains("Stack dump"))
    }

    @Test("a malformed scenario given to run writes nothing")
    func nothingWritten() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("s.yaml")
        try Self.edited("seed: 69123", "sead: 69123").write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let r = try runMaillage(["run", file.path, "--out", out.path])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("validate accepts every shipped input")
    func shippedInputsAreValid() throws {
        let files = ["Scenarios/default-study.yaml", "Scenarios/rural-franche-comte.yaml", "Scenarios/metro-lyon.yaml",
                     "Scenarios/qpv-seine-saint-denis.yaml", "Scenarios/calibration/targets.yaml", "Scenarios/experiments/rural-vs-metro.yaml"]
        let r = try runMaillage(["validate"] + files)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.split(separator: "\n").count == files.count)
    }
}

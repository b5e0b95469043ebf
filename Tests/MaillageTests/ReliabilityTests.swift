import Foundation
import PropertyBased
import Testing
@testable import Maillage

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

    @Test("extreme but valid parameters run and give well-defined metrics")
    func extremes() async throws {
        // No structure at all: nobody is covered; rates without a denominator are undefined.
        let none = try await Fixture.run(try Fixture.model(zones: [Fixture.zone("A")], structures: []), replications: 3)
        #expect(none.estimate(.coverageRate).mean == 0)
        #expect(none.estimate(.uncoveredShare).mean == 1)
        #expect(none.estimate(.firstContactFitRate).n == 0 && none.estimate(.firstContactFitRate).mean.isNaN)
        #expect(none.estimate(.supportedShare).mean == 0)
        // Capacity 0: holders queue and nobody is supported.
        let closed = try await Fixture.run(try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic, capacity: 0)]), replications: 3)
        #expect(closed.estimate(.supportedShare).mean == 0)
        #expect(closed.estimate(.abandonmentRate).mean > 0.5)
        // A zone without inhabitants and probabilities at 0 and 1.
        var journey = JourneyParameters()
        journey.giveUpPerMonth = 1
        journey.referralBase = 1
        journey.legibilityBase = 0
        var outcomes = OutcomeParameters()
        outcomes.creationSupported = 1
        outcomes.creationUnsupported = 0
        outcomes.survival3Supported = 1
        let edge = try Fixture.model(zones: [Fixture.zone("A"), Fixture.zone("B", x: 1, population: 0)],
                                     structures: [Fixture.structure(0, .classic, capacity: 500), Fixture.structure(1, .ess)],
                                     journey: journey, outcomes: outcomes, horizonMonths: 24)
        let result = try await Fixture.run(edge, replications: 4)
        for (metric, e) in result.summary where metric != .costPerJobEur && metric != .jobsPer100kEur {
            #expect(!e.mean.isNaN, "\(metric.name) is defined")
        }
        #expect(result.estimate(.survival3YearsSupported).mean == 1)
        // Every firm comes from a supported holder: the share of supported creators is 1.
        #expect(result.estimate(.supportedCreatorsShare).mean == 1)
    }

    @Test("GSL failures are reported with GSL's own message")
    func gslMessage() {
        #expect { try DiscreteDistribution(weights: [0, 0]) } throws: { "\($0)".contains("invalid argument") }
    }

    @Test("a run killed at any moment leaves no partial file")
    func killedRun() throws {
        var killed = 0
        for delay in [20_000, 60_000, 150_000, 300_000, 600_000] as [useconds_t] {
            let out = try temporaryFolder().appendingPathComponent("out")
            let process = Process()
            process.executableURL = try maillageExecutable()
            process.arguments = ["run", "Scenarios/metro-lyon.yaml", "--replications", "60", "--out", out.path, "--quiet", "--jobs", "2"]
            process.currentDirectoryURL = packageRoot
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] where !name.hasPrefix(".") {
                let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                switch name {
                case "replications.csv": #expect(text.split(separator: "\n").count == 61, "whole \(name)")
                case "summary.csv": #expect(text.split(separator: "\n").count == 1 + Metric.allCases.count, "whole \(name)")
                case "summary.json": #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "whole \(name)")
                default: Issue.record("unexpected file \(name)")
                }
            }
        }
        // The check means something only if runs were really cut short.
        #expect(killed > 0)
    }

    // MARK: Fuzzing

    /// Valid inputs of every kind, to mutate.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let geo = """
            {"type":"FeatureCollection","features":[\
            {"type":"Feature","properties":{"code":"93001","nom":"A"},"geometry":{"type":"Polygon","coordinates":[[[2.3,48.9],[2.4,48.9],[2.4,49.0],[2.3,48.9]]]}},\
            {"type":"Feature","properties":{"code":"93002","nom":"B"},"geometry":{"type":"MultiPolygon","coordinates":[[[[2.4,48.9],[2.5,48.9],[2.5,49.0],[2.4,48.9]]]]}}]}
            """
        let populations = try String(contentsOf: data.appendingPathComponent("insee/donnees_communes.csv"), encoding: .utf8)
            .split(separator: "\n").prefix(40).joined(separator: "\n") + "\n"
        let cog = try String(contentsOf: data.appendingPathComponent("insee/communes.csv"), encoding: .utf8)
            .split(separator: "\n").prefix(40).joined(separator: "\n") + "\n"
        let small = """
            name: small
            territory: {seed: 3, area_km2: 100, population: 40000, communes: 12, priority_neighbourhoods: {share: 0.2, communes: 2}}
            structures:
              networks:
                - {name: BGE, ecosystem: classic, stages: [emergence, creation], capacity_per_year: 100, count: 2, placement: population_weighted}
                - {name: CAE, ecosystem: ess, stages: [creation, growth], capacity_per_year: 50, count: 1}
            policy: {mutual_knowledge: {meetings_per_year: 4}, funding: {budget_eur: 100000, coordination: 0.5, outreach: 0.5}}
            simulation: {replications: 2, horizon_months: 12}

            """
        let plan = "scenario: \(packageRoot.path)/Scenarios/metro-lyon.yaml\nmethod: grid\nreplications: 1\nparameters: [{path: policy.pooled_expertise, values: [0, 0.5]}]\n"
        return [
            ("scenario.yaml", Array(small.utf8)),
            ("plan.yaml", Array(plan.utf8)),
            ("structures.csv", Array("name,ecosystem,stages,capacity_per_year,commune,lon,lat\nA,classic,emergence|creation,100,93001,,\nB,ess,growth,10,,2.35,48.95\n".utf8)),
            ("od.csv", Array("origin,destination,minutes\n93001,93002,12.5\n93002,93001,13\n".utf8)),
            ("communes.geojson", Array(geo.utf8)),
            ("donnees_communes.csv", Array(populations.utf8)),
            ("communes.csv", Array(cog.utf8)),
        ]
    }

    /// Applies one mutation, encoded in `op`, to `bytes`.
    static func mutate(_ bytes: inout [UInt8], _ op: Int) {
        let kind = op % 7, x = op / 7
        let n = bytes.count
        switch kind {
        case 0 where n > 0: bytes[x % n] ^= UInt8(truncatingIfNeeded: 1 << (x % 8))                      // flip a bit
        case 1 where n > 0: bytes.removeSubrange((x % n)..<min(n, x % n + 1 + (x / 7) % 16))              // delete a run
        case 2:                                                                                             // insert punctuation
            var generator = Self.rng(x)
            bytes.insert(contentsOf: Array("-1e999nan:[{\",;|\n".utf8).shuffled(using: &generator).prefix(1 + x % 6), at: n == 0 ? 0 : x % n)
        case 3 where n > 0: bytes = Array(bytes.prefix(x % n))                                            // truncate
        case 4 where n > 0: bytes[x % n] = UInt8(truncatingIfNeeded: x >> 3)                               // overwrite a byte
        case 5 where n > 0:                                                                                 // repeat a slice
            let start = x % n
            bytes.insert(contentsOf: bytes[start..<min(n, start + 1 + x % 40)], at: (x / 3) % n)
        case 6 where n > 0:                                                                                 // replace a digit run
            if let i = bytes[(x % n)...].firstIndex(where: { (48...57).contains($0) }) {
                bytes.replaceSubrange(i...i, with: Array(["0", "-7", "1e308", "99999999999", "0.5"][x % 5].utf8))
            }
        default: break
        }
    }

    static func rng(_ seed: Int) -> SplitMix { SplitMix(state: UInt64(truncatingIfNeeded: seed)) }

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return SeedDerivation.splitmix64(state)
        }
    }

    @Test("random and mutated inputs never crash the loaders: they load or fail with a clear error")
    func fuzzLoaders() async throws {
        let seeds = try Self.seeds()
        let folder = try temporaryFolder()
        let count = Int(ProcessInfo.processInfo.environment["MAILLAGE_FUZZ_COUNT"] ?? "") ?? 250
        await propertyCheck(count: count, input: Gen.int(in: 0...(seeds.count - 1)), Gen.int(in: 0...Int(Int32.max)).array(of: 1...6)) { which, ops in
            var bytes = seeds[which].bytes
            for op in ops { Self.mutate(&bytes, op) }
            let file = folder.appendingPathComponent("\(which)-\(ops.hashValue & 0xFFFF)-" + seeds[which].name)
            try Data(bytes).write(to: file)
            do {
                _ = try InputValidation.validate(file.path)
            } catch is InputError {
            } catch is GSLError {
            } catch {
                Issue.record("unexpected error for \(seeds[which].name) with mutations \(ops): \(error)")
            }
        }
    }
}

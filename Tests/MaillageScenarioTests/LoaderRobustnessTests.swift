import Foundation
import PropertyBased
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The loaders never crash: random and mutated files load or fail with a clear error; extreme
/// but valid parameters run; GSL failures become errors.
@Suite("Loader robustness")
struct LoaderRobustnessTests {
    static let data = packageRoot.appendingPathComponent("Scenarios/data")
    static let scenario = (try? String(contentsOf: packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml"), encoding: .utf8)) ?? ""

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
        outcomes.survival3Micro = 1
        outcomes.survival3Other = 1
        var holders = HolderParameters()
        holders.nonSeekerCreation = 0
        holders.seekSupportShare = 1
        let zones = [Fixture.zone("A"), Fixture.zone("B", x: 1, population: 0)]
        let structures = [Fixture.structure(0, .classic, capacity: 500), Fixture.structure(1, .ess)]
        // Creations this rare cannot reach INSEE's rate with one would-be creator per inhabitant:
        // an error that says so, not a pool of a billion holders.
        #expect { try Fixture.model(zones: zones, structures: structures, holders: holders, journey: journey, outcomes: outcomes, horizonMonths: 24) }
            throws: { "\($0)".contains("holders.creation_rate_per_1000") && "\($0)".contains("at most one would-be creator per inhabitant") }
        let edge = try Fixture.model(zones: zones, structures: structures, holders: holders, journey: journey, outcomes: outcomes,
                                     horizonMonths: 24, wouldBeCreatorsPer1000: 16)
        let result = try await Fixture.run(edge, replications: 4)
        // Undefined by construction here: no policy (costs, newly reached holders), no unsupported firm.
        for (metric, e) in result.summary where ![.costPerJobEur, .costPerJobGrossEur, .jobsPer100kEur, .survival3YearsUnsupported,
                                                   .abandonmentRateNewlyReached].contains(metric) {
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

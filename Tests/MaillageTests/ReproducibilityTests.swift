import Foundation
import Testing
@testable import Maillage

@Suite("Reproducibility")
struct ReproducibilityTests {
    static let outputs = ["replications.csv", "summary.csv", "summary.json"]

    func contents(_ folder: URL) throws -> [Data] {
        try Self.outputs.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    @Test("the same seed writes the same bytes")
    func sameSeedSameBytes() throws {
        let tmp = try temporaryFolder()
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
        for folder in [a, b] {
            let r = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "6", "--seed", "11", "--jobs", "2", "--out", folder.path])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try contents(a) == contents(b))
    }

    @Test("--jobs 1 and --jobs 2 write the same bytes")
    func jobsDoNotChangeResults() throws {
        let tmp = try temporaryFolder()
        let one = tmp.appendingPathComponent("one"), two = tmp.appendingPathComponent("two")
        for (folder, jobs) in [(one, "1"), (two, "2")] {
            let r = try runMaillage(["run", "Scenarios/qpv-seine-saint-denis.yaml", "--replications", "7", "--seed", "5", "--jobs", jobs, "--out", folder.path])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try contents(one) == contents(two))
    }

    @Test("a different seed gives different replications")
    func differentSeedDifferentResults() async throws {
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic, capacity: 500)])
        let a = try await MonteCarlo.run(model, replications: 3, seed: 1, jobs: 1)
        let b = try await MonteCarlo.run(model, replications: 3, seed: 2, jobs: 1)
        #expect(a.replications.map(\.counts) != b.replications.map(\.counts))
    }

    @Test("replication seeds derive from the run seed and the index only, and are distinct")
    func seedDerivation() {
        let seeds = (0..<10_000).map { SeedDerivation.replicationSeed(runSeed: 42, index: $0) }
        #expect(Set(seeds).count == seeds.count)
        #expect(SeedDerivation.replicationSeed(runSeed: 42, index: 3) == seeds[3])
        let streams = seeds.prefix(1000).flatMap {
            [SeedDerivation.streamSeed(replicationSeed: $0, stream: .population), SeedDerivation.streamSeed(replicationSeed: $0, stream: .behaviour)]
        }
        #expect(streams.allSatisfy { $0 <= UInt64(UInt32.max) })
        #expect(Set(streams).count == streams.count)
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

@Suite("Reproducibility")
struct ReproducibilityTests {
    @Test("a different seed gives different replications")
    func differentSeedDifferentResults() async throws {
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic, capacity: 500)])
        let a = try await MonteCarlo.run(model, plan: testPlan(model, replications: 3, seed: 1, jobs: 1))
        let b = try await MonteCarlo.run(model, plan: testPlan(model, replications: 3, seed: 2, jobs: 1))
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

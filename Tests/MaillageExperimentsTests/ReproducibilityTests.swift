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

    @Test("a counting generator gives taus2's numbers and counts them; a replication on it gives the same counts")
    func countingGenerator() throws {
        let plain = try RandomStream(seed: 12345, generator: .taus2)
        let counting = try RandomStream(seed: 12345, generator: .countingTaus2)
        let a = (0..<1_000).map { _ in plain.uniform() } + [Double(plain.poisson(3.5))]
        let b = (0..<1_000).map { _ in counting.uniform() } + [Double(counting.poisson(3.5))]
        #expect(a == b)
        #expect(plain.draws == nil)
        // A Poisson draw of small mean takes a uniform per step: at least one.
        #expect((counting.draws ?? 0) > 1_000)
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic, capacity: 50)])
        let seed = SeedDerivation.replicationSeed(runSeed: 9, index: 2)
        var measured = try Replication(countingDrawsOf: model, seed: seed)
        var ordinary = try Replication(model: model, seed: seed)
        let counts = measured.run()
        #expect(counts == ordinary.run())
        // Every journey draws at least its thirteen own uniforms and its type and stage.
        #expect((measured.draws ?? 0) >= 15 * counts.journeys && counts.journeys > 0)
        #expect(ordinary.draws == nil)
    }

    @Test("the arrivals alone draw the same holders as the full run, with nothing after them")
    func arrivalsOnly() throws {
        let model = try Fixture.model(zones: [Fixture.zone("A"), Fixture.zone("B", x: 30, population: 40_000)],
                                      structures: [Fixture.structure(0, .classic, capacity: 50), Fixture.structure(1, .ess, capacity: 20)])
        let seed = SeedDerivation.replicationSeed(runSeed: 4, index: 7)
        var full = try Replication(countingDrawsOf: model, seed: seed)
        var arrivals = try Replication(countingDrawsOf: model, seed: seed)
        let counts = full.run()
        #expect(arrivals.runArrivalsOnly() == counts.journeys && counts.journeys > 0)
        // The population stream gives every arrival's numbers and nothing else: the same count.
        #expect(arrivals.population.draws == full.population.draws)
        #expect(arrivals.behaviour.draws == 0 && arrivals.adaptive.draws == 0 && (full.behaviour.draws ?? 0) > 0)
    }

    @Test("a replication's other worlds replay its arrivals and count what drawing them counts; a world with other arrival tables draws its own")
    func arrivalsReplayed() throws {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/funding/metro-lyon-balanced.yaml").path)
        let model = try scenario.build()
        let baseline = try #require(model.baseline)
        for index in 0..<3 {
            let seed = SeedDerivation.replicationSeed(runSeed: 11, index: index)
            var first = try Replication(model: model, seed: seed, replaying: nil, keeping: true)
            let policyCounts = first.run()
            let kept = first.takeArrivals()
            let tape = try #require(kept)
            #expect(tape.zone.count == policyCounts.journeys && tape.numbers.count == 13 * tape.zone.count)
            var replayed = try Replication(model: baseline, seed: seed, replaying: tape, keeping: false)
            #expect(replayed.replay != nil)
            var drawn = try Replication(model: baseline, seed: seed)
            #expect(replayed.run() == drawn.run())
        }
        // The paired outcome, which shares the arrivals, equals the worlds run one by one.
        let seed = SeedDerivation.replicationSeed(runSeed: 11, index: 5)
        let outcome = try ReplicationOutcome(running: model, seed: seed)
        var policy = try Replication(model: model, seed: seed), base = try Replication(model: baseline, seed: seed)
        #expect(outcome.counts == policy.run() && outcome.baseline == base.run())
        // Other arrival tables (twice the population of the first zone): the tape is not replayed.
        var world = try scenario.world()
        world.territory.zones[0].population *= 2
        let other = try scenario.build(world)
        var first = try Replication(model: model, seed: seed, replaying: nil, keeping: true)
        _ = first.run()
        let elsewhere = try Replication(model: other, seed: seed, replaying: first.takeArrivals(), keeping: false)
        #expect(elsewhere.replay == nil)
        // Without keeping, no tape.
        var plain = try Replication(model: model, seed: seed)
        _ = plain.run()
        #expect(plain.takeArrivals() == nil)
    }
}

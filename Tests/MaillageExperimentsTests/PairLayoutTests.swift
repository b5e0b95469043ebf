import Testing
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageTestSupport

/// A model too large for a table of every zone–structure pair computes its travel times as it
/// needs them (``SimulationModel/PairLayout``). Forcing that on the study's territories, where a
/// table is the default, must change nothing but memory: the same reach, referrals beyond reach,
/// permanences' overflow, candidates and indices, hence the same replications.
@Suite("Travel times kept in a table or computed on demand")
struct PairLayoutTests {
    @Test("a model computing its travel times on demand gives the replications, coverage and indices of one keeping them all",
          arguments: ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"])
    func onDemandEqualsTable(territory: String) async throws {
        var scenario = try ModelAnswerTests.scenario(territory)
        scenario.policy = try ModelAnswerTests.fullCooperation()
        let world = try scenario.world()
        let table = try scenario.build(world, pairLayout: .table)
        let onDemand = try scenario.build(world, pairLayout: .onDemand)
        // The default keeps the table at this size; forcing the other way does not.
        #expect(try scenario.build(world).times.isDense && table.times.isDense && !onDemand.times.isDense)
        #expect(onDemand.candidateCount > 0 && onDemand.structures.contains { $0.role == .permanence })
        #expect(onDemand.coverageByType == table.coverageByType && onDemand.chainCoverage == table.chainCoverage)
        #expect(onDemand.wouldBeCreatorsPer1000 == table.wouldBeCreatorsPer1000)
        for z in [0, onDemand.territory.zones.count / 2, onDemand.territory.zones.count - 1] {
            for s in onDemand.structures.indices { #expect(onDemand.times[z, s] == table.times[z, s]) }
        }

        let plan = testPlan(table, replications: 6, seed: 11)
        let a = try await MonteCarlo.run(table, plan: plan).replications
        let b = try await MonteCarlo.run(onDemand, plan: plan).replications
        // Counts of every world, and metric values bit for bit (a NaN is not equal to itself).
        #expect(a.map(\.counts) == b.map(\.counts) && a.map(\.baselineCounts) == b.map(\.baselineCounts))
        #expect(a.map(\.essFreePolicyCounts) == b.map(\.essFreePolicyCounts) && a.map(\.essFreeBaselineCounts) == b.map(\.essFreeBaselineCounts))
        #expect(a.map { $0.values.map(\.bitPattern) } == b.map { $0.values.map(\.bitPattern) })
        // The run referred holders, so the loop read arrival chances (computed from positions in
        // the on-demand model).
        #expect(a.reduce(0) { $0 + $1.counts.referred } > 0)

        let inputs = (try CoverageInputs(table), try CoverageInputs(onDemand))
        #expect(inputs.0.costs == inputs.1.costs && inputs.0.nearestMinutes == inputs.1.nearestMinutes)
        #expect(inputs.0.allMinutes != nil && inputs.1.allMinutes == nil)
        // Some needs have no fitting structure in reach of some zones: their referrals go to the
        // nearest one beyond, which the on-demand model finds by its ring search.
        if territory == "rural-franche-comte" {
            #expect(inputs.1.nearestMinutes.contains { $0.isFinite && $0 > onDemand.travel.reachMinutes })
        }
        #expect(try Accessibility.compute(table) == Accessibility.compute(onDemand))
    }

    @Test("a travel-time matrix needs the table: a model too large for it is refused, naming the territory")
    func matrixNeedsTheTable() throws {
        let zones = [Fixture.zone("A"), Fixture.zone("B", x: 5)]
        let travel = TravelTimes(model: TravelModel(), matrix: ["A": ["B": 10], "B": ["A": 10]])
        let error = #expect(throws: InputError.self) {
            try SimulationModel(territory: Territory(name: "fixture", zones: zones, areaKm2: 100), structures: [Fixture.structure(0, .classic)],
                                travel: travel, holders: HolderParameters(), journey: JourneyParameters(), outcomes: OutcomeParameters(),
                                policy: CooperationPolicy(), horizonMonths: 12, pairLayout: .onDemand)
        }
        #expect(error?.file == "fixture" && error?.field == "structures")
        #expect(error?.message.contains("travel-time matrix") == true)
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The levers' dynamics, placement and costs.
@Suite("Cooperation levers")
struct PolicyTests {
    @Test("knowledge follows its monthly recurrence: learning from contacts, decay towards the baseline")
    func knowledgeDynamics() throws {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 6
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 5)],
                                      policy: policy, horizonMonths: 48)
        let effects = LeverEffects.defaultEffects
        let learning = effects[MutualKnowledge.learningPerContact], decay = effects[MutualKnowledge.decayPerMonth]
        // Attendance falls with the travel time to the venue (zone A): the structure 5 km away
        // attends less.
        let a = Array(model.hot.attendance)
        #expect(a[1] < a[0] && a[0] <= effects[MutualKnowledge.attendance])
        let contacts = 6.0 / 12 * a[0] * a[1]
        let k0 = model.knowledge(of: 1, by: 0, month: 0)
        var k = k0
        for month in 0..<48 {
            #expect(abs(model.knowledge(of: 1, by: 0, month: month) - k) < 1e-12, "month \(month)")
            k = k + (1 - k) * (1 - pow(1 - learning, contacts)) - decay * (k - k0)
        }
    }

    @Test("knowledge within one ecosystem stays at its baseline whatever the meetings")
    func knowledgeIsAcrossEcosystems() throws {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 24
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic), Fixture.structure(1, .classic)],
                                      policy: policy, horizonMonths: 24)
        #expect(model.knowledge(of: 1, by: 0, month: 23) == model.knowledge(of: 1, by: 0, month: 0))
        // No knowledge gained across the ecosystems, so the zone's legibility does not move either.
        let legibility = model.hot.legibility, w = model.warmUpMonths
        #expect(legibility[w + 23] == legibility[w])
    }

    @Test("meetings raise pairwise knowledge over the months, to a level below full knowledge")
    func meetingsRaiseKnowledge() throws {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 12
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess)],
                                      policy: policy, horizonMonths: 36)
        let path = (0..<36).map { model.knowledge(of: 1, by: 0, month: $0) }
        #expect(zip(path, path.dropFirst()).allSatisfy { $0 < $1 })
        #expect(path.last! < 1)
        let none = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess)],
                                     horizonMonths: 36)
        #expect(none.knowledge(of: 1, by: 0, month: 35) == none.knowledge(of: 1, by: 0, month: 0))
    }

    @Test("baseline knowledge is lower among many actors")
    func crowdingLowersKnowledge() throws {
        let few = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess)])
        let many = try Fixture.model(zones: [Fixture.zone("A")], structures: (0..<30).map { Fixture.structure($0, $0 % 2 == 0 ? .classic : .ess) })
        #expect(many.knowledge(of: 1, by: 0, month: 0) < few.knowledge(of: 1, by: 0, month: 0))
    }

    @Test("a shared intake point is a first contact only within its reach, and fits no one's support")
    func intakeIsLocal() throws {
        var policy = CooperationPolicy()
        policy[SharedIntake.self].points = 1
        let zones = [Fixture.zone("A", population: 50_000), Fixture.zone("B", x: 60, population: 10_000)]
        let structures = [Fixture.structure(0, .classic), Fixture.structure(1, .classic, x: 60)]
        let with = try Fixture.model(zones: zones, structures: structures, policy: policy)
        let without = try Fixture.model(zones: zones, structures: structures)
        #expect(with.structures.count == 3 && with.structures[2].role == .intake)
        #expect(with.reach[0].intakeInReach[0] == 2 && with.reach[0].intakeInReach[1] == -1)
        #expect(without.reach[0].intakeInReach.allSatisfy { $0 == -1 })
        // Legibility is not decreed: the intake point changes who is contacted first.
        #expect(with.legibility == without.legibility)
        #expect(!(0..<SimulationModel.needs).contains { with.fits[$0 * 3 + 2] })
    }

    @Test("outreach permanences cover the largest uncovered population first")
    func permanencesCoverTheUncovered() throws {
        var policy = CooperationPolicy()
        policy[OutreachPermanences.self].count = 1
        let zones = [Fixture.zone("A", population: 10_000, kind: .rural), Fixture.zone("B", x: 80, population: 5_000, kind: .rural),
                     Fixture.zone("C", x: -80, population: 8_000, kind: .rural)]
        let both = [Fixture.structure(0, .classic), Fixture.structure(1, .ess)]
        let base = try Fixture.model(zones: zones, structures: both)
        let model = try Fixture.model(zones: zones, structures: both, policy: policy)
        #expect(model.structures.count == 3)
        #expect(model.structures[2].zoneCode == "C" && model.structures[2].isJointOutreach)
        #expect(model.coverage > base.coverage)
        // A joint permanence fits ESS projects at the stages it serves, where both ecosystems exist.
        #expect(model.nearestFittingStructure(zone: 2, type: .ess, stage: .emergence) == 2)
        #expect(model.nearestFittingStructure(zone: 2, type: .ess, stage: .financing) == nil)
        // Where only classic networks exist, it is theirs: it fits classic projects only.
        let classicOnly = try Fixture.model(zones: zones, structures: [Fixture.structure(0, .classic)], policy: policy)
        #expect(classicOnly.nearestFittingStructure(zone: 2, type: .classic, stage: .emergence) == 1)
        #expect(classicOnly.nearestFittingStructure(zone: 2, type: .ess, stage: .emergence) == nil)
    }

    @Test("pooled expertise raises competence on the other ecosystem's projects, hence their support's effect, and nothing else")
    func pooledExpertise() throws {
        var policy = CooperationPolicy()
        policy[PooledExpertise.self].level = 1
        let structures = [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 2)]
        let base = try Fixture.model(zones: [Fixture.zone("A")], structures: structures)
        let pooled = try Fixture.model(zones: [Fixture.zone("A")], structures: structures, policy: policy)
        #expect(pooled.competence[0] > base.competence[0])
        let S = 2
        // Once the policy acts (the tables' second phase; the first is before it starts).
        func effect(_ m: SimulationModel, _ type: ProjectType, _ s: Int) -> Double {
            m.hot.creationEffect[SimulationModel.needs * S + (type.rawValue * 4 + 1) * S + s]
        }
        #expect(pooled.hot.creationEffect[(ProjectType.ess.rawValue * 4 + 1) * S] == effect(base, .ess, 0), "nothing before the policy starts")
        // An ESS project at the classic structure gains; a classic one there, or an ESS one at
        // the ESS structure, does not.
        #expect(effect(pooled, .ess, 0) > effect(base, .ess, 0))
        #expect(effect(pooled, .classic, 0) == effect(base, .classic, 0))
        #expect(effect(pooled, .ess, 1) == effect(base, .ess, 1))
        // On a territory of one ecosystem there is no one to pool with.
        let alone = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic)], policy: policy)
        #expect(alone.competence[0] == 0)
    }

    @Test("funding buys levers at their unit costs; coordination buys its bundle in proportion, up to the whole bundle")
    func fundingConversion() {
        let costs = LeverCosts.defaultCosts, effects = LeverEffects.defaultEffects
        var policy = CooperationPolicy()
        policy.funding.budgetEur = 600_000
        policy.funding.capacity = 0.25
        policy.funding.outreach = 0.25
        policy.funding.coordination = 0.25
        policy.funding.training = 0.25
        let r = ResolvedPolicy(policy, costs: costs, effects: effects)
        #expect(r.allocatedEur == 600_000)
        #expect(r.allocated[.capacity] == 150_000 && r[ExtraCapacity.self].holdersPerYear == 150_000 / costs[ExtraCapacity.holderCost])
        // A permanence costs its own price and its places.
        let permanence = costs[OutreachPermanences.unitCost] + effects[OutreachPermanences.capacity] * costs[ExtraCapacity.holderCost]
        #expect(r[OutreachPermanences.self].count == (150_000 / permanence).rounded(.down) && r[OutreachPermanences.self].count >= 1)
        #expect(r[ESSTraining.self].structures == (150_000 / costs[ESSTraining.unitCost]).rounded(.down))
        func coordination(_ eur: Double) -> ResolvedPolicy {
            var p = CooperationPolicy()
            p.funding.budgetEur = eur
            p.funding.coordination = 1
            return ResolvedPolicy(p, costs: costs, effects: effects)
        }
        // Every coordination lever gets the same share of its full level: money over the bundle's cost.
        let bundle = Funding.coordinationBundleCost(costs, effects)
        let half = coordination(bundle / 2)
        #expect(abs(half[MutualKnowledge.self].meetingsPerYear - effects[MutualKnowledge.coordinationMeetings] / 2) < 1e-9)
        #expect(abs(half[SharedIntake.self].points - effects[SharedIntake.coordinationPoints] / 2) < 1e-9)
        #expect(abs(half[PooledExpertise.self].level - 0.5) < 1e-9)
        // What it buys is worth what it costs, and no more than the whole bundle.
        let worth = half.levers.all.reduce(0.0) { $0 + $1.yearlyCost(costs, effects: effects) }
        #expect(worth <= bundle / 2 + 1e-6 && worth > 0.95 * bundle / 2)
        #expect(coordination(3 * bundle)[PooledExpertise.self].level == 1)
    }

    @Test("explicit levers are priced into the budget")
    func explicitLeversCost() {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 4
        policy[ESSTraining.self].structures = 3
        let costs = LeverCosts.defaultCosts
        let r = ResolvedPolicy(policy, costs: costs, effects: LeverEffects.defaultEffects)
        #expect(r.allocatedEur == 4 * costs[MutualKnowledge.meetingCost] + 3 * costs[ESSTraining.unitCost])
    }

    @Test("budget_eur is the budget given; what quantities set directly cost is allocated on top (allocated_eur)")
    func budgetAndAllocated() throws {
        var policy = CooperationPolicy()
        policy.funding.budgetEur = 100_000
        policy.funding[.capacity] = 1
        policy[MutualKnowledge.self].meetingsPerYear = 4
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic)], policy: policy)
        let direct = 4 * LeverCosts.defaultCosts[MutualKnowledge.meetingCost]
        #expect(model.spending.budgetEur == 100_000)
        #expect(model.spending.allocatedEur == 100_000 + direct && model.policy.allocatedEur == 100_000 + direct)
        let outcome = ReplicationOutcome(counts: ReplicationCounts())
        #expect(Metric.allocatedEur.value(outcome, model: model) == 100_000 + direct)
        // The 0.2 name of allocated_eur, kept one release, is hidden from people's tables.
        #expect(Metric.budgetEurAlias.value(outcome, model: model) == 100_000 + direct)
        #expect(Metric.all.contains(.budgetEurAlias) && !Metric.shown.contains(.budgetEurAlias))
    }

    @Test("every funding scenario runs and spends its budget as its shares say")
    func fundingScenariosRun() async throws {
        let folder = packageRoot.appendingPathComponent("Scenarios/funding")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count == 15)
        for file in files {
            let scenario = try ScenarioLoader.load(folder.appendingPathComponent(file).path)
            let model = try scenario.build()
            let f = scenario.policy.funding
            #expect(model.policy.allocatedEur == 200_000 && model.spending.budgetEur == 200_000, "\(file)")
            #expect(model.policy.allocated[.capacity] == f.capacity * f.budgetEur && model.policy.allocated[.training] == f.training * f.budgetEur, "\(file)")
            let result = try await MonteCarlo.run(model, plan: testPlan(model, replications: 2, seed: 1, jobs: 2))
            #expect(result.estimate(.allocatedEur).mean == 200_000 && result.estimate(.budgetEurAlias).mean == 200_000)
        }
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// Model v3 (MODEL.md 7.2, 7.5, 7.7): the offer across the ecosystems, cooperation resting on
/// knowledge, queues that respond, and the trace back to version 0.2.
@Suite("Model v3: offer across the ecosystems, knowledge, queues that respond")
struct ModelV3Tests {
    static let fixtures = packageRoot.appendingPathComponent("Tests/fixtures/v2")

    /// Version 0.2's offer: a structure's ecosystem decides which projects it fits.
    static func partition() throws -> OfferTable {
        let file = fixtures.appendingPathComponent("offer-partition.csv").path
        return try OfferTable(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
    }

    /// The new mechanisms at their neutral settings, with version 0.2's offer and start.
    static func asVersion02(_ scenario: inout Scenario) throws {
        // Version 0.2's calibrated values (MODEL.md 9).
        scenario.holders.seekSupportShare = 0.169
        scenario.outcomes.creationSupported = 0.606
        scenario.outcomes.creationUnsupported = 0.122
        scenario.offer = try partition()
        scenario.policyStart = .warmUp
        scenario.entry = .none
        scenario.journey.roomAwareness = 0
        scenario.journey.permanenceOverflow = 0
        scenario.journey.capacityElasticity = 0
        scenario.journey.localContactShare = 0
        scenario.journey.cooperationKnowledgeDependence = 0
    }

    @Test("with version 0.2's offer and the new mechanisms at their neutral settings, the metropolis replicates version 0.2 exactly")
    func reproducesVersion02() async throws {
        // The replications version 0.2 wrote for the metropolis without cooperation and with every
        // lever but intake points and training (Tests/fixtures/v2, `--shard 1/1`: exact values).
        for (file, golden) in [("Scenarios/metro-lyon.yaml", "metro-lyon-none.csv"),
                               ("Tests/fixtures/v2/metro-lyon-cooperation.yaml", "metro-lyon-cooperation.csv")] {
            let path = packageRoot.appendingPathComponent(file).path
            var scenario = try ScenarioLoader.load(path)
            try Self.asVersion02(&scenario)
            let model = try scenario.build()
            var plan = scenario.plan
            plan.replications = 8
            plan.seed = 11
            plan.jobs = 2
            let run = try await MonteCarlo.run(model, plan: plan)
            let table = try DelimitedText(path: Self.fixtures.appendingPathComponent(golden).path, delimiter: ",")
            // The abandonment rate's definition changed (each holder once, not each presentation).
            var compared = 0
            for (column, name) in table.header.enumerated().dropFirst(2) where name != "abandonment_rate" {
                let metric = try #require(Metric.named(name), "\(name)")
                let expected = table.rows.map { ExactText.parse($0.fields[column]) ?? .infinity }
                let found = run.values(metric)
                let same = zip(expected, found).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                #expect(same, "\(file): \(name): \(found) against version 0.2's \(expected)")
                compared += 1
            }
            #expect(compared == table.header.count - 3, "every metric of version 0.2 but the abandonment rate")
        }
    }

    /// A classic holder's chain from BGE (emergence and creation) to financing, where France
    /// Active is the only structure that finances.
    func financingWorld(offer: OfferTable, journey: JourneyParameters = JourneyParameters(), policy: CooperationPolicy = CooperationPolicy(),
                        effects: ParameterValues = .defaultEffects) throws -> SimulationModel {
        var holders = Fixture.holders(only: .classic)
        holders.stageShares = [0, 1, 0, 0]
        holders.continueAfter = [0.6, 1, 0]
        let structures = [Fixture.structure(0, .classic, stages: [.emergence, .creation], family: .coaching),
                          Fixture.structure(1, .ess, stages: [.financing], family: .solidarityFinance)]
        return try Fixture.model(zones: [Fixture.zone("A", population: 50_000)], structures: structures, holders: holders, journey: journey,
                                 policy: policy, effects: effects, offer: offer, horizonMonths: 36, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
    }

    @Test("France Active finances classic holders where it is the only financer: their chain crosses the ecosystems; without its row they are lost there")
    func crossingToFinancing() async throws {
        let model = try financingWorld(offer: .shipped)
        let result = try await Fixture.run(model, replications: 40, seed: 17)
        let financing = Stage.financing.rawValue
        // At financing the holder is at BGE, which handles classic projects but must cross to
        // France Active: a referral on BGE's knowledge of it, K₀ = 0.5 × 5 / (5 + 1) (one other
        // structure in reach), then an arrival next door (0.85); France Active has room.
        let k0 = 0.5 * 5 / 6
        let expected = (1 - (1 - 0.3) * (1 - k0)) * 0.85
        let share = Estimate(values: result.replications.map {
            Double($0.counts.stageSupported[financing]) / Double($0.counts.stageReached[financing])
        })
        #expect(abs(share.mean - expected) < 3 * share.standardError + 0.005, "\(share.mean) against \(expected) ± \(3 * share.standardError)")
        #expect(result.estimate(.holdersCrossEcosystem).low > 0, "supported by BGE then France Active: their chains cross")
        #expect(result.estimate(.jobsCrossEcosystem).mean > 0)

        // Without France Active's row for classic projects at financing, nobody finances them.
        var offer = OfferTable.shipped
        offer[.solidarityFinance, .classic, .financing].offer = .none
        let without = try await Fixture.run(try financingWorld(offer: offer), replications: 40, seed: 17)
        for r in without.replications {
            #expect(r.counts.stageSupported[financing] == 0 && r.counts.stageLost[financing] == r.counts.stageReached[financing])
            #expect(r.counts.crossEcosystemHolders == 0)
        }
    }

    @Test("shared intake and warm hand-offs do exactly nothing when mutual knowledge is zero and cannot grow (common random numbers)")
    func noKnowledgeNoEffect() async throws {
        var journey = JourneyParameters()
        journey.knowledgeBase = 0
        var effects = ParameterValues.defaultEffects
        effects[MutualKnowledge.learningPerContact] = 0
        var policy = CooperationPolicy()
        policy[SharedIntake.self].points = 1
        policy[WarmHandoffs.self].share = 1
        policy[MutualKnowledge.self].meetingsPerYear = 12
        let model = try financingWorld(offer: .shipped, journey: journey, policy: policy, effects: effects)
        let result = try await Fixture.run(model, replications: 12, seed: 5)
        for metric in [Metric.jobsAdded, .jobsAddedGross, .jobsAddedNet] + Metric.interEcosystem {
            #expect(result.values(metric).allSatisfy { $0 == 0 }, "\(metric.name)")
        }
        // The policy world's replications are the no-cooperation world's, holder for holder.
        let baseline = try await Fixture.run(try #require(model.baseline), replications: 12, seed: 5)
        #expect(zip(result.replications, baseline.replications).allSatisfy { $0.counts == $1.counts })

        // With knowledge, the same levers act.
        journey.knowledgeBase = 0.5
        let knowing = try financingWorld(offer: .shipped, journey: journey, policy: policy)
        let acting = try await Fixture.run(knowing, replications: 12, seed: 5)
        #expect(acting.replications.contains { $0.values[Metric.all.firstIndex(of: .jobsAdded)!] != 0 })
    }

    @Test("an intake point places every holder it diagnoses while a structure in reach can take it; a full permanence refers to a town structure with room")
    func nobodyLeftUnplaced() async throws {
        // ESS holders, a classic structure that can only support them as a misfit, an intake
        // point every holder turns to: none is dropped at the intake point.
        var holders = Fixture.holders(only: .ess)
        holders.stageShares = [1, 0, 0, 0]
        holders.continueAfter = [0, 0, 0]
        var journey = JourneyParameters()
        journey.legibilityBase = 0
        journey.cooperationKnowledgeDependence = 0
        var effects = ParameterValues.defaultEffects
        effects[SharedIntake.share] = 1
        effects[SharedIntake.capacity] = 1e6
        var policy = CooperationPolicy()
        policy[SharedIntake.self].points = 1
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)], structures: [Fixture.structure(0, .classic)],
                                      holders: holders, journey: journey, policy: policy, effects: effects,
                                      horizonMonths: 24, warmUpMonths: 6, wouldBeCreatorsPer1000: 20)
        let placed = try await Fixture.run(model, replications: 10, seed: 3)
        for r in placed.replications {
            #expect(r.counts.intakeContacts > 0)
            #expect(r.counts.stageLost[Stage.emergence.rawValue] == 0, "every diagnosed holder is supported at the classic structure")
        }

        // A remote village with a permanence of one place a month; the town's structure, beyond
        // reach, always has room: the permanence refers what it cannot take, nobody queues.
        var village = Fixture.holders(only: .classic)
        village.stageShares = [1, 0, 0, 0]
        village.continueAfter = [0, 0, 0]
        var permanence = CooperationPolicy()
        permanence[OutreachPermanences.self].count = 1
        var small = ParameterValues.defaultEffects
        small[OutreachPermanences.capacity] = 12
        func world(overflow: Double) throws -> SimulationModel {
            var j = JourneyParameters()
            j.permanenceOverflow = overflow
            return try Fixture.model(zones: [Fixture.zone("V", x: 0, population: 50_000), Fixture.zone("T", x: 80, population: 0)],
                                     structures: [Fixture.structure(0, .classic, stages: [.emergence, .creation], x: 80)],
                                     holders: village, journey: j, policy: permanence, effects: small, horizonMonths: 24, warmUpMonths: 6,
                                     wouldBeCreatorsPer1000: 20)
        }
        let referring = try await Fixture.run(try world(overflow: 1), replications: 10, seed: 3)
        let queuing = try await Fixture.run(try world(overflow: 0), replications: 10, seed: 3)
        #expect(referring.replications.allSatisfy { $0.counts.abandoned == 0 && $0.counts.referred > 0 })
        #expect(queuing.replications.allSatisfy { $0.counts.abandoned > 0 })
    }

    @Test("mutual knowledge follows its documented build-up month by month from the policy's start, and settles where learning meets decay")
    func knowledgeSeries() throws {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 12
        let structures = [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 1)]
        let model = try Fixture.model(zones: [Fixture.zone("A")], structures: structures, policy: policy, horizonMonths: 24, warmUpMonths: 12)
        let effects = ParameterValues.defaultEffects
        let k0 = 0.5 * 5 / 6, d = effects[MutualKnowledge.decayPerMonth]
        let series = model.crossKnowledgeByMonth
        // Before the policy starts (the warm-up), every pair is at its baseline.
        for t in 0..<12 { #expect(abs(series[t] - k0) < 1e-12) }
        // Then K ← K + (1 − K) p − d (K − K₀), p = 1 − (1 − learning)^λ, λ = meetings a month × aᵢ aⱼ.
        let p = 1 - pow(1 - effects[MutualKnowledge.learningPerContact], 1 * model.hot.attendance[0] * model.hot.attendance[1])
        for t in 12..<35 {
            let next = series[t] + (1 - series[t]) * p - d * (series[t] - k0)
            #expect(abs(series[t + 1] - next) < 1e-9, "month \(t)")
        }
        #expect(series[35] > series[13] && series[13] > k0, "a ramp over the horizon")
        // The level it settles at, where the month's learning meets the month's decay, is below 1.
        let settled = (p + d * k0) / (p + d)
        #expect(settled < 1 && series[35] < settled)
    }

    @Test("every funding line buys quantities worth, at the model's unit costs, no more than the money it spends")
    func consistentPrices() throws {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path)
        let world = try scenario.world()
        let costs = scenario.leverCosts, effects = scenario.leverEffects
        for budget in [20_000.0, 200_000, 1_000_000, 5_000_000] {
            for split in [[1.0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0.25, 0.25, 0.25, 0.25]] {
                var s = scenario
                s.policy = CooperationPolicy()
                s.policy.funding.budgetEur = budget
                for (line, share) in zip(FundingLine.allCases, split) { s.policy.funding[line] = share }
                let model = try s.build(world)
                let p = model.policy, spending = model.spending
                var worth: [FundingLine: Double] = [
                    .capacity: p[ExtraCapacity.self].holdersPerYear * costs[ExtraCapacity.holderCost],
                    .outreach: Double(spending.permanencesPlaced) * OutreachPermanences.price(costs, effects),
                    .training: Double(spending.trainingsGiven) * costs[ESSTraining.unitCost],
                ]
                worth[.coordination] = [p[MutualKnowledge.self].yearlyCost(costs, effects: effects), p[SharedIntake.self].yearlyCost(costs, effects: effects),
                                        p[WarmHandoffs.self].yearlyCost(costs, effects: effects), p[PooledExpertise.self].yearlyCost(costs, effects: effects),
                                        p[SharedPathway.self].yearlyCost(costs, effects: effects)].reduce(0, +)
                for line in FundingLine.allCases {
                    #expect(worth[line]! <= spending[line] + 1e-6 * max(1, budget), "\(Int(budget)) €, \(split), \(line): worth \(worth[line]!) against \(spending[line]) spent")
                    #expect(spending[line] <= budget * s.policy.funding[line] + 1e-6)
                }
            }
        }
    }

    @Test("the abandonment rate counts each holder once: holders who gave up, over holders who presented at a structure")
    func abandonmentPerHolder() async throws {
        // Every holder is supported at emergence then at creation at the same small structure: it
        // presents twice, and gives up in either queue at most once.
        var holders = Fixture.holders(only: .classic)
        holders.stageShares = [1, 0, 0, 0]
        holders.continueAfter = [1, 0, 0]
        var journey = JourneyParameters()
        journey.capacityElasticity = 0
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)],
                                      structures: [Fixture.structure(0, .classic, stages: [.emergence, .creation], capacity: 60)],
                                      holders: holders, journey: journey, horizonMonths: 36, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
        let result = try await Fixture.run(model, replications: 8, seed: 2)
        for r in result.replications {
            #expect(r.counts.intakes > r.counts.presentedHolders, "holders present once per stage")
            #expect(r.values[Metric.all.firstIndex(of: .abandonmentRate)!] == Double(r.counts.abandoned) / Double(r.counts.presentedHolders))
            #expect(r.counts.abandoned > 0 && r.counts.abandoned <= r.counts.presentedHolders)
        }
    }

    @Test("a holder goes on to its next stage at the same structure only where that structure fits the project there; elsewhere it is oriented")
    func continuationFollowsFit() async throws {
        // ESS holders with a coaching structure alone in reach: it serves every stage but fits ESS
        // projects at none (untrained), and no fitting structure exists anywhere. Each orientation
        // fails (nothing to orient to) and the structure keeps the holder (misfit_support 1), so
        // every stage a holder reaches, on arrival or on going on, is one orientation.
        var holders = Fixture.holders(only: .ess)
        holders.continueAfter = [0.9, 0.9, 0.9]
        var journey = JourneyParameters()
        journey.misfitSupport = 1
        journey.essAwarenessBase = 0
        let classic = try Fixture.model(zones: [Fixture.zone("A", population: 20_000)], structures: [Fixture.structure(0, .classic)],
                                        holders: holders, journey: journey)
        for r in try await Fixture.run(classic, replications: 4, seed: 5).replications {
            #expect(r.counts.referred == r.counts.stageReached.reduce(0, +) && r.counts.referred > r.counts.holders)
        }
        // The same holders at an ESS incubator, which fits them at every stage: never oriented.
        let ess = try Fixture.model(zones: [Fixture.zone("A", population: 20_000)], structures: [Fixture.structure(0, .ess)],
                                    holders: holders, journey: journey)
        for r in try await Fixture.run(ess, replications: 4, seed: 5).replications {
            #expect(r.counts.referred == 0 && r.counts.supports > r.counts.holders)
        }
    }

    @Test("a structure opens by itself where its family's demand stays unmet, from the horizon on, and only past the threshold")
    func entryWhereDemandIsUnmet() async throws {
        // Zone B lies 100 km from the only structure: its holders have nothing in reach. The
        // coaching family's candidate site is B's; its demand is counted from the warm-up.
        let zones = [Fixture.zone("A", population: 20_000), Fixture.zone("B", x: 100, population: 20_000)]
        func run(rate: Double, threshold: Double, replications: Int = 4) async throws -> RunResult {
            var entry = EntryParameters()
            entry.ratePerMonth = rate
            entry.thresholdPerYear = threshold
            let model = try Fixture.model(zones: zones, structures: [Fixture.structure(0, .classic)], holders: Fixture.holders(only: .classic),
                                          entry: entry, horizonMonths: 12, warmUpMonths: 12)
            return try await Fixture.run(model, replications: replications, seed: 3)
        }
        // Certain entry past one holder a year: the site is open from the horizon's first month,
        // so no holder of the horizon is left without a structure in reach.
        for r in try await run(rate: 1, threshold: 1).replications {
            #expect(r.counts.structuresOpened == 1 && r.counts.uncovered == 0 && r.counts.holders > 0)
        }
        // Without entry, or with a threshold B's demand never reaches, half the holders are uncovered.
        for (rate, threshold) in [(0.0, 1.0), (1.0, 1e6)] {
            let result = try await run(rate: rate, threshold: threshold, replications: 30)
            for r in result.replications { #expect(r.counts.structuresOpened == 0 && r.counts.uncovered > 0) }
            let share = result.estimate(.uncoveredShare)
            #expect(share.low <= 0.5 && 0.5 <= share.high, "[\(share.low), \(share.high)] should cover 0.5")
        }
    }

    @Test("in priority neighbourhoods, outreach buys contacts, not coverage: a permanence goes where the neighbourhood has no structure of its own")
    func neighbourhoodPermanences() async throws {
        // Two priority neighbourhoods 4 km apart (17 minutes: within reach of each other, not
        // within a walk); the only structure is in A. B's holders without a job turn only to B.
        let zones = [Fixture.zone("A", population: 20_000, kind: .priorityNeighbourhood),
                     Fixture.zone("B", x: 4, population: 20_000, kind: .priorityNeighbourhood)]
        var journey = JourneyParameters()
        journey.localContactShare = 1
        var holders = Fixture.holders(only: .classic)
        holders.stageShares = [1, 0, 0, 0]
        func model(permanences: Double) throws -> SimulationModel {
            var policy = CooperationPolicy()
            policy[OutreachPermanences.self].count = permanences
            return try Fixture.model(zones: zones, structures: [Fixture.structure(0, .classic)], holders: holders, journey: journey, policy: policy)
        }
        let with = try model(permanences: 1)
        #expect(with.structures.filter { $0.role == .permanence }.map(\.zoneCode) == ["B"])
        #expect(with.coverage == (try model(permanences: 0)).coverage)
        // Without it, B's holders without a job (71%, half the holders) find no one.
        let share = try await Fixture.run(try model(permanences: 0), replications: 30, seed: 4).estimate(.uncoveredShare)
        let expected = 0.5 * HolderParameters().joblessShare[ZoneKind.allCases.firstIndex(of: .priorityNeighbourhood)!]
        #expect(share.low <= expected && expected <= share.high, "[\(share.low), \(share.high)] should cover \(expected)")
        for r in try await Fixture.run(with, replications: 4, seed: 4).replications { #expect(r.counts.uncovered == 0) }
    }
}


import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The support chain, the network families' outcomes and the cross-ecosystem reach of mutual
/// knowledge, on small worlds whose expectations follow from the parameters.
@Suite("Support chain and network families")
struct ChainAndFamilyTests {
    @Test("a holder who needs financing where no structure finances is lost at that step; the share who need it covers its chance")
    func lostWithoutFinancing() async throws {
        let q = 0.45
        var holders = Fixture.holders(only: .classic)
        holders.stageShares = [0, 1, 0, 0]
        holders.continueAfter = [0.6, q, 0.3]
        // One structure for emergence and creation, without limit; nothing finances.
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)],
                                      structures: [Fixture.structure(0, .classic, stages: [.emergence, .creation])],
                                      holders: holders, horizonMonths: 36, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
        let result = try await Fixture.run(model, replications: 40, seed: 11)
        for r in result.replications {
            #expect(r.counts.stageSupported[Stage.financing.rawValue] == 0)
            #expect(r.counts.stageLost[Stage.financing.rawValue] == r.counts.stageReached[Stage.financing.rawValue])
            #expect(r.counts.stageReached[Stage.financing.rawValue] > 0)
        }
        // Every holder is supported at creation (one fitting structure, no queue) and goes on to
        // financing with chance q; in the steady state supports finish as often as they start.
        let share = Estimate(values: result.replications.map {
            Double($0.counts.stageReached[Stage.financing.rawValue]) / Double($0.counts.stageSupported[Stage.creation.rawValue])
        })
        #expect(share.low <= q && q <= share.high, "[\(share.low), \(share.high)] should cover \(q)")
        // With a financing structure, they are supported there instead.
        let financed = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)],
                                         structures: [Fixture.structure(0, .classic, stages: [.emergence, .creation]),
                                                      Fixture.structure(1, .classic, stages: [.financing], x: 1)],
                                         holders: holders, horizonMonths: 36, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
        let withFinancing = try await Fixture.run(financed, replications: 10, seed: 11)
        #expect(withFinancing.replications.allSatisfy { $0.counts.stageSupported[Stage.financing.rawValue] > 0 })
    }

    /// A territory whose only structure belongs to one family; every holder, of a project type of
    /// its ecosystem, is supported at the creation stage, which carries the whole survival effect
    /// (the offer made to fit there, for the DLA which supports only growth); no selection
    /// discount; the unsupported survival is the family's comparator.
    func familyWorld(_ family: NetworkFamily, discount: Double) throws -> SimulationModel {
        let figures = FamilyFigures.published(family)
        let type: ProjectType = family.ecosystem == .ess ? .ess : .classic
        var offer = OfferTable.shipped
        offer[family, type, .creation].offer = .fit
        offer[family, type, .creation].penalty = .value(0)
        var holders = Fixture.holders(only: type)
        holders.stageShares = [0, 1, 0, 0]
        holders.continueAfter = [0.6, 0, 0]
        var outcomes = OutcomeParameters()
        outcomes.selectionDiscount = discount
        outcomes.microShare = 0
        outcomes.survival3Other = figures.comparatorSurvival3
        outcomes.survivalWeights = [0, 1, 0, 0]
        return try Fixture.model(zones: [Fixture.zone("A", population: 50_000)],
                                 structures: [Fixture.structure(0, family.ecosystem, family: family)],
                                 holders: holders, outcomes: outcomes, offer: offer, horizonMonths: 72, wouldBeCreatorsPer1000: 20)
    }

    @Test("a territory served by one network family reproduces that family's survival", arguments: NetworkFamily.allCases)
    func familySurvival(family: NetworkFamily) async throws {
        let published = FamilyFigures.published(family).survival3
        let result = try await Fixture.run(try familyWorld(family, discount: 1), replications: 30, seed: 3)
        // Each supported firm's expected survival is the published one.
        #expect(abs(result.estimate(.survival3YearsSupported).mean - published) < 1e-12)
        // Firms followed for three years survive as often: the interval covers the figure.
        let observed = Estimate(values: result.replications.map { Double($0.counts.supportedSurvived3y) / Double($0.counts.supportedFollowed3y) })
        #expect(observed.low <= published && published <= observed.high, "[\(observed.low), \(observed.high)] should cover \(published)")
        // Discounted for selection, the effect on the hazard is the published one to the power δ.
        let figures = FamilyFigures.published(family)
        let discounted = try await Fixture.run(try familyWorld(family, discount: 0.5), replications: 2, seed: 3)
        let expected = pow(figures.comparatorSurvival3, pow(log(figures.survival3) / log(figures.comparatorSurvival3), 0.5))
        #expect(abs(discounted.estimate(.survival3YearsSupported).mean - expected) < 1e-12)
    }

    @Test("mutual knowledge across ecosystems does nothing where only one ecosystem exists: every effect is exactly zero")
    func knowledgeNeedsTwoEcosystems() async throws {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 12
        policy[MutualKnowledge.self].sharedWorkspaces = 1
        let structures = (0..<6).map { Fixture.structure($0, .classic, stages: [Stage.allCases[$0 % 4]], capacity: 300, x: Double($0)) }
        let model = try Fixture.model(zones: [Fixture.zone("A"), Fixture.zone("B", x: 5)], structures: structures, policy: policy,
                                      horizonMonths: 24, warmUpMonths: 12)
        let result = try await Fixture.run(model, replications: 8, seed: 5)
        for metric in Metric.all where metric.group == .effects && metric.kind != .euros {
            #expect(result.values(metric).allSatisfy { $0 == 0 }, "\(metric.name)")
        }
        #expect(model.spending.staffTimeEur > 0, "the meetings still cost staff time")
    }

    @Test("a structure that opens during the horizon takes holders in only once open")
    func openingDuringTheHorizon() async throws {
        func fit(opensMonth: Int?, present: Bool = true) async throws -> Estimate {
            var ess = Fixture.structure(1, .ess, x: 1)
            ess.opensMonth = opensMonth
            let structures = [Fixture.structure(0, .classic)] + (present ? [ess] : [])
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)], structures: structures,
                                          holders: Fixture.holders(only: .ess), horizonMonths: 24, warmUpMonths: 12,
                                          wouldBeCreatorsPer1000: 20)
            return try await Fixture.run(model, replications: 12, seed: 4).estimate(.firstContactFitRate)
        }
        let always = try await fit(opensMonth: nil), fromMonth12 = try await fit(opensMonth: 12), never = try await fit(opensMonth: nil, present: false)
        expectHigher(always, than: fromMonth12)
        expectHigher(fromMonth12, than: never)
        #expect(never.mean == 0)
    }

    @Test("the project-type mix follows its yearly trend, the classic share taking the rest")
    func projectTypeTrend() {
        var holders = HolderParameters()
        holders.projectTypeShares = [0.75, 0.13, 0.12]
        holders.projectTypeTrendPerYear = [0.02, 0.01]
        let later = holders.typeShares(month: 24)
        #expect(abs(later[1] - 0.17) < 1e-12 && abs(later[2] - 0.14) < 1e-12 && abs(later.reduce(0, +) - 1) < 1e-12)
        #expect(holders.typeShares(month: -12) == holders.typeShares(month: 0), "no trend during the warm-up")
    }

    @Test("holders without a job find the right structure less often: more of them in priority neighbourhoods")
    func joblessHoldersInPriorityNeighbourhoods() async throws {
        // The same holders (common random numbers) in a zone of each kind; only the share
        // without a job differs (0.40 urban, 0.71 in priority neighbourhoods).
        func fit(_ kind: ZoneKind) async throws -> [Double] {
            let structures = (0..<8).map { Fixture.structure($0, $0 % 2 == 0 ? .classic : .ess, stages: [Stage.allCases[$0 % 4]]) }
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 100_000, kind: kind)], structures: structures,
                                          horizonMonths: 24, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
            return try await Fixture.run(model, replications: 20, seed: 8).values(.firstContactFitRate)
        }
        let d = Difference.paired(try await fit(.priorityNeighbourhood), try await fit(.urban))
        #expect(d.low > 0, "urban − priority neighbourhood: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("a period boundary that changes nothing in reach changes no replication")
    func emptyPeriodBoundary() async throws {
        // A far structure, nearer to no one than the others, opening during the horizon: the
        // periods' tables must line up so that every holder meets the same structures.
        func counts(opensMonth: Int?) async throws -> [ReplicationCounts] {
            var far = Fixture.structure(2, .classic, stages: [.growth], x: 500)
            far.opensMonth = opensMonth
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000), Fixture.zone("B", x: 6, population: 20_000)],
                                          structures: [Fixture.structure(0, .classic, capacity: 800), Fixture.structure(1, .ess, capacity: 200, x: 3), far],
                                          horizonMonths: 24, warmUpMonths: 12, wouldBeCreatorsPer1000: 20)
            #expect(model.reach.count == (opensMonth == nil ? 1 : 2))
            return try await Fixture.run(model, replications: 4, seed: 6).replications.map(\.counts)
        }
        #expect(try await counts(opensMonth: 6) == (try await counts(opensMonth: nil)))
    }
}

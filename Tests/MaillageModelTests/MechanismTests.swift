import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// Each mechanism of the journey, shown on a small world with fixed seeds. Differences must
/// exceed three standard errors of the difference.
@Suite("Mechanisms")
struct MechanismTests {
    @Test("more capacity lowers abandonment")
    func capacityLowersAbandonment() async throws {
        // 200,000 inhabitants × 16 ‰ ≈ 3,200 holders a year for one structure.
        func abandonment(capacity: Double) async throws -> Estimate {
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 200_000)],
                                          structures: [Fixture.structure(0, .classic, capacity: capacity)],
                                          holders: Fixture.holders(only: .classic))
            return try await Fixture.run(model).estimate(.abandonmentRate)
        }
        let scarce = try await abandonment(capacity: 1_000)
        let ample = try await abandonment(capacity: 2_500)
        expectHigher(scarce, than: ample)
    }

    @Test("funded capacity lowers abandonment too")
    func fundingLowersAbandonment() async throws {
        func abandonment(funding: Double) async throws -> Estimate {
            var policy = CooperationPolicy()
            policy.funding.budgetEur = funding
            policy.funding.capacity = 1
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 200_000)],
                                          structures: [Fixture.structure(0, .classic, capacity: 1_000)],
                                          holders: Fixture.holders(only: .classic), policy: policy)
            return try await Fixture.run(model).estimate(.abandonmentRate)
        }
        expectHigher(try await abandonment(funding: 0), than: try await abandonment(funding: 1_500_000))
    }

    @Test("more mutual knowledge raises referral success")
    func knowledgeRaisesReferralSuccess() async throws {
        // ESS projects meet a classic and an ESS structure; misfits at the classic one depend on
        // how well it knows the ESS ecosystem.
        func referralSuccess(meetings: Double) async throws -> Estimate {
            var policy = CooperationPolicy()
            policy[MutualKnowledge.self].meetingsPerYear = meetings
            let model = try Fixture.model(zones: [Fixture.zone("A")],
                                          structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 3)],
                                          holders: Fixture.holders(only: .ess), policy: policy)
            return try await Fixture.run(model).estimate(.referralSuccessRate)
        }
        expectHigher(try await referralSuccess(meetings: 12), than: try await referralSuccess(meetings: 0))
    }

    @Test("more mutual knowledge raises first-contact fit in a crowded ecosystem")
    func knowledgeRaisesLegibility() async throws {
        func fit(meetings: Double) async throws -> Estimate {
            var policy = CooperationPolicy()
            policy[MutualKnowledge.self].meetingsPerYear = meetings
            let structures = (0..<20).map { Fixture.structure($0, $0 % 2 == 0 ? .classic : .ess, stages: [Stage.allCases[$0 % 4]]) }
            let model = try Fixture.model(zones: [Fixture.zone("A")], structures: structures, policy: policy)
            return try await Fixture.run(model).estimate(.firstContactFitRate)
        }
        expectHigher(try await fit(meetings: 12), than: try await fit(meetings: 0))
    }

    @Test("moving the only fitting structure out of reach lowers coverage")
    func distanceLowersCoverage() throws {
        // With default speeds an urban holder reaches about 8.5 km in 30 minutes.
        func coverage(essStructureAtKm x: Double) throws -> SimulationModel {
            try Fixture.model(zones: [Fixture.zone("A")],
                              structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: x)])
        }
        let near = try coverage(essStructureAtKm: 2), far = try coverage(essStructureAtKm: 40)
        #expect(near.coverageByType[ProjectType.ess.rawValue] == 1)
        #expect(far.coverageByType[ProjectType.ess.rawValue] == 0)
        #expect(far.coverage < near.coverage)
        // Social-utility projects lose coverage too until classic structures are trained.
        #expect(far.coverageByType[ProjectType.socialUtility.rawValue] == 0)
    }

    @Test("ESS training turns classic structures into fitting ones for the projects their offer table says trainable: social utility and ESS at BGE, social utility only at Initiative")
    func trainingCoversSocialUtility() throws {
        var trained = CooperationPolicy()
        trained[ESSTraining.self].structures = 1
        let untrained = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic)])
        #expect(untrained.coverageByType[ProjectType.socialUtility.rawValue] == 0 && untrained.coverageByType[ProjectType.ess.rawValue] == 0)
        let coaching = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic)], policy: trained)
        #expect(coaching.coverageByType[ProjectType.socialUtility.rawValue] == 1)
        #expect(coaching.coverageByType[ProjectType.ess.rawValue] == 1, "BGE welcomes ESS founders: trained, it fits them")
        let loans = try Fixture.model(zones: [Fixture.zone("A")], structures: [Fixture.structure(0, .classic, family: .honourLoans)],
                                      policy: trained)
        #expect(loans.coverageByType[ProjectType.socialUtility.rawValue] == 1)
        #expect(loans.coverageByType[ProjectType.ess.rawValue] == 0, "an Initiative platform finances ESS projects only as a misfit")
    }

    @Test("warm hand-offs raise referral success when referrals travel far")
    func warmHandoffsRaiseReferralSuccess() async throws {
        func referralSuccess(warm: Double) async throws -> Estimate {
            var policy = CooperationPolicy()
            policy[WarmHandoffs.self].share = warm
            let model = try Fixture.model(zones: [Fixture.zone("A")],
                                          structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 20)],
                                          holders: Fixture.holders(only: .ess), policy: policy)
            return try await Fixture.run(model).estimate(.referralSuccessRate)
        }
        expectHigher(try await referralSuccess(warm: 1), than: try await referralSuccess(warm: 0))
    }

    @Test("support raises jobs, for the same would-be creators")
    func supportRaisesJobs() async throws {
        func jobs(capacity: Double) async throws -> Estimate {
            let model = try Fixture.model(zones: [Fixture.zone("A", population: 50_000)],
                                          structures: [Fixture.structure(0, .classic, capacity: capacity)],
                                          holders: Fixture.holders(only: .classic), horizonMonths: 36, wouldBeCreatorsPer1000: 20)
            return try await Fixture.run(model).estimate(.jobsCreated)
        }
        expectHigher(try await jobs(capacity: 1e6), than: try await jobs(capacity: 0))
    }
}

import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// Cases whose expectation follows from the parameters alone: the 95% interval must cover it.
@Suite("Known expectations")
struct KnownExpectationTests {
    /// Every holder carries an ESS project and can reach only a classic structure, which knows
    /// nothing of ESS: every first contact misfits, and the structure orients the holder to the
    /// (distant, unlimited) ESS structure with probability `referralBase`. Arrival is certain
    /// and immediate, and a holder whose orientation fails is lost (the classic structure never
    /// keeps it), so each holder is oriented once and the referral success rate's expectation is
    /// exactly `referralBase`. (Were the failed holder kept and oriented again at its next stage,
    /// failures would add orientations to their own replication, and the mean of per-replication
    /// ratios would lie above `referralBase` by a term of order one over the holders.)
    func misfitWorld(referral p: Double) throws -> SimulationModel {
        var journey = JourneyParameters()
        journey.referralBase = p
        journey.knowledgeBase = 0
        journey.essAwarenessBase = 0
        journey.arrivalBase = 1
        journey.arrivalDecayMinutes = 1e12
        journey.referralDelayMonths = 0
        journey.misfitSupport = 0
        return try Fixture.model(zones: [Fixture.zone("A", population: 20_000)],
                                 structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess, x: 100)],
                                 holders: Fixture.holders(only: .ess), journey: journey)
    }

    @Test("every holder misfits and a referral succeeds with probability p: the interval covers p", arguments: [0.37, 0.8])
    func referralSuccessCoversP(p: Double) async throws {
        let result = try await Fixture.run(try misfitWorld(referral: p), replications: 60, seed: 2018)
        let fit = result.estimate(.firstContactFitRate)
        #expect(fit.mean == 0 && fit.high == 0)
        let success = result.estimate(.referralSuccessRate)
        #expect(success.low <= p && p <= success.high, "95% interval [\(success.low), \(success.high)] should cover \(p)")
        #expect(success.halfWidth < 0.01)
    }

    @Test("the number of holders has the Poisson mean population × would-be creators' rate × seek share × months")
    func holderCountCoversItsMean() async throws {
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 30_000), Fixture.zone("B", x: 50, population: 10_000)],
                                      structures: [Fixture.structure(0, .classic)], horizonMonths: 12, wouldBeCreatorsPer1000: 30)
        let expected = 40_000.0 / 1000 * 30 * HolderParameters().seekSupportShare
        let holders = try await Fixture.run(model, replications: 60, seed: 99).estimate(.holders)
        #expect(holders.low <= expected && expected <= holders.high, "[\(holders.low), \(holders.high)] should cover \(expected)")
    }

    @Test("coverage is the population share within reach")
    func coverageByHand() throws {
        // Zone B (3 × A's population) lies 40 km away, beyond the 30 minutes accepted.
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 10_000), Fixture.zone("B", x: 40, population: 30_000)],
                                      structures: [Fixture.structure(0, .classic), Fixture.structure(1, .ess)])
        #expect(abs(model.coverage - 0.25) < 1e-12)
        #expect(abs(model.chainCoverage - 0.25) < 1e-12)
        #expect(model.reachCount(zone: 1) == 0)
    }
}

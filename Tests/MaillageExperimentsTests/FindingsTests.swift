import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// The study's territorial findings, which must come out of the mechanisms: in a rural territory
/// cooperation's largest relative gain is in coverage; in a metropolis it is in the legibility of
/// the ecosystem — first-contact fit and referral success (MODEL.md, section 8).
@Suite("The study's findings")
struct FindingsTests {
    static let replications = 16

    /// Per-replication relative gains of full cooperation over none, on common random numbers.
    struct Gains {
        var coverage: Estimate
        var fit: Estimate
        var referral: Estimate
    }

    func gains(_ scenarioName: String) async throws -> Gains {
        let study = try Study.load(packageRoot.appendingPathComponent("Scenarios/default-study.yaml").path)
        var scenario = try #require(study.scenarios.first { $0.name == scenarioName })
        func run(_ policy: String) async throws -> RunResult {
            scenario.policy = try #require(study.policies.first { $0.name == policy }).policy
            return try await MonteCarlo.run(try scenario.build(), plan: testPlan(try scenario.build(), replications: Self.replications, seed: 2018, jobs: 2))
        }
        let none = try await run("no_cooperation"), full = try await run("full_cooperation")
        func gain(_ metric: Metric) -> Estimate {
            let i = Metric.all.firstIndex(of: metric)!
            return Estimate(values: zip(none.replications, full.replications).map { $1.values[i] / $0.values[i] - 1 })
        }
        return Gains(coverage: gain(.coverageRate), fit: gain(.firstContactFitRate), referral: gain(.referralSuccessRate))
    }

    @Test("rural: coverage gains more than first-contact fit and referral success")
    func ruralGainsCoverage() async throws {
        let g = try await gains("rural-franche-comte")
        #expect(g.coverage.low > g.fit.high, "coverage +\(g.coverage.mean), fit +\(g.fit.mean) [\(g.fit.low), \(g.fit.high)]")
        #expect(g.coverage.low > g.referral.high, "coverage +\(g.coverage.mean), referral +\(g.referral.mean) [\(g.referral.low), \(g.referral.high)]")
    }

    @Test("metropolis: first-contact fit and referral success gain more than coverage")
    func metropolisGainsLegibility() async throws {
        let g = try await gains("metro-lyon")
        #expect(g.fit.low > g.coverage.high, "fit +\(g.fit.mean), coverage +\(g.coverage.mean)")
        #expect(g.referral.low > g.coverage.high, "referral +\(g.referral.mean) [\(g.referral.low), \(g.referral.high)], coverage +\(g.coverage.mean)")
    }

    @Test("across territories: coverage gains more in the rural one, first-contact fit more in the metropolis")
    func acrossTerritories() async throws {
        let rural = try await gains("rural-franche-comte"), metro = try await gains("metro-lyon")
        #expect(rural.coverage.low > metro.coverage.high)
        #expect(metro.fit.low > rural.fit.high)
    }
}

/// The same budget spent four ways ranks differently in a rural territory and a metropolis.
@Suite("Funding rankings")
struct FundingRankingTests {
    func jobsAdded(_ file: String) async throws -> Estimate {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/funding/\(file).yaml").path)
        return try await MonteCarlo.run(try scenario.build(), plan: testPlan(try scenario.build(), replications: 12, seed: 2018, jobs: 2)).estimate(.jobsAdded)
    }

    @Test("outreach ranks above capacity and training in the rural territory, below coordination in the metropolis")
    func outreachRanksByTerritory() async throws {
        let ruralOutreach = try await jobsAdded("rural-franche-comte-outreach")
        let ruralCapacity = try await jobsAdded("rural-franche-comte-capacity")
        let ruralTraining = try await jobsAdded("rural-franche-comte-training")
        #expect(ruralOutreach.low > ruralCapacity.high && ruralOutreach.low > ruralTraining.high)
        let metroOutreach = try await jobsAdded("metro-lyon-outreach")
        let metroCoordination = try await jobsAdded("metro-lyon-coordination")
        #expect(metroCoordination.low > metroOutreach.high)
        // Relative to the best use of the money, outreach is worth far more in the rural territory.
        let ruralCoordination = try await jobsAdded("rural-franche-comte-coordination")
        #expect(ruralOutreach.mean / ruralCoordination.mean > 3 * metroOutreach.mean / metroCoordination.mean)
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// `maillage optimise budget`: the search against an objective whose best split is known, the
/// simulation's candidates against `maillage run`, and bad requests.
@Suite("Budget optimisation")
struct BudgetOptimisationTests {
    /// A concave objective of four shares with its maximum at `target` (a point of the finest
    /// lattice, off the coarse grid), plus noise common to every split in a replication (as
    /// common random numbers give) and a little noise of its own.
    static let target = [5, 7, 4, 0]

    static func toy(_ request: BudgetSearch.Request) throws -> [Double] {
        let shares = request.split.shares
        let t = target.map { Double($0) / 16 }
        let f = 100 - 100 * zip(shares, t).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return try request.indices.map { i in
            let common = try RandomStream(seed: UInt64(1000 + i))
            let own = try RandomStream(seed: UInt64(i) &* 1_000_003 &+ UInt64(request.split.units.reduce(0) { $0 * 17 + $1 }))
            return f + 5 * (common.uniform() - 0.5) + 0.05 * (own.uniform() - 0.5)
        }
    }

    @Test("the search finds the known best split of an analytic objective, off the coarse grid")
    func findsAnalyticOptimum() async throws {
        var settings = BudgetSearchSettings(lines: 4)
        settings.replications = 16
        let result = try await BudgetSearch.run(settings) { requests in try requests.map(Self.toy) }
        let best = result.candidates[result.best]
        #expect(best.split.units == Self.target, "found \(best.split)")
        #expect(best.values.count == 16)
        // Every single line ran in full; the mix beats the best of them, surely.
        let singles = result.candidates.filter(\.split.isSingleLine)
        #expect(singles.count == 4 && singles.allSatisfy { $0.values.count == 16 })
        #expect(result.bestOverSingle.difference.low > 0)
        #expect(result.bestOverSingle.probabilityFirstBetter > 0.99)
        // The confirmation ran on replications the search never used.
        let c = try #require(result.confirmation)
        #expect(c.best.n == 16)
        #expect(c.bestOverSingle.difference.low > 0)
        // The grid's 35 splits were raced: most were dropped before the full replications.
        #expect(result.candidates.filter { $0.origin == "grid" }.count == 35)
        #expect(result.candidates.filter { $0.droppedAt == 2 }.count == 17)
        #expect(result.candidates.reduce(0) { $0 + $1.values.count } <= settings.maximumReplications)
    }

    @Test("one line: the whole budget goes to it, with no runner-up")
    func oneLine() async throws {
        let result = try await BudgetSearch.run(BudgetSearchSettings(lines: 1)) { requests in try requests.map(Self.toy) }
        #expect(result.candidates.count == 1)
        #expect(result.runnerUp == nil && result.best == result.bestSingle)
    }

    @Test("a split's values are those of `maillage run` on that split, and the best split is not worse than any single line on fresh replications")
    func candidatesAreRuns() async throws {
        let path = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        let scenario = try ScenarioLoader.load(path)
        let lines = FundingLine.allCases
        let problem = try BudgetOptimisation(scenario: scenario, world: try scenario.world(), lines: lines, objective: .jobsAddedNet,
                                             seed: 99, jobs: 2)
        var settings = BudgetSearchSettings(lines: lines.count)
        settings.gridSteps = 2
        settings.refinements = 1
        settings.replications = 16
        let answer = try await problem.optimise(budget: 150_000, settings: settings)
        let s = answer.search
        // The best split, run as `maillage run` would (counterfactuals and all), gives the same values.
        var best = scenario
        best.policy = problem.policy(budget: 150_000, split: s.candidates[s.best].split)
        let model = try best.build()
        let run = try await MonteCarlo.run(model, plan: testPlan(model, replications: 16, seed: 99))
        #expect(run.values(.jobsAddedNet) == s.candidates[s.best].values)
        // On replications the search did not use, the best split is not significantly worse than any single line.
        let c = try #require(s.confirmation)
        #expect(c.bestOverSingle.difference.high >= 0, "best − best single on fresh replications: \(c.bestOverSingle.difference)")
        #expect(answer.spending[s.candidates[s.best].split] != nil)
    }

    @Test("meaningless requests exit with status 2 and write nothing")
    func badRequests() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        for arguments in [["--budget", "0"], ["--budget", "-5"], [], ["--budget", "1000", "--budgets", "1000,2000"],
                          ["--budgets", "1000,abc"], ["--budget", "1000", "--lines", "capacity,parking"],
                          ["--budget", "1000", "--lines", "capacity,capacity"], ["--budget", "1000", "--objective", "happiness"],
                          ["--budget", "1000", "--replications", "1"], ["--budget", "1000", "--grid", "0"]] {
            let out = folder.appendingPathComponent("out").path
            let r = try runMaillage(["optimise", "budget", scenario] + arguments + ["--out", out])
            #expect(r.status == 2, "\(arguments): \(r.err)")
            #expect(!r.err.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
    }
}

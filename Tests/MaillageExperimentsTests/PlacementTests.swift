import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The exact maximal covering placement (GLPK) against brute force, the greedy heuristic and
/// the real territories; `Tests/optimise/test-spopt.sh` checks it against PySAL's spopt in CI.
@Suite("Placement")
struct PlacementTests {
    /// A random instance: `sites` candidate sites, `points` demand points with integer weights,
    /// each covered by each site with chance `density`.
    static func instance(seed: UInt64, sites: Int, points: Int, density: Double) throws -> CoveringProblem {
        let r = try RandomStream(seed: seed)
        let weights = (0..<points).map { _ in Double(1 + Int(r.uniform() * 1000)) }
        let covers = (0..<points).map { _ in (0..<sites).filter { _ in r.uniform() < density } }
        return CoveringProblem(weights: weights, covers: covers, sites: sites)
    }

    /// The best value over every choice of k sites.
    static func bruteForce(_ p: CoveringProblem, k: Int) -> Double {
        var best = 0.0
        func choose(_ from: Int, _ chosen: [Int]) {
            if chosen.count == k { best = max(best, p.value(chosen)); return }
            guard from < p.sites else { return }
            for j in from..<p.sites { choose(j + 1, chosen + [j]) }
        }
        choose(0, [])
        return best
    }

    @Test("the exact solver's optimum equals brute force on every small instance, and greedy never beats it",
          arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func exactEqualsBruteForce(seed: UInt64) throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let p = try Self.instance(seed: seed, sites: 12, points: 40, density: 0.12)
        for k in 1...4 {
            let exact = try CoveringSolver.exact(p, k: k)
            #expect(exact.optimal)
            #expect(exact.sites.count == k)
            #expect(exact.value == Self.bruteForce(p, k: k), "seed \(seed), k = \(k)")
            #expect(CoveringSolver.greedy(p, k: k).value <= exact.value)
        }
    }

    @Test("greedy placement gains less with each site and reaches 1 − 1/e of the optimum")
    func greedyBound() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let p = try Self.instance(seed: 11, sites: 30, points: 200, density: 0.05)
        let greedy = CoveringSolver.greedy(p, k: 6), exact = try CoveringSolver.exact(p, k: 6)
        #expect(greedy.value >= (1 - exp(-1)) * exact.value)
        let gains = (1...greedy.sites.count).map { p.value(Array(greedy.sites.prefix($0))) - p.value(Array(greedy.sites.prefix($0 - 1))) }
        #expect(zip(gains, gains.dropFirst()).allSatisfy { $0 >= $1 }, "gains \(gains)")
    }

    @Test("on the real Franche-Comté, five permanences: optimal, never below greedy, covering only people beyond reach")
    func realFrancheComte() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/real/rural-franche-comte.yaml").path)
        let placement = try PermanencePlacement(world: try scenario.world(), file: "test")
        #expect(placement.candidates.count == placement.zones.count)
        let exact = try CoveringSolver.exact(placement.problem, k: 5), greedy = CoveringSolver.greedy(placement.problem, k: 5)
        #expect(exact.optimal)
        #expect(exact.value >= greedy.value)
        #expect(exact.value <= Double(placement.population - placement.coveredBefore))
        #expect(exact.value > 0)
    }

    @Test("impossible requests exit with status 2 and write nothing")
    func badRequests() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        for arguments in [["--add", "0"], ["--add", "100000"], ["--add", "2", "--candidates", "T001", "NOPE"],
                          ["--add", "3", "--candidates", "T001", "T002"], ["--add", "1", "--time-limit", "-1"]] {
            let out = folder.appendingPathComponent("out").path
            let r = try runMaillage(["optimise", "placement", scenario] + arguments + ["--out", out])
            #expect(r.status == 2, "\(arguments): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
    }
}

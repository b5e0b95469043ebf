import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageWorkflows
import MaillageTestSupport

/// Paired comparisons, sweeps, sensitivity, convergence, interruption and shards.
@Suite("Experiments")
struct ExperimentTests {
    func metroWith(_ edit: (inout Scenario) -> Void) throws -> SimulationModel {
        var s = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path)
        edit(&s)
        return try s.build()
    }

    @Test("on common random numbers the paired interval is narrower than the unpaired one")
    func pairedIsNarrower() async throws {
        let base = try metroWith { _ in }
        let coop = try metroWith { $0.policy[SharedIntake.self].points = 3 }
        let a = try await MonteCarlo.run(base, plan: testPlan(base, replications: 20, seed: 9, jobs: 2))
        let b = try await MonteCarlo.run(coop, plan: testPlan(coop, replications: 20, seed: 9, jobs: 2))
        let comparison = Comparison(labels: ["base", "intake"], results: [a, b])
        for metric in [Metric.firstContactFitRate, .supportedShare, .jobsCreated] {
            let (paired, unpaired) = comparison.difference(1, metric)
            #expect(paired.halfWidth < unpaired.halfWidth, "\(metric.name): paired ±\(paired.halfWidth), unpaired ±\(unpaired.halfWidth)")
            #expect(abs(paired.mean - unpaired.mean) < 1e-9 * max(1, abs(paired.mean)))
        }
        // The same holders arrive in both: their number does not differ at all.
        #expect(comparison.difference(1, .holders).paired.halfWidth == 0)
    }

    func plan(_ design: SweepPlan.Design, _ parameters: [SweepPlan.Parameter], samples: Int = 8) -> SweepPlan {
        SweepPlan(file: "plan.yaml", scenarioPath: "", design: design, parameters: parameters, samples: samples, replications: 1,
                  seed: 1, designSeed: 2, bootstrap: 100, fingerprint: "", confinement: Confinement(topLevel: "plan.yaml"))
    }

    @Test("a grid is every combination; a Latin hypercube hits every stratum of every parameter once")
    func designs() throws {
        let grid = try plan(.grid, [.init(path: "a", values: [1, 2, 3], low: 0, high: 0), .init(path: "b", values: [0, 1], low: 0, high: 0)]).points()
        #expect(grid.count == 6 && Set(grid.map { "\($0)" }).count == 6)
        let lhs = try plan(.latinHypercube, [.init(path: "a", values: [], low: 0, high: 10), .init(path: "b", values: [], low: -1, high: 1)],
                           samples: 10).points()
        #expect(Set(lhs.map { Int($0[0]) }) == Set(0..<10))
        #expect(Set(lhs.map { Int(($0[1] + 1) / 0.2) }) == Set(0..<10))
    }

    @Test("the Sobol sequence is GSL's")
    func sobolSequence() throws {
        let s = try QuasiRandom.sobol(dimension: 2, count: 3)
        #expect(s == [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75]])
    }

    @Test("Sobol indices of a linear model are its variance shares")
    func sobolIndicesOfLinearModel() throws {
        // y = 1·x₁ + 2·x₂ + 0·x₃ on [0, 1]³: S = ST = (1, 4, 0) / 5.
        let p = plan(.sobol, (1...3).map { .init(path: "x\($0)", values: [], low: 0, high: 1) }, samples: 1024)
        let y = try p.points().map { $0[0] + 2 * $0[1] }
        let s = try SobolIndices(outputs: y, parameters: 3, bootstrap: 100, seed: 3)
        for (i, expected) in [0.2, 0.8, 0.0].enumerated() {
            #expect(abs(s.first[i] - expected) < 0.03, "S\(i + 1) = \(s.first[i])")
            #expect(abs(s.total[i] - expected) < 0.03, "ST\(i + 1) = \(s.total[i])")
            #expect(s.firstLow[i] <= s.first[i] + 1e-12 && s.first[i] <= s.firstHigh[i] + 1e-12)
        }
    }

    static let salibAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import SALib.analyze.sobol"]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test("SALib recomputes the same indices from the exported samples and outputs", .enabled(if: salibAvailable))
    func salibAgrees() async throws {
        let folder = try temporaryFolder()
        let planFile = folder.appendingPathComponent("plan.yaml")
        try """
        scenario: \(packageRoot.path)/Scenarios/metro-lyon.yaml
        method: sobol
        samples: 8
        replications: 2
        parameters:
          - {path: policy.mutual_knowledge.meetings_per_year, low: 0, high: 12}
          - {path: journey.give_up_per_month, low: 0.05, high: 0.5}

        """.write(to: planFile, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        _ = try await SweepJob(sweep: try Sweep(plan: try SweepPlan.load(planFile.path)), path: planFile.path, jobs: 2).run(to: out.path)
        let script = """
        import csv, json, numpy as np
        from SALib.analyze import sobol
        d = '\(out.path)'
        p = json.load(open(d + '/salib_problem.json'))
        Y = np.genfromtxt(d + '/salib_outputs.csv', delimiter=',', names=True)
        worst, compared = 0.0, 0
        for row in csv.DictReader(open(d + '/sensitivity.csv')):
            y = Y[row['metric']]
            if row['S1'] == 'NA' or not np.all(np.isfinite(y)) or np.var(y) == 0: continue
            compared += 1
            r = sobol.analyze({k: p[k] for k in ('num_vars', 'names', 'bounds')}, y, calc_second_order=False, print_to_console=False)
            i = p['names'].index(row['parameter'])
            worst = max(worst, abs(r['S1'][i] - float(row['S1'])), abs(r['ST'][i] - float(row['ST'])))
        print(worst, compared)
        """
        let (status, text) = try runPython(script)
        #expect(status == 0)
        let fields = text.split(whereSeparator: \.isWhitespace)
        let worst = try #require(fields.first.flatMap { Double($0) })
        // Metrics refused for noise are skipped: enough must remain for the comparison to mean something.
        #expect((fields.last.flatMap { Int($0) } ?? 0) >= 4, "indices compared with SALib: \(fields.last ?? "")")
        #expect(worst < 1e-9, "largest difference to SALib: \(worst)")
    }

    @Test("--precision adds replications until the headline intervals are narrow, and equals a plain run of that size")
    func convergence() async throws {
        let model = try metroWith { _ in }
        let c = try await Convergence.run(model, plan: testPlan(model, replications: 0, seed: 4), precision: 0.01, cap: 200)
        #expect(c.reached)
        let n = c.result.replications.count
        for metric in Convergence.headline { #expect(Convergence.relative(c.result.estimate(metric)) < 0.01) }
        let plain = try await MonteCarlo.run(model, plan: testPlan(model, replications: n, seed: 4, jobs: 1))
        #expect(plain.replications.map(\.counts) == c.result.replications.map(\.counts))
        #expect(plain.replications.map(\.seed) == c.result.replications.map(\.seed))
        #expect(c.steps.count >= 1 && c.steps.last!.replications == n)
    }

    /// A store that holds every point already, and records any save.
    final class DoneStore: SweepPointStore, @unchecked Sendable {
        var saved: [Int] = []
        func isDone(_ i: Int) -> Bool { true }
        func save(_ i: Int, _ estimates: [Estimate]) throws { saved.append(i) }
    }

    @Test("a sweep whose points are all done runs nothing and reports them done")
    func finishedSweepRunsNothing() async throws {
        let sweep = try Sweep(plan: try SweepPlan.load(packageRoot.appendingPathComponent("Scenarios/experiments/funding-curves/metro-lyon-capacity.yaml").path))
        let store = DoneStore()
        let reported = Locked<[Int]>([])
        try await sweep.run(store: store, shard: nil, jobs: 2) { done, total in reported.withLock { $0 += [done, total] } }
        #expect(store.saved.isEmpty)
        #expect(reported.withLock { $0 } == [sweep.points.count, sweep.points.count])
    }
}

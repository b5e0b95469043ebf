import Foundation
import Testing
import _MaillageGSL
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// `maillage uncertainty`: the priors' distributions, the design, and the two-level intervals
/// against their limiting cases.
@Suite("Uncertainty")
struct UncertaintyTests {
    @Test("each distribution's quantile function inverts its distribution function")
    func quantiles() {
        let lognormal = ParameterDistribution.lognormal(low: 750, high: 3000)
        #expect(abs(lognormal.quantile(0.025) - 750) < 1e-6)
        #expect(abs(lognormal.quantile(0.975) - 3000) < 1e-6)
        #expect(abs(lognormal.quantile(0.5) - (750.0 * 3000).squareRoot()) < 1e-6)
        let triangular = ParameterDistribution.triangular(low: 2, mode: 5, high: 20)
        #expect(abs(triangular.quantile(3.0 / 18) - 5) < 1e-12)   // F(mode) = (mode − low) / (high − low)
        #expect(triangular.quantile(0) == 2 && triangular.quantile(1) == 20)
        let beta = ParameterDistribution.beta(alpha: 2, beta: 3, low: 0, high: 0.75)
        for u in [0.05, 0.3, 0.5, 0.9] {
            #expect(abs(gsl_cdf_beta_P(beta.quantile(u) / 0.75, 2, 3) - u) < 1e-9)
        }
        #expect(abs(beta.mean - 0.3) < 1e-12)
        #expect(ParameterDistribution.uniform(low: 4, high: 4).quantile(0.7) == 4)
    }

    @Test("the shipped priors load, every one with a source, and every scenario shipped accepts their whole ranges")
    func shippedPriors() throws {
        let set = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        #expect(set.priors.count >= 50)
        #expect(set.priors.allSatisfy { !$0.source.isEmpty })
        for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
            let path = packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path
            try set.check(scenario: path, confinement: Confinement(topLevel: path))
        }
    }

    @Test("the Latin hypercube puts one draw in each stratum of every prior")
    func latinHypercube() throws {
        let set = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        let analysis = UncertaintyAnalysis(priors: set, draws: 32, replications: 1, seed: 1, designSeed: 9)
        let design = try analysis.design()
        #expect(design.count == 32)
        for k in 0..<set.priors.count {
            #expect(Set(design.map { Int($0[k] * 32) }) == Set(0..<32))
        }
        #expect(try analysis.design() == design)
    }

    @Test("a screening's kept priors restrict the set in their rank order; a kept prior the set lacks is refused, naming it")
    func restrictedToScreened() throws {
        let set = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        let kept = [set.priors[2].path, set.priors[0].path]
        let restricted = try set.restricted(to: kept, screening: "morris-folder")
        #expect(restricted.priors.map(\.path) == kept)
        #expect(restricted.fingerprint == set.fingerprint && restricted.file == set.file)
        do {
            _ = try set.restricted(to: ["journey.no_such_parameter"], screening: "morris-folder")
            Issue.record("an unknown kept prior was accepted")
        } catch let error as InputError {
            #expect(error.description.contains("journey.no_such_parameter") && error.description.contains("morris-folder"))
        }
    }

    /// A priors file of points at `values`, without structural seeds.
    static func pointPriors(_ values: [(String, Double)], in folder: URL) throws -> PriorSet {
        var text = "seeds: {territory: false, placement: false}\npriors:\n"
        for (path, v) in values {
            text += "  - {path: \(path), distribution: uniform, low: \(v), high: \(v), source: test point}\n"
        }
        let file = folder.appendingPathComponent("points.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try PriorSet.load(file.path)
    }

    @Test("priors collapsed to points: the parameter interval has width zero and the Monte Carlo one is run's")
    func collapsedPriors() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try Self.pointPriors([("journey.referral_base", 0.3), ("outcomes.displacement", 0.3)], in: folder)
        let path = packageRoot.appendingPathComponent("Scenarios/funding/rural-franche-comte-balanced.yaml").path
        let analysis = UncertaintyAnalysis(priors: set, draws: 2, replications: 8, seed: 77, designSeed: 5)
        let drawn = try analysis.scenarios(path: path, confinement: Confinement(topLevel: path))
        let result = try await analysis.run(drawn.map(\.scenario), jobs: 2)
        let model = try drawn[0].scenario.build()
        let run = try await MonteCarlo.run(model, plan: testPlan(model, replications: 8, seed: 77))
        let policy = result.policySummaries(), effects = result.effectSummaries()
        // Equal to rounding: the analysis sums every draw's replications, the run its own.
        func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }
        for metric in [Metric.supportedShare, .jobsCreated, .abandonmentRate] {
            let s = try #require(policy.first { $0.metric == metric })
            let e = run.estimate(metric)
            #expect(s.paramLow == s.paramHigh, "\(metric.name)")
            #expect(s.paramVarianceShare < 1e-20, "\(metric.name)")
            #expect(same(s.mean, e.mean) && same(s.mcLow, e.low) && same(s.mcHigh, e.high), "\(metric.name): \(s.mean) [\(s.mcLow), \(s.mcHigh)] against \(e)")
        }
        let net = try #require(effects.first { $0.metric == .jobsAddedNet })
        let e = run.estimate(.jobsAddedNet)
        #expect(net.paramLow == net.paramHigh, "\(net.paramLow) \(net.paramHigh)")
        #expect(same(net.mean, e.mean) && same(net.mcLow, e.low) && same(net.mcHigh, e.high), "\(net.mean) [\(net.mcLow), \(net.mcHigh)] against \(e)")
        let interJobs = try #require(Metric.named("jobs_added_inter_ecosystem"))
        #expect(!result.effectMetrics.contains(interJobs))

        // With the ESS-free worlds: the parts that need both ecosystems are run's too, and the
        // other effects do not move.
        let both = try await UncertaintyAnalysis(priors: set, draws: 2, replications: 8, seed: 77, designSeed: 5, interEcosystem: true)
            .run(drawn.map(\.scenario), jobs: 2)
        let bothEffects = both.effectSummaries()
        for metric in [interJobs, .jobsAddedNet] {
            let s = try #require(bothEffects.first { $0.metric == metric }, "\(metric.name)")
            let e = run.estimate(metric)
            #expect(s.paramLow == s.paramHigh, "\(metric.name)")
            #expect(same(s.mean, e.mean) && same(s.mcLow, e.low) && same(s.mcHigh, e.high), "\(metric.name): \(s.mean) [\(s.mcLow), \(s.mcHigh)] against \(e)")
        }
    }

    @Test("with one replication per draw all variance is between draws; otherwise between and within add up to the total")
    func decomposition() throws {
        let r = try RandomStream(seed: 4)
        let table = (0..<12).map { d in (0..<7).map { _ in Double(d) + 3 * r.uniform() } }
        let s = UncertaintyResult.summarise(.jobsCreated, table)
        let all = table.flatMap { $0 }, mean = all.reduce(0, +) / Double(all.count)
        let sst = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let ssw = table.reduce(0.0) { acc, row in
            let m = row.reduce(0, +) / Double(row.count)
            return acc + row.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        #expect(abs(s.paramVarianceShare - (1 - ssw / sst)) < 1e-12)
        let single = UncertaintyResult.summarise(.jobsCreated, table.map { [$0[0]] })
        #expect(abs(single.paramVarianceShare - 1) < 1e-12)
        #expect(single.mcLow.isNaN)   // one replication: no Monte Carlo interval
    }

    @Test("the same values whatever the jobs, and draws that differ in their parameters and seeds")
    func deterministic() async throws {
        let set = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        let path = packageRoot.appendingPathComponent("Scenarios/funding/rural-franche-comte-balanced.yaml").path
        let analysis = UncertaintyAnalysis(priors: set, draws: 3, replications: 2, seed: 3, designSeed: 11)
        let drawn = try analysis.scenarios(path: path, confinement: Confinement(topLevel: path))
        let one = try await analysis.run(drawn.map(\.scenario), jobs: 1)
        let two = try await analysis.run(drawn.map(\.scenario), jobs: 2)
        // Bit for bit (undefined values included).
        func bits(_ t: [[[Double]]]) -> [UInt64] { t.flatMap { $0.flatMap { $0.map(\.bitPattern) } } }
        #expect(bits(one.values) == bits(two.values) && bits(one.effects) == bits(two.effects))
        #expect(Set(drawn.map { $0.overrides.first { $0.path == "territory.seed" }!.value }).count == 3)
        let means = one.policySummaries().first { $0.metric == .coverageRate }!.drawMeans
        #expect(Set(means).count == 3)
    }

    @Test("a bad priors file gets status 2 and a message naming the file and the field; nothing is written")
    func badPriors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let cases: [(String, String)] = [
            ("priors:\n  - {path: journey.no_such_thing, distribution: uniform, low: 0, high: 1, source: x}\n", "no_such_thing"),
            ("priors:\n  - {path: journey.referral_base, distribution: uniform, low: 0.5, high: 0.1, source: x}\n", "high"),
            ("priors:\n  - {path: journey.referral_base, distribution: gamma, low: 0, high: 1, source: x}\n", "distribution"),
            ("priors:\n  - {path: journey.referral_base, distribution: uniform, low: 0, high: 1}\n", "source"),
            ("priors:\n  - {path: journey.referral_base, distribution: uniform, low: 0, high: 3, source: x}\n", "referral_base"),
            ("priors:\n  - {path: journey.referral_base, distribution: triangular, low: 0, mode: 2, high: 1, source: x}\n", "mode"),
            ("priors:\n  - {path: lever_costs.holder_eur, distribution: lognormal, low: 0, high: 10, source: x}\n", "low"),
            ("priors: []\n", "priors"),
        ]
        for (i, (text, field)) in cases.enumerated() {
            let file = folder.appendingPathComponent("priors-\(i).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let out = folder.appendingPathComponent("out").path
            let r = try runMaillage(["uncertainty", scenario, "--priors", file.path, "--draws", "2", "--replications", "1", "--out", out])
            #expect(r.status == 2, "case \(i): \(r.err)")
            #expect(r.err.contains("priors-\(i).yaml") && r.err.contains(field), "case \(i): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("Morris on analytic functions: a linear function's effects are its slopes with no spread; interactions and non-linearity show in σ")
    func morrisAnalytic() throws {
        let design = MorrisDesign(factors: 4, trajectories: 20, random: try RandomStream(seed: 8))
        #expect(design.points.count == 20 * 5)
        // Every step moves exactly one factor by Δ.
        for t in 0..<20 {
            for s in 0..<4 {
                let a = design.points[t * 5 + s], b = design.points[t * 5 + s + 1]
                let moved = (0..<4).filter { a[$0] != b[$0] }
                #expect(moved.count == 1 && abs(abs(a[moved[0]] - b[moved[0]]) - design.delta) < 1e-12)
            }
        }
        let linear = MorrisIndices(design, outputs: design.points.map { 3 * $0[0] - 2 * $0[1] + 0.5 * $0[2] })
        let halfWidths = linear.muStarHalfWidth(random: try RandomStream(seed: 2))
        for (i, slope) in [3.0, -2, 0.5, 0].enumerated() {
            #expect(abs(linear.mu[i] - slope) < 1e-9 && abs(linear.muStar[i] - abs(slope)) < 1e-9 && linear.sigma[i] < 1e-9)
            // Every effect is the slope: resampling them cannot move μ*.
            #expect(halfWidths[i] < 1e-9)
        }
        // y = x0 · x1 + x2²: x0 and x1 interact, x2 is non-linear (σ > 0); x3 does nothing.
        let other = MorrisIndices(design, outputs: design.points.map { $0[0] * $0[1] + $0[2] * $0[2] })
        #expect(other.sigma[0] > 0.1 && other.sigma[1] > 0.1 && other.sigma[2] > 0.1)
        #expect(other.muStar[3] == 0 && other.sigma[3] == 0)
        // The bootstrap standard deviation of a mean of n values tends to their population
        // standard deviation over √n; 1,000 resamples estimate it within 1/√(2 · 999) (relative
        // standard error): within four of those.
        let widths = other.muStarHalfWidth(resamples: 1000, random: try RandomStream(seed: 4))
        for i in 0..<3 {
            let a = other.effects[i].map(abs), n = Double(a.count), m = a.reduce(0, +) / n
            let expected = 1.959963984540054 * (a.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot() / n.squareRoot()
            #expect(abs(widths[i] - expected) <= 4 / (2.0 * 999).squareRoot() * expected, "x\(i): \(widths[i]) against \(expected)")
        }
        #expect(widths[3] == 0)
    }

    @Test("SALib's morris.analyze recomputes μ, μ* and σ from the exported design and outputs", .enabled(if: ExperimentTests.salibAvailable))
    func morrisAgreesWithSALib() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = MorrisDesign(factors: 6, trajectories: 12, random: try RandomStream(seed: 21))
        // The Sobol g-function: strongly non-additive, with decreasing importance.
        let a = [0.0, 1, 4.5, 9, 99, 99]
        let y = design.points.map { x in zip(x, a).reduce(1.0) { $0 * ((abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1)) } }
        let indices = MorrisIndices(design, outputs: y)
        var text = (0..<6).map { "x\($0)" }.joined(separator: ",") + ",y\n"
        for (x, v) in zip(design.points, y) { text += (x + [v]).map { String(format: "%.17g", $0) }.joined(separator: ",") + "\n" }
        try text.write(to: folder.appendingPathComponent("samples.csv"), atomically: true, encoding: .utf8)
        let script = """
        import numpy as np
        from SALib.analyze import morris
        d = np.genfromtxt('\(folder.path)/samples.csv', delimiter=',', skip_header=1)
        problem = {'num_vars': 6, 'names': ['x%d' % i for i in range(6)], 'bounds': [[0, 1]] * 6}
        r = morris.analyze(problem, d[:, :6], d[:, 6], num_levels=4, num_resamples=1000, seed=11, print_to_console=False)
        for i in range(6): print(r['mu'][i], r['mu_star'][i], r['sigma'][i], r['mu_star_conf'][i])
        """
        let (status, out) = try runPython(script)
        #expect(status == 0)
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        try #require(rows.count == 6)
        for i in 0..<6 {
            #expect(abs(rows[i][0] - indices.mu[i]) < 1e-9 && abs(rows[i][1] - indices.muStar[i]) < 1e-9 && abs(rows[i][2] - indices.sigma[i]) < 1e-9,
                    "x\(i): SALib \(rows[i]), ours \(indices.mu[i]) \(indices.muStar[i]) \(indices.sigma[i])")
        }
        // The bootstrap half-widths of μ*: both are 1.96 × a standard deviation estimated from
        // 1,000 resamples (SALib's seeded, its default being 100 unseeded), whose relative standard
        // error is about 1/√(2 · 999); the difference of two independent such estimates has a
        // relative standard error of about 1/√999. Within four of those, or both zero (a factor
        // whose effects are all equal).
        let ours = indices.muStarHalfWidth(resamples: 1000, random: try RandomStream(seed: 5))
        for i in 0..<6 {
            let salib = rows[i][3], tolerance = 4 / Double(999).squareRoot()
            #expect(abs(ours[i] - salib) <= tolerance * max(ours[i], salib) + 1e-12, "x\(i): SALib μ* ± \(salib), ours ± \(ours[i])")
        }
    }

    @Test("Morris on the simulation refuses to rank parameters when the Monte Carlo noise is too large")
    func morrisRefusesNoise() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try Self.pointPriors([("journey.referral_base", 0.3)], in: folder)
        // One prior collapsed to a point: the points differ by nothing but noise, which cannot be ranked.
        let path = packageRoot.appendingPathComponent("Scenarios/funding/rural-franche-comte-balanced.yaml").path
        let m = try await MorrisScreening.run(path: path, confinement: Confinement(topLevel: path), priors: set, metric: .jobsAddedNet,
                                              trajectories: 3, replications: 2, seed: 1, designSeed: 2, jobs: 2)
        #expect(m.isEffect)
        #expect(!m.identified)
    }

    @Test("a sweep's sensitivity note names the metrics refused for noise and the indices whose intervals leave [-0.05, 1.05]")
    func sensitivityNote() throws {
        // One factor, y = x: S1 = ST = 1 up to sampling; its intervals are then set by hand.
        let points = try QuasiRandom.saltelli(factors: 1, samples: 64)
        var sharp = try SobolIndices(outputs: points.map { $0[0] }, parameters: 1, bootstrap: 50, seed: 1)
        (sharp.firstLow, sharp.firstHigh, sharp.totalLow, sharp.totalHigh) = ([0.96], [1.04], [0.97], [1.03])
        var wide = sharp
        wide.firstHigh = [1.2]
        #expect(sharp.withinBounds && !wide.withinBounds)
        let note = SweepFolder.note([(.coverageRate, sharp, 0), (.firstContactFitRate, wide, 0.01), (.jobsAdded, sharp, 0.4), (.holders, sharp, .nan)],
                                    parameters: ["policy.funding.outreach"])
        #expect(note.contains("given for 2 of 4 metrics"), "\(note)")
        #expect(note.contains("jobs_added (40%)") && note.contains("holders (no spread, or noise unknown)"), "\(note)")
        #expect(note.contains("1 index has a bootstrap interval beyond") && note.contains("first_contact_fit_rate/policy.funding.outreach"), "\(note)")
        #expect(!note.contains("coverage_rate/"), "\(note)")
    }

    @Test("Saltelli's design and the Sobol estimators recover the Ishigami function's analytic indices within their bootstrap intervals")
    func ishigami() throws {
        // y = sin x₁ + 7 sin² x₂ + 0.1 x₃⁴ sin x₁ on [−π, π]³ (Ishigami and Homma 1990): with
        // V = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2, V₁ = (1 + b π⁴/5)²/2, V₂ = a²/8, V₁₃ = b² π⁸ (1/18 − 1/50).
        let a = 7.0, b = 0.1, pi4 = pow(Double.pi, 4), pi8 = pi4 * pi4
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = pow(1 + b * pi4 / 5, 2) / 2, v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50)
        let first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v]
        let points = try QuasiRandom.saltelli(factors: 3, samples: 4096)
        #expect(points.count == 4096 * 5)
        let y = points.map { u -> Double in
            let x = u.map { -Double.pi + 2 * Double.pi * $0 }
            return sin(x[0]) + a * pow(sin(x[1]), 2) + b * pow(x[2], 4) * sin(x[0])
        }
        let s = try SobolIndices(outputs: y, parameters: 3, bootstrap: 500, seed: 4)
        for i in 0..<3 {
            #expect(s.firstLow[i] <= first[i] && first[i] <= s.firstHigh[i], "S\(i + 1) = \(first[i]) outside [\(s.firstLow[i]), \(s.firstHigh[i])]")
            #expect(s.totalLow[i] <= total[i] && total[i] <= s.totalHigh[i], "ST\(i + 1) = \(total[i]) outside [\(s.totalLow[i]), \(s.totalHigh[i])]")
            #expect(s.firstHigh[i] - s.firstLow[i] < 0.1 && s.totalHigh[i] - s.totalLow[i] < 0.1)
        }
    }

    /// Two priors of the shipped file that move the rural supported share (Morris ranks them first).
    static func twoPriors() throws -> PriorSet {
        var set = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        set.priors = set.priors.filter { ["travel.rural_speed_kmh", "travel.detour_factor"].contains($0.path) }
        return set
    }

    @Test("Sobol indices over priors: SALib recomputes them from the exported quantile-space design", .enabled(if: ExperimentTests.salibAvailable))
    func priorSobolAgreesWithSALib() async throws {
        let path = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        let s = try await PriorSensitivity.run(path: path, confinement: Confinement(topLevel: path), priors: try Self.twoPriors(), metric: .supportedShare,
                                               samples: 16, replications: 2, bootstrap: 100, seed: 3, designSeed: 5, jobs: 2)
        #expect(s.points.count == 16 * 4 && !s.isEffect)
        let folder = try temporaryFolder()
        try PriorSensitivityOutput.write(s, scenario: "rural", to: folder.path)
        let script = """
        import json, numpy as np
        from SALib.analyze import sobol
        d = '\(folder.path)'
        p = json.load(open(d + '/salib_problem.json'))
        y = np.genfromtxt(d + '/salib_outputs.csv', delimiter=',', skip_header=1)
        r = sobol.analyze({k: p[k] for k in ('num_vars', 'names', 'bounds')}, y, calc_second_order=False, print_to_console=False)
        print(' '.join(repr(float(x)) for x in list(r['S1']) + list(r['ST'])))
        """
        let (status, text) = try runPython(script)
        #expect(status == 0)
        let salib = text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        let ours = s.indices.first + s.indices.total
        #expect(salib.count == ours.count)
        #expect(zip(salib, ours).allSatisfy { abs($0 - $1) < 1e-9 }, "SALib \(salib) against \(ours)")
    }

    @Test("Sobol indices over priors are refused when the points differ by noise alone, and given with their noise ratio otherwise")
    func priorSobolNoise() async throws {
        let path = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        let confinement = Confinement(topLevel: path)
        // Lever costs do nothing without a policy: every point is the same run, noise alone.
        var idle = try PriorSet.load(packageRoot.appendingPathComponent("Scenarios/priors.yaml").path)
        idle.priors = idle.priors.filter { $0.path.hasPrefix("lever_costs.") }.prefix(2).map { $0 }
        let refused = try await PriorSensitivity.run(path: path, confinement: confinement, priors: idle, metric: .jobsCreated,
                                                     samples: 4, replications: 2, bootstrap: 50, seed: 3, designSeed: 5, jobs: 2)
        #expect(!refused.identified)
        let folder = try temporaryFolder()
        try PriorSensitivityOutput.write(refused, scenario: "rural", to: folder.path)
        let rows = try String(contentsOf: folder.appendingPathComponent("sobol.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().allSatisfy { $0.contains(",NA,NA,NA,NA,NA,NA,") }, "\(rows)")
        // Travel speeds move the supported share far more than 2 replications' noise.
        let kept = try await PriorSensitivity.run(path: path, confinement: confinement, priors: try Self.twoPriors(), metric: .supportedShare,
                                                  samples: 8, replications: 2, bootstrap: 50, seed: 3, designSeed: 5, jobs: 2)
        #expect(kept.identified && kept.noiseRatio < 0.05, "noise ratio \(kept.noiseRatio)")
        // One replication a point: the noise is unknown, so no indices, however much the points differ.
        #expect(Sweep.noiseRatio([Estimate(values: [1]), Estimate(values: [5])]).isNaN)
        // Two points of means 1 and 5 (variance 8), each with sd² / n = 0.5 / 2: ratio 0.25 / 8.
        // Morris screening reads the same noise for its floor.
        let noise = PointNoise([Estimate(values: [0.5, 1.5]), Estimate(values: [4.5, 5.5])])
        #expect(abs(noise.noise - 0.25) < 1e-12 && abs(noise.spread - 8) < 1e-12 && abs(noise.ratio - 0.25 / 8) < 1e-12)
        #expect(Sweep.noiseRatio([Estimate(values: [0.5, 1.5]), Estimate(values: [4.5, 5.5])]) == noise.ratio)
    }
}

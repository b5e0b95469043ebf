import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
@testable import MaillageWorkflows
import MaillageTestSupport

/// The range over plausible worlds beside a run's Monte Carlo interval (`plausible.csv`).
@Suite("Plausible range")
struct PlausibleRangeTests {
    static let scenario = "Scenarios/funding/metro-lyon-coordination.yaml"
    /// The calibrated parameters at one point, and one assumed parameter.
    static let calibrated: [(String, Double)] = [("holders.seek_support_share", 0.2), ("outcomes.creation_supported", 0.5),
                                                 ("outcomes.creation_unsupported", 0.15)]
    static let assumed: [(String, Double)] = [("journey.referral_base", 0.3)]

    /// Priors and a posterior collapsed to one point: every plausible world is the same world.
    static func collapsed(in folder: URL) throws -> PriorSet {
        let priors = try UncertaintyTests.pointPriors(assumed, in: folder)
        let posterior = Posterior(file: "one-row.csv", paths: calibrated.map(\.0), rows: [calibrated.map(\.1)], fingerprint: "test")
        return priors.with(posterior)
    }

    @Test("with the priors and the posterior collapsed to one point, the range has no width and equals the run's mean at that point; the run's own numbers do not change")
    func collapsedRange() async throws {
        let folder = try temporaryFolder()
        let path = packageRoot.appendingPathComponent(Self.scenario).path
        let R = 4
        // The run at that point, on the same seeds.
        var scenario = try ScenarioLoader.load(path, overrides: (Self.assumed + Self.calibrated).map { ParameterOverride(path: $0.0, value: $0.1) },
                                               confinement: Confinement(topLevel: path))
        scenario.plan.replications = R
        scenario.plan.jobs = 2
        let settings = PlausibleSettings(priors: try Self.collapsed(in: folder), design: .init(draws: 3, replications: R, designSeed: 5))
        let plain = try await RunJob(scenario: scenario, path: path, shapley: false).run(to: folder.appendingPathComponent("plain").path)
        // The job reads the scenario's file: the point's values come from the priors and the posterior.
        var asFiled = try ScenarioLoader.load(path)
        asFiled.plan.replications = R
        asFiled.plan.jobs = 2
        let job = RunJob(scenario: asFiled, path: path, shapley: false, plausible: settings)
        let ranged = try await job.run(to: folder.appendingPathComponent("ranged").path)
        let range = try #require(ranged.product.plausible)
        for m in PlausibleOutput.headline {
            let row = try #require(range.row(m))
            let mean = plain.product.result.estimate(m).mean
            #expect(row.low == row.high && row.low == row.mean, "\(m.name): no width")
            #expect(abs(row.mean - mean) <= 1e-9 * max(1, abs(mean)), "\(m.name): \(row.mean) against the run's \(mean)")
            #expect(row.lowError == 0 && row.highError == 0)
            #expect(row.probPositive == (row.mean > 0 ? 1 : 0))
        }
        // The run's files are the same with the range beside them, which only adds plausible.csv.
        let plainFolder = folder.appendingPathComponent("plain"), rangedFolder = folder.appendingPathComponent("ranged")
        let unranged = try await RunJob(scenario: asFiled, path: path, shapley: false).run(to: folder.appendingPathComponent("unranged").path)
        #expect(unranged.product.result.replications.count == R)
        for name in ["summary.csv", "replications.csv"] {
            #expect(try Data(contentsOf: rangedFolder.appendingPathComponent(name)) == Data(contentsOf: folder.appendingPathComponent("unranged/\(name)")))
        }
        #expect(FileManager.default.fileExists(atPath: rangedFolder.appendingPathComponent("plausible.csv").path))
        #expect(!FileManager.default.fileExists(atPath: plainFolder.appendingPathComponent("plausible.csv").path))
        let read = try #require(try PlausibleOutput.read(rangedFolder.path))
        #expect(read[.jobsAddedNet]?.draws == 3 && read[.jobsAddedNet]?.posterior == "one-row.csv")
    }

    @Test("over the shipped priors and posterior the range is wider than chance alone, and the same seeds give the same file")
    func shippedRange() async throws {
        let folder = try temporaryFolder()
        let path = packageRoot.appendingPathComponent(Self.scenario).path
        var scenario = try ScenarioLoader.load(path)
        scenario.plan.replications = 20
        scenario.plan.jobs = 2
        let settings = try PlausibleSettings.shipped(repository: packageRoot.path, design: .init(draws: 12, replications: 3, designSeed: 2))
        #expect(settings.priorsLabel == "Scenarios/priors.yaml" && settings.posteriorLabel == "Scenarios/calibration/posterior.csv")
        let job = RunJob(scenario: scenario, path: path, shapley: false, plausible: settings)
        let a = try await job.run(to: folder.appendingPathComponent("a").path)
        let b = try await job.run(to: folder.appendingPathComponent("b").path)
        #expect(try Data(contentsOf: folder.appendingPathComponent("a/plausible.csv")) == Data(contentsOf: folder.appendingPathComponent("b/plausible.csv")))
        let range = try #require(a.product.plausible)
        let net = try #require(range.row(.jobsAddedNet))
        let chance = a.product.result.estimate(.jobsAddedNet)
        #expect(net.high - net.low > chance.high - chance.low, "parameters move the answer more than chance: \(net.low)…\(net.high) against \(chance.low)…\(chance.high)")
        #expect(net.draws == 12 && (0...1).contains(net.probPositive))
        #expect(PlausibleOutput.headline.map { b.product.plausible?.row($0) } == PlausibleOutput.headline.map { range.row($0) })
    }

    @Test("the shipped posterior under Scenarios/ is the one the calibration writes into Output/")
    func shippedPosteriorCopy() throws {
        let shipped = try Data(contentsOf: packageRoot.appendingPathComponent(PlausibleSettings.shippedPosterior))
        let written = try Data(contentsOf: packageRoot.appendingPathComponent("Output/" + ShippedOutput.posteriorFile))
        #expect(shipped == written, "copy Output/calibration/posterior.csv to Scenarios/calibration/posterior.csv after a calibration")
    }

    @Test("a range holding zero says the model cannot tell, in both languages; one off zero does not")
    func sentences() {
        for l in Language.allCases {
            let holds = PlausibleOutput.sentence(.jobsAddedNet, mean: 30, mc: (25, 35), low: -20, high: 60, probPositive: 0.7, l)
            let clear = PlausibleOutput.sentence(.jobsAddedNet, mean: 30, mc: (25, 35), low: 5, high: 60, probPositive: 1, l)
            #expect(holds.hasSuffix(PlausibleOutput.cannotTell(.jobsAddedNet, l)))
            #expect(!clear.contains(PlausibleOutput.cannotTell(.jobsAddedNet, l)))
            #expect(holds.contains(l.percent(0.7, decimals: 0)))
        }
    }
}

extension PlausibleRangeTests {
    @Test("a study writes each active cell's range over plausible worlds, the same worlds in every cell, and none for a cell without a policy")
    func studyRanges() async throws {
        let folder = try temporaryFolder()
        let scenario = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let file = folder.appendingPathComponent("study.yaml")
        try """
            name: small-study
            replications: 4
            seed: 5
            scenarios: [\(scenario)]
            policies:
              no_cooperation: {}
              meetings: {mutual_knowledge: {meetings_per_year: 10}}
              capacity: {extra_capacity_per_year: 100}
            """.write(to: file, atomically: true, encoding: .utf8)
        let study = try Study.load(file.path)
        let settings = try PlausibleSettings.shipped(repository: packageRoot.path, design: .init(draws: 3, replications: 2, designSeed: 2))
        let out = folder.appendingPathComponent("out")
        let (cells, _) = try await StudyJob(study: study, path: file.path, jobs: 2, shapley: false, plausible: settings).run(to: out.path)
        let none = out.appendingPathComponent("metro-lyon/no_cooperation/plausible.csv").path
        #expect(!FileManager.default.fileExists(atPath: none))
        let rows = try #require(try PlausibleOutput.read(out.appendingPathComponent("metro-lyon/meetings").path))
        let net = try #require(rows[.jobsAddedNet])
        let cell = try #require(cells.first { $0.policyName == "meetings" })
        #expect(net.run.mean == cell.result.estimate(.jobsAddedNet).mean, "the cell's own mean beside its range")
        #expect(net.draws == 3 && net.replicationsPerDraw == 2 && net.posterior == PlausibleSettings.shippedPosterior)
        // The cells share each draw's world without the policy: each cell's range is the one its
        // policy's draws give alone, without sharing.
        let analysis = UncertaintyAnalysis(priors: settings.priors, draws: 3, replications: 2, seed: 5, designSeed: 2)
        let drawn = try analysis.scenarios(path: scenario, confinement: Confinement(topLevel: file.path))
        for named in study.policies.dropFirst() {
            let alone = try await analysis.run(drawn.map { d -> Scenario in var s = d.scenario; named.apply(to: &s); return s }, jobs: 2)
            let expected = try #require(try PlausibleRange(alone, priors: settings.priors, design: settings.design).row(.jobsAddedNet))
            let written = try #require(try PlausibleOutput.read(out.appendingPathComponent("metro-lyon/\(named.name)").path)?[.jobsAddedNet])
            // As written in plausible.csv: ten significant digits.
            func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
            #expect(same(written.low, expected.low) && same(written.high, expected.high) && same(written.probPositive, expected.probPositive),
                    "\(named.name): \(written.low)…\(written.high) against \(expected.low)…\(expected.high)")
        }
        let lines = try PlausibleOutput.cellLines(cells.map { ($0.scenario.name, $0.policyName) }, folder: out.path, .en)
        #expect(lines.count == 3 && lines[1].hasPrefix("metropolis (Lyon) — meetings, jobs added, net: "), "\(lines)")
        let text = try Study.plausibleText(cells, folder: out.path, language: .fr).split(separator: "\n")
        #expect(text.allSatisfy { $0.count <= 100 } && text.contains { $0.hasPrefix("  métropole") }, "\(text)")
    }
}

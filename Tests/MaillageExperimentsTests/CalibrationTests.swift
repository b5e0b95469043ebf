import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

@Suite("Calibration")
struct CalibrationTests {
    @Test("the built-in defaults reproduce every calibration target within its tolerance")
    func defaultsReproduceTargets() throws {
        let calibration = try Calibration.load(packageRoot.appendingPathComponent("Scenarios/calibration/targets.yaml").path)
        let estimates = try calibration.evaluateDefaults(jobs: 2)
        for (target, estimate) in zip(calibration.targets, estimates) {
            #expect(abs(estimate.mean - target.value) <= target.tolerance,
                    "\(target.metric.name): \(estimate.mean) against \(target.value) ± \(target.tolerance)")
        }
    }

    @Test("the simplex recovers a parameter from a target it generated")
    func recoversKnownParameter() throws {
        // One structure with unlimited capacity: every holder is supported at the creation stage,
        // which carries the whole creation effect, so the supported creation rate estimates
        // creation_supported itself.
        let folder = try temporaryFolder()
        try """
        name: one-structure
        territory: {seed: 1, area_km2: 4, population: 30000, communes: 1, towns: [{name: A, population: 30000, x_km: 0, y_km: 0}]}
        structures:
          networks: [{name: S, ecosystem: classic, stages: [emergence, creation, financing, growth], capacity_per_year: 1000000, count: 1}]
        holders:
          project_types: {classic: 1, ess: 0, social_utility: 0}
          stages: {emergence: 0, creation: 1, financing: 0, growth: 0}
        outcomes: {creation_weights: {emergence: 0, creation: 1, financing: 0, growth: 0}}
        simulation: {horizon_months: 24}

        """.write(to: folder.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
        try """
        scenario: world.yaml
        replications: 6
        seed: 5
        parameters: [{path: outcomes.creation_supported, low: 0.05, high: 0.9, start: 0.15}]
        targets: [{metric: supported_creation_rate, value: 0.42, tolerance: 0.01, source: test}]

        """.write(to: folder.appendingPathComponent("targets.yaml"), atomically: true, encoding: .utf8)
        let calibration = try Calibration.load(folder.appendingPathComponent("targets.yaml").path)
        let fit = try calibration.fit(jobs: 2)
        let e = fit.estimates[0]
        // The fitted rate is within three standard errors of the target, and the parameter near it.
        #expect(abs(e.mean - 0.42) <= 3 * e.standardError, "fitted \(e.mean) ± \(e.standardError)")
        #expect(abs(fit.values[0] - 0.42) < 0.03, "fitted parameter \(fit.values[0])")
    }

    /// Loads targets naming `parameter` and `metric` for a one-commune scenario, and expects the
    /// error to say each of `fragments`.
    func expectRejected(parameter: String, metric: String, saying fragments: [String]) throws {
        let folder = try temporaryFolder()
        try "name: x\nterritory: {communes: 1}\n".write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("t.yaml")
        try """
        scenario: s.yaml
        parameters: [{path: \(parameter), low: 0.1, high: 0.9}]
        targets: [{metric: \(metric), value: 0.5, tolerance: 0.1, source: x}]

        """.write(to: file, atomically: true, encoding: .utf8)
        #expect { try Calibration.load(file.path) } throws: { error in fragments.allSatisfy { "\(error)".contains($0) } }
    }

    @Test("a target naming no metric is rejected with a suggestion")
    func unknownMetric() throws {
        try expectRejected(parameter: "outcomes.creation_supported", metric: "suported_share",
                           saying: ["did you mean 'supported_share'", "targets[0].metric"])
    }

    @Test("a parameter path that names nothing is rejected")
    func unknownParameterPath() throws {
        try expectRejected(parameter: "outcomes.creation_suported", metric: "supported_share",
                           saying: ["outcomes.creation_suported", "did you mean 'creation_supported'"])
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import Yams

/// A calibration: free behavioural parameters to fit, within bounds, to published figures
/// (targets), on a scenario. ``Calibration/load(_:)`` reads a targets file; the experiments
/// layer fits it with GSL's Nelder–Mead simplex.
///
/// The objective is Σ ((mean of metric − target) / tolerance)² over the targets, each mean taken
/// over the same replications with the same seeds at every evaluation (common random numbers),
/// so that it moves smoothly with the parameters. Each parameter is searched within its bounds
/// through a logistic transform, x = low + (high − low) / (1 + e^(−u)), so the simplex moves
/// freely in u.
public struct Calibration: Sendable {
    /// A parameter to fit, by its scenario path, within bounds.
    public struct Parameter: Sendable {
        public var path: String
        public var low: Double
        public var high: Double
        /// Where the search starts (default: the scenario's value, or the middle of the bounds).
        public var start: Double?
    }

    /// A published figure the fit should reproduce.
    public struct Target: Sendable {
        public var metric: Metric
        public var value: Double
        /// The distance from `value` still counted as reproducing it; it also weighs the target.
        public var tolerance: Double
        public var source: String
    }

    /// The scenario the fit runs on, as the targets file names it and as a path.
    public var scenarioName: String
    public var scenarioPath: String
    public var parameters: [Parameter]
    public var targets: [Target]
    public var replications: Int
    public var seed: UInt64
    public var maxIterations: Int
    /// The file it was read from.
    public var file: String
    /// Where the files it and its scenario name may be.
    public var confinement: Confinement

    /// Reads a targets file; the scenario path is relative to it.
    public static func load(_ path: String) throws -> Calibration {
        var root = try YAMLMapping.root(of: path)
        let scenario = try root.requiredString("scenario")
        var replications = 10, seed: UInt64 = 2018, iterations = 300
        try root.int("replications", &replications, in: 1...100_000, rangeText: "at least 1 replication")
        try root.seed("seed", &seed)
        try root.int("max_iterations", &iterations, in: 1...100_000)
        var parameters: [Parameter] = []
        for (node, fieldPath) in try root.list("parameters") ?? [] {
            var m = try YAMLMapping(node, in: root, path: fieldPath)
            var p = Parameter(path: try m.requiredString("path"), low: 0, high: 1, start: nil)
            (p.low, p.high) = try m.bounds(node)
            if m.has("start") {
                var start = 0.0
                try m.double("start", &start, in: p.low...max(p.low, p.high), rangeText: "a start within [low, high]")
                p.start = start
            }
            try m.finish()
            parameters.append(p)
        }
        guard !parameters.isEmpty else { throw root.error("parameters", nil, "expected a non-empty list of parameters to fit") }
        var targets: [Target] = []
        for (node, fieldPath) in try root.list("targets") ?? [] {
            var m = try YAMLMapping(node, in: root, path: fieldPath)
            let name = try m.requiredString("metric")
            guard let metric = Metric.named(name) else {
                let hint = suggestion(for: name, among: Metric.all.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw m.error("metric", node, "expected a metric name, found '\(name)'\(hint)")
            }
            var t = Target(metric: metric, value: 0, tolerance: 0, source: "")
            guard m.has("value"), m.has("tolerance") else { throw m.error("value", node, "expected a value and a tolerance") }
            try m.double("value", &t.value)
            try m.double("tolerance", &t.tolerance, in: 1e-9...1e9, rangeText: "a tolerance of 1e-9 to 1e9")
            t.source = try m.requiredString("source")
            try m.finish()
            targets.append(t)
        }
        guard !targets.isEmpty else { throw root.error("targets", nil, "expected a non-empty list of targets") }
        try root.finish()
        let scenarioPath = try root.reference(scenario, field: "scenario", node: root.mapping["scenario"])
        let calibration = Calibration(scenarioName: scenario, scenarioPath: scenarioPath, parameters: parameters, targets: targets,
                                      replications: replications, seed: seed, maxIterations: iterations, file: path,
                                      confinement: root.confinement)
        // Every path must name a parameter of the scenario: check once, up front.
        _ = try calibration.scenario(parameters.map { $0.start ?? ($0.low + $0.high) / 2 })
        return calibration
    }

    /// The scenario with the parameters set to `values`.
    public func scenario(_ values: [Double]) throws -> Scenario {
        try ScenarioLoader.load(scenarioPath, overrides: zip(parameters, values).map { ParameterOverride(path: $0.path, value: $1) },
                                confinement: confinement)
    }

}

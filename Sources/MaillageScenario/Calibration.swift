import Foundation
import MaillageFoundation
import MaillageModel
import Yams

/// A calibration: free behavioural parameters to fit, within bounds, to published figures
/// (targets), on one or more territories, with territories held out of the fit and checked
/// afterwards. ``Calibration/load(_:)`` reads a targets file; the experiments layer fits it with
/// GSL's Nelder–Mead simplex or samples a posterior by approximate Bayesian computation.
///
/// The objective is Σ ((mean of metric − target) / tolerance)² over the fitted territories'
/// targets, each mean taken over the same replications with the same seeds at every evaluation
/// (common random numbers), so that it moves smoothly with the parameters. Each parameter is
/// searched within its bounds through a logistic transform, x = low + (high − low) / (1 + e^(−u)),
/// so the simplex moves freely in u. A held-out territory's targets never enter the objective:
/// they are evaluated once, at the fitted values, as an out-of-sample check.
public struct Calibration: Sendable {
    /// A parameter to fit, by its scenario path, within bounds.
    public struct Parameter: Sendable {
        public var path: String
        public var low: Double
        public var high: Double
        /// Where the search starts (default: the scenario's value, or the middle of the bounds).
        public var start: Double?
    }

    /// A territory the calibration runs: a scenario file under a short name.
    public struct Territory: Sendable {
        public var name: String
        /// The scenario as the targets file names it, and as a path.
        public var file: String
        public var path: String
        /// Whether it is held out of the fit (checked afterwards) rather than fitted on.
        public var heldOut: Bool
    }

    /// A published figure the fit should reproduce on one territory.
    public struct Target: Sendable {
        public var metric: Metric
        public var value: Double
        /// The distance from `value` still counted as reproducing it; it also weighs the target.
        public var tolerance: Double
        public var source: String
        /// The index of its territory in ``Calibration/territories``.
        public var territory: Int
        /// Its index in the file's list of targets.
        public var entry: Int
    }

    /// The territories: those fitted on first, then those held out.
    public var territories: [Territory]
    public var parameters: [Parameter]
    /// The targets, one per territory they apply to.
    public var targets: [Target]
    public var replications: Int
    public var seed: UInt64
    public var maxIterations: Int
    /// The file it was read from.
    public var file: String
    /// Where the files it and its scenario name may be.
    public var confinement: Confinement

    /// The targets the fit minimises (those of fitted territories), by index.
    public var fittedTargets: [Int] { targets.indices.filter { !territories[targets[$0].territory].heldOut } }
    /// The held-out territories' targets, by index.
    public var heldOutTargets: [Int] { targets.indices.filter { territories[targets[$0].territory].heldOut } }

    /// Whether a simulated mean meets target `i`: within its tolerance of its value.
    public func meets(_ i: Int, mean: Double) -> Bool { abs(mean - targets[i].value) <= targets[i].tolerance }

    /// Reads a targets file; scenario paths are relative to it.
    ///
    /// The territories are either one `scenario: FILE` or `territories: {NAME: FILE, …}`, with
    /// optionally `held_out: {NAME: FILE, …}`. A target's `territory` names one territory or a
    /// list; without it, the target applies to every fitted territory.
    public static func load(_ path: String) throws -> Calibration {
        var root = try YAMLMapping.root(of: path)
        var territories: [Territory] = []
        func read(_ key: String, heldOut: Bool) throws {
            guard var m = try root.mapping(key) else { return }
            for (k, v) in m.mapping {
                guard let name = k.string, !name.isEmpty else { throw m.error(key, k, "expected a territory's name as the key") }
                guard territories.allSatisfy({ $0.name != name }) else { throw m.error(name, k, "expected each territory once, found '\(name)' again") }
                _ = m.has(name)
                let file = try m.requiredString(name)
                territories.append(Territory(name: name, file: file, path: try m.reference(file, field: "\(key).\(name)", node: v), heldOut: heldOut))
            }
            try m.finish()
        }
        if root.has("scenario") {
            guard !root.has("territories") else {
                throw root.error("territories", nil, "expected either scenario (one territory) or territories (several), found both")
            }
            let file = try root.requiredString("scenario")
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            territories.append(Territory(name: name, file: file, path: try root.reference(file, field: "scenario", node: root.mapping["scenario"]), heldOut: false))
        } else {
            try read("territories", heldOut: false)
            guard !territories.isEmpty else {
                throw root.error("territories", nil, "expected the territories to fit on: scenario: FILE, or territories: {NAME: FILE, …}")
            }
        }
        try read("held_out", heldOut: true)
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
        for (entry, (node, fieldPath)) in (try root.list("targets") ?? []).enumerated() {
            var m = try YAMLMapping(node, in: root, path: fieldPath)
            let name = try m.requiredString("metric")
            guard let metric = Metric.named(name) else {
                let hint = suggestion(for: name, among: Metric.all.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw m.error("metric", node, "expected a metric name, found '\(name)'\(hint)")
            }
            var t = Target(metric: metric, value: 0, tolerance: 0, source: "", territory: 0, entry: entry)
            guard m.has("value"), m.has("tolerance") else { throw m.error("value", node, "expected a value and a tolerance") }
            try m.double("value", &t.value)
            try m.double("tolerance", &t.tolerance, in: 1e-9...1e9, rangeText: "a tolerance of 1e-9 to 1e9")
            t.source = try m.requiredString("source")
            var applies = territories.indices.filter { !territories[$0].heldOut }
            if m.has("territory") {
                let field = m.mapping["territory"]!
                let names: [String]
                if let one = field.string {
                    names = [one]
                } else if case .sequence(let list) = field, !list.isEmpty, list.allSatisfy({ $0.string != nil }) {
                    names = list.map { $0.string! }
                } else {
                    throw m.error("territory", field, "expected a territory's name or a list of names")
                }
                applies = try names.map { n in
                    guard let k = territories.firstIndex(where: { $0.name == n }) else {
                        throw m.error("territory", field, "expected one of \(territories.map(\.name).joined(separator: ", ")), found '\(n)'")
                    }
                    return k
                }
            }
            try m.finish()
            for k in applies {
                t.territory = k
                targets.append(t)
            }
        }
        guard !targets.isEmpty else { throw root.error("targets", nil, "expected a non-empty list of targets") }
        try root.finish()
        let calibration = Calibration(territories: territories, parameters: parameters, targets: targets,
                                      replications: replications, seed: seed, maxIterations: iterations, file: path,
                                      confinement: root.confinement)
        guard !calibration.fittedTargets.isEmpty else {
            throw root.error("targets", nil, "expected at least one target on a fitted territory, found only held-out ones")
        }
        // Every path must name a parameter of every scenario: check once, up front.
        for k in territories.indices { _ = try calibration.scenario(parameters.map { $0.start ?? ($0.low + $0.high) / 2 }, territory: k) }
        return calibration
    }

    /// Territory `territory`'s scenario with the parameters set to `values`.
    public func scenario(_ values: [Double], territory: Int = 0) throws -> Scenario {
        try ScenarioLoader.load(territories[territory].path, overrides: zip(parameters, values).map { ParameterOverride(path: $0.path, value: $1) },
                                confinement: confinement)
    }
}

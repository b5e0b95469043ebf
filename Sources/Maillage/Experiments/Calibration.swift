import CGSL
import Foundation
import Yams

/// Fits free behavioural parameters to published figures with GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`).
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

    /// The outcome: fitted values, and each target's fitted mean and interval.
    public struct Fit: Sendable {
        public var values: [Double]
        public var objective: Double
        public var iterations: Int
        public var converged: Bool
        public var estimates: [Estimate]
    }

    /// Reads a targets file; the scenario path is relative to it.
    public static func load(_ path: String) throws -> Calibration {
        let text = try ScenarioLoader.readText(path)
        var root = try YAMLMapping(try ScenarioLoader.compose(text, file: path), file: path, path: "")
        let scenario = try root.requiredString("scenario")
        var replications = 10, seed: UInt64 = 2018, iterations = 300
        try root.int("replications", &replications, in: 1...100_000, rangeText: "at least 1 replication")
        try root.seed("seed", &seed)
        try root.int("max_iterations", &iterations, in: 1...100_000)
        var parameters: [Parameter] = []
        for (node, fieldPath) in try root.list("parameters") ?? [] {
            var m = try YAMLMapping(node, file: path, path: fieldPath)
            var p = Parameter(path: try m.requiredString("path"), low: 0, high: 1, start: nil)
            guard m.has("low"), m.has("high") else { throw m.error("low", node, "expected both bounds, low and high") }
            try m.double("low", &p.low)
            try m.double("high", &p.high)
            if m.has("start") {
                var start = 0.0
                try m.double("start", &start, in: p.low...max(p.low, p.high), rangeText: "a start within [low, high]")
                p.start = start
            }
            guard p.low < p.high else { throw m.error("high", node, "expected high > low, found low \(p.low) and high \(p.high)") }
            try m.finish()
            parameters.append(p)
        }
        guard !parameters.isEmpty else { throw root.error("parameters", nil, "expected a non-empty list of parameters to fit") }
        var targets: [Target] = []
        for (node, fieldPath) in try root.list("targets") ?? [] {
            var m = try YAMLMapping(node, file: path, path: fieldPath)
            let name = try m.requiredString("metric")
            guard let metric = Metric(rawValue: name) else {
                let hint = suggestion(for: name, among: Metric.allCases.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw m.error("metric", node, "expected a metric name, found '\(name)'\(hint)")
            }
            var t = Target(metric: metric, value: 0, tolerance: 0, source: "")
            guard m.has("value"), m.has("tolerance") else { throw m.error("value", node, "expected a value and a tolerance") }
            try m.double("value", &t.value)
            try m.positive("tolerance", &t.tolerance)
            t.source = try m.requiredString("source")
            try m.finish()
            targets.append(t)
        }
        guard !targets.isEmpty else { throw root.error("targets", nil, "expected a non-empty list of targets") }
        try root.finish()
        let scenarioPath = ScenarioLoader.resolve(scenario, relativeTo: path)
        let calibration = Calibration(scenarioName: scenario, scenarioPath: scenarioPath, parameters: parameters, targets: targets,
                                      replications: replications, seed: seed, maxIterations: iterations, file: path)
        // Every path must name a parameter of the scenario: check once, up front.
        _ = try calibration.scenario(parameters.map { $0.start ?? ($0.low + $0.high) / 2 })
        return calibration
    }

    /// The scenario with the parameters set to `values`.
    func scenario(_ values: [Double]) throws -> Scenario {
        try ScenarioLoader.load(scenarioPath, overrides: zip(parameters, values).map { ParameterOverride(path: $0.path, value: $1) })
    }

    /// Runs the scenario at `values` and returns each target metric's estimate.
    public func evaluate(_ values: [Double], jobs: Int) throws -> [Estimate] {
        let model = try scenario(values).build()
        let result = try MonteCarlo.runBlocking(model, replications: replications, seed: seed, jobs: jobs)
        return targets.map { result.estimate($0.metric) }
    }

    /// Runs the scenario as its file sets it, with the built-in defaults for what it leaves out.
    public func evaluateDefaults(jobs: Int) throws -> [Estimate] {
        let model = try ScenarioLoader.load(scenarioPath).build()
        let result = try MonteCarlo.runBlocking(model, replications: replications, seed: seed, jobs: jobs)
        return targets.map { result.estimate($0.metric) }
    }

    /// Σ ((mean − target) / tolerance)².
    func objective(_ estimates: [Estimate]) -> Double {
        zip(targets, estimates).reduce(0) { sum, pair in
            let r = (pair.1.mean - pair.0.value) / pair.0.tolerance
            return sum + (r.isFinite ? r * r : 1e6)
        }
    }

    /// Minimises the objective from the start values.
    /// - Throws: ``GSLError`` if GSL fails; ``InputError`` if a trial scenario is invalid.
    public func fit(jobs: Int, progress: (Int, Double) -> Void = { _, _ in }) throws -> Fit {
        GSL.prepare()
        let n = parameters.count
        let context = ObjectiveContext(calibration: self, jobs: jobs)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        guard let minimiser = maillage_nmsimplex2_alloc(n), let start = gsl_vector_alloc(n), let steps = gsl_vector_alloc(n) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating the simplex minimiser")
        }
        defer { gsl_multimin_fminimizer_free(minimiser); gsl_vector_free(start); gsl_vector_free(steps) }
        for (i, p) in parameters.enumerated() {
            gsl_vector_set(start, i, Self.toUnbounded(p.start ?? (p.low + p.high) / 2, p))
            gsl_vector_set(steps, i, 1.0)
        }
        var function = gsl_multimin_function(
            f: { u, params in
                let context = Unmanaged<ObjectiveContext>.fromOpaque(params!).takeUnretainedValue()
                return context.value(at: (0..<context.calibration.parameters.count).map { gsl_vector_get(u, $0) })
            },
            n: n, params: unmanaged.toOpaque())
        var status = gsl_multimin_fminimizer_set(minimiser, &function, start, steps)
        guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "starting the simplex") }
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            iteration += 1
            status = gsl_multimin_fminimizer_iterate(minimiser)
            if let error = context.error { throw error }
            guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "iterating the simplex") }
            progress(iteration, minimiser.pointee.fval)
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimiser), 1e-3) == GSL_SUCCESS {
                converged = true
                break
            }
        }
        let best = gsl_multimin_fminimizer_x(minimiser)!
        let values = parameters.enumerated().map { Self.toBounded(gsl_vector_get(best, $0), $1) }
        let estimates = try evaluate(values, jobs: jobs)
        return Fit(values: values, objective: objective(estimates), iterations: iteration, converged: converged, estimates: estimates)
    }

    static func toBounded(_ u: Double, _ p: Parameter) -> Double { p.low + (p.high - p.low) / (1 + exp(-u)) }

    static func toUnbounded(_ x: Double, _ p: Parameter) -> Double {
        let s = min(max((x - p.low) / (p.high - p.low), 1e-6), 1 - 1e-6)
        return log(s / (1 - s))
    }

    /// What the C callback needs; an error stops the search at the next iteration.
    private final class ObjectiveContext {
        let calibration: Calibration
        let jobs: Int
        var error: (any Error)?

        init(calibration: Calibration, jobs: Int) {
            self.calibration = calibration
            self.jobs = jobs
        }

        func value(at u: [Double]) -> Double {
            guard error == nil else { return .infinity }
            let values = zip(u, calibration.parameters).map { Calibration.toBounded($0, $1) }
            do {
                return calibration.objective(try calibration.evaluate(values, jobs: jobs))
            } catch {
                self.error = error
                return .infinity
            }
        }
    }

    /// The fitted parameters and every target's residual, as YAML.
    public func report(_ fit: Fit) -> String {
        var lines = ["# Fitted by maillage calibrate \(file): Nelder–Mead simplex (GSL), \(replications) replications",
                     "# per evaluation on common random numbers (seed \(seed)); \(fit.iterations) iterations,",
                     "# \(fit.converged ? "converged (simplex size < 1e-3)" : "stopped at max_iterations"); objective \(String(format: "%.6g", fit.objective)).",
                     "scenario: \(scenarioName)", "parameters:"]
        for (p, v) in zip(parameters, fit.values) {
            lines.append("  \(p.path): \(String(format: "%.6g", v))")
        }
        lines.append("targets:")
        for (t, e) in zip(targets, fit.estimates) {
            let residual = e.mean - t.value
            lines.append("  - metric: \(t.metric.name)")
            lines.append("    target: \(String(format: "%.6g", t.value))")
            lines.append("    tolerance: \(String(format: "%.6g", t.tolerance))")
            lines.append("    fitted: \(String(format: "%.6g", e.mean))")
            lines.append("    ci95: [\(CSVTable.number(e.low)), \(CSVTable.number(e.high))]")
            lines.append("    residual: \(String(format: "%.6g", residual))")
            lines.append("    within_tolerance: \(abs(residual) <= t.tolerance)")
            lines.append("    source: \"\(t.source.replacingOccurrences(of: "\"", with: "'"))\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

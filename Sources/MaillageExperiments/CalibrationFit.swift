import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

extension Calibration {
    /// The outcome: fitted values, and each target's fitted mean and interval (the held-out
    /// territories' too, run once at the fitted values).
    public struct Fit: Sendable {
        public var values: [Double]
        public var objective: Double
        public var iterations: Int
        public var converged: Bool
        public var estimates: [Estimate]
    }

    /// Runs the territories at `values` and returns each target's estimate, in `targets` order
    /// (`nan` for a held-out target unless `heldOut`).
    public func evaluate(_ values: [Double], jobs: Int, heldOut: Bool = false) throws -> [Estimate] {
        try estimates(jobs: jobs, heldOut: heldOut) { try scenario(values, territory: $0) }
    }

    /// Runs every territory (held-out ones too) as its file sets it, with the built-in defaults
    /// for what it leaves out.
    public func evaluateDefaults(jobs: Int) throws -> [Estimate] {
        try estimates(jobs: jobs, heldOut: true) { try ScenarioLoader.load(territories[$0].path) }
    }

    /// The territories run side by side, each on its share of the jobs (a territory's model build
    /// is one thread's work); their results do not depend on it.
    func estimates(jobs: Int, heldOut: Bool, _ scenario: @Sendable (Int) throws -> Scenario) throws -> [Estimate] {
        var out = targets.map { _ in Estimate(mean: .nan, sd: .nan, low: .nan, high: .nan, n: 0) }
        let run = territories.indices.filter { heldOut || !territories[$0].heldOut }
        let perTerritory = max(1, jobs / max(run.count, 1)), replications = self.replications, seed = self.seed
        let results = try MonteCarlo.mapBlocking(count: run.count, jobs: jobs) { n in
            let model = try scenario(run[n]).build()
            return try MonteCarlo.runBlocking(model, plan: RunPlan(horizonMonths: model.horizonMonths, replications: replications, seed: seed,
                                                                   jobs: perTerritory))
        }
        for (n, k) in run.enumerated() {
            for (i, t) in targets.enumerated() where t.territory == k { out[i] = results[n].estimate(t.metric) }
        }
        return out
    }

    /// Σ ((mean − target) / tolerance)² over the fitted territories' targets.
    public func objective(_ estimates: [Estimate]) -> Double {
        fittedTargets.reduce(0) { sum, i in
            let r = (estimates[i].mean - targets[i].value) / targets[i].tolerance
            return sum + (r.isFinite ? r * r : 1e6)
        }
    }

    /// Minimises the objective from the start values with GSL's Nelder–Mead simplex
    /// (``Simplex``), in the logistic coordinates u, starting steps 1 and a size tolerance of
    /// 10⁻³, then evaluates the targets at the best point.
    /// - Throws: ``GSLError`` if GSL fails; ``InputError`` if a trial scenario is invalid.
    public func fit(jobs: Int, progress: (Int, Double) -> Void = { _, _ in }) throws -> Fit {
        let start = parameters.map { Self.toUnbounded($0.start ?? ($0.low + $0.high) / 2, $0) }
        try checkDefined(try evaluate(zip(start, parameters).map { Calibration.toBounded($0, $1) }, jobs: jobs), "at the start values")
        let result = try Simplex.minimise(start: start, steps: Array(repeating: 1.0, count: parameters.count), tolerance: 1e-3,
                                          maxIterations: maxIterations, progress: progress) { u in
            objective(try evaluate(zip(u, parameters).map { Calibration.toBounded($0, $1) }, jobs: jobs))
        }
        let values = zip(result.x, parameters).map { Self.toBounded($0, $1) }
        let estimates = try evaluate(values, jobs: jobs, heldOut: true)
        try checkDefined(estimates, "at the fitted values")
        return Fit(values: values, objective: objective(estimates), iterations: result.iterations, converged: result.converged, estimates: estimates)
    }

    static func toBounded(_ u: Double, _ p: Parameter) -> Double { p.low + (p.high - p.low) / (1 + exp(-u)) }

    static func toUnbounded(_ x: Double, _ p: Parameter) -> Double {
        let s = min(max((x - p.low) / (p.high - p.low), 1e-6), 1 - 1e-6)
        return log(s / (1 - s))
    }

    /// A target whose metric no replication defines (a rate without a denominator on this
    /// scenario) cannot be fitted: an error naming it, rather than a `nan` in the results.
    /// A held-out target is not checked: it is reported, undefined, as failing.
    func checkDefined(_ estimates: [Estimate], _ when: String) throws {
        for (target, e) in zip(targets, estimates) where e.mean.isNaN && !territories[target.territory].heldOut {
            throw InputError(file: file, field: "targets[\(target.entry)].metric",
                             message: "expected a metric the scenario defines, found \(target.metric.name), which no replication of \(territories[target.territory].name) defines \(when) (its denominator is always zero)")
        }
    }
}

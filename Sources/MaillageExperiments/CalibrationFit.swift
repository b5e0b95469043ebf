import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

extension Calibration {
    /// The outcome: fitted values, and each target's fitted mean and interval.
    public struct Fit: Sendable {
        public var values: [Double]
        public var objective: Double
        public var iterations: Int
        public var converged: Bool
        public var estimates: [Estimate]
    }

    /// Runs the scenario at `values` and returns each target metric's estimate.
    public func evaluate(_ values: [Double], jobs: Int) throws -> [Estimate] {
        let model = try scenario(values).build()
        let result = try MonteCarlo.runBlocking(model, plan: RunPlan(horizonMonths: model.horizonMonths, replications: replications, seed: seed, jobs: jobs))
        return targets.map { result.estimate($0.metric) }
    }

    /// Runs the scenario as its file sets it, with the built-in defaults for what it leaves out.
    public func evaluateDefaults(jobs: Int) throws -> [Estimate] {
        let model = try ScenarioLoader.load(scenarioPath).build()
        let result = try MonteCarlo.runBlocking(model, plan: RunPlan(horizonMonths: model.horizonMonths, replications: replications, seed: seed, jobs: jobs))
        return targets.map { result.estimate($0.metric) }
    }

    /// Σ ((mean − target) / tolerance)².
    public func objective(_ estimates: [Estimate]) -> Double {
        zip(targets, estimates).reduce(0) { sum, pair in
            let r = (pair.1.mean - pair.0.value) / pair.0.tolerance
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
            try objective(try evaluate(zip(u, parameters).map { Calibration.toBounded($0, $1) }, jobs: jobs))
        }
        let values = zip(result.x, parameters).map { Self.toBounded($0, $1) }
        let estimates = try evaluate(values, jobs: jobs)
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
    func checkDefined(_ estimates: [Estimate], _ when: String) throws {
        for (k, (target, e)) in zip(targets, estimates).enumerated() where e.mean.isNaN {
            throw InputError(file: file, field: "targets[\(k)].metric",
                             message: "expected a metric the scenario defines, found \(target.metric.name), which no replication defines \(when) (its denominator is always zero)")
        }
    }
}

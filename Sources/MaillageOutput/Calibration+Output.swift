import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Calibration {
    /// The fitted parameters, every target's residual and the held-out check, as YAML.
    public func report(_ fit: Fit) -> String {
        let fitted = territories.filter { !$0.heldOut }.map(\.name), held = territories.filter(\.heldOut).map(\.name)
        var lines = ["# Fitted by maillage calibrate \(file): Nelder–Mead simplex (GSL) on \(fitted.joined(separator: " and ")),",
                     "# \(fittedTargets.count) targets for \(parameters.count) parameters, \(replications) replications per territory and evaluation",
                     "# on common random numbers (seed \(seed)); \(fit.iterations) iterations,",
                     "# \(fit.converged ? "converged (simplex size < 1e-3)" : "stopped at max_iterations"); objective \(String(format: "%.6g", fit.objective)).",
                     "scenarios:"]
        for t in territories { lines.append("  \(t.name): \(t.file)") }
        lines.append("parameters:")
        for (p, v) in zip(parameters, fit.values) {
            lines.append("  \(p.path): \(String(format: "%.6g", v))")
        }
        func within(_ i: Int) -> Bool { meets(i, mean: fit.estimates[i].mean) }
        let fittedWithin = fittedTargets.filter(within).count
        lines.append("fit_check: {within_tolerance: \(fittedWithin), targets: \(fittedTargets.count)}")
        if !held.isEmpty {
            let passed = heldOutTargets.filter(within).count
            lines.append("held_out_check: {territories: [\(held.joined(separator: ", "))], within_tolerance: \(passed), targets: \(heldOutTargets.count), passed: \(passed == heldOutTargets.count)}")
        }
        lines.append("targets:")
        for (i, (t, e)) in zip(targets, fit.estimates).enumerated() {
            let residual = e.mean - t.value
            lines.append("  - metric: \(t.metric.name)")
            lines.append("    territory: \(territories[t.territory].name)")
            lines.append("    held_out: \(territories[t.territory].heldOut)")
            lines.append("    target: \(String(format: "%.6g", t.value))")
            lines.append("    tolerance: \(String(format: "%.6g", t.tolerance))")
            lines.append("    fitted: \(String(format: "%.6g", e.mean))")
            lines.append("    ci95: [\(CSVTable.number(e.low)), \(CSVTable.number(e.high))]")
            lines.append("    residual: \(String(format: "%.6g", residual))")
            lines.append("    within_tolerance: \(within(i))")
            lines.append("    source: \"\(t.source.replacingOccurrences(of: "\"", with: "'"))\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The accepted draws of an ABC sample (`posterior.csv`): draw, one column per parameter,
    /// distance. `maillage uncertainty --posterior` reads it.
    public func posteriorTable(_ sample: ABCSample) -> CSVTable {
        var table = CSVTable(header: ["draw"] + parameters.map(\.path) + ["distance"])
        for d in sample.accepted {
            table.append([String(d)] + sample.draws[d].map(CSVTable.number) + [CSVTable.number(sample.distances[d])])
        }
        return table
    }

    /// Every draw of an ABC sample (`abc_draws.csv`), accepted or not.
    public func drawsTable(_ sample: ABCSample) -> CSVTable {
        var table = CSVTable(header: ["draw"] + parameters.map(\.path) + ["distance", "within_tolerance", "accepted"])
        let accepted = Set(sample.accepted)
        for d in sample.draws.indices {
            table.append([String(d)] + sample.draws[d].map(CSVTable.number)
                         + [CSVTable.number(sample.distances[d]), String(sample.withinTolerance[d]), String(accepted.contains(d))])
        }
        return table
    }

    /// The terminal summary of an ABC sample: each parameter's prior range and posterior median
    /// and 95% interval, the threshold, and how many draws met every tolerance.
    public func abcSummary(_ sample: ABCSample) -> String {
        let fitted = territories.filter { !$0.heldOut }.map(\.name).joined(separator: " and ")
        var out = "ABC rejection on \(fitted): \(sample.draws.count) draws from uniform priors over the bounds, "
            + "\(sample.accepted.count) accepted (distance ≤ \(String(format: "%.3g", sample.epsilon)) tolerances, root mean square over \(fittedTargets.count) targets)\n"
        out += "draws reproducing every target within its tolerance: \(sample.withinTolerance.filter { $0 }.count) of \(sample.draws.count)\n"
        let width = parameters.map(\.path.count).max() ?? 0
        for (k, p) in parameters.enumerated() {
            let v = sample.posterior(k)
            let name = p.path.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(name)  prior [\(String(format: "%.3g", p.low)), \(String(format: "%.3g", p.high))]  posterior median \(String(format: "%.3g", Quantile.ofSorted(v, 0.5)))"
                + ", 95% [\(String(format: "%.3g", Quantile.ofSorted(v, 0.025))), \(String(format: "%.3g", Quantile.ofSorted(v, 0.975)))]\n"
        }
        return out
    }
}

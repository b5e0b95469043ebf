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

    /// The terminal summary of an ABC sample, in `language`: each parameter's prior range and
    /// posterior median and 95% interval, the threshold, and how many draws met every tolerance.
    public func abcSummary(_ sample: ABCSample, language l: Language = .en) -> String {
        let fitted = territories.filter { !$0.heldOut }.map(\.name).joined(separator: l.t(" and ", " et "))
        let accepted = sample.accepted.count, drawn = sample.draws.count, epsilon = significant(sample.epsilon, l)
        let met = sample.withinTolerance.filter { $0 }.count
        var out = l.t("ABC rejection on \(fitted): \(drawn) draws from uniform priors over the bounds, \(accepted) accepted (distance ≤ \(epsilon) tolerances, root mean square over \(fittedTargets.count) targets)\n",
                      "ABC par rejet sur \(fitted)\u{00A0}: \(drawn) tirages de lois uniformes sur les bornes, \(accepted) acceptés (distance ≤ \(epsilon) tolérances, moyenne quadratique sur \(fittedTargets.count) cibles)\n")
        out += l.t("draws reproducing every target within its tolerance: \(met) of \(drawn)\n",
                   "tirages qui reproduisent chaque cible dans sa tolérance\u{00A0}: \(met) sur \(drawn)\n")
        var rows: [[String]] = []
        for (k, p) in parameters.enumerated() {
            let v = sample.posterior(k)
            func x(_ q: Double) -> String { significant(q, l) }
            rows.append([p.path, l.t("prior", "a priori"), "[\(x(p.low)); \(x(p.high))]", l.t("posterior median", "médiane a posteriori"),
                         x(Quantile.ofSorted(v, 0.5)), l.t("95%", "95\u{202F}%") + " [\(x(Quantile.ofSorted(v, 0.025))); \(x(Quantile.ofSorted(v, 0.975)))]"])
        }
        return out + TextTable.lines(rows, rightAligned: [4], indent: "  ")
    }
}

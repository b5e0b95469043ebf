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

    /// The posterior sample of an ABC run (`posterior.csv`): per accepted draw, its index, its
    /// parameter values (after the regression adjustment when it was made), its distance, and,
    /// when adjusted, its weight (a plain rejection sample weighs its rows the same and has no
    /// weight column). `maillage uncertainty --posterior` reads it.
    public func posteriorTable(_ sample: ABCSample) -> CSVTable {
        var table = CSVTable(header: ["draw"] + parameters.map(\.path) + ["distance"] + (sample.adjusted ? ["weight"] : []))
        for (j, d) in sample.accepted.enumerated() {
            table.append([String(d)] + sample.values[j].map(CSVTable.number) + [CSVTable.number(sample.distances[d])]
                         + (sample.adjusted ? [CSVTable.number(sample.weights[j])] : []))
        }
        return table
    }

    /// Every draw of an ABC sample (`abc_draws.csv`), accepted or not, with its residual on each
    /// fitted target in tolerances (`residual_<metric>_<territory>`): what another tool needs to
    /// redo the adjustment, and what ``Calibration/record(_:draws:designSeed:)`` reads back. The
    /// numbers are written exactly (``ExactText``), so the record gives the same sample.
    public func drawsTable(_ sample: ABCSample) -> CSVTable {
        var table = CSVTable(header: drawsColumns)
        let accepted = Set(sample.accepted)
        for d in sample.draws.indices {
            table.append([String(d)] + sample.draws[d].map(ExactText.number)
                         + [ExactText.number(sample.distances[d]), String(sample.withinTolerance[d]), String(accepted.contains(d))]
                         + sample.statistics[d].map(ExactText.number))
        }
        return table
    }

    /// The terminal summary of an ABC sample, in `language`: the threshold, how many draws met
    /// every tolerance, each parameter's prior range and posterior median and 90% interval, and,
    /// when both creation chances are calibrated, the posterior of the support effect on creation.
    public func abcSummary(_ sample: ABCSample, language l: Language = .en) -> String {
        let fitted = territories.filter { !$0.heldOut }.map(\.name).joined(separator: l.words("calibration.and"))
        let accepted = sample.accepted.count, drawn = sample.draws.count, epsilon = significant(sample.epsilon, l)
        let met = sample.withinTolerance.filter { $0 }.count
        var out = l.words("calibration.abc_draws_from_uniform_priors", ["fitted": fitted, "drawn": String(drawn), "accepted": String(accepted),
                                                                        "epsilon": epsilon, "count": String(fittedTargets.count)])
        let n = parameters.count
        out += !sample.adjustmentRequested
            ? l.words("calibration.plain_rejection_without")
            : sample.adjusted
            ? l.words("calibration.accepted_draws_adjusted_local", ["n": String(n)])
            : l.words("calibration.no_regression_adjustment_plain", ["n": String(n + 1)])
        if !sample.unreachable.isEmpty {
            let names = sample.unreachable.map { "\(targets[$0].metric.name) (\(territories[targets[$0].territory].name))" }.joined(separator: ", ")
            out += l.words("calibration.targets_no_draw_reaches_left_out", ["names": names])
        }
        out += l.words("calibration.draws_reproducing_every_target", ["met": String(met), "drawn": String(drawn)])
        func x(_ q: Double) -> String { significant(q, l) }
        let ninety = l.words("calibration.90")
        var rows: [[String]] = []
        for (k, p) in parameters.enumerated() {
            rows.append([p.path, l.words("calibration.prior"), "[\(x(p.low)); \(x(p.high))]", l.words("calibration.posterior_median"),
                         x(sample.quantile(k, 0.5)), ninety + " [\(x(sample.quantile(k, 0.05))); \(x(sample.quantile(k, 0.95)))]"])
        }
        out += TextTable.lines(rows, rightAligned: [4], indent: "  ")
        if let s = parameters.firstIndex(where: { $0.path == "outcomes.creation_supported" }),
           let u = parameters.firstIndex(where: { $0.path == "outcomes.creation_unsupported" }) {
            let d = sample.difference(s, u)
            let percent = Int((100 * d.positive).rounded())
            out += l.words("calibration.support_effect_creation_creation", ["median": x(d.median), "low": x(d.low), "high": x(d.high),
                                                                            "percent": String(percent)])
        }
        return out
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Calibration {
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

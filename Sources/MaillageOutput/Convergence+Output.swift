import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Convergence {
    /// The path to convergence: replications, metric, relative half-width.
    public func table() -> CSVTable {
        var table = CSVTable(header: ["replications", "metric", "relative_half_width", "precision"])
        for step in steps {
            for (metric, w) in zip(Self.headline, step.relativeHalfWidths) {
                table.append([String(step.replications), metric.name, CSVTable.number(w), CSVTable.number(precision)])
            }
        }
        return table
    }
}

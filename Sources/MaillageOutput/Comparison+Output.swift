import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Comparison {
    /// One row per run and metric: the run's estimate, then its difference to the reference,
    /// paired and unpaired.
    public func table() -> CSVTable {
        var table = CSVTable(header: ["scenario", "metric", "mean", "ci95_low", "ci95_high", "difference", "paired_low", "paired_high",
                                      "unpaired_low", "unpaired_high", "n"])
        for (k, result) in results.enumerated() {
            for metric in Metric.all {
                let e = result.estimate(metric)
                let (p, u) = difference(k, metric)
                table.append([labels[k], metric.name, CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high),
                              CSVTable.number(p.mean), CSVTable.number(p.low), CSVTable.number(p.high),
                              CSVTable.number(u.low), CSVTable.number(u.high), String(p.n)])
            }
        }
        return table
    }
}

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

    /// Every run's estimate and difference to the reference as JSON, for `--format json`.
    public func summaryJSON() throws -> String {
        struct Row: Encodable {
            var scenario: String, metric: String, mean: Double?, ci95Low: Double?, ci95High: Double?
            var difference: Double?, pairedLow: Double?, pairedHigh: Double?, n: Int
        }
        func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
        return try AtomicFile.json(results.indices.flatMap { k in
            Metric.all.map { m in
                let e = results[k].estimate(m), p = difference(k, m).paired
                return Row(scenario: labels[k], metric: m.name, mean: f(e.mean), ci95Low: f(e.low), ci95High: f(e.high),
                           difference: f(p.mean), pairedLow: f(p.low), pairedHigh: f(p.high), n: p.n)
            }
        })
    }

    /// Writes `compare.csv` and the folder's manifest into `folder`.
    public func write(seed: UInt64, to folder: String) throws {
        try table().write(to: folder + "/compare.csv")
        try Manifest(kind: .compare, scenarios: labels, seed: seed, replications: results.first?.replications.count).write(to: folder)
    }
}

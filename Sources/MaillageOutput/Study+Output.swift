import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Study {
    /// Writes each cell's files into `folder/<scenario>/<policy>/`, the side-by-side
    /// `comparison.csv`, each policy's `effects.csv` and, when computed, every policy's lever
    /// shares (`shapley.csv`) into `folder`.
    public func write(_ cells: [Cell], to folder: String) throws {
        var table = CSVTable(header: RunOutput.summaryHeader(leading: ["scenario", "policy"]))
        var shapley = CSVTable(header: RunOutput.shapleyHeader(leading: ["scenario", "policy"]))
        for cell in cells {
            try RunOutput.write(cell.result, scenario: cell.scenario, to: "\(folder)/\(cell.scenario.name)/\(cell.policyName)")
            for row in RunOutput.summaryRows(cell.result.summary, leading: [cell.scenario.name, cell.policyName]) { table.append(row) }
            if let s = cell.result.shapley {
                for row in RunOutput.shapleyRows(s, leading: [cell.scenario.name, cell.policyName]) { shapley.append(row) }
            }
        }
        try table.write(to: folder + "/comparison.csv")
        try effectsTable(cells).write(to: folder + "/effects.csv")
        if cells.contains(where: { $0.result.shapley != nil }) { try shapley.write(to: folder + "/shapley.csv") }
    }

    /// Each policy's effect on each scenario: the difference of every metric to the first policy
    /// on the same scenario, with paired (common random numbers) and unpaired 95% intervals.
    public func effectsTable(_ cells: [Cell]) -> CSVTable {
        var table = CSVTable(header: ["scenario", "policy", "metric", "reference", "effect", "paired_low", "paired_high",
                                      "unpaired_low", "unpaired_high", "relative_effect", "n"])
        for e in effects(cells) {
            let p = e.paired, u = e.unpaired
            table.append([e.scenario, e.policy, e.metric.name, e.reference, CSVTable.number(p.mean),
                          CSVTable.number(p.low), CSVTable.number(p.high), CSVTable.number(u.low), CSVTable.number(u.high),
                          CSVTable.number(e.referenceMean != 0 ? p.mean / e.referenceMean : .nan), String(p.n)])
        }
        return table
    }

    /// A readable side-by-side table: one row per metric, one column per scenario and policy.
    public static func readableTable(_ cells: [Cell], metrics: [Metric] = Metric.all) -> String {
        var rows = [["metric"] + cells.map { "\($0.scenario.name) / \($0.policyName)" }]
        for metric in metrics {
            rows.append([metric.name] + cells.map { cell in
                let e = cell.result.estimate(metric)
                return "\(RunOutput.format(e.mean, metric)) ± \(RunOutput.format(e.halfWidth, metric))"
            })
        }
        return TextTable.render(rows, rightAligned: Set(1..<(cells.count + 1)))
    }
}

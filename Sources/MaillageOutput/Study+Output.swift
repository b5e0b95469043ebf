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
        var shapley = CSVTable(header: RunOutput.shapleyHeader(leading: ["scenario", "policy"]))
        for cell in cells {
            try RunOutput.write(cell.result, scenario: cell.scenario, to: "\(folder)/\(cell.scenario.name)/\(cell.policyName)")
            if let s = cell.result.shapley {
                for row in RunOutput.shapleyRows(s, leading: [cell.scenario.name, cell.policyName]) { shapley.append(row) }
            }
        }
        try comparisonTable(cells).write(to: folder + "/comparison.csv")
        try effectsTable(cells).write(to: folder + "/effects.csv")
        if cells.contains(where: { $0.result.shapley != nil }) { try shapley.write(to: folder + "/shapley.csv") }
        try Manifest(kind: .study, scenarios: scenarios.map(\.name), seed: seed, replications: replications).write(to: folder)
    }

    /// Every cell's summary side by side: scenario, policy, then the summary's columns.
    public func comparisonTable(_ cells: [Cell]) -> CSVTable {
        var table = CSVTable(header: RunOutput.summaryHeader(leading: ["scenario", "policy"]))
        for cell in cells {
            for row in RunOutput.summaryRows(cell.result.summary, leading: [cell.scenario.name, cell.policyName]) { table.append(row) }
        }
        return table
    }

    /// Every cell's summary as JSON, for `--format json`.
    public static func summaryJSON(_ cells: [Cell]) throws -> String {
        struct Row: Encodable { var scenario: String, policy: String, metric: String, mean: Double?, ci95Low: Double?, ci95High: Double?, n: Int }
        func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
        return try AtomicFile.json(cells.flatMap { c in
            c.result.summary.map { m, e in Row(scenario: c.scenario.name, policy: c.policyName, metric: m.name, mean: f(e.mean), ci95Low: f(e.low), ci95High: f(e.high), n: e.n) }
        })
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

    /// The cells side by side for the terminal: per metric group, a row per scenario and policy.
    public static func readableTable(_ cells: [Cell], metrics: [Metric] = Metric.shown, language: Language = .en) -> String {
        Terminal.cells(cells.map { c in
            (label: cellLabel(territory: language.territory(c.scenario.name), policy: language.policy(c.policyName)),
             estimates: Dictionary(uniqueKeysWithValues: metrics.map { ($0, c.result.estimate($0)) }))
        }, metrics: metrics, language: language)
    }

    /// What each active cell's net jobs come to over plausible worlds, for the terminal
    /// (``PlausibleOutput/cellLines(_:folder:_:)``, the cells indented under the description,
    /// within 100 columns); empty when no cell has a range.
    /// - Throws: ``InputError`` for a `plausible.csv` that does not read.
    public static func plausibleText(_ cells: [Cell], folder: String, language l: Language) throws -> String {
        PlausibleOutput.terminal(try PlausibleOutput.cellLines(cells.map { ($0.scenario.name, $0.policyName) }, folder: folder, l))
    }

    /// A cell's label within the terminal's label column: the territory shortened first, so that
    /// the policy always shows.
    static func cellLabel(territory: String, policy: String, width: Int = 34) -> String {
        let short = territory.components(separatedBy: " (").first ?? territory
        let room = width - policy.count - 3
        guard short.count + policy.count + 3 > width else { return short + " — " + policy }
        return room >= 4 ? Terminal.clip(short, room) + " — " + policy : Terminal.clip(policy, width)
    }
}

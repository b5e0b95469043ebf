import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// What commands print for people: metric labels with their units, grouped by the question they
/// answer (reach, orientation, support, stages, outcomes, money, effects), numbers in the
/// reader's language, tables no wider than ``width`` columns. Machines ask for `--format csv` or
/// `json` instead.
public enum Terminal {
    /// The widest line a table may print.
    public static let width = 100

    /// One run: per group, each metric's label and unit, mean and 95% interval.
    public static func run(_ summary: [(metric: Metric, estimate: Estimate)], language l: Language) -> String {
        var out = ""
        for g in Metric.Group.allCases {
            let rows = summary.filter { $0.metric.group == g && $0.metric.aliasOf == nil }
            guard !rows.isEmpty else { continue }
            var table = [["terminal.indicator_column", "terminal.mean_column", "terminal.interval_column"].map { l.words($0) }]
            for (m, e) in rows {
                let signed = isSigned(m)
                let interval = e.low.isFinite && e.high.isFinite ? "[\(l.value(e.low, m, signed: signed)); \(l.value(e.high, m, signed: signed))]" : ""
                table.append([clip(l.metric(m).name + " (" + l.metric(m).unit + ")", 58), l.value(e.mean, m, signed: signed), interval])
            }
            out += "\n" + Report.groupName(g, l).uppercased() + "\n" + TextTable.render(table, rightAligned: [1, 2])
        }
        return out
    }

    /// Several cells (a study's scenario × policy, or a comparison's differences): per group, a row
    /// per cell and a column per metric (`mean ± half-width`), the columns split over several
    /// tables when they would not fit ``width``.
    public static func cells(_ cells: [(label: String, estimates: [Metric: Estimate])], metrics: [Metric] = Metric.shown,
                             signed: Bool = false, language l: Language) -> String {
        var out = ""
        let labels = cells.map { clip($0.label, 34) }
        let labelWidth = max(labels.map(\.count).max() ?? 0, l.words("study.scenario_column").count)
        for g in Metric.Group.allCases {
            let group = metrics.filter { m in m.group == g && cells.contains { $0.estimates[m] != nil } }
            guard !group.isEmpty else { continue }
            // Each column: its header words wrapped to the values' width (at least 14).
            let columns = group.map { m -> (header: [String], values: [String]) in
                let values = cells.map { c -> String in
                    guard let e = c.estimates[m], e.mean.isFinite else { return l.undefined }
                    let half = (e.high - e.low) / 2
                    return l.value(e.mean, m, signed: signed || isSigned(m), difference: signed)
                        + (half.isFinite && half > 0 ? " ±" + l.value(half, m, difference: signed) : "")
                }
                let w = max(14, values.map(\.count).max() ?? 0)
                return (wrap(l.metric(m).name, w), values)
            }
            var start = 0
            while start < columns.count {
                var end = start, used = labelWidth
                while end < columns.count {
                    let w = max(columns[end].header.map(\.count).max() ?? 0, columns[end].values.map(\.count).max() ?? 0)
                    if end > start && used + 2 + w > width { break }
                    used += 2 + w
                    end += 1
                }
                let chunk = columns[start..<end]
                let lines = chunk.map(\.header.count).max() ?? 1
                var rows: [[String]] = []
                for i in 0..<lines {
                    rows.append([i == lines - 1 ? l.words("study.scenario_column") : ""] + chunk.map { c in
                        let pad = lines - c.header.count
                        return i >= pad ? c.header[i - pad] : ""
                    })
                }
                for (k, label) in labels.enumerated() { rows.append([label] + chunk.map { $0.values[k] }) }
                out += "\n" + Report.groupName(g, l).uppercased() + (start > 0 ? " (" + l.words("terminal.continued") + ")" : "") + "\n"
                out += TextTable.render(rows, rightAligned: Set(1...chunk.count), headerRows: lines)
                start = end
            }
        }
        return out
    }

    /// Whether a metric is a change, printed with its sign: the policy's effects in jobs or shares
    /// (its costs are not).
    static func isSigned(_ m: Metric) -> Bool { m.group == .effects && (m.kind == .count || m.kind == .shareChange) }

    /// `text` cut to `n` characters with an ellipsis.
    static func clip(_ text: String, _ n: Int) -> String { text.count <= n ? text : String(text.prefix(n - 1)) + "…" }

    /// Words wrapped into lines of at most `width` characters (a longer word keeps its line).
    static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}

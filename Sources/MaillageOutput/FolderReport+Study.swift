import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A study's and a comparison's reports: every cell or scenario side by side.
extension Report {
    // MARK: A study

    static func studySections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let t = try DelimitedText(path: try required(folder, "comparison.csv", kind: .study), delimiter: ",")
        let title = l.words("study.title")
        html.raw("<h1>\(Page.escape(title))</h1>")
        html.paragraph(l.words("study.introduction", ["replications": l.number(Double(manifest.replications ?? 0), decimals: 0)]))
        // Each active cell's net jobs over plausible worlds, beside chance alone.
        let scenario = try t.column("scenario"), policy = try t.column("policy")
        var seen = Set<String>(), pairs: [(scenario: String, policy: String)] = []
        for r in t.rows where seen.insert(r.fields[scenario] + "/" + r.fields[policy]).inserted { pairs.append((r.fields[scenario], r.fields[policy])) }
        let lines = try PlausibleOutput.cellLines(pairs, folder: folder, l)
        html.answer(lines)
        if let chart = try Charts.studyMetrics(folder + "/comparison.csv", l, shipped: false) { try html.drawn(chart) }
        try cellTables(t, leading: ["scenario", "policy"], l, &html)
        return title
    }

    /// One table per metric group: a row per (scenario, policy) cell, a column per metric.
    static func cellTables(_ t: DelimitedText, leading: [String], _ l: Language, _ html: inout Page) throws {
        let keys = try leading.map { try t.column($0) }
        let me = try t.column("metric"), mean = try t.column("mean"), lo = try t.column("ci95_low"), hi = try t.column("ci95_high")
        var cells: [[String]] = []
        for r in t.rows { let k = keys.map { r.fields[$0] }; if !cells.contains(k) { cells.append(k) } }
        var byKey: [String: [String]] = [:]
        for r in t.rows { byKey[(keys.map { r.fields[$0] } + [r.fields[me]]).joined(separator: "\u{1F}")] = r.fields }
        for g in Metric.Group.allCases {
            let metrics = Metric.shown.filter { m in m.group == g && t.rows.contains { $0.fields[me] == m.name } }
            guard !metrics.isEmpty else { continue }
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row(leading.map { l.words($0 == "scenario" ? "study.scenario_column" : "study.policy_column") }
                     + metrics.map { l.metric($0).name + " (" + l.metric($0).unit + ")" }, header: true)
            html.raw("</thead><tbody>")
            for k in cells {
                html.row(zip(leading, k).map { $0 == "scenario" ? l.territory($1) : l.policy($1) } + metrics.map { m in
                    guard let r = byKey[(k + [m.name]).joined(separator: "\u{1F}")] else { return l.undefined }
                    return interval(r[mean], r[lo], r[hi], m, l)
                }, header: false)
            }
            html.raw("</tbody></table>")
        }
    }

    // MARK: A comparison

    static func compareSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let t = try DelimitedText(path: try required(folder, "compare.csv", kind: .compare), delimiter: ",")
        let title = l.words("compare.title")
        html.raw("<h1>\(Page.escape(title))</h1>")
        let reference = manifest.scenarios.first ?? ""
        html.paragraph(l.words("compare.introduction", ["reference": reference]))
        let sc = try t.column("scenario"), me = try t.column("metric")
        let d = try t.column("difference"), lo = try t.column("paired_low"), hi = try t.column("paired_high")
        let scenarios = t.distinct(sc).filter { $0 != reference }
        for g in Metric.Group.allCases {
            let metrics = Metric.shown.filter { $0.group == g }
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row([l.words("terminal.indicator_column")] + scenarios, header: true)
            html.raw("</thead><tbody>")
            for m in metrics {
                html.row([l.metric(m).name + " (" + l.metric(m).unit + ")"] + scenarios.map { s in
                    guard let r = t.rows.first(where: { $0.fields[sc] == s && $0.fields[me] == m.name }) else { return l.undefined }
                    return l.interval((Double(r.fields[d]) ?? .nan, Double(r.fields[lo]) ?? .nan, Double(r.fields[hi]) ?? .nan), m, signed: true, difference: true)
                }, header: false)
            }
            html.raw("</tbody></table>")
        }
        return title
    }
}

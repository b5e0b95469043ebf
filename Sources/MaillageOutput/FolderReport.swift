import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Report {
    /// Writes the report of any results folder to `path`, assembled from the sections that apply
    /// to the folder's kind (its `manifest.json`): for a run, what the policy buys, what it adds,
    /// at what cost, where and how sure, then the details; for the other kinds, their tables,
    /// charts and maps.
    /// - Throws: ``InputError`` (exit status 2) when the folder has no manifest, is a shard, or
    ///   lacks a file its kind writes.
    public static func write(results: String, language l: Language, to path: String, date: Date) throws {
        let manifest = try Manifest.read(results)
        var html = Page(language: l)
        let title: String
        switch manifest.kind {
        case .shipped: return try shipped(results: results, language: l, to: path, date: date)
        case .shard:
            throw InputError(file: results, message: "expected a complete results folder, found one shard: merge the shards with `maillage merge`, then report on the merged folder")
        case .run: title = try runSections(results, manifest, l, &html)
        case .study: title = try studySections(results, manifest, l, &html)
        case .compare: title = try compareSections(results, manifest, l, &html)
        case .coverage: title = try coverageSections(results, manifest, l, &html)
        case .national: title = try nationalSections(results, manifest, l, &html)
        case .sweep, .uncertainty, .morris, .sobol, .budget, .placement: title = try tableSections(results, manifest, l, &html)
        }
        provenance(manifest, date: date, l, &html)
        try AtomicFile.write(html.document(title: title), to: path)
    }

    // MARK: Reading

    /// A summary table's estimates by metric name (`summary.csv`, or a study cell's).
    static func estimates(_ path: String) throws -> [String: (mean: Double, low: Double, high: Double)] {
        let t = try DelimitedText(path: path, delimiter: ",")
        let me = try t.column("metric"), mean = try t.column("mean"), lo = try t.column("ci95_low"), hi = try t.column("ci95_high")
        var out: [String: (Double, Double, Double)] = [:]
        for r in t.rows { out[r.fields[me]] = (Double(r.fields[mean]) ?? .nan, Double(r.fields[lo]) ?? .nan, Double(r.fields[hi]) ?? .nan) }
        return out
    }

    static func json(_ path: String) throws -> [String: Any] {
        let text = try TextFile.read(path, maxBytes: Limits.yamlBytes * 4)
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw InputError(file: path, message: "expected a JSON object written by maillage, found something else")
        }
        return object
    }

    static func required(_ folder: String, _ file: String, kind: Manifest.Kind) throws -> String {
        let path = folder + "/" + file
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: folder, message: "expected \(file) in a \(kind.rawValue) folder, found none (an incomplete folder?)")
        }
        return path
    }

    /// Every metric of a group, with its estimate, as table rows.
    static func groupedRows(_ e: [String: (mean: Double, low: Double, high: Double)], _ l: Language) -> [(group: Metric.Group, rows: [[String]])] {
        Metric.Group.allCases.compactMap { g in
            let rows = Metric.shown.filter { $0.group == g }.compactMap { m -> [String]? in
                guard let v = e[m.name] else { return nil }
                return [l.metric(m).name, l.metric(m).unit, l.interval(v, m, signed: Terminal.isSigned(m))]
            }
            return rows.isEmpty ? nil : (g, rows)
        }
    }

    static func groupName(_ g: Metric.Group, _ l: Language) -> String {
        switch g {
        case .reach: l.words("frame.reach")
        case .orientation: l.words("frame.orientation")
        case .support: l.words("frame.support")
        case .stages: l.words("frame.stages_chain")
        case .outcomes: l.words("frame.outcomes")
        case .money: l.words("frame.money")
        case .effects: l.words("frame.effects_policy")
        }
    }

    static func kindName(_ k: Manifest.Kind, _ l: Language) -> String {
        switch k {
        case .shipped: l.words("frame.shipped_results")
        case .run: l.words("frame.monte_carlo_run")
        case .study: l.words("frame.study")
        case .compare: l.words("frame.comparison")
        case .sweep: l.words("frame.sweep")
        case .coverage: l.words("frame.accessibility")
        case .uncertainty: l.words("frame.uncertainty_analysis")
        case .morris: l.words("frame.morris_screening")
        case .sobol: l.words("frame.sobol_indices_priors")
        case .budget: l.words("frame.budget_optimisation")
        case .placement: l.words("frame.placement_sites")
        case .national: l.words("frame.national_study")
        case .shard: l.words("frame.shard")
        }
    }

    static func provenance(_ m: Manifest, date: Date, _ l: Language, _ html: inout Page) {
        html.heading(l.words("frame.provenance"))
        html.raw("<table class=\"facts\">")
        html.row([l.words("frame.kind_results"), kindName(m.kind, l)], header: false)
        html.row([l.words("frame.scenarios"), m.scenarios.joined(separator: ", ")], header: false)
        if let seed = m.seed { html.row([l.words("frame.seed"), String(seed)], header: false) }
        if let r = m.replications { html.row([l.words("frame.replications"), l.number(Double(r), decimals: 0)], header: false) }
        html.row([l.words("frame.tool_version"), m.toolVersion], header: false)
        html.row([l.words("frame.report_generated"), day(date)], header: false)
        html.raw("</table>")
        html.paragraph(l.words("frame.every_mechanism_parameter_source"))
    }
}

extension Page {
    /// Embeds an SVG drawn in memory.
    mutating func svg(_ text: String) {
        raw("<figure><img class=\"chart\" alt=\"\" src=\"data:image/svg+xml;base64,\(Data(text.utf8).base64EncodedString())\"></figure>")
        countChart()
    }

    /// Draws a gnuplot chart in a temporary folder and embeds it.
    mutating func drawn(_ chart: Charts.Chart) throws {
        let folder = NSTemporaryDirectory() + "maillage-chart-\(getpid())-\(chart.name)"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Charts.draw(chart, language: language, to: folder)
        try self.chart(folder + "/" + chart.name + ".svg", alt: chart.name)
    }
}

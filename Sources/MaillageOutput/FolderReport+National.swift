import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

extension Report {
    /// A national study's report: the map of France, the effect by density class (a chart and a
    /// table), the regression, and every territory's row.
    static func nationalSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let territories = try DelimitedText(path: try required(folder, "territories.csv", kind: .national), delimiter: ",")
        let classes = try DelimitedText(path: try required(folder, "by_density_class.csv", kind: .national), delimiter: ",")
        let regression = try DelimitedText(path: try required(folder, "regression.csv", kind: .national), delimiter: ",")
        let layer = try required(folder, "territories.geojson", kind: .national)
        let title = l.words("national.title", ["territories": String(territories.rows.count)])
        html.raw("<h1>\(Page.escape(title))</h1>")
        html.paragraph(l.words("national.introduction", ["replications": String(manifest.replications ?? 0)]))
        html.heading(l.words("national.map"))
        let map = try ZoneMap(zones: try TextFile.read(layer, maxBytes: Limits.geoJSONBytes), points: nil, path: layer)
        for figure in try ZoneMap.figures(map, kind: .national, l, prefix: "map") { html.svg(figure.svg) }

        html.heading(l.words("national.by_class"))
        html.svg(try classChart(territories, classes, l))
        let c = (name: try classes.column("density_class"), n: try classes.column("territories"), mean: try classes.column("jobs_per_100k_eur_mean"),
                 low: try classes.column("ci95_low"), high: try classes.column("ci95_high"), pooled: try classes.column("pooled_jobs_per_100k_eur"))
        html.raw("<table><thead>")
        html.row(["national.class_column", "national.territories_column", "national.mean_column", "national.pooled_column"].map { l.words($0) },
                 header: true)
        html.raw("</thead><tbody>")
        for r in classes.rows {
            let f = r.fields
            let interval = "\(l.signed(Double(f[c.mean]) ?? .nan, decimals: 1)) [\(l.signed(Double(f[c.low]) ?? .nan, decimals: 1)); \(l.signed(Double(f[c.high]) ?? .nan, decimals: 1))]"
            html.row([className(f[c.name], l), f[c.n], interval, l.signed(Double(f[c.pooled]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.words("national.class_interval"))

        let pColumn = try territories.column("jobs_added_net_plausible_p_positive")
        let positive = territories.rows.compactMap { Double($0.fields[pColumn]) }.filter(\.isFinite).sorted()
        if !positive.isEmpty {
            let median = l.percent(Quantile.ofSorted(positive, 0.5), decimals: 0)
            let range = "\(l.percent(positive[0], decimals: 0)) – \(l.percent(positive[positive.count - 1], decimals: 0))"
            html.paragraph(l.words("national.plausible", ["median": median, "range": range]))
        }

        html.heading(l.words("national.regression"))
        let t = (term: try regression.column("term"), coefficient: try regression.column("coefficient"), se: try regression.column("hc1_standard_error"),
                 low: try regression.column("ci95_low"), high: try regression.column("ci95_high"), r2: try regression.column("r_squared"))
        if regression.rows.isEmpty {
            html.paragraph(l.words("national.too_few"))
        } else {
            html.raw("<table><thead>")
            html.row(["national.term_column", "national.coefficient_column", "national.error_column", "national.interval_column"].map { l.words($0) }, header: true)
            html.raw("</thead><tbody>")
            for r in regression.rows {
                let f = r.fields, x = { (s: String) in l.number(Double(s) ?? .nan, decimals: 3) }
                html.row([f[t.term], x(f[t.coefficient]), x(f[t.se]), "[\(x(f[t.low])); \(x(f[t.high]))]"], header: false)
            }
            html.raw("</tbody></table>")
            html.paragraph(l.words("national.regression_reading", ["r2": l.number(Double(regression.rows[0].fields[t.r2]) ?? .nan, decimals: 2)]))
        }

        html.heading(l.words("national.every_territory"))
        let col = { (name: String) in try territories.column(name) }
        let code = try col("code"), name = try col("name"), population = try col("population"), klass = try col("density_class")
        let budget = try col("budget_eur"), jobs = try col("jobs_added_net"), jobsLow = try col("jobs_added_net_ci95_low"), jobsHigh = try col("jobs_added_net_ci95_high")
        let per = try col("jobs_per_100k_eur"), plausibleLow = try col("jobs_added_net_plausible_low"), plausibleHigh = try col("jobs_added_net_plausible_high")
        html.raw("<table><thead>")
        html.row(["national.territory_column", "national.inhabitants_column", "national.class_short_column", "national.budget_column",
                  "national.jobs_column", "national.plausible_column", "national.per_100k_column"].map { l.words($0) }, header: true)
        html.raw("</thead><tbody>")
        for r in territories.rows {
            let f = r.fields, x = { (s: String) in l.signed(Double(s) ?? .nan, decimals: 1) }
            let plausible = Double(f[plausibleLow]) == nil ? "—" : "[\(x(f[plausibleLow])); \(x(f[plausibleHigh]))]"
            html.row(["\(f[code]) \(f[name])", l.number(Double(f[population]) ?? .nan, decimals: 0), className(f[klass], l),
                      l.number(Double(f[budget]) ?? .nan, decimals: 0) + " €", "\(x(f[jobs])) [\(x(f[jobsLow])); \(x(f[jobsHigh]))]", plausible, x(f[per])], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.words("national.files"))
        return title
    }

    static func className(_ key: String, _ l: Language) -> String {
        if key == "rural_minus_dense_urban" { return l.words("national.rural_minus_dense") }
        return NationalRun.DensityClass.allCases.first { $0.key == key }.map { l.t($0.label) } ?? key
    }

    /// Each territory's effect as a dot on its class's line, and the class's mean with its 95%
    /// interval: an SVG drawn like the maps, without gnuplot.
    static func classChart(_ territories: DelimitedText, _ classes: DelimitedText, _ l: Language) throws -> String {
        let klass = try territories.column("density_class"), effect = try territories.column("jobs_per_100k_eur")
        let name = try classes.column("density_class"), mean = try classes.column("jobs_per_100k_eur_mean")
        let low = try classes.column("ci95_low"), high = try classes.column("ci95_high")
        let points = territories.rows.compactMap { r in Double(r.fields[effect]).map { (r.fields[klass], $0) } }
        let summary = classes.rows.filter { $0.fields[name] != "rural_minus_dense_urban" }
        let all = points.map(\.1) + summary.flatMap { [Double($0.fields[low]), Double($0.fields[high])].compactMap { $0 } }
        let lo = min(all.min() ?? 0, 0), hi = max(all.max() ?? 1, 0), span = max(hi - lo, 1e-9)
        let width = 640.0, left = 230.0, right = 20.0, rowHeight = 44.0, top = 56.0
        let height = top + rowHeight * Double(summary.count) + 40
        func x(_ v: Double) -> Double { left + (v - lo) / span * (width - left - right) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<text x=\"\(f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">\(Page.escape(l.words("national.chart_title")))</text>\n"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top - 8))\" x2=\"\(f(x(0)))\" y2=\"\(f(height - 34))\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>\n"
        for (k, row) in summary.enumerated() {
            let y = top + rowHeight * (Double(k) + 0.5)
            svg += "<text x=\"\(f(left - 10))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Page.escape(className(row.fields[name], l)))</text>\n"
            for (_, v) in points.filter({ $0.0 == row.fields[name] }) {
                svg += "<circle cx=\"\(f(x(v)))\" cy=\"\(f(y - 8))\" r=\"2.5\" fill=\"#21918c\" fill-opacity=\"0.6\"/>\n"
            }
            if let m = Double(row.fields[mean]), let a = Double(row.fields[low]), let b = Double(row.fields[high]) {
                svg += "<line x1=\"\(f(x(a)))\" y1=\"\(f(y + 6))\" x2=\"\(f(x(b)))\" y2=\"\(f(y + 6))\" stroke=\"black\" stroke-width=\"2\"/>\n"
                svg += "<circle cx=\"\(f(x(m)))\" cy=\"\(f(y + 6))\" r=\"4\" fill=\"black\"/>\n"
            }
        }
        let axis = height - 30
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(axis))\" x2=\"\(f(width - right))\" y2=\"\(f(axis))\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let v = lo + span * Double(k) / 4
            svg += "<text x=\"\(f(x(v)))\" y=\"\(f(axis + 16))\" text-anchor=\"middle\">\(Page.escape(l.number(v, decimals: 1)))</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(top - 14))\" font-size=\"11\">\(Page.escape(l.words("national.chart_legend")))</text>\n"
        return svg + "</svg>\n"
    }
}

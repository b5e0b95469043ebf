import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The reports of sweeps, uncertainty analyses, screenings and optimisations: their tables.
extension Report {
    // MARK: Sweeps, uncertainty, screening, optimisation

    /// The kinds whose report is their charts and their main tables, numbers in the reader's
    /// language.
    static func tableSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let name = manifest.scenarios.joined(separator: ", ")
        let title: String, files: [(file: String, caption: String)]
        var charts: [Charts.Chart] = [], figures: [ZoneMap.Figure] = []
        switch manifest.kind {
        case .sweep:
            title = l.words("tables.sweep", ["name": name])
            _ = try required(folder, "results.csv", kind: .sweep)
            if let c = try Charts.sobol(folder + "/sensitivity.csv", title: name, l) { charts.append(c) }
            files = [("sensitivity.csv", l.words("tables.sobol_indices_their_bootstrap")),
                     ("results.csv", l.words("tables.each_point_sweep_parameters"))]
        case .uncertainty:
            title = l.words("tables.uncertainty", ["name": name])
            if let c = try Charts.uncertaintyRanges(folder, l) { charts.append(c) }
            files = [("findings.csv", l.words("tables.each_finding_study_share")),
                     ("uncertainty_effects.csv", l.words("tables.policys_effects_over_parameter")),
                     ("uncertainty.csv", l.words("tables.every_metric_over_parameter"))]
        case .morris:
            title = l.words("tables.which_assumptions_matter_morris", ["name": name])
            if let c = try Charts.morris(folder + "/morris.csv", l) { charts.append(c) }
            files = [("morris.csv", l.words("tables.parameters_ranked_mean_absolute"))]
        case .sobol:
            title = l.words("tables.how_much_uncertainty_each", ["name": name])
            if let c = try Charts.sobol(folder + "/sobol.csv", title: name, l, metrics: nil) { charts.append(c) }
            files = [("sobol.csv", l.words("tables.first_order_s1_total_st_sobol"))]
        case .budget:
            title = l.words("tables.best_split_budget", ["name": name])
            if let c = try Charts.frontier(folder + "/frontier.csv", objective: nil, l) { charts.append(c) }
            files = [("frontier.csv", l.words("tables.best_objective_split_each_budget")),
                     ("candidates.csv", l.words("tables.every_split_evaluated"))]
        case .placement:
            title = l.words("tables.where_open_next_sites", ["name": name])
            if FileManager.default.fileExists(atPath: folder + "/zones.geojson") { figures = try ZoneMap.figures(folder, kind: .placement, l) }
            files = [("sites.csv", l.words("tables.sites_chosen_order_that_covers"))]
        default:
            throw InputError(file: folder, message: "expected a results folder maillage can report on, found kind \(manifest.kind.rawValue)")
        }
        html.raw("<h1>\(Page.escape(title))</h1>")
        var shown = 0
        for chart in charts { try html.drawn(chart) }
        for figure in figures { html.svg(figure.svg) }
        for (file, caption) in files {
            guard let t = try? DelimitedText(path: folder + "/" + file, delimiter: ",") else { continue }
            shown += 1
            html.paragraph(caption)
            html.raw("<table><thead>")
            html.row(t.header.map { header($0, l) }, header: true)
            html.raw("</thead><tbody>")
            for r in t.rows.prefix(40) { html.row(r.fields.enumerated().map { cell($1, column: t.header[$0], l) }, header: false) }
            html.raw("</tbody></table>")
        }
        guard shown > 0 || !charts.isEmpty || !figures.isEmpty else {
            throw InputError(file: folder, message: "expected the files of a \(manifest.kind.rawValue) folder (\(files.map(\.file).joined(separator: ", "))), found none")
        }
        return title
    }

    /// A column header for readers: a metric's label, else the words of the column.
    static func header(_ column: String, _ l: Language) -> String {
        if let m = Metric.named(column) { return l.metric(m).name }
        for suffix in ["_mean", "_ci95_low", "_ci95_high"] where column.hasSuffix(suffix) {
            if let m = Metric.named(String(column.dropLast(suffix.count))) {
                return l.metric(m).name + " " + (suffix == "_mean" ? l.words("tables.mean") : suffix == "_ci95_low" ? l.words("tables.low") : l.words("tables.high"))
            }
        }
        if let w = l.words(column: column) { return w }
        // A parameter's path (a sweep's column) is a name the reader typed: kept as written.
        if column.contains(".") { return column }
        return column.replacingOccurrences(of: "_", with: " ")
    }

    /// A cell for readers: numbers in the reader's format, `NA` as undefined, text as it is.
    static func cell(_ s: String, column: String, _ l: Language) -> String {
        if s == "NA" { return l.undefined }
        guard let x = Double(s), !["zone", "code", "name", "parameter", "finding", "statement", "metric"].contains(column) else {
            if column == "metric", let m = Metric.named(s) { return l.metric(m).name }
            return s
        }
        if x == x.rounded() && abs(x) < 1e15 { return l.number(x, decimals: 0) }
        let magnitude = abs(x)
        return l.number(x, decimals: magnitude >= 100 ? 0 : magnitude >= 1 ? 2 : 4)
    }
}

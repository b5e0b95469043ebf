import Foundation
import Yams
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// One self-contained HTML report of the results in an output folder: charts inlined as SVG,
/// result tables with their intervals, the scenarios' parameters and the provenance. It opens
/// without a network.
public enum Report {
    /// Writes the report of the shipped results (as `make charts` fills Output/) to `path`; the
    /// charts are read from `results/charts/<language>`.
    static func shipped(results: String, language l: Language, to path: String, date: Date) throws {
        var html = Page(language: l)
        let charts = results + "/" + ShippedOutput.chartsFolder(l)
        let studyFolder = results + "/" + ShippedOutput.defaultStudy.folder
        let study = try? DelimitedText(path: studyFolder + "/comparison.csv", delimiter: ",")
        guard study != nil || FileManager.default.fileExists(atPath: results + "/" + ShippedOutput.ruralVsMetro.folder + "/effects.csv") else {
            throw InputError(file: results, message: "expected the shipped results (a default study or an experiment) to report on, found none")
        }
        let provenance = try summaryFacts(studyFolder)

        html.raw("<h1>\(l.words("report.business_creation_support_three"))</h1>")
        html.paragraph(l.words("report.maillage_simulates_how_project"))
        html.raw("<table class=\"facts\">")
        html.row([l.words("report.tool_version"), maillageVersion], header: false)
        html.row([l.words("report.seed_default_study"), provenance.seed], header: false)
        html.row([l.words("report.replications_per_scenario"), provenance.replications], header: false)
        html.row([l.words("report.generated"), Self.day(date)], header: false)
        html.raw("</table>")
        html.paragraph(l.words("report.study_behind_model_quelles_coop"))

        // The default study.
        html.heading(l.words("report.1_without_cooperation"))
        try html.chart(charts + "/default-study-metrics.svg", alt: l.words("report.metrics_territory_without"))
        if let study {
            let sc = try study.column("scenario"), po = try study.column("policy"), me = try study.column("metric")
            let mean = try study.column("mean"), lo = try study.column("ci95_low"), hi = try study.column("ci95_high")
            var cells: [(String, String)] = []
            for r in study.rows where !cells.contains(where: { $0 == (r.fields[sc], r.fields[po]) }) { cells.append((r.fields[sc], r.fields[po])) }
            html.raw("<table><thead>")
            html.row([l.words("report.indicator")] + cells.map { l.territory($0.0) + " — " + l.policy($0.1) }, header: true)
            html.raw("</thead><tbody>")
            for m in [Metric.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .abandonmentRate, .firmsCreated, .jobsCreated, .jobsAdded, .costPerJobEur] {
                html.row([l.metric(m).name] + cells.map { cell in
                    guard let r = study.rows.first(where: { $0.fields[sc] == cell.0 && $0.fields[po] == cell.1 && $0.fields[me] == m.name }) else { return "" }
                    return Self.interval(r.fields[mean], r.fields[lo], r.fields[hi], m, l)
                }, header: false)
            }
            html.raw("</tbody></table>")
        }

        // Each lever.
        html.heading(l.words("report.2_each_lever_rural_against"))
        html.paragraph(l.words("report.differences_no_cooperation_same"))
        try html.chart(charts + "/rural-vs-metro-effects.svg", alt: l.words("report.effect_each_lever"))
        if let effects = try? DelimitedText(path: results + "/" + ShippedOutput.ruralVsMetro.folder + "/effects.csv", delimiter: ",") {
            let sc = try effects.column("scenario"), po = try effects.column("policy"), me = try effects.column("metric")
            let e = try effects.column("effect"), lo = try effects.column("paired_low"), hi = try effects.column("paired_high")
            let scenarios = effects.distinct(sc), policies = effects.distinct(po)
            let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .jobsCreated]
            html.raw("<table><thead>")
            html.row([l.words("report.lever")] + scenarios.flatMap { s in metrics.map { l.metric($0).name + " — " + l.territory(s) } }, header: true)
            html.raw("</thead><tbody>")
            for p in policies {
                html.row([l.policy(p)] + scenarios.flatMap { s in metrics.map { m in
                    guard let r = effects.rows.first(where: { $0.fields[sc] == s && $0.fields[po] == p && $0.fields[me] == m.name }) else { return "" }
                    return Self.interval(r.fields[e], r.fields[lo], r.fields[hi], m, l, signed: true, difference: true)
                } }, header: false)
            }
            html.raw("</tbody></table>")
        }
        if let shapley = try? DelimitedText(path: results + "/" + ShippedOutput.ruralVsMetro.folder + "/shapley.csv", delimiter: ",") {
            try interEcosystemTable(shapley, l, &html)
        }

        // Funding.
        html.heading(l.words("report.3_what_do_200_000_euros_year_buy"))
        html.paragraph(l.words("report.same_yearly_budget_spent"))
        let ways = ShippedOutput.fundingWays
        let territories = ShippedOutput.territories
        html.raw("<table><thead>")
        let plausibleHeader = l.words("report.over_plausible_worlds_2_5_97_5")
        html.row([l.words("report.spent")] + territories.flatMap { [l.territory($0) + " — " + l.metric(.jobsAdded).name, plausibleHeader, l.metric(.costPerJobEur).name] },
                 header: true)
        html.raw("</thead><tbody>")
        for way in ways {
            var cells = [l.policy(way)]
            for t in territories {
                let summary = try? DelimitedText(path: results + "/" + ShippedOutput.funding(t, way).folder + "/summary.csv", delimiter: ",")
                for m in [Metric.jobsAdded, .costPerJobEur] {
                    if let s = summary, let r = s.rows.first(where: { $0.fields[0] == m.name }) {
                        cells.append(Self.interval(r.fields[1], r.fields[3], r.fields[4], m, l))
                    } else { cells.append("") }
                    if m == .jobsAdded {
                        let p = (try? PlausibleOutput.read(results + "/" + ShippedOutput.funding(t, way).folder))??[.jobsAdded]
                        cells.append(p.map { "\(l.value($0.low, m, signed: true)) \(l.words("report.to")) \(l.value($0.high, m, signed: true)), \(l.percent($0.probPositive, decimals: 0))" } ?? "")
                    }
                }
            }
            html.row(cells, header: false)
        }
        html.raw("</tbody></table>")
        let tableReplications = (try? Manifest.read(results + "/" + ShippedOutput.funding(territories[0], ways[0]).folder))?.replications ?? 0
        let curveReplications = (try? Manifest.read(results + "/" + ShippedOutput.fundingCurve(territories[0], ways[0]).folder))?.replications ?? 0
        let design = (try? PlausibleOutput.read(results + "/" + ShippedOutput.funding(territories[0], ways[0]).folder))??[.jobsAdded]
        let (worlds, perWorld) = (design?.draws ?? 0, design?.replicationsPerDraw ?? 0)
        html.paragraph(l.words("report.each_cells_interval_chance_alone", ["worlds": String(worlds), "per_world": String(perWorld),
                                                                           "table_replications": String(tableReplications),
                                                                           "curve_replications": String(curveReplications)]))
        for t in ["rural-franche-comte", "metro-lyon"] {
            try html.chart(charts + "/funding-\(t).svg", alt: l.words("report.funding_curves") + ", " + l.territory(t))
        }

        // Maps.
        html.heading(l.words("report.4_who_can_reach_support"))
        html.paragraph(l.words("report.travel_time_from_each_commune"))
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: charts)) ?? []).filter({ $0.hasPrefix("map-") && $0.hasSuffix(".svg") }).sorted() {
            try html.chart(charts + "/" + name, alt: l.words("report.map"))
        }

        // Robustness.
        html.heading(l.words("report.5_how_robust_are_these_numbers"))
        html.paragraph(l.words("report.which_inputs_drive_results_sobol"))
        try html.chart(charts + "/sobol-indices.svg", alt: l.words("report.sobol_indices"))
        html.paragraph(l.words("report.chart_above_varies_policy_next"))
        try html.chart(charts + "/sobol-priors.svg", alt: l.words("report.sobol_indices_assumed_parameters"))
        if let findings = try? DelimitedText(path: results + "/" + ShippedOutput.studyUncertainty.folder + "/findings.csv", delimiter: ",") {
            try findingsTable(findings, draws: ShippedOutput.uncertaintyDesign.draws, l, &html)
        }
        try html.chart(charts + "/convergence.svg", alt: l.words("report.convergence"))

        // Parameters.
        html.heading(l.words("report.6_scenarios_parameters"))
        html.raw("<table><thead>")
        html.row([l.words("report.territory"), l.words("report.population"), l.words("report.area_km"), l.words("report.zones"),
                  l.words("report.support_structures"), l.words("report.creations_per_1_000_inhabitants"),
                  l.words("report.share_seeking_support"), l.words("report.accepted_travel_minutes"),
                  l.words("report.horizon_months")], header: true)
        html.raw("</thead><tbody>")
        for t in territories {
            if let facts = try? territoryFacts(studyFolder + "/\(t)/no_cooperation/summary.json") {
                html.row([l.territory(t)] + facts, header: false)
            }
        }
        html.raw("</tbody></table>")
        if let fitted = try? String(contentsOfFile: results + "/" + ShippedOutput.fittedFile, encoding: .utf8),
           let yaml = try? Yams.load(yaml: fitted) as? [String: Any], let targets = yaml["targets"] as? [[String: Any]] {
            let held = targets.filter { $0["held_out"] as? Bool == true }
            let heldPassed = held.filter { $0["within_tolerance"] as? Bool == true }.count
            html.paragraph(l.words("report.calibration_three_behavioural", ["held_passed": String(heldPassed), "count": String(held.count)]))
            html.raw("<table><thead>")
            html.row([l.words("report.target"), l.words("report.territory"), l.words("report.published"), l.words("report.simulated"),
                      l.words("report.within_tolerance"), l.words("report.source")], header: true)
            html.raw("</thead><tbody>")
            for t in targets {
                let metric = (t["metric"] as? String).flatMap(Metric.named)
                func v(_ key: String) -> String {
                    guard let x = t[key] as? Double else { return l.undefined }
                    return metric.map { l.value(x, $0) } ?? l.number(x, decimals: 3)
                }
                let territory = (t["territory"] as? String ?? "") + (t["held_out"] as? Bool == true ? l.words("report.held_out") : "")
                let within = t["within_tolerance"] as? Bool == true ? l.words("report.yes") : l.words("report.no")
                html.row([metric.map { l.metric($0).name } ?? (t["metric"] as? String ?? ""), territory, "\(v("target")) ± \(v("tolerance"))", v("fitted"),
                          within, t["source"] as? String ?? ""], header: false)
            }
            html.raw("</tbody></table>")
        }
        html.paragraph(l.words("report.behavioural_parameters_without"))
        try AtomicFile.write(html.document(title: l.words("report.maillage_report")), to: path)
    }

    /// The study's findings over the plausible worlds: each statement, the share of parameter
    /// draws in which it holds and its exact 95% interval, said in words.
    static func findingsTable(_ t: DelimitedText, draws: Int, _ l: Language, _ html: inout Page) throws {
        let name = try t.column("finding"), statement = try t.column("statement"), share = try t.column("share"), low = try t.column("ci95_low"), high = try t.column("ci95_high")
        html.paragraph(l.words("report.how_sure_are_studys_findings", ["draws": String(draws)]))
        html.raw("<table><thead>")
        html.row([l.words("report.finding"), l.words("report.share_plausible_worlds_where"), l.words("report.95_interval"),
                  l.words("report.rests")], header: true)
        html.raw("</thead><tbody>")
        for row in t.rows {
            // A finding no draw could decide (NA) reads as undefined, not left out.
            let s = Double(row.fields[share]) ?? .nan, a = Double(row.fields[low]) ?? .nan, b = Double(row.fields[high]) ?? .nan
            let text = l == .en ? row.fields[statement] : StudyUncertainty.statement(row.fields[name])?.fr ?? row.fields[statement]
            html.row([text, l.percent(s, decimals: 0), l.percent(a, decimals: 0) + " – " + l.percent(b, decimals: 0),
                      restsOn(row.fields[name], l)], header: false)
        }
        html.raw("</tbody></table>")
    }

    /// The jobs that need both ecosystems, shared out over the levers of each bundle the study
    /// decomposed (Shapley shares, the interaction beside them, complementarity and substitution
    /// summed over the levers), territory by territory.
    static func interEcosystemTable(_ t: DelimitedText, _ l: Language, _ html: inout Page) throws {
        let sc = try t.column("scenario"), po = try t.column("policy"), lever = try t.column("lever"), metric = try t.column("metric")
        let value = try t.column("value"), lo = try t.column("ci95_low"), hi = try t.column("ci95_high")
        let part = "jobs_added_inter_ecosystem"
        // The bundles: policies with more than one lever (one lever alone has its whole part).
        let named = [ShapleyDecomposition.total, ShapleyDecomposition.interaction]
        let bundles = t.distinct(po).filter { p in
            Set(t.rows.filter { $0.fields[po] == p && $0.fields[metric] == part && !named.contains($0.fields[lever]) }.map { $0.fields[lever] }).count > 1
        }
        guard !bundles.isEmpty else { return }
        let scenarios = t.distinct(sc), columns = bundles.flatMap { b in scenarios.map { (b, $0) } }
        html.paragraph(l.words("report.jobs_added_that_need_both"))
        html.raw("<table><thead>")
        html.row([l.words("report.lever")] + columns.map { l.policy($0.0) + " — " + l.territory($0.1) }, header: true)
        html.raw("</thead><tbody>")
        func cell(_ c: (String, String), _ name: String, _ row: String) -> String {
            guard let r = t.rows.first(where: { $0.fields[po] == c.0 && $0.fields[sc] == c.1 && $0.fields[metric] == name && $0.fields[lever] == row })
            else { return "" }
            return Self.interval(r.fields[value], r.fields[lo], r.fields[hi], .jobsAdded, l, signed: true, difference: true)
        }
        let levers = t.distinct(lever).filter { lv in !named.contains(lv)
            && t.rows.contains { $0.fields[lever] == lv && $0.fields[metric] == part && bundles.contains($0.fields[po]) } }
        for lv in levers { html.row([l.policy(lv)] + columns.map { cell($0, part, lv) }, header: false) }
        html.row([l.words("report.total")] + columns.map { cell($0, part, ShapleyDecomposition.total) }, header: false)
        html.row([l.words("report.interaction_not_sum")] + columns.map { cell($0, part, ShapleyDecomposition.interaction) }, header: false)
        html.row([l.words("report.complementarity")] + columns.map { cell($0, ShapleyDecomposition.complementarity, ShapleyDecomposition.total) }, header: false)
        html.row([l.words("report.substitution")] + columns.map { cell($0, ShapleyDecomposition.substitution, ShapleyDecomposition.total) }, header: false)
        html.raw("</tbody></table>")
    }

    /// What a finding rests on, in words: its kind, what it names, and the formula it holds
    /// because of, when it is one.
    static func restsOn(_ finding: String, _ l: Language) -> String {
        guard let basis = StudyUncertainty.basis(finding) else { return "—" }
        let kind: String
        switch basis.kind {
        case .input: kind = l.words("report.input")
        case .assumption: kind = basis.formula == nil ? l.words("report.assumption") : l.words("report.stated_formula")
        case .geography: kind = l.words("report.geography")
        case .emergent: kind = l.words("report.mechanisms_together_emergent")
        }
        let formula = basis.formula.map { " [" + $0 + "]" } ?? ""
        return kind + formula + l.words("report.colon") + l.t(basis.what)
    }

    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    static func interval(_ mean: String, _ low: String, _ high: String, _ metric: Metric, _ l: Language, signed: Bool = false,
                         difference: Bool = false) -> String {
        l.interval((Double(mean) ?? .nan, Double(low) ?? .nan, Double(high) ?? .nan), metric, signed: signed, difference: difference)
    }

    static func summaryFacts(_ folder: String) throws -> (seed: String, replications: String) {
        guard let path = (try? FileManager.default.subpathsOfDirectory(atPath: folder))?.sorted().first(where: { $0.hasSuffix("summary.json") }),
              let data = FileManager.default.contents(atPath: folder + "/" + path),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ("—", "—") }
        return ("\(json["seed"] ?? "—")", "\(json["replications"] ?? "—")")
    }

    static func territoryFacts(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let t = json["resolved_territory"] as? [String: Any], let p = json["parameters"] as? [String: Any],
              let holders = p["holders"] as? [String: Any], let travel = p["travel"] as? [String: Any] else { return [] }
        let structures = (t["structures"] as? [Any])?.count ?? 0
        return ["\(t["population"] ?? "")", String(format: "%.0f", t["area_km2"] as? Double ?? 0), "\(t["zones"] ?? "")", "\(structures)",
                "\(holders["creation_rate_per_1000"] ?? "")", "\(holders["seek_support_share"] ?? "")", "\(travel["reach_minutes"] ?? "")",
                "\(p["horizon_months"] ?? "")"]
    }
}

/// The HTML being written, with its escaping and its embedded charts.
struct Page {
    let language: Language
    private var body: [String] = []
    private(set) var charts = 0

    init(language: Language) { self.language = language }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    mutating func raw(_ s: String) { body.append(s) }
    mutating func countChart() { charts += 1 }
    mutating func heading(_ s: String) { body.append("<h2>\(Self.escape(s))</h2>") }
    mutating func paragraph(_ s: String) { body.append("<p>\(Self.escape(s))</p>") }

    /// The answer's range over plausible worlds, set apart: its first line, then the others as a list.
    mutating func answer(_ lines: [String]) {
        guard let first = lines.first else { return }
        body.append("<div class=\"answer\" id=\"plausible\"><p>\(Self.escape(first))</p><ul>"
                    + lines.dropFirst().map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></div>")
    }

    mutating func row(_ cells: [String], header: Bool) {
        let tag = header ? "th" : "td"
        body.append("<tr>" + cells.map { "<\(tag)>\(Self.escape($0))</\(tag)>" }.joined() + "</tr>")
    }

    /// Embeds an SVG chart as a data URI image (its own document: no clash of ids between charts).
    mutating func chart(_ path: String, alt: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            body.append("<p class=\"missing\">\(Self.escape(language.words("report.chart_not_generated") + (path as NSString).lastPathComponent))</p>")
            return
        }
        charts += 1
        body.append("<figure><img class=\"chart\" alt=\"\(Self.escape(alt))\" src=\"data:image/svg+xml;base64,\(data.base64EncodedString())\"></figure>")
    }

    func document(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1400px; padding: 0 1.5em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.3em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 2px solid #2b7bba; padding-bottom: 0.2em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; display: block; overflow-x: auto; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; } th { background: #eef4fa; }
        td:first-child, th:first-child { text-align: left; } table.facts td { text-align: left; }
        figure { margin: 1em 0; } img.chart { max-width: 100%; height: auto; border: 1px solid #eee; }
        .missing { color: #a00; } .warning { background: #fff3cd; border-left: 4px solid #e6a700; padding: 0.5em 0.8em; } .answer { background: #eef4fb; border-left: 4px solid #2b7bba; padding: 0.3em 0.8em; }
        .note { color: #555; font-size: 0.9em; } h3 { font-size: 1.05em; margin-top: 1.4em; }
        </style>
        </head>
        <body data-charts="\(charts)" data-status="loading">
        \(body.joined(separator: "\n"))
        <script>
        (function () {
          function fail() { document.body.setAttribute('data-status', 'error'); }
          window.addEventListener('error', fail, true);
          window.addEventListener('load', function () {
            var images = document.querySelectorAll('img.chart'), ok = images.length === Number(document.body.getAttribute('data-charts'));
            for (var i = 0; i < images.length; i++) { if (!images[i].complete || images[i].naturalWidth === 0) { ok = false; } }
            if (document.body.getAttribute('data-status') !== 'error') { document.body.setAttribute('data-status', ok ? 'ok' : 'error'); }
          });
        })();
        </script>
        </body>
        </html>

        """
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A run's report: what the money bought, what it adds, at what cost, where, how sure.
extension Report {
    // MARK: A run

    /// Where the support structures came from, when it is not the scenario's own list of sites:
    /// the user's table, or the rules placing networks on a territory of the national files.
    static func structuresSource(_ parameters: [String: Any], _ l: Language) -> String? {
        if let table = parameters["structure_table"] as? String {
            let file = (table as NSString).lastPathComponent
            return l.words("run.support_structures_from_table", ["file": file])
        }
        let networks = (parameters["structures"] as? [String: Any])?["networks"] as? [[String: Any]] ?? []
        let byRule = networks.filter { ($0["placement"] as? String).flatMap(NetworkSpec.Placement.init(rawValue:))?.isAdministrative == true }
        guard !byRule.isEmpty else { return nil }
        let names = byRule.compactMap { $0["name"] as? String }.joined(separator: ", ")
        return l.words("run.support_structures_placed_rule", ["names": names])
    }

    static func runSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let summary = try json(try required(folder, "summary.json", kind: .run))
        let e = try estimates(try required(folder, "summary.csv", kind: .run))
        let name = summary["scenario"] as? String ?? manifest.scenarios.first ?? ""
        let territory = summary["resolved_territory"] as? [String: Any] ?? [:]
        let spending = summary["spending"] as? [String: Any] ?? [:]
        let parameters = summary["parameters"] as? [String: Any] ?? [:]
        let horizon = parameters["horizon_months"] as? Double ?? 36
        let replications = summary["replications"] as? Double ?? Double(manifest.replications ?? 0)
        func money(_ key: String) -> Double { spending[key] as? Double ?? 0 }
        func count(_ key: String) -> Int { Int(spending[key] as? Double ?? 0) }
        func euros(_ x: Double) -> String { l.number(x, decimals: 0) + "\u{00A0}€" }
        func v(_ m: Metric) -> (mean: Double, low: Double, high: Double) { e[m.name] ?? (.nan, .nan, .nan) }
        let title = l.words("run.scenario_what_policy_buys_what", ["name": name])
        html.raw("<h1>\(Page.escape(title))</h1>")
        if let d = summary["description"] as? String, !d.isEmpty { html.paragraph(d) }
        let population = territory["population"] as? Double ?? 0
        html.paragraph(l.words("run.territory_inhabitants_zones", ["population": l.number(population, decimals: 0),
                                                                   "zones": l.number(territory["zones"] as? Double ?? 0, decimals: 0),
                                                                   "structures": String((territory["structures"] as? [Any])?.count ?? 0),
                                                                   "horizon": l.number(horizon, decimals: 0),
                                                                   "replications": l.number(replications, decimals: 0)]))

        // The answer first, with both uncertainties: chance and the parameters.
        if let plausible = try PlausibleOutput.read(folder), !plausible.isEmpty {
            html.answer(PlausibleOutput.sentences(plausible, l))
        } else {
            html.paragraph(l.words("run.this_run_has_no_range_over"))
        }

        // 1. What the money buys.
        html.heading(l.words("run.1_what_policy_buys"))
        let budget = money("allocated_eur"), unspent = money("unspent_eur")
        html.raw("<table><thead>")
        html.row([l.words("run.line"), l.words("run.euros_year"), l.words("run.what_bought")], header: true)
        html.raw("</thead><tbody>")
        html.row([l.policy("capacity"), euros(money("capacity_eur")), l.words("run.support_places_existing")], header: false)
        html.row([l.policy("outreach"), euros(money("outreach_eur")),
                  l.words("run.outreach_permanences_bought", ["permanences_bought": String(count("permanences_bought")),
                                                              "permanences_placed": String(count("permanences_placed"))])], header: false)
        html.row([l.policy("coordination"), euros(money("coordination_eur")), l.words("run.meetings_shared_workspaces_warm")], header: false)
        html.row([l.policy("training"), euros(money("training_eur")),
                  l.words("run.structures_trained_ess_projects", ["trainings_bought": String(count("trainings_bought")),
                                                                  "trainings_given": String(count("trainings_given"))])], header: false)
        html.row([l.words("run.total"), euros(money("spent_eur")), l.words("run.spent_out_year", ["budget": euros(budget)])], header: false)
        html.raw("</tbody></table>")
        if unspent > 0.5 {
            html.raw("<p class=\"warning\">\(Page.escape(l.words("run.warning_year_buy_nothing_lines", ["unspent": euros(unspent)])))</p>")
        }
        let placed = count("permanences_placed"), bought = count("permanences_bought")
        if placed < bought {
            let warning = l.words("run.warning_permanences_bought_found", ["not_placed": String(bought - placed), "bought": String(bought)])
            html.raw("<p class=\"warning\">\(Page.escape(warning))</p>")
        }
        // The model's warnings in the reader's language (an earlier version wrote them in English only).
        let warnings = summary["warnings"] as? [String] ?? [], french = summary["warnings_fr"] as? [String]
        if l == .en || french != nil {
            for w in l == .en ? warnings : french ?? [] { html.raw("<p class=\"note\">\(Page.escape(w))</p>") }
        } else if !warnings.isEmpty {
            html.raw("<p class=\"note\">\(Page.escape("Le modèle a signalé \(warnings.count) avertissement(s) à la lecture du scénario ; leur texte, en anglais, est dans summary.json."))</p>")
        }

        // 2. What it adds.
        html.heading(l.words("run.2_what_adds"))
        let net = v(.jobsAddedNet), gross = v(.jobsAddedGross), added = v(.jobsAdded)
        html.paragraph(l.words("run.against_same_territory_without", ["net": l.value(net.mean, .jobsAddedNet, signed: true),
                                                                      "net_low": l.value(net.low, .jobsAddedNet, signed: true),
                                                                      "net_high": l.value(net.high, .jobsAddedNet, signed: true),
                                                                      "added": l.value(added.mean, .jobsAdded, signed: true),
                                                                      "gross": l.value(gross.mean, .jobsAddedGross, signed: true)]))
        html.raw("<table><thead>")
        html.row([l.words("run.indicator"), l.words("run.unit"), l.words("run.policy_95_interval")], header: true)
        html.raw("</thead><tbody>")
        for m in [Metric.jobsAddedNet, .jobsAdded, .jobsAddedGross, .supportedShare, .coverageRate, .firstContactFitRate, .referralSuccessRate, .abandonmentRate] {
            html.row([l.metric(m).name, l.metric(m).unit, l.interval(v(m), m, signed: Terminal.isSigned(m))], header: false)
        }
        html.raw("</tbody></table>")

        // 3. At what cost.
        html.heading(l.words("run.3_what_cost"))
        let years = horizon / 12, perJob = v(.costPerJobEur)
        html.paragraph(l.words("run.budget_yearly_spent_year_over", ["spent_a_year": euros(money("spent_eur")),
                                                                     "spent_over_horizon": euros(money("spent_eur") * years),
                                                                     "horizon": l.number(horizon, decimals: 0),
                                                                     "staff_time": euros(money("staff_time_eur") * years),
                                                                     "cost_per_job": l.value(perJob.mean, .costPerJobEur),
                                                                     "cost_per_job_low": l.value(perJob.low, .costPerJobEur),
                                                                     "cost_per_job_high": l.value(perJob.high, .costPerJobEur)]))

        // 4. Where.
        html.heading(l.words("run.4_where"))
        if FileManager.default.fileExists(atPath: folder + "/zones.geojson") {
            html.paragraph(l.words("run.each_zones_share_needs_project"))
            for figure in try ZoneMap.figures(folder, kind: .run, l) { html.svg(figure.svg) }
            if FileManager.default.fileExists(atPath: folder + "/by_density.csv") { try densityLevelSection(folder, l, &html) }
        } else {
            html.paragraph(l.words("run.this_run_wrote_no_zones_merged"))
        }

        // 5. How sure.
        html.heading(l.words("run.5_how_sure"))
        html.paragraph(l.words("run.each_interval_95_confidence", ["replications": l.number(replications, decimals: 0)]))

        // 6. What it rests on.
        html.heading(l.words("run.6_what_rests"))
        html.paragraph(l.words("run.screening_every_assumed"))
        if let source = structuresSource(parameters, l) { html.paragraph(source) }
        if let shapley = try? DelimitedText(path: folder + "/shapley.csv", delimiter: ",") {
            let lever = try shapley.column("lever"), metric = try shapley.column("metric")
            let value = try shapley.column("value"), lo = try shapley.column("ci95_low"), hi = try shapley.column("ci95_high")
            let rows = shapley.rows.filter { $0.fields[metric] == Metric.jobsAdded.name && $0.fields[lever] != "total" }
            if !rows.isEmpty {
                html.paragraph(l.words("run.jobs_added_shared_out_over"))
                html.raw("<table><thead>")
                html.row([l.words("run.lever"), l.metric(.jobsAdded).name], header: true)
                html.raw("</thead><tbody>")
                for r in rows {
                    html.row([l.policy(r.fields[lever]), l.interval((Double(r.fields[value]) ?? .nan, Double(r.fields[lo]) ?? .nan, Double(r.fields[hi]) ?? .nan), .jobsAdded, signed: true)], header: false)
                }
                html.raw("</tbody></table>")
            }
        }

        // 7. Details.
        html.heading(l.words("run.7_every_indicator_analysts"))
        for (g, rows) in groupedRows(e, l) {
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row([l.words("run.indicator"), l.words("run.unit"), l.words("run.mean_95_interval")], header: true)
            html.raw("</thead><tbody>")
            for r in rows { html.row(r, header: false) }
            html.raw("</tbody></table>")
        }
        return title
    }

    /// The run's holders and jobs by INSEE density level of their zones (`by_density.csv`, a
    /// territory of the national files): where the policy's jobs come from, with their intervals.
    static func densityLevelSection(_ folder: String, _ l: Language, _ html: inout Page) throws {
        let table = try DelimitedText(path: folder + "/by_density.csv", delimiter: ",")
        let level = try table.column("density_level"), population = try table.column("population"), metric = try table.column("metric")
        let mean = try table.column("mean"), low = try table.column("low"), high = try table.column("high")
        let paired = table.rows.contains { $0.fields[metric] == "jobs_added" }
        html.paragraph(l.words("run.insee_density_level_holders"))
        html.raw("<table><thead>")
        html.row([l.words("run.density_level"), l.words("run.inhabitants"), l.words("run.holders"),
                  l.words("run.no_structure_reach"), l.words("run.supported"), l.words("run.jobs_horizon")]
                 + (paired ? [l.words("run.jobs_added")] : []), header: true)
        html.raw("</thead><tbody>")
        var seen: [String] = []
        for row in table.rows where !seen.contains(row.fields[level]) { seen.append(row.fields[level]) }
        for code in seen {
            let rows = table.rows.filter { $0.fields[level] == code }
            func value(_ name: String) -> (mean: Double, low: Double, high: Double)? {
                rows.first { $0.fields[metric] == name }.map { (Double($0.fields[mean]) ?? .nan, Double($0.fields[low]) ?? .nan, Double($0.fields[high]) ?? .nan) }
            }
            let name = Int(code).flatMap { (1...7).contains($0) ? "\($0) \(l.t(Zone.densityLevelNames[$0].en, Zone.densityLevelNames[$0].fr))" : nil }
                ?? l.words("run.not_grid")
            var cells = [name, l.number(Double(rows.first?.fields[population] ?? "") ?? .nan, decimals: 0),
                         l.number(value("holders")?.mean ?? .nan, decimals: 0), l.percent(value("uncovered_share")?.mean ?? .nan),
                         l.percent(value("supported_share")?.mean ?? .nan), l.number(value("jobs_at_horizon")?.mean ?? .nan, decimals: 0)]
            if paired, let added = value("jobs_added") {
                cells.append("\(l.number(added.mean, decimals: 1)) [\(l.number(added.low, decimals: 1)); \(l.number(added.high, decimals: 1))]")
            }
            html.row(cells, header: false)
        }
        html.raw("</tbody></table>")
    }
}

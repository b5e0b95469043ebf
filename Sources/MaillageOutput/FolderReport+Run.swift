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
            return l.t("Support structures: from the table \(file) given with the scenario.",
                       "Structures d'accompagnement : celles du tableau \(file) fourni avec le scénario.")
        }
        let networks = (parameters["structures"] as? [String: Any])?["networks"] as? [[String: Any]] ?? []
        let byRule = networks.filter { ($0["placement"] as? String).flatMap(NetworkSpec.Placement.init(rawValue:))?.isAdministrative == true }
        guard !byRule.isEmpty else { return nil }
        let names = byRule.compactMap { $0["name"] as? String }.joined(separator: ", ")
        return l.t("Support structures: \(names) placed by rule (one site per département at its préfecture, per arrondissement, or per urban unit above a size; MODEL.md section 6), not a census of the networks. Give your own table (structures: {csv: FILE}) to study the real offer.",
                   "Structures d'accompagnement : \(names) placées par règle (un site par département à sa préfecture, par arrondissement, ou par unité urbaine au-delà d'une taille ; MODEL.md, section 6), et non recensées. Donnez votre propre tableau (structures: {csv: FICHIER}) pour étudier l'offre réelle.")
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
        let title = l.t("Scenario “\(name)”: what the policy buys and what it adds", "Scénario « \(name) » : ce que la politique achète et ce qu'elle apporte")
        html.raw("<h1>\(Page.escape(title))</h1>")
        if let d = summary["description"] as? String, !d.isEmpty { html.paragraph(d) }
        let population = territory["population"] as? Double ?? 0
        html.paragraph(l.t("Territory: \(l.number(population, decimals: 0)) inhabitants in \(l.number(territory["zones"] as? Double ?? 0, decimals: 0)) zones, \((territory["structures"] as? [Any])?.count ?? 0) support structures; horizon \(l.number(horizon, decimals: 0)) months; \(l.number(replications, decimals: 0)) replications.",
                           "Territoire : \(l.number(population, decimals: 0)) habitants en \(l.number(territory["zones"] as? Double ?? 0, decimals: 0)) zones, \((territory["structures"] as? [Any])?.count ?? 0) structures d'accompagnement ; horizon \(l.number(horizon, decimals: 0)) mois ; \(l.number(replications, decimals: 0)) réplications."))

        // The answer first, with both uncertainties: chance and the parameters.
        if let plausible = try PlausibleOutput.read(folder), !plausible.isEmpty {
            html.answer(PlausibleOutput.sentences(plausible, l))
        } else {
            html.paragraph(l.t("This run has no range over plausible worlds (plausible.csv): its intervals measure chance alone, at this scenario's parameters. Run it again with `maillage run` (without --plausible-draws 0) for the range.",
                               "Cette exécution n'a pas de plage sur les mondes plausibles (plausible.csv) : ses intervalles ne mesurent que le hasard, aux paramètres de ce scénario. Relancez `maillage run` (sans --plausible-draws 0) pour l'obtenir."))
        }

        // 1. What the money buys.
        html.heading(l.t("1. What the policy buys", "1. Ce que la politique achète"))
        let budget = money("allocated_eur"), unspent = money("unspent_eur")
        html.raw("<table><thead>")
        html.row([l.t("line", "ligne"), l.t("euros a year", "euros par an"), l.t("what it bought", "ce qu'elle a acheté")], header: true)
        html.raw("</thead><tbody>")
        html.row([l.policy("capacity"), euros(money("capacity_eur")), l.t("support places in the existing structures", "places d'accompagnement dans les structures existantes")], header: false)
        html.row([l.policy("outreach"), euros(money("outreach_eur")),
                  l.t("\(count("permanences_bought")) outreach permanences bought, \(count("permanences_placed")) placed", "\(count("permanences_bought")) permanences achetées, \(count("permanences_placed")) installées")], header: false)
        html.row([l.policy("coordination"), euros(money("coordination_eur")), l.t("meetings, shared workspaces, warm hand-offs and shared intake between the two ecosystems", "rencontres, espaces partagés, passages de relais et accueil commun entre les deux écosystèmes")], header: false)
        html.row([l.policy("training"), euros(money("training_eur")),
                  l.t("\(count("trainings_bought")) structures trained to ESS projects bought, \(count("trainings_given")) given", "\(count("trainings_bought")) formations de structures aux projets ESS achetées, \(count("trainings_given")) dispensées")], header: false)
        html.row([l.t("total", "total"), euros(money("spent_eur")), l.t("spent out of \(euros(budget)) a year", "dépensés sur \(euros(budget)) par an")], header: false)
        html.raw("</tbody></table>")
        if unspent > 0.5 {
            html.raw("<p class=\"warning\">\(Page.escape(l.t("Warning: \(euros(unspent)) a year buy nothing (a line's money below the price of one unit, or nowhere to place it). Move it to another line.", "Attention : \(euros(unspent)) par an n'achètent rien (le reste d'une ligne est inférieur au prix d'une unité, ou il n'y a pas où l'installer). Reportez-les sur une autre ligne.")))</p>")
        }
        let placed = count("permanences_placed"), bought = count("permanences_bought")
        if placed < bought {
            html.raw("<p class=\"warning\">\(Page.escape(l.t("Warning: \(bought - placed) of the \(bought) permanences bought found no uncovered zone to open in.", "Attention : \(bought - placed) des \(bought) permanences achetées n'ont trouvé aucune zone non couverte où s'installer.")))</p>")
        }
        // The model's warnings in the reader's language (an earlier version wrote them in English only).
        let warnings = summary["warnings"] as? [String] ?? [], french = summary["warnings_fr"] as? [String]
        if l == .en || french != nil {
            for w in l == .en ? warnings : french ?? [] { html.raw("<p class=\"note\">\(Page.escape(w))</p>") }
        } else if !warnings.isEmpty {
            html.raw("<p class=\"note\">\(Page.escape("Le modèle a signalé \(warnings.count) avertissement(s) à la lecture du scénario ; leur texte, en anglais, est dans summary.json."))</p>")
        }

        // 2. What it adds.
        html.heading(l.t("2. What it adds", "2. Ce qu'elle apporte"))
        let net = v(.jobsAddedNet), gross = v(.jobsAddedGross), added = v(.jobsAdded)
        html.paragraph(l.t(
            "Against the same territory without cooperation, on the same simulated holders: \(l.value(net.mean, .jobsAddedNet, signed: true)) net jobs at the horizon (likely between \(l.value(net.low, .jobsAddedNet, signed: true)) and \(l.value(net.high, .jobsAddedNet, signed: true))), \(l.value(added.mean, .jobsAdded, signed: true)) before displacement, and \(l.value(gross.mean, .jobsAddedGross, signed: true)) counting supported firms alone. Jobs are a stock at the horizon.",
            "Par rapport au même territoire sans coopération, sur les mêmes porteurs simulés : \(l.value(net.mean, .jobsAddedNet, signed: true)) emplois nets à l'horizon (vraisemblablement entre \(l.value(net.low, .jobsAddedNet, signed: true)) et \(l.value(net.high, .jobsAddedNet, signed: true))), \(l.value(added.mean, .jobsAdded, signed: true)) avant effet d'éviction, et \(l.value(gross.mean, .jobsAddedGross, signed: true)) en ne comptant que les entreprises accompagnées. Les emplois sont un stock à l'horizon."))
        html.raw("<table><thead>")
        html.row([l.t("indicator", "indicateur"), l.t("unit", "unité"), l.t("with the policy, 95% interval", "avec la politique, intervalle à 95 %")], header: true)
        html.raw("</thead><tbody>")
        for m in [Metric.jobsAddedNet, .jobsAdded, .jobsAddedGross, .supportedShare, .coverageRate, .firstContactFitRate, .referralSuccessRate, .abandonmentRate] {
            html.row([l.metric(m).name, l.metric(m).unit, l.interval(v(m), m, signed: Terminal.isSigned(m))], header: false)
        }
        html.raw("</tbody></table>")

        // 3. At what cost.
        html.heading(l.t("3. At what cost", "3. À quel coût"))
        let years = horizon / 12, perJob = v(.costPerJobEur)
        html.paragraph(l.t(
            "The budget is yearly: \(euros(money("spent_eur"))) spent a year, \(euros(money("spent_eur") * years)) over the \(l.number(horizon, decimals: 0))-month horizon, plus \(euros(money("staff_time_eur") * years)) of the structures' staff time. Each net job added costs \(l.value(perJob.mean, .costPerJobEur)) over the horizon (between \(l.value(perJob.low, .costPerJobEur)) and \(l.value(perJob.high, .costPerJobEur))).",
            "Le budget est annuel : \(euros(money("spent_eur"))) dépensés par an, soit \(euros(money("spent_eur") * years)) sur l'horizon de \(l.number(horizon, decimals: 0)) mois, plus \(euros(money("staff_time_eur") * years)) de temps de travail des structures. Chaque emploi net ajouté coûte \(l.value(perJob.mean, .costPerJobEur)) sur l'horizon (entre \(l.value(perJob.low, .costPerJobEur)) et \(l.value(perJob.high, .costPerJobEur)))."))

        // 4. Where.
        html.heading(l.t("4. Where", "4. Où"))
        if FileManager.default.fileExists(atPath: folder + "/zones.geojson") {
            html.paragraph(l.t("Each zone's share of needs (project type × stage) with a fitting structure within reach, without and with the policy, and the change. The policy's effect on jobs is not mapped: holders are simulated over the whole territory.",
                               "Part des besoins de chaque zone (type de projet × étape) ayant une structure adaptée à portée, sans et avec la politique, et la variation. L'effet sur l'emploi n'est pas cartographié : les porteurs sont simulés sur l'ensemble du territoire."))
            for figure in try ZoneMap.figures(folder, kind: .run, l) { html.svg(figure.svg) }
            if FileManager.default.fileExists(atPath: folder + "/by_density.csv") { try densityLevelSection(folder, l, &html) }
        } else {
            html.paragraph(l.t("This run wrote no zones (a merged or older run): run it again with `maillage run` for the maps.",
                               "Cette exécution n'a pas écrit de zones (exécution fusionnée ou ancienne) : relancez `maillage run` pour obtenir les cartes."))
        }

        // 5. How sure.
        html.heading(l.t("5. How sure", "5. Quelle certitude"))
        html.paragraph(l.t(
            "Each interval is a 95% confidence interval over \(l.number(replications, decimals: 0)) replications: it measures the simulation's chance alone, at the parameters of this scenario. It does not include the uncertainty of the parameters themselves, which is larger: the range over plausible worlds at the top of this report does (2.5% to 97.5% of the worlds' answers, each world's parameters drawn from their priors and the calibration's posterior), and `maillage uncertainty` gives it for every indicator with more worlds.",
            "Chaque intervalle est un intervalle de confiance à 95 % sur \(l.number(replications, decimals: 0)) réplications : il mesure le seul hasard de la simulation, aux paramètres de ce scénario. Il n'inclut pas l'incertitude des paramètres eux-mêmes, plus grande : la plage sur les mondes plausibles, en tête de ce rapport, l'inclut (de 2,5 % à 97,5 % des réponses des mondes, les paramètres de chacun tirés dans leurs lois a priori et dans la loi a posteriori du calage), et `maillage uncertainty` la donne pour chaque indicateur avec plus de mondes."))

        // 6. What it rests on.
        html.heading(l.t("6. What it rests on", "6. Sur quoi cela repose"))
        html.paragraph(l.t(
            "Screening every assumed parameter (Morris, metropolitan coordination) ranks first displacement (the share of jobs local firms lose), then how intake points orient holders, the salaried jobs of supported firms, the base rate of successful referrals and the coordination's price. Replace them with local figures when you have them.",
            "Le criblage de tous les paramètres supposés (Morris, coordination en métropole) place en tête l'effet d'éviction (part des emplois perdus par les entreprises locales), puis l'orientation par les points d'accueil, les emplois salariés des entreprises accompagnées, le taux de base des réorientations réussies et le prix de la coordination. Remplacez-les par des chiffres locaux quand vous en disposez."))
        if let source = structuresSource(parameters, l) { html.paragraph(source) }
        if let shapley = try? DelimitedText(path: folder + "/shapley.csv", delimiter: ",") {
            let lever = try shapley.column("lever"), metric = try shapley.column("metric")
            let value = try shapley.column("value"), lo = try shapley.column("ci95_low"), hi = try shapley.column("ci95_high")
            let rows = shapley.rows.filter { $0.fields[metric] == Metric.jobsAdded.name && $0.fields[lever] != "total" }
            if !rows.isEmpty {
                html.paragraph(l.t("The jobs added shared out over the policy's levers (Shapley values):", "Les emplois ajoutés répartis entre les leviers de la politique (valeurs de Shapley) :"))
                html.raw("<table><thead>")
                html.row([l.t("lever", "levier"), l.metric(.jobsAdded).name], header: true)
                html.raw("</thead><tbody>")
                for r in rows {
                    html.row([l.policy(r.fields[lever]), l.interval((Double(r.fields[value]) ?? .nan, Double(r.fields[lo]) ?? .nan, Double(r.fields[hi]) ?? .nan), .jobsAdded, signed: true)], header: false)
                }
                html.raw("</tbody></table>")
            }
        }

        // 7. Details.
        html.heading(l.t("7. Every indicator, for analysts", "7. Tous les indicateurs, pour les analystes"))
        for (g, rows) in groupedRows(e, l) {
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row([l.t("indicator", "indicateur"), l.t("unit", "unité"), l.t("mean [95% interval]", "moyenne [intervalle à 95 %]")], header: true)
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
        html.paragraph(l.t("By INSEE density level of the holders' communes (means over the replications, 95% Monte Carlo intervals; by_density.csv):",
                           "Par niveau de la grille de densité de l'Insee des communes des porteurs (moyennes sur les réplications, intervalles Monte-Carlo à 95 % ; by_density.csv) :"))
        html.raw("<table><thead>")
        html.row([l.t("density level", "niveau de densité"), l.t("inhabitants", "habitants"), l.t("holders", "porteurs"),
                  l.t("no structure in reach", "sans structure à portée"), l.t("supported", "accompagnés"), l.t("jobs at the horizon", "emplois à l'horizon")]
                 + (paired ? [l.t("jobs added", "emplois ajoutés")] : []), header: true)
        html.raw("</thead><tbody>")
        var seen: [String] = []
        for row in table.rows where !seen.contains(row.fields[level]) { seen.append(row.fields[level]) }
        for code in seen {
            let rows = table.rows.filter { $0.fields[level] == code }
            func value(_ name: String) -> (mean: Double, low: Double, high: Double)? {
                rows.first { $0.fields[metric] == name }.map { (Double($0.fields[mean]) ?? .nan, Double($0.fields[low]) ?? .nan, Double($0.fields[high]) ?? .nan) }
            }
            let name = Int(code).flatMap { (1...7).contains($0) ? "\($0) \(l.t(Zone.densityLevelNames[$0].en, Zone.densityLevelNames[$0].fr))" : nil }
                ?? l.t("not in the grid", "hors de la grille")
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

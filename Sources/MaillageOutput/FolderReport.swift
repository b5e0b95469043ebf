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
            let rows = Metric.all.filter { $0.group == g }.compactMap { m -> [String]? in
                guard let v = e[m.name] else { return nil }
                return [l.metric(m).name, l.metric(m).unit, l.interval(v, m, signed: Terminal.isSigned(m))]
            }
            return rows.isEmpty ? nil : (g, rows)
        }
    }

    static func groupName(_ g: Metric.Group, _ l: Language) -> String {
        switch g {
        case .reach: l.t("Reach", "Accès")
        case .orientation: l.t("Orientation", "Orientation")
        case .support: l.t("Support", "Accompagnement")
        case .stages: l.t("Stages of the chain", "Étapes de la chaîne")
        case .outcomes: l.t("Outcomes", "Résultats")
        case .money: l.t("Money", "Budget")
        case .effects: l.t("Effects of the policy", "Effets de la politique")
        }
    }

    static func kindName(_ k: Manifest.Kind, _ l: Language) -> String {
        switch k {
        case .shipped: l.t("the shipped results", "les résultats livrés")
        case .run: l.t("a Monte Carlo run", "une exécution Monte-Carlo")
        case .study: l.t("a study", "une étude")
        case .compare: l.t("a comparison", "une comparaison")
        case .sweep: l.t("a sweep", "un balayage")
        case .coverage: l.t("accessibility", "une accessibilité")
        case .uncertainty: l.t("an uncertainty analysis", "une analyse d'incertitude")
        case .morris: l.t("a Morris screening", "un criblage de Morris")
        case .sobol: l.t("Sobol indices of the priors", "des indices de Sobol des hypothèses")
        case .budget: l.t("a budget optimisation", "une optimisation de budget")
        case .placement: l.t("a placement of sites", "une implantation de sites")
        case .shard: l.t("a shard", "une tranche")
        }
    }

    static func provenance(_ m: Manifest, date: Date, _ l: Language, _ html: inout Page) {
        html.heading(l.t("Provenance", "Provenance"))
        html.raw("<table class=\"facts\">")
        html.row([l.t("kind of results", "nature des résultats"), kindName(m.kind, l)], header: false)
        html.row([l.t("scenarios", "scénarios"), m.scenarios.joined(separator: ", ")], header: false)
        if let seed = m.seed { html.row([l.t("seed", "graine"), String(seed)], header: false) }
        if let r = m.replications { html.row([l.t("replications", "réplications"), l.number(Double(r), decimals: 0)], header: false) }
        html.row([l.t("tool version", "version de l'outil"), m.toolVersion], header: false)
        html.row([l.t("report generated on", "rapport produit le"), day(date)], header: false)
        html.raw("</table>")
        html.paragraph(l.t("Every mechanism and parameter, with its source or range, is documented in MODEL.md; the same seed gives the same numbers.",
                           "Chaque mécanisme et chaque paramètre, avec sa source ou sa plage, est documenté dans MODEL.md ; la même graine donne les mêmes chiffres."))
    }

    // MARK: A run

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

        // 1. What the money buys.
        html.heading(l.t("1. What the policy buys", "1. Ce que la politique achète"))
        let budget = money("budget_eur"), unspent = money("unspent_eur")
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
        } else {
            html.paragraph(l.t("This run wrote no zones (a merged or older run): run it again with `maillage run` for the maps.",
                               "Cette exécution n'a pas écrit de zones (exécution fusionnée ou ancienne) : relancez `maillage run` pour obtenir les cartes."))
        }

        // 5. How sure.
        html.heading(l.t("5. How sure", "5. Quelle certitude"))
        html.paragraph(l.t(
            "Each interval is a 95% confidence interval over \(l.number(replications, decimals: 0)) replications: it measures the simulation's chance alone, at the parameters of this scenario. It does not include the uncertainty of the parameters themselves, which is larger; `maillage uncertainty` draws them from their priors and gives the range of plausible answers.",
            "Chaque intervalle est un intervalle de confiance à 95 % sur \(l.number(replications, decimals: 0)) réplications : il mesure le seul hasard de la simulation, aux paramètres de ce scénario. Il n'inclut pas l'incertitude des paramètres eux-mêmes, plus grande ; `maillage uncertainty` les tire dans leurs lois a priori et donne la plage des réponses plausibles."))

        // 6. What it rests on.
        html.heading(l.t("6. What it rests on", "6. Sur quoi cela repose"))
        html.paragraph(l.t(
            "Screening every assumed parameter (Morris, metropolitan coordination) ranks first displacement (the share of jobs local firms lose), then how intake points orient holders, the salaried jobs of supported firms, the base rate of successful referrals and the coordination's price. Replace them with local figures when you have them.",
            "Le criblage de tous les paramètres supposés (Morris, coordination en métropole) place en tête l'effet d'éviction (part des emplois perdus par les entreprises locales), puis l'orientation par les points d'accueil, les emplois salariés des entreprises accompagnées, le taux de base des réorientations réussies et le prix de la coordination. Remplacez-les par des chiffres locaux quand vous en disposez."))
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

    // MARK: A study

    static func studySections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let t = try DelimitedText(path: try required(folder, "comparison.csv", kind: .study), delimiter: ",")
        let title = l.t("Study: the scenarios without and with each policy", "Étude : les scénarios sans et avec chaque politique")
        html.raw("<h1>\(Page.escape(title))</h1>")
        html.paragraph(l.t("Every scenario under every policy of the study, on the same simulated holders; means with their 95% intervals over \(l.number(Double(manifest.replications ?? 0), decimals: 0)) replications.",
                           "Chaque scénario sous chaque politique de l'étude, sur les mêmes porteurs simulés ; moyennes et intervalles à 95 % sur \(l.number(Double(manifest.replications ?? 0), decimals: 0)) réplications."))
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
            let metrics = Metric.all.filter { m in m.group == g && t.rows.contains { $0.fields[me] == m.name } }
            guard !metrics.isEmpty else { continue }
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row(leading.map { $0 == "scenario" ? l.t("scenario", "scénario") : l.t("policy", "politique") }
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
        let title = l.t("Comparison of scenarios", "Comparaison de scénarios")
        html.raw("<h1>\(Page.escape(title))</h1>")
        let reference = manifest.scenarios.first ?? ""
        html.paragraph(l.t("Each scenario's difference to “\(reference)”, on the same simulated holders (paired 95% intervals).",
                           "Écart de chaque scénario à « \(reference) », sur les mêmes porteurs simulés (intervalles appariés à 95 %)."))
        let sc = try t.column("scenario"), me = try t.column("metric")
        let d = try t.column("difference"), lo = try t.column("paired_low"), hi = try t.column("paired_high")
        let scenarios = t.distinct(sc).filter { $0 != reference }
        for g in Metric.Group.allCases {
            let metrics = Metric.all.filter { $0.group == g }
            html.raw("<h3>\(Page.escape(groupName(g, l)))</h3><table><thead>")
            html.row([l.t("indicator", "indicateur")] + scenarios, header: true)
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

    // MARK: Coverage

    static func coverageSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let summary = try DelimitedText(path: try required(folder, "coverage_summary.csv", kind: .coverage), delimiter: ",")
        _ = try required(folder, "zones.geojson", kind: .coverage)
        let name = manifest.scenarios.first ?? ""
        let title = l.t("Who can reach support: “\(name)”", "Qui peut accéder à l'accompagnement : « \(name) »")
        html.raw("<h1>\(Page.escape(title))</h1>")
        let figures = try ZoneMap.figures(folder, kind: .coverage, l)
        for (k, figure) in figures.enumerated() {
            if k == 0 { html.heading(l.t("1. Travel time", "1. Temps de trajet")) }
            if k == 1 { html.heading(l.t("2. Coverage and access index", "2. Couverture et indice d'accessibilité")) }
            html.svg(figure.svg)
        }
        html.heading(l.t("3. By need", "3. Par besoin"))
        let type = try summary.column("project_type"), stage = try summary.column("stage"), rate = try summary.column("coverage_rate")
        let minutes = try summary.column("mean_minutes"), covered = try summary.column("covered_population")
        html.raw("<table><thead>")
        html.row([l.t("project type", "type de projet"), l.t("stage", "étape"), l.t("population covered", "population couverte"),
                  l.t("coverage", "couverture"), l.t("mean minutes", "minutes en moyenne")], header: true)
        html.raw("</thead><tbody>")
        for r in summary.rows {
            html.row([projectType(r.fields[type], l), stageName(r.fields[stage], l), l.number(Double(r.fields[covered]) ?? .nan, decimals: 0),
                      l.percent(Double(r.fields[rate]) ?? .nan), l.number(Double(r.fields[minutes]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.t("zones.geojson (WGS84, one feature per zone with these indices) opens in QGIS or geopandas as it is.",
                           "zones.geojson (WGS84, une entité par zone avec ces indices) s'ouvre tel quel dans QGIS ou geopandas."))
        return title
    }

    static func projectType(_ s: String, _ l: Language) -> String {
        switch s {
        case "classic": l.t("classic", "classique")
        case "ess": l.t("ESS", "ESS")
        case "social_utility": l.t("social utility", "utilité sociale")
        default: s
        }
    }

    static func stageName(_ s: String, _ l: Language) -> String {
        switch s {
        case "emergence": l.t("emergence", "émergence")
        case "creation": l.t("creation", "création")
        case "financing": l.t("financing", "financement")
        case "growth": l.t("growth", "développement")
        default: s
        }
    }

    // MARK: Sweeps, uncertainty, screening, optimisation

    /// The kinds whose report is their charts and their main tables, numbers in the reader's
    /// language.
    static func tableSections(_ folder: String, _ manifest: Manifest, _ l: Language, _ html: inout Page) throws -> String {
        let name = manifest.scenarios.joined(separator: ", ")
        let title: String, files: [(file: String, caption: String)]
        var charts: [Charts.Chart] = [], figures: [ZoneMap.Figure] = []
        switch manifest.kind {
        case .sweep:
            title = l.t("Sweep “\(name)”", "Balayage « \(name) »")
            _ = try required(folder, "results.csv", kind: .sweep)
            if let c = try Charts.sobol(folder + "/sensitivity.csv", title: name, l) { charts.append(c) }
            files = [("sensitivity.csv", l.t("Sobol indices with their bootstrap intervals. Estimates outside [0, 1] come from the estimator's sampling error at this sample size, not from the model: read them as near 0 or 1. A metric whose Monte Carlo noise is 5% or more of its variance between points has no indices (n/a): they would measure the noise; the share of noise column gives that share.", "Indices de Sobol et intervalles bootstrap. Les estimations hors de [0, 1] viennent de l'erreur d'échantillonnage de l'estimateur à cette taille d'échantillon, non du modèle : lisez-les comme proches de 0 ou de 1. Un indicateur dont le bruit de Monte-Carlo atteint 5 % de sa variance entre points n'a pas d'indices (n.d.) : ils mesureraient le bruit ; la colonne « part du bruit » donne cette part.")),
                     ("results.csv", l.t("Each point of the sweep: its parameters and the metrics' means with their 95% intervals (first 40 points).", "Chaque point du balayage : ses paramètres et les moyennes des indicateurs avec leurs intervalles à 95 % (40 premiers points)."))]
        case .uncertainty:
            title = l.t("Uncertainty of “\(name)”", "Incertitude de « \(name) »")
            if let c = try Charts.uncertaintyRanges(folder, l) { charts.append(c) }
            files = [("findings.csv", l.t("Each finding of the study: the share of plausible worlds (parameter draws) where it holds, with its Clopper–Pearson interval.", "Chaque conclusion de l'étude : la part des mondes plausibles (tirages de paramètres) où elle tient, avec son intervalle de Clopper–Pearson.")),
                     ("uncertainty_effects.csv", l.t("The policy's effects over the parameter draws: mean, Monte Carlo interval and the range of plausible values (2.5–97.5% of the draws).", "Effets de la politique sur les tirages de paramètres : moyenne, intervalle Monte-Carlo et plage des valeurs plausibles (2,5–97,5 % des tirages).")),
                     ("uncertainty.csv", l.t("Every metric over the parameter draws.", "Chaque indicateur sur les tirages de paramètres."))]
        case .morris:
            title = l.t("Which assumptions matter for “\(name)” (Morris screening)", "Quelles hypothèses comptent pour « \(name) » (criblage de Morris)")
            if let c = try Charts.morris(folder + "/morris.csv", l) { charts.append(c) }
            files = [("morris.csv", l.t("Parameters ranked by μ*, the mean absolute elementary effect: the larger, the more the result rests on the parameter.", "Paramètres classés par μ*, l'effet élémentaire absolu moyen : plus il est grand, plus le résultat repose sur le paramètre."))]
        case .sobol:
            title = l.t("How much of the uncertainty each assumption carries for “\(name)” (Sobol indices)", "Quelle part de l'incertitude chaque hypothèse porte pour « \(name) » (indices de Sobol)")
            if let c = try Charts.sobol(folder + "/sobol.csv", title: name, l, metrics: nil) { charts.append(c) }
            files = [("sobol.csv", l.t("First-order (S1) and total (ST) Sobol indices of the screened priors with their bootstrap 95% intervals: the share of the output's variance each explains alone, and with its interactions. n/a: the Monte Carlo noise is 5% or more of the variance between points (share of noise), and the indices would measure it.", "Indices de Sobol de premier ordre (S1) et totaux (ST) des hypothèses retenues par le criblage, avec leurs intervalles bootstrap à 95 % : la part de la variance du résultat que chacune explique seule, et avec ses interactions. n.d. : le bruit de Monte-Carlo atteint 5 % de la variance entre points (part du bruit), et les indices le mesureraient."))]
        case .budget:
            title = l.t("The best split of a budget for “\(name)”", "La meilleure répartition d'un budget pour « \(name) »")
            if let c = try Charts.frontier(folder + "/frontier.csv", objective: nil, l) { charts.append(c) }
            files = [("frontier.csv", l.t("The best objective and split for each budget.", "Le meilleur objectif et la meilleure répartition pour chaque budget.")),
                     ("candidates.csv", l.t("Every split evaluated, with its replications and interval (first 40).", "Chaque répartition évaluée, avec ses réplications et son intervalle (40 premières)."))]
        case .placement:
            title = l.t("Where to open the next sites in “\(name)”", "Où ouvrir les prochains sites dans « \(name) »")
            if FileManager.default.fileExists(atPath: folder + "/zones.geojson") { figures = try ZoneMap.figures(folder, kind: .placement, l) }
            files = [("sites.csv", l.t("The sites chosen, in the order that covers the most first, with the population each adds.", "Les sites choisis, dans l'ordre qui couvre le plus d'abord, avec la population que chacun ajoute."))]
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
                return l.metric(m).name + " " + (suffix == "_mean" ? l.t("mean", "moyenne") : suffix == "_ci95_low" ? l.t("low", "bas") : l.t("high", "haut"))
            }
        }
        let words: [String: (String, String)] = [
            "metric": ("indicator", "indicateur"), "mean": ("mean", "moyenne"), "sd": ("sd", "écart type"), "ci95_low": ("95% low", "bas 95 %"),
            "ci95_high": ("95% high", "haut 95 %"), "n": ("n", "n"), "point": ("point", "point"), "parameter": ("parameter", "paramètre"),
            "rank": ("rank", "rang"), "mu": ("μ", "μ"), "mu_star": ("μ*", "μ*"), "mu_star_conf": ("μ* ± (95%)", "μ* ± (95 %)"), "sigma": ("σ", "σ"), "finding": ("finding", "conclusion"),
            "statement": ("statement", "énoncé"), "holds": ("holds", "tient"), "draws": ("draws", "tirages"), "share": ("share", "part"),
            "zone": ("zone", "zone"), "name": ("name", "nom"), "population_covered_added": ("population covered added", "population couverte ajoutée"),
            "budget_eur": ("budget (€)", "budget (€)"), "origin": ("origin", "origine"), "replications": ("replications", "réplications"),
            "dropped_at": ("dropped at", "écartée à"), "x_km": ("x (km)", "x (km)"), "y_km": ("y (km)", "y (km)"),
            "first_order": ("first order", "premier ordre"), "total_order": ("total order", "ordre total"), "parameter_path": ("parameter", "paramètre"),
            "mc_ci95_low": ("Monte Carlo 95% low", "bas Monte-Carlo 95 %"), "mc_ci95_high": ("Monte Carlo 95% high", "haut Monte-Carlo 95 %"),
            "param_p025": ("plausible low (2.5%)", "bas plausible (2,5 %)"), "param_p975": ("plausible high (97.5%)", "haut plausible (97,5 %)"),
            "mc_variance_share": ("share of variance from chance", "part de variance due au hasard"),
            "param_variance_share": ("share of variance from parameters", "part de variance due aux paramètres"),
            "prob_positive": ("probability positive", "probabilité positive"),
            "S1_ci95_low": ("S1 95% low", "S1 bas 95 %"), "S1_ci95_high": ("S1 95% high", "S1 haut 95 %"),
            "ST_ci95_low": ("ST 95% low", "ST bas 95 %"), "ST_ci95_high": ("ST 95% high", "ST haut 95 %"),
            "noise_ratio": ("share of noise", "part du bruit"),
        ]
        if let w = words[column] { return l.t(w.0, w.1) }
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

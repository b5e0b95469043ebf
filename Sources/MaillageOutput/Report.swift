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

        html.raw("<h1>\(l.t("Business-creation support on three territories", "L'accompagnement à la création d'entreprise sur trois territoires"))</h1>")
        html.paragraph(l.t(
            "Maillage simulates how project holders find support among the classic and the social and solidarity economy (ESS) networks, month by month, on a rural territory, a metropolis and priority neighbourhoods, and how cooperation between the two ecosystems changes coverage, orientation and job creation. Every figure is a Monte Carlo mean with its 95% confidence interval.",
            "Maillage simule le parcours des porteurs de projet entre les réseaux d'accompagnement « classiques » et ceux de l'économie sociale et solidaire (ESS), mois par mois, sur un territoire rural, une métropole et des quartiers prioritaires, et mesure ce que la coopération entre les deux écosystèmes change à la couverture, à l'orientation et à la création d'emplois. Chaque chiffre est une moyenne Monte-Carlo avec son intervalle de confiance à 95 %."))
        html.raw("<table class=\"facts\">")
        html.row([l.t("tool version", "version de l'outil"), maillageVersion], header: false)
        html.row([l.t("seed of the default study", "graine de l'étude par défaut"), provenance.seed], header: false)
        html.row([l.t("replications per scenario", "réplications par scénario"), provenance.replications], header: false)
        html.row([l.t("generated on", "produit le"), Self.day(date)], header: false)
        html.raw("</table>")
        html.paragraph(l.t("The study behind the model: “Quelles coopérations entre dispositifs classiques et ESS ?”, Avise and Sciences Po, 2018. Every mechanism and parameter is documented, with its source, in MODEL.md.",
                           "L'étude à l'origine du modèle : « Quelles coopérations entre dispositifs classiques et ESS ? », Avise et Sciences Po, 2018. Chaque mécanisme et chaque paramètre est documenté, avec sa source, dans MODEL.md."))

        // The default study.
        html.heading(l.t("1. Without and with cooperation", "1. Sans et avec coopération"))
        try html.chart(charts + "/default-study-metrics.svg", alt: l.t("Metrics by territory, without and with cooperation", "Indicateurs par territoire, sans et avec coopération"))
        if let study {
            let sc = try study.column("scenario"), po = try study.column("policy"), me = try study.column("metric")
            let mean = try study.column("mean"), lo = try study.column("ci95_low"), hi = try study.column("ci95_high")
            var cells: [(String, String)] = []
            for r in study.rows where !cells.contains(where: { $0 == (r.fields[sc], r.fields[po]) }) { cells.append((r.fields[sc], r.fields[po])) }
            html.raw("<table><thead>")
            html.row([l.t("indicator", "indicateur")] + cells.map { l.territory($0.0) + " — " + l.policy($0.1) }, header: true)
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
        html.heading(l.t("2. Each lever, rural against metropolitan", "2. Chaque levier, en rural et en métropole"))
        html.paragraph(l.t("Differences to no cooperation on the same simulated holders (paired 95% intervals).",
                           "Écarts à l'absence de coopération, sur les mêmes porteurs simulés (intervalles appariés à 95 %)."))
        try html.chart(charts + "/rural-vs-metro-effects.svg", alt: l.t("Effect of each lever", "Effet de chaque levier"))
        if let effects = try? DelimitedText(path: results + "/" + ShippedOutput.ruralVsMetro.folder + "/effects.csv", delimiter: ",") {
            let sc = try effects.column("scenario"), po = try effects.column("policy"), me = try effects.column("metric")
            let e = try effects.column("effect"), lo = try effects.column("paired_low"), hi = try effects.column("paired_high")
            let scenarios = effects.distinct(sc), policies = effects.distinct(po)
            let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .jobsCreated]
            html.raw("<table><thead>")
            html.row([l.t("lever", "levier")] + scenarios.flatMap { s in metrics.map { l.metric($0).name + " — " + l.territory(s) } }, header: true)
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
        html.heading(l.t("3. What do 200,000 euros a year buy?", "3. Que permettent 200 000 euros par an ?"))
        html.paragraph(l.t("The same yearly budget spent entirely on one line, or a quarter on each: jobs added at the horizon (three years) against the same territory without cooperation, and the cost per job added.",
                           "Le même budget annuel consacré entièrement à une ligne, ou un quart à chacune : emplois ajoutés à l'horizon (trois ans) par rapport au même territoire sans coopération, et coût par emploi ajouté."))
        let ways = ShippedOutput.fundingWays
        let territories = ShippedOutput.territories
        html.raw("<table><thead>")
        let plausibleHeader = l.t("over plausible worlds (2.5–97.5%), share positive", "sur les mondes plausibles (2,5–97,5 %), part positive")
        html.row([l.t("spent on", "consacré à")] + territories.flatMap { [l.territory($0) + " — " + l.metric(.jobsAdded).name, plausibleHeader, l.metric(.costPerJobEur).name] },
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
                        cells.append(p.map { "\(l.value($0.low, m, signed: true)) \(l.t("to", "à")) \(l.value($0.high, m, signed: true)), \(l.percent($0.probPositive, decimals: 0))" } ?? "")
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
        html.paragraph(l.t(
            "Each cell's interval is chance alone, at the scenario's parameters; the next column is the range over plausible worlds (\(worlds) worlds, the assumed parameters drawn from their priors and the calibrated ones from the calibration's posterior, \(perWorld) replications each) and the share of them in which the jobs added are positive: where that range holds zero, the model cannot tell whether the money adds jobs there. The table comes from one run of \(tableReplications) replications per cell. The curves below come from other runs, sweeps of the budget with \(curveReplications) replications per point: at 200,000 euros they estimate the same quantities with wider intervals, so the two may differ within those intervals.",
            "L'intervalle de chaque case ne mesure que le hasard, aux paramètres du scénario ; la colonne suivante donne la plage sur les mondes plausibles (\(worlds) mondes, les paramètres supposés tirés dans leurs lois a priori et les paramètres calés dans la loi a posteriori du calage, \(perWorld) réplications chacun) et la part de ces mondes où les emplois ajoutés sont positifs : là où cette plage contient zéro, le modèle ne peut pas dire si l'argent ajoute des emplois. Le tableau provient d'une exécution de \(tableReplications) réplications par case. Les courbes ci-dessous proviennent d'autres exécutions, des balayages du budget à \(curveReplications) réplications par point : à 200 000 euros elles estiment les mêmes quantités avec des intervalles plus larges, et les deux peuvent donc différer dans la limite de ces intervalles."))
        for t in ["rural-franche-comte", "metro-lyon"] {
            try html.chart(charts + "/funding-\(t).svg", alt: l.t("Funding curves", "Courbes de financement") + ", " + l.territory(t))
        }

        // Maps.
        html.heading(l.t("4. Who can reach support", "4. Qui peut accéder à l'accompagnement"))
        html.paragraph(l.t("Travel time from each commune to the nearest structure that fits a project at the creation stage; grey communes have none within 30 minutes.",
                           "Temps de trajet de chaque commune à la structure adaptée la plus proche pour un projet au stade de la création ; les communes en gris n'en ont aucune à moins de 30 minutes."))
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: charts)) ?? []).filter({ $0.hasPrefix("map-") && $0.hasSuffix(".svg") }).sorted() {
            try html.chart(charts + "/" + name, alt: l.t("Map", "Carte"))
        }

        // Robustness.
        html.heading(l.t("5. How robust are these numbers?", "5. Quelle est la solidité de ces résultats ?"))
        html.paragraph(l.t("Which inputs drive the results (Sobol indices), and how the intervals narrow as replications are added.",
                           "Quels paramètres pèsent sur les résultats (indices de Sobol), et comment les intervalles se resserrent quand on ajoute des réplications."))
        try html.chart(charts + "/sobol-indices.svg", alt: l.t("Sobol indices", "Indices de Sobol"))
        html.paragraph(l.t("The chart above varies the policy; the next one varies the assumptions. A Morris screening of every assumed parameter (Scenarios/priors.yaml) on what 200 k€ a year, split evenly over the four funding lines, does to the share of first contacts that fit in the metropolis keeps the parameters that stand out of the noise; their Sobol indices say how much of the uncertainty of that effect each one carries. The files are in sensitivity-priors/.",
                           "Le graphique ci-dessus fait varier la politique ; le suivant fait varier les hypothèses. Un criblage de Morris de tous les paramètres supposés (Scenarios/priors.yaml), sur l'effet de 200 k€ par an répartis également entre les quatre lignes de financement sur la part des premiers contacts adaptés dans la métropole, retient ceux qui se distinguent du bruit ; leurs indices de Sobol disent quelle part de l'incertitude de cet effet chacun porte. Les fichiers sont dans sensitivity-priors/."))
        try html.chart(charts + "/sobol-priors.svg", alt: l.t("Sobol indices of the assumed parameters", "Indices de Sobol des paramètres supposés"))
        if let findings = try? DelimitedText(path: results + "/" + ShippedOutput.studyUncertainty.folder + "/findings.csv", delimiter: ",") {
            try findingsTable(findings, draws: ShippedOutput.uncertaintyDesign.draws, l, &html)
        }
        try html.chart(charts + "/convergence.svg", alt: l.t("Convergence", "Convergence"))

        // Parameters.
        html.heading(l.t("6. Scenarios and parameters", "6. Scénarios et paramètres"))
        html.raw("<table><thead>")
        html.row([l.t("territory", "territoire"), l.t("population", "population"), l.t("area (km²)", "superficie (km²)"), l.t("zones", "zones"),
                  l.t("support structures", "structures d'accompagnement"), l.t("creations per 1,000 inhabitants", "créations pour 1 000 habitants"),
                  l.t("share seeking support", "part cherchant un accompagnement"), l.t("accepted travel (minutes)", "trajet accepté (minutes)"),
                  l.t("horizon (months)", "horizon (mois)")], header: true)
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
            html.paragraph(l.t("Calibration: three behavioural parameters fitted on the metropolitan and rural territories together to more published figures than parameters (GSL Nelder–Mead simplex); the priority-neighbourhood territory is held out and checked afterwards: \(heldPassed) of its \(held.count) figures are reproduced within tolerance.",
                               "Calage : trois paramètres de comportement ajustés ensemble sur la métropole et le territoire rural, sur plus de chiffres publiés que de paramètres (simplexe de Nelder–Mead de GSL) ; les quartiers prioritaires sont tenus à l'écart et vérifiés ensuite : \(heldPassed) de leurs \(held.count) chiffres sont reproduits dans la tolérance."))
            html.raw("<table><thead>")
            html.row([l.t("target", "cible"), l.t("territory", "territoire"), l.t("published", "publié"), l.t("simulated", "simulé"),
                      l.t("within tolerance", "dans la tolérance"), l.t("source", "source")], header: true)
            html.raw("</thead><tbody>")
            for t in targets {
                let metric = (t["metric"] as? String).flatMap(Metric.named)
                func v(_ key: String) -> String {
                    guard let x = t[key] as? Double else { return l.undefined }
                    return metric.map { l.value(x, $0) } ?? l.number(x, decimals: 3)
                }
                let territory = (t["territory"] as? String ?? "") + (t["held_out"] as? Bool == true ? l.t(" (held out)", " (hors calage)") : "")
                let within = t["within_tolerance"] as? Bool == true ? l.t("yes", "oui") : l.t("no", "non")
                html.row([metric.map { l.metric($0).name } ?? (t["metric"] as? String ?? ""), territory, "\(v("target")) ± \(v("tolerance"))", v("fitted"),
                          within, t["source"] as? String ?? ""], header: false)
            }
            html.raw("</tbody></table>")
        }
        html.paragraph(l.t("Behavioural parameters without a published target (legibility, referrals, patience, lever effects and costs) are documented assumptions: read differences between policies with more confidence than levels, and replace capacities and costs with local figures.",
                           "Les paramètres sans cible publiée (lisibilité, réorientation, patience, effets et coûts des leviers) sont des hypothèses documentées : les écarts entre politiques sont plus sûrs que les niveaux, et les capacités et coûts gagnent à être remplacés par des chiffres locaux."))
        try AtomicFile.write(html.document(title: l.t("Maillage report", "Rapport Maillage")), to: path)
    }

    /// The study's findings over the plausible worlds: each statement, the share of parameter
    /// draws in which it holds and its exact 95% interval, said in words.
    static func findingsTable(_ t: DelimitedText, draws: Int, _ l: Language, _ html: inout Page) throws {
        let name = try t.column("finding"), statement = try t.column("statement"), share = try t.column("share"), low = try t.column("ci95_low"), high = try t.column("ci95_high")
        html.paragraph(l.t("How sure are the study's findings? The default study was run again in \(draws) plausible worlds: each draws every assumed parameter from its range (Scenarios/priors.yaml), and where the communes and structures fall. The table gives, for full cooperation, the share of those worlds in which each finding holds, with its 95% interval (the files are in uncertainty-default-study/).",
                           "Quelle est la solidité des conclusions de l'étude ? L'étude par défaut a été refaite dans \(draws) mondes plausibles : chacun tire chaque paramètre supposé dans sa plage (Scenarios/priors.yaml), ainsi que l'emplacement des communes et des structures. Le tableau donne, pour la coopération complète, la part de ces mondes où chaque conclusion tient, avec son intervalle à 95 % (les fichiers sont dans uncertainty-default-study/)."))
        html.raw("<table><thead>")
        html.row([l.t("finding", "conclusion"), l.t("share of plausible worlds where it holds", "part des mondes plausibles où elle tient"), l.t("95% interval", "intervalle à 95 %"),
                  l.t("rests on", "repose sur")], header: true)
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
        html.paragraph(l.t("The jobs added that need both ecosystems (the effect minus the same levers' effect without ESS structures), shared out over the levers (Shapley shares, which sum to the total). The interaction is the total minus what each lever's part would be acting alone; complementarity sums the levers' contributions where they add more with both ecosystems, substitution those where they add more without ESS structures.",
                           "Les emplois ajoutés qui demandent les deux écosystèmes (l'effet moins celui des mêmes leviers sans structures de l'ESS), répartis entre les leviers (parts de Shapley, dont la somme fait le total). L'interaction est le total moins ce que serait la part de chaque levier agissant seul ; la complémentarité additionne les contributions des leviers là où ils apportent plus avec les deux écosystèmes, la substitution celles où ils apportent plus sans les structures de l'ESS."))
        html.raw("<table><thead>")
        html.row([l.t("lever", "levier")] + columns.map { l.policy($0.0) + " — " + l.territory($0.1) }, header: true)
        html.raw("</thead><tbody>")
        func cell(_ c: (String, String), _ name: String, _ row: String) -> String {
            guard let r = t.rows.first(where: { $0.fields[po] == c.0 && $0.fields[sc] == c.1 && $0.fields[metric] == name && $0.fields[lever] == row })
            else { return "" }
            return Self.interval(r.fields[value], r.fields[lo], r.fields[hi], .jobsAdded, l, signed: true, difference: true)
        }
        let levers = t.distinct(lever).filter { lv in !named.contains(lv)
            && t.rows.contains { $0.fields[lever] == lv && $0.fields[metric] == part && bundles.contains($0.fields[po]) } }
        for lv in levers { html.row([l.policy(lv)] + columns.map { cell($0, part, lv) }, header: false) }
        html.row([l.t("total", "total")] + columns.map { cell($0, part, ShapleyDecomposition.total) }, header: false)
        html.row([l.t("interaction (not in the sum)", "interaction (hors somme)")] + columns.map { cell($0, part, ShapleyDecomposition.interaction) }, header: false)
        html.row([l.t("complementarity", "complémentarité")] + columns.map { cell($0, ShapleyDecomposition.complementarity, ShapleyDecomposition.total) }, header: false)
        html.row([l.t("substitution", "substitution")] + columns.map { cell($0, ShapleyDecomposition.substitution, ShapleyDecomposition.total) }, header: false)
        html.raw("</tbody></table>")
    }

    /// What a finding rests on, in words: its kind, what it names, and the formula it holds
    /// because of, when it is one.
    static func restsOn(_ finding: String, _ l: Language) -> String {
        guard let basis = StudyUncertainty.basis(finding) else { return "—" }
        let kind: String
        switch basis.kind {
        case .input: kind = l.t("an input", "une donnée d'entrée")
        case .assumption: kind = basis.formula == nil ? l.t("an assumption", "une hypothèse") : l.t("a stated formula", "une formule posée")
        case .geography: kind = l.t("geography", "la géographie")
        case .emergent: kind = l.t("the mechanisms together (emergent)", "les mécanismes ensemble (émergent)")
        }
        let formula = basis.formula.map { " [" + $0 + "]" } ?? ""
        return kind + formula + l.t(": ", "\u{00A0}: ") + l.t(basis.what)
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
            body.append("<p class=\"missing\">\(Self.escape(language.t("Chart not generated: ", "Graphique non produit : ") + (path as NSString).lastPathComponent))</p>")
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

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

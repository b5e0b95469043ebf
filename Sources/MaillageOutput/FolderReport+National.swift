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
        let title = l.t("Every territory on its own: \(territories.rows.count) territories", "Chaque territoire pour lui-même : \(territories.rows.count) territoires")
        html.raw("<h1>\(Page.escape(title))</h1>")
        html.paragraph(l.t("Each territory runs without cooperation and under the same standard policy, whose budget is the same per inhabitant everywhere, on \(manifest.replications ?? 0) replications of the same seed. Its networks are placed by rule (préfectures, sous-préfectures, urban units), not counted: the comparison is of territories' geography and size under one set of rules, not of their real offer.",
                           "Chaque territoire est simulé sans coopération puis avec la même politique type, dont le budget est le même par habitant partout, sur \(manifest.replications ?? 0) réplications de la même graine. Ses réseaux sont placés par règle (préfectures, sous-préfectures, unités urbaines), pas recensés : la comparaison porte sur la géographie et la taille des territoires sous les mêmes règles, pas sur leur offre réelle."))
        html.heading(l.t("1. Map", "1. Carte"))
        let map = try ZoneMap(zones: try TextFile.read(layer, maxBytes: Limits.geoJSONBytes), points: nil, path: layer)
        for figure in try ZoneMap.figures(map, kind: .national, l, prefix: "map") { html.svg(figure.svg) }

        html.heading(l.t("2. By INSEE density class", "2. Par classe de la grille de densité de l'Insee"))
        html.svg(try classChart(territories, classes, l))
        let c = (name: try classes.column("density_class"), n: try classes.column("territories"), mean: try classes.column("jobs_per_100k_eur_mean"),
                 low: try classes.column("ci95_low"), high: try classes.column("ci95_high"), pooled: try classes.column("pooled_jobs_per_100k_eur"))
        html.raw("<table><thead>")
        html.row([l.t("class (most inhabitants)", "classe (majorité des habitants)"), l.t("territories", "territoires"),
                  l.t("net jobs per 100 k€, mean [95% interval]", "emplois nets pour 100 k€, moyenne [intervalle à 95 %]"),
                  l.t("the class as one territory", "la classe comme un seul territoire")], header: true)
        html.raw("</thead><tbody>")
        for r in classes.rows {
            let f = r.fields
            let interval = "\(l.signed(Double(f[c.mean]) ?? .nan, decimals: 1)) [\(l.signed(Double(f[c.low]) ?? .nan, decimals: 1)); \(l.signed(Double(f[c.high]) ?? .nan, decimals: 1))]"
            html.row([className(f[c.name], l), f[c.n], interval, l.signed(Double(f[c.pooled]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.t("The interval is over the territories of the class: it holds their differences and their Monte Carlo noise, not the uncertainty of the model's parameters (territories.csv gives each territory's range over plausible worlds when the study draws them).",
                           "L'intervalle porte sur les territoires de la classe : il contient leurs différences et leur bruit de Monte-Carlo, pas l'incertitude des paramètres du modèle (territories.csv donne la plage de chaque territoire sur les mondes plausibles quand l'étude les tire)."))

        let pColumn = try territories.column("jobs_added_net_plausible_p_positive")
        let positive = territories.rows.compactMap { Double($0.fields[pColumn]) }.filter(\.isFinite).sorted()
        if !positive.isEmpty {
            let median = l.percent(Quantile.ofSorted(positive, 0.5), decimals: 0)
            let range = "\(l.percent(positive[0], decimals: 0)) – \(l.percent(positive[positive.count - 1], decimals: 0))"
            html.paragraph(l.t("Over plausible worlds (the priors, the calibrated parameters drawn from the posterior), the standard policy's net jobs are positive in \(median) of the draws in the median territory (\(range)). The comparison between classes holds at the central parameters; whether the policy adds jobs at all is not known (MODEL.md 9).",
                               "Sur les mondes plausibles (les hypothèses, les paramètres calés tirés de la loi a posteriori), les emplois nets de la politique type sont positifs dans \(median) des tirages pour le territoire médian (\(range)). La comparaison entre classes vaut aux paramètres centraux ; on ne sait pas si la politique ajoute des emplois (MODEL.md 9)."))
        }

        html.heading(l.t("3. Regression of the effect", "3. Régression de l'effet"))
        let t = (term: try regression.column("term"), coefficient: try regression.column("coefficient"), se: try regression.column("hc1_standard_error"),
                 low: try regression.column("ci95_low"), high: try regression.column("ci95_high"), r2: try regression.column("r_squared"))
        if regression.rows.isEmpty {
            html.paragraph(l.t("Too few territories for the regression.", "Trop peu de territoires pour la régression."))
        } else {
            html.raw("<table><thead>")
            html.row([l.t("term", "terme"), l.t("coefficient", "coefficient"), l.t("standard error (HC1)", "erreur type (HC1)"), l.t("95% interval", "intervalle à 95 %")], header: true)
            html.raw("</thead><tbody>")
            for r in regression.rows {
                let f = r.fields, x = { (s: String) in l.number(Double(s) ?? .nan, decimals: 3) }
                html.row([f[t.term], x(f[t.coefficient]), x(f[t.se]), "[\(x(f[t.low])); \(x(f[t.high]))]"], header: false)
            }
            html.raw("</tbody></table>")
            html.paragraph(l.t("Net jobs added per 100 k€ regressed on log₁₀ of the density (inhabitants per km²), the share of inhabitants in rural communes (levels 5–7) and the structures per 100,000 inhabitants; ordinary least squares, R² \(l.number(Double(regression.rows[0].fields[t.r2]) ?? .nan, decimals: 2)). An association across territories, not a causal effect of density.",
                               "Emplois nets ajoutés pour 100 k€ régressés sur le log₁₀ de la densité (habitants par km²), la part des habitants en communes rurales (niveaux 5 à 7) et les structures pour 100 000 habitants ; moindres carrés ordinaires, R² \(l.number(Double(regression.rows[0].fields[t.r2]) ?? .nan, decimals: 2)). Une association entre territoires, pas un effet causal de la densité."))
        }

        html.heading(l.t("4. Every territory", "4. Chaque territoire"))
        let col = { (name: String) in try territories.column(name) }
        let code = try col("code"), name = try col("name"), population = try col("population"), klass = try col("density_class")
        let budget = try col("budget_eur"), jobs = try col("jobs_added_net"), jobsLow = try col("jobs_added_net_ci95_low"), jobsHigh = try col("jobs_added_net_ci95_high")
        let per = try col("jobs_per_100k_eur"), plausibleLow = try col("jobs_added_net_plausible_low"), plausibleHigh = try col("jobs_added_net_plausible_high")
        html.raw("<table><thead>")
        html.row([l.t("territory", "territoire"), l.t("inhabitants", "habitants"), l.t("class", "classe"), l.t("budget a year", "budget annuel"),
                  l.t("net jobs added [95% Monte Carlo]", "emplois nets ajoutés [95 % Monte-Carlo]"), l.t("plausible range", "plage plausible"),
                  l.t("per 100 k€", "pour 100 k€")], header: true)
        html.raw("</thead><tbody>")
        for r in territories.rows {
            let f = r.fields, x = { (s: String) in l.signed(Double(s) ?? .nan, decimals: 1) }
            let plausible = Double(f[plausibleLow]) == nil ? "—" : "[\(x(f[plausibleLow])); \(x(f[plausibleHigh]))]"
            html.row(["\(f[code]) \(f[name])", l.number(Double(f[population]) ?? .nan, decimals: 0), className(f[klass], l),
                      l.number(Double(f[budget]) ?? .nan, decimals: 0) + " €", "\(x(f[jobs])) [\(x(f[jobsLow])); \(x(f[jobsHigh]))]", plausible, x(f[per])], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.t("territories.csv and territories.geojson (WGS84, one feature per territory) have every column.",
                           "territories.csv et territories.geojson (WGS84, une entité par territoire) ont toutes les colonnes."))
        return title
    }

    static func className(_ key: String, _ l: Language) -> String {
        if key == "rural_minus_dense_urban" { return l.t("rural minus large urban centres", "rural moins grands centres urbains") }
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
        svg += "<text x=\"\(f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">\(Page.escape(l.t("Net jobs added per 100 k€, by density class", "Emplois nets ajoutés pour 100 k€, par classe de densité")))</text>\n"
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
        svg += "<text x=\"\(f(left))\" y=\"\(f(top - 14))\" font-size=\"11\">\(Page.escape(l.t("dots: territories; black: the class's mean and 95% interval", "points : territoires ; noir : moyenne de la classe et intervalle à 95 %")))</text>\n"
        return svg + "</svg>\n"
    }
}

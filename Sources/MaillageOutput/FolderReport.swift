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
        case .national: l.t("a national study", "une étude nationale")
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

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A coverage folder's report: maps and the accessibility summary.
extension Report {
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
        if FileManager.default.fileExists(atPath: folder + "/coverage_by_density.csv") { try densitySection(folder, l, &html) }
        html.paragraph(l.t("zones.geojson (WGS84, one feature per zone with these indices) opens in QGIS or geopandas as it is.",
                           "zones.geojson (WGS84, une entité par zone avec ces indices) s'ouvre tel quel dans QGIS ou geopandas."))
        return title
    }

    /// Coverage of the creation stage by INSEE density level (`coverage_by_density.csv`): the
    /// territory's urban and rural communes side by side.
    static func densitySection(_ folder: String, _ l: Language, _ html: inout Page) throws {
        let table = try DelimitedText(path: folder + "/coverage_by_density.csv", delimiter: ",")
        let level = try table.column("density_level"), zones = try table.column("zones"), population = try table.column("population")
        let type = try table.column("project_type"), stage = try table.column("stage"), rate = try table.column("coverage_rate")
        let minutes = try table.column("mean_minutes")
        html.heading(l.t("4. By INSEE density level (creation stage)", "4. Par niveau de la grille de densité de l'Insee (étape de création)"))
        html.raw("<table><thead>")
        html.row([l.t("density level", "niveau de densité"), l.t("zones", "zones"), l.t("inhabitants", "habitants"),
                  l.t("coverage, classic", "couverture, classique"), l.t("coverage, ESS", "couverture, ESS"),
                  l.t("mean minutes to ESS support", "minutes en moyenne jusqu'à l'ESS")], header: true)
        html.raw("</thead><tbody>")
        let creation = table.rows.filter { $0.fields[stage] == "creation" }
        for classic in creation where classic.fields[type] == "classic" {
            let code = classic.fields[level]
            guard let ess = creation.first(where: { $0.fields[level] == code && $0.fields[type] == "ess" }) else { continue }
            let name = Int(code).flatMap { (1...7).contains($0) ? "\($0) \(l.t(Zone.densityLevelNames[$0].en, Zone.densityLevelNames[$0].fr))" : nil }
                ?? l.t("not in the grid", "hors de la grille")
            html.row([name, classic.fields[zones], l.number(Double(classic.fields[population]) ?? .nan, decimals: 0),
                      l.percent(Double(classic.fields[rate]) ?? .nan), l.percent(Double(ess.fields[rate]) ?? .nan),
                      l.number(Double(ess.fields[minutes]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.t("coverage_by_density.csv has every need by level.", "coverage_by_density.csv donne chaque besoin par niveau."))
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
}

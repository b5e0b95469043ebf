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
}

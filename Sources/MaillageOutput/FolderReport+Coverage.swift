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
        let title = l.words("coverage.title", ["name": name])
        html.raw("<h1>\(Page.escape(title))</h1>")
        let figures = try ZoneMap.figures(folder, kind: .coverage, l)
        for (k, figure) in figures.enumerated() {
            if k == 0 { html.heading(l.words("coverage.travel_time")) }
            if k == 1 { html.heading(l.words("coverage.coverage_and_index")) }
            html.svg(figure.svg)
        }
        html.heading(l.words("coverage.by_need"))
        let type = try summary.column("project_type"), stage = try summary.column("stage"), rate = try summary.column("coverage_rate")
        let minutes = try summary.column("mean_minutes"), covered = try summary.column("covered_population")
        html.raw("<table><thead>")
        html.row(["coverage.project_type_column", "coverage.stage_column", "coverage.covered_column", "coverage.coverage_column",
                  "coverage.minutes_column"].map { l.words($0) }, header: true)
        html.raw("</thead><tbody>")
        for r in summary.rows {
            html.row([projectType(r.fields[type], l), stageName(r.fields[stage], l), l.number(Double(r.fields[covered]) ?? .nan, decimals: 0),
                      l.percent(Double(r.fields[rate]) ?? .nan), l.number(Double(r.fields[minutes]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        if FileManager.default.fileExists(atPath: folder + "/coverage_by_density.csv") { try densitySection(folder, l, &html) }
        html.paragraph(l.words("coverage.layer"))
        return title
    }

    /// Coverage of the creation stage by INSEE density level (`coverage_by_density.csv`): the
    /// territory's urban and rural communes side by side.
    static func densitySection(_ folder: String, _ l: Language, _ html: inout Page) throws {
        let table = try DelimitedText(path: folder + "/coverage_by_density.csv", delimiter: ",")
        let level = try table.column("density_level"), zones = try table.column("zones"), population = try table.column("population")
        let type = try table.column("project_type"), stage = try table.column("stage"), rate = try table.column("coverage_rate")
        let minutes = try table.column("mean_minutes")
        html.heading(l.words("coverage.by_density_level"))
        html.raw("<table><thead>")
        html.row(["coverage.level_column", "coverage.zones_column", "coverage.inhabitants_column", "coverage.classic_column",
                  "coverage.ess_column", "coverage.ess_minutes_column"].map { l.words($0) }, header: true)
        html.raw("</thead><tbody>")
        let creation = table.rows.filter { $0.fields[stage] == "creation" }
        for classic in creation where classic.fields[type] == "classic" {
            let code = classic.fields[level]
            guard let ess = creation.first(where: { $0.fields[level] == code && $0.fields[type] == "ess" }) else { continue }
            let name = Int(code).flatMap { (1...7).contains($0) ? "\($0) \(l.t(Zone.densityLevelNames[$0].en, Zone.densityLevelNames[$0].fr))" : nil }
                ?? l.words("coverage.not_in_grid")
            html.row([name, classic.fields[zones], l.number(Double(classic.fields[population]) ?? .nan, decimals: 0),
                      l.percent(Double(classic.fields[rate]) ?? .nan), l.percent(Double(ess.fields[rate]) ?? .nan),
                      l.number(Double(ess.fields[minutes]) ?? .nan, decimals: 1)], header: false)
        }
        html.raw("</tbody></table>")
        html.paragraph(l.words("coverage.by_density_file"))
    }

    static func projectType(_ s: String, _ l: Language) -> String {
        switch s {
        case "classic": l.words("project_type.classic")
        case "ess": l.words("project_type.ess")
        case "social_utility": l.words("project_type.social_utility")
        default: s
        }
    }

    static func stageName(_ s: String, _ l: Language) -> String {
        switch s {
        case "emergence": l.words("stage.emergence")
        case "creation": l.words("stage.creation")
        case "financing": l.words("stage.financing")
        case "growth": l.words("stage.growth")
        default: s
        }
    }
}

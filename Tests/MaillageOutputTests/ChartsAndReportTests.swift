import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// Charts and reports drawn from the committed results in Output/.
@Suite("Charts and reports")
struct ChartsAndReportTests {
    static let results = packageRoot.appendingPathComponent("Output").path

    @Test("every chart is drawn as SVG and PNG, with its title, axis labels and legend")
    func charts() throws {
        let folder = try temporaryFolder()
        let names = try Charts.render(results: Self.results, language: .en, to: folder.path)
        for expected in ["default-study-metrics", "rural-vs-metro-effects", "funding-rural-franche-comte", "funding-metro-lyon",
                         "sobol-indices", "sobol-priors", "convergence"] {
            #expect(names.contains(expected), "\(expected) drawn")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(expected).png").path))
        }
        for map in ["map-real-metro-lyon-minutes", "map-rural-franche-comte-minutes"] {
            #expect(names.contains(map) && FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(map).svg").path), "\(map) drawn")
        }
        func svg(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent("\(name).svg"), encoding: .utf8) }
        let study = try svg("default-study-metrics")
        for text in ["The three territories without and with full cooperation", "share of population", "no cooperation", "full cooperation"] {
            #expect(study.contains(text), "says \(text)")
        }
        let map = try svg("map-real-metro-lyon-minutes")
        for text in ["Minutes to the nearest fitting structure", "classic structure", "ESS structure", "no value", ">N</text>", " km</text>", "Lyon"] {
            #expect(map.contains(text), "map says \(text)")
        }
        #expect(try svg("funding-metro-lyon").contains("yearly budget (thousand euros)"))
        // The assumptions' indices: every screened prior's bars, titled by what they explain.
        let priors = try svg("sobol-priors")
        #expect(priors.contains("assumptions, 200 k€ split evenly") && priors.contains("knowledge_legibility_gain"))
    }

    @Test("the same results draw the same SVG")
    func deterministic() throws {
        let a = try temporaryFolder(), b = try temporaryFolder()
        _ = try Charts.render(results: Self.results, language: .fr, to: a.path)
        _ = try Charts.render(results: Self.results, language: .fr, to: b.path)
        let svgA = try Data(contentsOf: a.appendingPathComponent("convergence.svg"))
        #expect(svgA == (try Data(contentsOf: b.appendingPathComponent("convergence.svg"))))
        #expect(String(decoding: svgA, as: UTF8.self).contains("réplications"))
    }

    @Test("the report embeds every chart and the tables, dated by SOURCE_DATE_EPOCH's date")
    func report() throws {
        let out = try temporaryFolder().appendingPathComponent("rapport.html")
        try Report.write(results: Self.results, language: .fr, to: out.path, date: Date(timeIntervalSince1970: 1_577_836_800))
        let html = try String(contentsOf: out, encoding: .utf8)
        let charts = try FileManager.default.contentsOfDirectory(atPath: Self.results + "/charts/fr").filter { $0.hasSuffix(".svg") }.count
        #expect(html.components(separatedBy: "<img class=\"chart\"").count - 1 == charts)
        #expect(html.contains("data-charts=\"\(charts)\""))
        for text in ["<html lang=\"fr\">", "2020-01-01", "Que permettent 200 000 euros par an", "coopération complète", "graine de l'étude par défaut"] {
            #expect(html.contains(text), "says \(text)")
        }
        #expect(!html.contains("http://") && !html.contains("https://"), "opens without a network")
        // The part that needs both ecosystems, lever by lever, with the interaction and the split by sign.
        #expect(html.contains("interaction (hors somme)") && html.contains("complémentarité") && html.contains("substitution"))
        // The study's findings over the plausible worlds, one row each, in French, shares from findings.csv.
        let findings = try DelimitedText(path: Self.results + "/uncertainty-default-study/findings.csv", delimiter: ",")
        #expect(findings.rows.count >= 7)
        #expect(html.contains("part des mondes plausibles où elle tient"))
        #expect(html.contains("la couverture progresse plus dans le territoire rural que dans la métropole"))
        let share = try findings.column("share"), restsOn = try findings.column("rests_on"), formula = try findings.column("formula")
        for row in findings.rows {
            let percent = Language.fr.percent(Double(row.fields[share])!, decimals: 0)
            #expect(html.contains("<td>\(percent)</td>"), "shows \(row.fields[0]) at \(percent)")
            // Each finding says what it rests on, one of four kinds, and the report says it too.
            #expect(StudyUncertainty.Basis.Kind(rawValue: row.fields[restsOn]) != nil, "\(row.fields[0]) rests on \(row.fields[restsOn])")
            #expect(html.contains(Report.restsOn(row.fields[0], .fr)), "marks what \(row.fields[0]) rests on")
        }
        // The metropolitan legibility finding holds because of a stated formula, and says so.
        let legibility = try #require(findings.rows.first { $0.fields[0] == "metro_fit_over_coverage" })
        #expect(legibility.fields[formula].contains("5 / (5 + n)") && html.contains("une formule posée"))
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// `maillage report` and `maillage charts` on a user's own results folders, as an official or an
/// analyst would ask for them: each kind gets the sections that apply, French reads as French,
/// and a folder of another tool is refused.
@Suite("Reports and charts of any results folder", .serialized)
struct FolderReportTests {
    /// One folder of each kind, made once with few replications.
    static let folders: Result<[String: URL], any Error> = Result(catching: {
        let root = try temporaryFolder()
        func out(_ name: String) -> String { root.appendingPathComponent(name).path }
        let plan = packageRoot.appendingPathComponent("Tests/fixtures/small-sobol-sweep.yaml")
        // Five of the shipped priors: a screening of 12 models instead of the whole set's 148.
        let smallPriors = packageRoot.appendingPathComponent("Tests/fixtures/small-priors.yaml").path
        let commands: [(String, [String])] = [
            ("run", ["run", "Scenarios/funding/metro-lyon-outreach.yaml", "--replications", "8", "--no-shapley", "--plausible-draws", "4",
                     "--plausible-replications", "2"]),
            ("study", ["study", "Scenarios/default-study.yaml", "--replications", "4", "--no-shapley", "--plausible-draws", "4",
                       "--plausible-replications", "2"]),
            ("compare", ["compare", "Scenarios/metro-lyon.yaml", "Scenarios/funding/metro-lyon-coordination.yaml", "--replications", "6"]),
            ("sweep", ["sweep", plan.path, "--allow-outside"]),
            ("coverage", ["coverage", "Scenarios/real/rural-franche-comte.yaml"]),
            ("uncertainty", ["uncertainty", "Scenarios/funding/metro-lyon-coordination.yaml", "--draws", "6", "--replications", "3"]),
            ("morris", ["uncertainty", "Scenarios/rural-franche-comte.yaml", "--morris", "--trajectories", "2", "--replications", "3", "--metric", "supported_share",
                        "--priors", smallPriors]),
            ("sobol", ["uncertainty", "Scenarios/rural-franche-comte.yaml", "--sobol", "--screened", out("morris"), "--top", "2", "--samples", "8",
                       "--replications", "3", "--bootstrap", "50", "--metric", "supported_share", "--priors", smallPriors]),
        ]
        var made: [String: URL] = [:]
        for (kind, arguments) in commands {
            let r = try runMaillage(arguments + ["--out", out(kind)] + (kind == "coverage" ? [] : ["--quiet"]))
            guard r.status == 0 else { throw InputError(file: kind, message: r.err) }
            made[kind] = root.appendingPathComponent(kind)
        }
        return made
    })

    /// What each kind's report must say, in English and in French.
    static let sections: [String: [(en: String, fr: String)]] = [
        "run": [("1. What the policy buys", "1. Ce que la politique achète"), ("2. What it adds", "2. Ce qu'elle apporte"),
                ("3. At what cost", "3. À quel coût"), ("4. Where", "4. Où"), ("5. How sure", "5. Quelle certitude"),
                ("6. What it rests on", "6. Sur quoi cela repose"), ("permanences bought", "permanences achetées")],
        "study": [("Study: the scenarios", "Étude : les scénarios"), ("Reach", "Accès"), ("Outcomes", "Résultats")],
        "compare": [("Comparison of scenarios", "Comparaison de scénarios"), ("Effects of the policy", "Effets de la politique")],
        "sweep": [("Sweep", "Balayage"), ("Sobol indices", "Indices de Sobol")],
        "uncertainty": [("Uncertainty of", "Incertitude de"), ("The policy's effects over the parameter draws", "Effets de la politique sur les tirages de paramètres")],
        "morris": [("Which assumptions matter", "Quelles hypothèses comptent")],
        "sobol": [("How much of the uncertainty each assumption carries", "Quelle part de l'incertitude chaque hypothèse porte")],
        "coverage": [("1. Travel time", "1. Temps de trajet"), ("2. Coverage and access index", "2. Couverture et indice d'accessibilité"),
                     ("3. By need", "3. Par besoin")],
    ]

    @Test("report and charts on a run, study, comparison, sweep and coverage folder give the sections that apply",
          arguments: ["run", "study", "compare", "sweep", "coverage", "uncertainty", "morris", "sobol"])
    func everyKind(_ kind: String) throws {
        let folder = try #require(try Self.folders.get()[kind])
        let manifest = try Manifest.read(folder.path)
        #expect(manifest.kind.rawValue == kind && manifest.toolVersion == maillageVersion)
        for l in Language.allCases {
            let page = folder.appendingPathComponent("report-\(l.rawValue).html")
            let r = try runMaillage(["report", folder.path, "--lang", l.rawValue, "--out", page.path])
            #expect(r.status == 0, "\(kind) \(l): \(r.err)")
            let html = try String(contentsOf: page, encoding: .utf8)
            for s in Self.sections[kind] ?? [] {
                let text = Page.escape(l == .en ? s.en : s.fr)
                #expect(html.contains(text), "\(kind) report (\(l)) says \(text)")
            }
            #expect(html.contains("<html lang=\"\(l.rawValue)\">") && !html.contains("class=\"missing\""))
            let charts = try runMaillage(["charts", folder.path, "--lang", l.rawValue])
            #expect(charts.status == 0, "\(kind) charts \(l): \(charts.err)")
            let drawn = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("charts/\(l.rawValue)").path)
            #expect(drawn.contains { $0.hasSuffix(".svg") }, "\(kind) charts drawn: \(drawn)")
        }
    }

    @Test("a French report has no English metric label and no number in English format")
    func frenchReads() throws {
        let folders = try Self.folders.get()
        // Labels that differ between the languages (a French label may contain an English one's words).
        let english = Metric.all.map(\.label).filter { $0.en != $0.fr && !$0.fr.contains($0.en) }.map(\.en)
        for (kind, folder) in folders.sorted(by: { $0.key < $1.key }) {
            let page = folder.appendingPathComponent("rapport.html")
            let r = try runMaillage(["report", folder.path, "--lang", "fr", "--out", page.path])
            #expect(r.status == 0, "\(r.err)")
            let text = Self.visibleText(try String(contentsOf: page, encoding: .utf8))
            for label in english {
                #expect(!text.contains(" " + label + " ") && !text.contains(">" + label + "<"), "\(kind): English label '\(label)'")
            }
            // 1,234 or 0.45 (English separators), NA, nan, inf; the tool's version is the only dotted number allowed.
            let cleaned = text.replacingOccurrences(of: maillageVersion, with: "")
            for pattern in [#"\d,\d{3}(?!\d)"#, #"\d\.\d"#, #"\bNA\b"#, #"\bnan\b"#, #"\binf\b"#] {
                let regex = try NSRegularExpression(pattern: pattern)
                let found = regex.matches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned)).prefix(3).map {
                    String(cleaned[Range($0.range, in: cleaned)!])
                }
                #expect(found.isEmpty, "\(kind): English-format or undefined number \(found) (pattern \(pattern))")
            }
            // Column headers: none left as the CSV's English words (a parameter's dotted path is the reader's own name).
            let html = try String(contentsOf: page, encoding: .utf8)
            let headerRegex = try NSRegularExpression(pattern: #"<th[^>]*>([^<]*)</th>"#)
            let headers = headerRegex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
                String(html[Range($0.range(at: 1), in: html)!])
            }.filter { !$0.contains(".") }
            let englishHeader = try NSRegularExpression(pattern: #"\b(low|high|ratio|mean|share|ci95|sd)\b|_"#)
            for h in headers {
                #expect(englishHeader.firstMatch(in: h, range: NSRange(h.startIndex..., in: h)) == nil, "\(kind): English column header '\(h)'")
            }
            // Sweeps and sensitivity indices have no number of 1,000 or more to separate.
            #expect(text.contains("\u{202F}") || ["sweep", "morris", "sobol"].contains(kind), "\(kind): French thousands separator used")
        }
    }

    @Test("the analysts' commands print their summaries in French with --lang fr: French words, French numbers")
    func analystsInFrench() throws {
        let root = try temporaryFolder()
        func out(_ name: String) -> String { root.appendingPathComponent(name).path }
        let commands: [(name: String, arguments: [String], says: String)] = [
            ("uncertainty", ["uncertainty", "Scenarios/funding/metro-lyon-coordination.yaml", "--draws", "4", "--replications", "3"], "tirages de paramètres"),
            ("morris", ["uncertainty", "Scenarios/rural-franche-comte.yaml", "--morris", "--trajectories", "2", "--replications", "3",
                        "--metric", "supported_share", "--priors", "Tests/fixtures/small-priors.yaml"], "criblage de Morris"),
            ("sweep", ["sweep", "Tests/fixtures/small-sobol-sweep.yaml", "--allow-outside"], "Indices de Sobol donnés pour"),
            ("placement", ["optimise", "placement", "Scenarios/real/rural-franche-comte.yaml", "--add", "2"], "habitants couverts de plus"),
            ("budget", ["optimise", "budget", "Scenarios/metro-lyon.yaml", "--budget", "200000", "--replications", "4", "--grid", "2"],
             "meilleure répartition pour"),
            ("abc", ["calibrate", "Scenarios/calibration/targets.yaml", "--abc", "6", "--accept", "0.5"], "médiane a posteriori"),
        ]
        // A decimal point, or English words; "2,172" is a French decimal here, so grouping is checked by its narrow space instead.
        let english = try NSRegularExpression(pattern: #"\d\.\d|\bwritten to\b|\bNA\b|\bnan\b"#)
        for c in commands {
            let target = c.name == "abc" ? out("posterior.yaml") : out(c.name)
            let r = try runMaillage(c.arguments + ["--out", target, "--quiet", "--lang", "fr"])
            #expect(r.status == 0, "\(c.name): \(r.err)")
            #expect(r.out.contains(c.says) && r.out.contains("écrit dans"), "\(c.name): \(r.out)")
            let found = english.matches(in: r.out, range: NSRange(r.out.startIndex..., in: r.out)).prefix(3).map {
                String(r.out[Range($0.range, in: r.out)!])
            }
            #expect(found.isEmpty, "\(c.name): English words or number format \(found) in\n\(r.out)")
            if c.name == "placement" { #expect(r.out.range(of: "\\d\u{202F}\\d{3}", options: .regularExpression) != nil, "thousands: \(r.out)") }
        }
    }

    /// The text a reader sees: no tags, scripts, styles or embedded images.
    static func visibleText(_ html: String) -> String {
        var s = html
        for pattern in [#"(?s)<script.*?</script>"#, #"(?s)<style.*?</style>"#, #"src="data:[^"]*""#, #"<[^>]+>"#] {
            s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
    }

    @Test("a folder without a manifest, a manifest of another tool, or a shard is refused with exit status 2")
    func refused() throws {
        let foreign = try temporaryFolder()
        try "a,b\n1,2\n".write(to: foreign.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        for command in ["report", "charts"] {
            let r = try runMaillage([command, foreign.path])
            #expect(r.status == 2 && r.err.contains("manifest.json"), "\(command): \(r.err)")
        }
        try #"{"kind": "run", "tool": "other", "tool_version": "1", "scenarios": []}"#
            .write(to: foreign.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let other = try runMaillage(["report", foreign.path])
        #expect(other.status == 2 && other.err.contains("tool") && other.err.contains("other"), "\(other.err)")
        try "not json".write(to: foreign.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let broken = try runMaillage(["report", foreign.path])
        #expect(broken.status == 2 && broken.err.contains("manifest.json"), "\(broken.err)")
        let shard = try temporaryFolder().appendingPathComponent("shard")
        let s = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "4", "--shard", "1/2", "--out", shard.path, "--quiet"])
        #expect(s.status == 0, "\(s.err)")
        let r = try runMaillage(["report", shard.path])
        #expect(r.status == 2 && r.err.contains("maillage merge"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: shard.appendingPathComponent("report.html").path), "no page written")
    }

    @Test("zones.geojson opens with Python's json module: one feature per zone, closed rings in France, the values of zones.csv",
          arguments: ["run", "coverage"])
    func geoJSON(_ kind: String) throws {
        let folder = try #require(try Self.folders.get()[kind])
        let script = """
            import csv, json, math, sys
            folder = sys.argv[1] if len(sys.argv) > 1 else \(String(reflecting: folder.path))
            layer = json.load(open(folder + "/zones.geojson"))
            rows = list(csv.DictReader(open(folder + "/zones.csv", encoding="utf-8")))
            assert layer["type"] == "FeatureCollection", layer["type"]
            features = layer["features"]
            assert len(features) == len(rows), (len(features), len(rows))
            polygons = 0
            for f, row in zip(features, rows):
                g, p = f["geometry"], f["properties"]
                assert p["code"] == row["code"] and p["name"] == row["name"], (p["code"], row["code"])
                for key, value in row.items():
                    if key in ("code", "name", "kind"):
                        assert p[key] == value, key
                    elif value == "NA":
                        assert p[key] is None, key
                    else:
                        assert math.isclose(p[key], float(value), rel_tol=1e-9, abs_tol=1e-12), (key, p[key], value)
                if g["type"] == "MultiPolygon":
                    for polygon in g["coordinates"]:
                        for ring in polygon:
                            assert len(ring) >= 4 and ring[0] == ring[-1], "closed ring"
                            for lon, lat in ring:
                                assert -5.5 < lon < 10 and 41 < lat < 51.5, (lon, lat)
                        polygons += 1
                else:
                    assert g["type"] == "Point", g["type"]
            assert polygons >= len(rows) * 0.9, (polygons, len(rows))
            print("ok", len(features), polygons)
            """
        let r = try runPython(script)
        #expect(r.status == 0 && r.out.hasPrefix("ok"), "\(r.out)")
    }

    @Test("the terminal prints grouped tables with units that fit 100 columns, or CSV and JSON for machines")
    func terminal() throws {
        let out = try temporaryFolder()
        let text = try runMaillage(["study", "Scenarios/experiments/rural-vs-metro.yaml", "--replications", "3", "--no-shapley",
                                    "--plausible-draws", "3", "--plausible-replications", "1",
                                    "--out", out.appendingPathComponent("s").path, "--quiet", "--lang", "fr"])
        #expect(text.status == 0, "\(text.err)")
        let widest = text.out.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest <= 100, "widest line \(widest)")
        #expect(text.out.contains("mondes plausibles"), "the cells' ranges over plausible worlds")
        for title in ["ACCÈS", "ORIENTATION", "ACCOMPAGNEMENT", "RÉSULTATS", "EFFETS DE LA POLITIQUE"] {
            #expect(text.out.contains("\n" + title + "\n"), "group \(title)")
        }
        let csv = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "3", "--no-shapley", "--format", "csv",
                                   "--out", out.appendingPathComponent("r").path, "--quiet"])
        #expect(csv.out == (try String(contentsOf: out.appendingPathComponent("r/summary.csv"), encoding: .utf8)))
        let json = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "3", "--no-shapley", "--format", "json",
                                    "--out", out.appendingPathComponent("r").path, "--quiet"])
        #expect(json.out == (try String(contentsOf: out.appendingPathComponent("r/summary.json"), encoding: .utf8)))
        let french = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "3", "--no-shapley",
                                      "--out", out.appendingPathComponent("r").path, "--quiet"], environment: ["LANG": "fr_FR.UTF-8", "LC_ALL": ""])
        #expect(french.out.contains("couverture (part de la population)"), "LANG=fr gives French: \(french.out.prefix(300))")
    }
}

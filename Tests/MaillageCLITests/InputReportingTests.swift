import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// What a user must be told: import warnings, codes that select nothing, money that buys nothing,
/// structure tables that replace networks, seeds as schedulers write them, and sweep plans checked
/// point by point before anything is written.
@Suite("Input reporting")
struct InputReportingTests {
    static let data = packageRoot.appendingPathComponent("Scenarios/data")

    /// Writes `text` into a fresh folder as `name` and returns its path.
    func write(_ text: String, as name: String = "s.yaml") throws -> String {
        let file = try temporaryFolder().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// A shipped real scenario with its territory read the older way (`generator: real`): the
    /// 2018 polygons and the populations of `Scenarios/data` joined by code, whose mismatches are
    /// warnings.
    func legacy(_ name: String, geometry: [String], select: String) throws -> String {
        let files = geometry.map { Self.data.appendingPathComponent("geo/communes-\($0).geojson").path }.joined(separator: ", ")
        return try write("""
            base: \(packageRoot.appendingPathComponent("Scenarios/real/\(name).yaml").path)
            name: legacy-\(name)
            territory:
              generator: real
              geometry: [\(files)]
              populations: \(Self.data.appendingPathComponent("insee/donnees_communes.csv").path)
              cog: \(Self.data.appendingPathComponent("insee/communes.csv").path)
              select: \(select)
            """)
    }

    @Test("validate prints the import report as warnings, and --strict turns them into exit status 2; the shipped real scenarios have none")
    func importWarnings() throws {
        let franche = try legacy("rural-franche-comte", geometry: ["25-doubs", "39-jura", "70-haute-saone", "90-territoire-de-belfort"],
                                 select: "{departments: [\"25\", \"39\", \"70\", \"90\"]}")
        let ok = try runMaillage(["validate", franche])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("1 warning"))
        #expect(ok.err.contains("warning:") && ok.err.contains("34 polygons have no population row") && ok.err.contains("90073 Moval"))
        let strict = try runMaillage(["validate", "--strict", franche])
        #expect(strict.status == 2)
        #expect(strict.err.contains("--strict"))
        // Lyon's arrondissements lose nothing: a note, not a warning.
        let lyon = try runMaillage(["validate", "--strict", "Scenarios/real/metro-lyon.yaml"])
        #expect(lyon.status == 0, "\(lyon.err)")
        #expect(lyon.out.contains("9 municipal arrondissements aggregated"))
        // From the national files, the shipped real territories lose nothing and keep no empty polygon.
        for name in ["rural-franche-comte", "qpv-seine-saint-denis"] {
            let shipped = try runMaillage(["validate", "--strict", "Scenarios/real/\(name).yaml"])
            #expect(shipped.status == 0, "\(shipped.err)")
            #expect(shipped.out.contains("merged since the polygons' vintage"), "\(shipped.out)")
        }
    }

    @Test("a run records the import warnings in summary.json")
    func warningsInSummary() throws {
        let out = try temporaryFolder().appendingPathComponent("run")
        let file = try legacy("qpv-seine-saint-denis", geometry: ["93-seine-saint-denis"], select: "{departments: [\"93\"]}")
        let r = try runMaillage(["run", file, "--replications", "2", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        let warnings = try #require(json?["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("93059 Pierrefitte-sur-Seine") }, "\(warnings)")
    }

    @Test("a code in select: codes that matches no commune is an error naming it")
    func unknownSelectCode() throws {
        let file = try write("""
            name: x
            territory: {generator: real, geometry: [\(Self.data.path)/geo/communes-93-seine-saint-denis.geojson], populations: \(Self.data.path)/insee/donnees_communes.csv, select: {codes: ["93001", "93999"]}}

            """)
        let r = try runMaillage(["validate", file])
        #expect(r.status == 2)
        #expect(r.err.contains("territory.select.codes[1]") && r.err.contains("'93999'"), "\(r.err)")
    }

    @Test("a structure table replaces the base scenario's networks unless networks: keep")
    func tableReplacesNetworks() throws {
        let folder = try temporaryFolder()
        let table = folder.appendingPathComponent("structures.csv")
        try "name,ecosystem,stages,capacity_per_year,commune\nOne,classic,emergence|creation,100,T001\nTwo,ess,creation,50,T002\n"
            .write(to: table, atomically: true, encoding: .utf8)
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let replaced = folder.appendingPathComponent("replaced.yaml")
        try "base: \(base)\nname: replaced\nstructures: {csv: structures.csv}\n".write(to: replaced, atomically: true, encoding: .utf8)
        let kept = folder.appendingPathComponent("kept.yaml")
        try "base: \(base)\nname: kept\nstructures: {csv: structures.csv, networks: keep}\n".write(to: kept, atomically: true, encoding: .utf8)
        let baseCount = try ScenarioLoader.load(base).world().structures.count
        #expect(try ScenarioLoader.load(replaced.path).world().structures.map(\.name) == ["One", "Two"])
        let keptNames = try ScenarioLoader.load(kept.path).world().structures.map(\.name)
        #expect(keptNames.count == baseCount + 2 && keptNames.suffix(2) == ["One", "Two"])
        let wrong = folder.appendingPathComponent("wrong.yaml")
        try "base: \(base)\nname: wrong\nstructures: {networks: keep}\n".write(to: wrong, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try ScenarioLoader.load(wrong.path) }
    }

    @Test("budget_eur without a split is an error, not a budget that buys nothing")
    func budgetWithoutSplit() throws {
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let file = try write("base: \(base)\nname: x\npolicy: {funding: {budget_eur: 300000}}\n")
        let r = try runMaillage(["validate", file])
        #expect(r.status == 2)
        #expect(r.err.contains("policy.funding.budget_eur") && r.err.contains("split"), "\(r.err)")
    }

    @Test("money that buys nothing is reported, recorded as budget_unspent_eur, and left out of the cost per job")
    func unspentBudget() throws {
        let out = try temporaryFolder().appendingPathComponent("run")
        // 300,000 € on outreach in the metropolis pays for 4 permanences of 72,000 € (12,000 € and
        // 40 places at 1,500 €); at most two zones are beyond reach. Holders here do not turn only
        // to their neighbourhood (local_contact_share 0), so no permanence goes to a priority
        // neighbourhood without a structure either.
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let file = try write("base: \(base)\nname: lyon-outreach\npolicy: {funding: {budget_eur: 300000, outreach: 1}}\njourney: {local_contact_share: 0}\n")
        let r = try runMaillage(["run", file, "--replications", "4", "--plausible-draws", "0", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("warning:") && r.err.contains("of the 4 permanences"), "\(r.err)")
        let scenario = try ScenarioLoader.load(file)
        let model = try scenario.build()
        #expect(model.spending.permanencesBought == 4)
        #expect(model.spending.permanencesPlaced < 4)
        #expect(model.spending.unspentEur == 300_000 - Double(model.spending.permanencesPlaced) * 72_000)
        #expect(model.spending.budgetEur == 300_000)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let unspent = summary.split(separator: "\n").first { $0.hasPrefix("budget_unspent_eur,") }
        #expect(unspent?.split(separator: ",")[1] == Substring(CSVTable.number(model.spending.unspentEur)))
        #expect(model.spentOverHorizonEur == Double(model.spending.permanencesPlaced) * 72_000 * 3)
    }

    @Test("warnings speak the reader's language: French on the terminal and in the report with --lang fr, both in summary.json")
    func frenchWarnings() throws {
        let folder = try temporaryFolder()
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let file = try write("base: \(base)\nname: lyon-outreach\npolicy: {funding: {budget_eur: 300000, outreach: 1}}\njourney: {local_contact_share: 0}\n")
        let out = folder.appendingPathComponent("run")
        let r = try runMaillage(["run", file, "--replications", "2", "--no-shapley", "--plausible-draws", "0", "--out", out.path, "--quiet", "--lang", "fr"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("avertissement\u{00A0}: lyon-outreach\u{00A0}: permanences délocalisées\u{00A0}:"), "\(r.err)")
        #expect(r.err.contains("€ par an non dépensés") && r.err.contains("des 4 permanences payées"), "\(r.err)")
        #expect(!r.err.contains("warning:") && !r.err.contains("a year unspent"), "\(r.err)")
        #expect(r.out.contains("2 réplications, graine") && r.out.contains("écrit dans"), "\(r.out)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        let english = try #require(json?["warnings"] as? [String]), french = try #require(json?["warnings_fr"] as? [String])
        #expect(english.count == 1 && french.count == 1 && english[0].contains("a year unspent") && french[0].contains("par an non dépensés"))
        // The French report prints the French lines; the English one the English lines.
        for (lang, line) in [("fr", french[0]), ("en", english[0])] {
            let page = folder.appendingPathComponent("report-\(lang).html")
            let report = try runMaillage(["report", out.path, "--lang", lang, "--out", page.path])
            #expect(report.status == 0, "\(report.err)")
            #expect(try String(contentsOf: page, encoding: .utf8).contains(Page.escape(line)), "\(lang)")
        }
        // An import's warnings too, in validate.
        let v = try runMaillage(["validate", "--lang", "fr", try legacy("qpv-seine-saint-denis", geometry: ["93-seine-saint-denis"], select: "{departments: [\"93\"]}")])
        #expect(v.status == 0 && v.err.contains("1 polygone(s) sans ligne de population") && v.err.contains("93059 Pierrefitte-sur-Seine"), "\(v.err)")
        #expect(v.out.contains("valide, scénario\u{00A0}: 40 zones, 25 structures, 1\u{202F}704\u{202F}316 habitants (1 avertissement)"), "\(v.out)")
    }

    @Test("numbers in messages: grouped by thousands in each language's way, as the report's numbers")
    func messageNumbers() {
        #expect(Numerals.euros(1_356_000, french: false) == "1,356,000 €")
        #expect(Numerals.euros(1_356_000, french: true) == "1\u{202F}356\u{202F}000\u{00A0}€")
        #expect(Numerals.count(999, french: true) == "999" && Numerals.count(1000, french: false) == "1,000")
        #expect(Numerals.grouped(-1234.567, decimals: 2, french: true) == "−1\u{202F}234,57")
        #expect(Numerals.grouped(-1234.567, decimals: 1, french: false) == "−1,234.6")
        #expect(Numerals.grouped(-0.0004, decimals: 2, french: false) == "0.00")
        #expect(Label(en: "a", fr: "b").prefixed("s") == Label(en: "s: a", fr: "s\u{00A0}: b"))
    }

    @Test("--seed takes negative 64-bit integers, as the same bits unsigned, deterministically")
    func negativeSeed() throws {
        let folder = try temporaryFolder()
        var summaries: [String] = []
        for (k, seed) in ["-5", "-5", "18446744073709551611"].enumerated() {
            let out = folder.appendingPathComponent("run\(k)")
            let r = try runMaillage(["run", "Scenarios/qpv-seine-saint-denis.yaml", "--replications", "3", "--seed", seed, "--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.err)")
            summaries.append(try String(contentsOf: out.appendingPathComponent("replications.csv"), encoding: .utf8))
        }
        #expect(summaries[0] == summaries[1] && summaries[1] == summaries[2])
        #expect(SeedDerivation.parse("-1") == UInt64.max && SeedDerivation.parse("-9223372036854775808") == 1 << 63)
        #expect(SeedDerivation.parse("18446744073709551616") == nil && SeedDerivation.parse("1e5") == nil)
    }

    @Test("a sweep plan with a bad point writes nothing and names the point and the parameter")
    func badPlanWritesNothing() throws {
        let plan = try write("""
            scenario: \(packageRoot.path)/Scenarios/metro-lyon.yaml
            method: grid
            replications: 2
            parameters:
              - {path: journey.give_up_per_month, values: [0.2, 0.4, 1.5]}

            """, as: "plan.yaml")
        let out = try temporaryFolder().appendingPathComponent("sweep")
        let v = try runMaillage(["validate", plan])
        #expect(v.status == 2)
        let r = try runMaillage(["sweep", plan, "--out", out.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.err.contains("plan.yaml") && r.err.contains("point 2 of 3") && r.err.contains("journey.give_up_per_month"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Shares that sum above 1 at one point of a Latin hypercube are caught too.
        let shares = try write("""
            scenario: \(packageRoot.path)/Scenarios/funding/metro-lyon-balanced.yaml
            method: latin_hypercube
            samples: 20
            parameters:
              - {path: policy.funding.capacity, low: 0, high: 0.7}

            """, as: "plan.yaml")
        let s = try runMaillage(["sweep", shares, "--out", out.path, "--quiet"])
        #expect(s.status == 2)
        #expect(s.err.contains("policy.funding.capacity") && s.err.contains("at most 1"), "\(s.err)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("command-line errors exit with status 2, help with 0, and --out must name a folder")
    func commandLineErrors() throws {
        #expect(try runMaillage(["run"]).status == 2)
        #expect(try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--jobs", "0"]).status == 2)
        #expect(try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--out", ""]).status == 2)
        #expect(try runMaillage(["frobnicate"]).status == 2)
        #expect(try runMaillage(["--help"]).status == 0)
        let help = try runMaillage(["run", "--help"]).out
        #expect(!help.contains("(default: 2)") && !help.contains("(default: 1)"), "no duplicated defaults: \(help)")
    }
}

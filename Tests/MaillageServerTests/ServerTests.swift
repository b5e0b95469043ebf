import Foundation
import Testing
import Hummingbird
@testable import MaillageScenario
import MaillageModel
@testable import MaillageExperiments
@testable import MaillageOutput
@testable import MaillageServer
import MaillageWorkflows
import MaillageTestSupport

/// `maillage serve`'s API as a client sees it, on a live server on loopback through a client
/// that keeps its connection as HTTP/1.1 clients do (``live(_:_:)``): every route's success,
/// each validation error, 404, 413, 401 with a token, 503 when the queue is full, answers that
/// survive a restart, and connections that are kept or closed as the answers say.
@Suite("Web application API", .serialized)
struct ServerTests {
    /// A server over the shipped scenarios and a data folder holding one scenario of a user.
    static func server(token: String? = nil, jobs: Int = 1, queue: Int = 4, data: URL? = nil,
                       plausible: PlausibleSettings? = nil) throws -> (MaillageServer, URL) {
        let folder = try data ?? temporaryFolder()
        let custom = folder.appendingPathComponent("my-territory.yaml")
        if !FileManager.default.fileExists(atPath: custom.path) {
            // Confined to its folder and the shipped scenarios: a base in the shipped Scenarios is allowed.
            try "base: \(FileManager.default.currentDirectoryPath)/Scenarios/qpv-seine-saint-denis.yaml\nname: my-territory\ndescription: My own territory\n"
                .write(to: custom, atomically: true, encoding: .utf8)
        }
        let scenarios = try #require(Catalog.shippedScenarios)
        let (catalog, _) = Catalog.load(scenarios: scenarios, data: folder.path)
        var settings = ServerSettings()
        settings.port = 0
        settings.token = token
        settings.jobs = jobs
        settings.queueLimit = queue
        let store = try ResultStore(path: folder.appendingPathComponent("maillage-serve.sqlite").path)
        return (MaillageServer(settings: settings, evaluator: Evaluator(catalog: catalog, threads: 2, plausible: plausible), store: store), folder)
    }

    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }
    static let small = #"{"territory": "qpv-seine-saint-denis", "budget_eur": 200000, "split": {"coordination": 0.5, "outreach": 0.5}, "replications": 8, "seed": 11}"#
    static let jsonType: HTTPFields = [.contentType: "application/json"]

    /// Posts each body to `uri` and expects a 400 naming its field, with what was expected and
    /// found.
    static func expectBadRequests(_ server: MaillageServer, _ uri: String, _ cases: [(body: String, field: String)]) async throws {
        try await live(server) { client in
            for (body, field) in cases {
                try await client.execute(uri: uri, method: .post, headers: Self.jsonType, body: Self.body(body)) { r in
                    #expect(r.status == .badRequest, "\(body)")
                    let error = try #require(try Self.object(r.body)["error"] as? [String: Any])
                    #expect(error["field"] as? String == field, "\(body): \(error)")
                    #expect((error["expected"] as? String)?.isEmpty == false && (error["found"] as? String)?.isEmpty == false)
                }
            }
        }
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
    }

    @Test("The page, its assets and the OpenAPI description are served by the binary")
    func pageAndAssets() async throws {
        let (server, _) = try Self.server()
        try await live(server) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                let page = String(buffer: r.body)
                #expect(page.contains("<html lang=\"fr\">") && page.contains("/app.js") && !page.contains("http://") && !page.contains("https://"))
                // The French words of the tables are in place, escaped for HTML; no name is left.
                #expect(page.contains("<h1 data-t=\"title\">Maillage — que permet un budget de coopération ?</h1>"))
                #expect(page.contains("<th data-t=\"whatCol\">Ce qu&#39;elle paie</th>"))
                #expect(!page.contains("{{") && page.contains("/words.js"))
            }
            try await client.execute(uri: "/words.js", method: .get) { r in
                #expect(r.headers[.contentType]?.hasPrefix("text/javascript") == true)
                let script = String(buffer: r.body)
                let json = try #require(script.range(of: "const WORDS = ").map { script[$0.upperBound...].dropLast(2) })
                let words = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: String]])
                #expect(words["fr"]?["run"] == "Lancer la simulation" && words["en"]?["run"] == "Run the simulation")
                #expect(words["en"]?["caption"]?.contains("{{territory}}") == true)
                #expect(Set(words["fr"]?.keys ?? [:].keys) == Set(words["en"]?.keys ?? [:].keys) && (words["en"]?.count ?? 0) > 60)
            }
            for (path, type) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
                try await client.execute(uri: path, method: .get) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentType]?.hasPrefix(type) == true)
                    #expect(r.body.readableBytes > 1000)
                }
            }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { r in
                #expect(r.status == .ok)
                let spec = try Self.object(r.body)
                #expect(spec["openapi"] as? String == "3.1.0")
                let paths = try #require(spec["paths"] as? [String: Any])
                for route in ["/api/v1/territories", "/api/v1/territories/search", "/api/v1/evaluate", "/api/v1/plausible", "/api/v1/results", "/api/v1/results/{key}", "/api/v1/results/{key}/{file}"] {
                    #expect(paths[route] != nil, "the OpenAPI file documents \(route)")
                }
            }
        }
    }

    @Test("Territories: the three built-in, the three real ones and the data folder's scenario")
    func territories() async throws {
        let (server, _) = try Self.server()
        try await live(server) { client in
            try await client.execute(uri: "/api/v1/territories", method: .get) { r in
                #expect(r.status == .ok)
                let list = try #require(try Self.object(r.body)["territories"] as? [[String: Any]])
                let ids = Set(list.compactMap { $0["id"] as? String })
                #expect(ids == ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis", "real/rural-franche-comte", "real/metro-lyon",
                                "real/qpv-seine-saint-denis", "data/my-territory"])
                #expect(list.first { $0["id"] as? String == "data/my-territory" }?["label"] as? String == "My own territory")
            }
            // A territory of the data folder is tried like a shipped one; its YAML's base is the file beside it.
            let body = #"{"territory": "data/my-territory", "budget_eur": 0, "replications": 2, "horizon_months": 12}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(body)) { r in
                #expect(r.status == .ok)
                let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: r.body))
                #expect(evaluation.scenarioYAML.contains("\nbase: my-territory.yaml\n"))
                #expect(evaluation.metrics.first { $0.name == "jobs_added" }?.with.mean == 0)
            }
        }
    }

    @Test("Any département or EPCI: found by part of its name, tried by its id on the networks placed by rule, in French; an import's report kept apart")
    func nationalTerritory() async throws {
        let (server, _) = try Self.server()
        // The EPCI's communes, read from the DGCL table independently of the importer.
        let epci = try String(contentsOfFile: "Scenarios/data/france/epci.csv", encoding: .utf8)
        let members = epci.split(whereSeparator: \.isNewline).filter { $0.split(separator: ",", maxSplits: 2).dropFirst().first == "200068120" }.count
        #expect(members > 1)
        try await live(server) { client in
            try await client.execute(uri: "/api/v1/territories/search?q=quimper%20bretagne&limit=3", method: .get) { r in
                #expect(r.status == .ok)
                let found = try #require(try Self.object(r.body)["territories"] as? [[String: Any]])
                #expect(found.first?["id"] as? String == "france/epci/200068120", "\(found)")
                #expect((found.first?["label_fr"] as? String)?.contains("habitants") == true)
                #expect(found.first?["communes"] as? Int == members)
            }
            try await client.execute(uri: "/api/v1/territories/search?q=29", method: .get) { r in
                let found = try #require(try Self.object(r.body)["territories"] as? [[String: Any]])
                #expect(found.first?["id"] as? String == "france/departement/29" && found.first?["name"] as? String == "Finistère")
            }
            for (query, field) in [("q=", "q"), ("q=29&limit=0", "limit"), ("q=29&limit=x", "limit")] {
                try await client.execute(uri: "/api/v1/territories/search?" + query, method: .get) { r in
                    #expect(r.status == .badRequest, "\(query)")
                    let error = try Self.object(r.body)["error"] as? [String: Any]
                    #expect(error?["field"] as? String == field)
                }
            }
            let body = #"{"territory": "france/epci/200068120", "budget_eur": 100000, "split": {"coordination": 1}, "replications": 4, "horizon_months": 12}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(body)) { r in
                #expect(r.status == .ok)
                let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: r.body))
                #expect(evaluation.scenarioYAML.contains("\nbase: Scenarios/france/networks-by-rule.yaml\n"))
                #expect(evaluation.scenarioYAML.contains("\n  france: {epci: [\"200068120\"]}\n"))
                #expect(evaluation.territoryLabelFr?.hasPrefix("CA Quimper Bretagne Occidentale") == true)
                // No status quo there: the study describes none.
                #expect(evaluation.statusQuo == nil)
                // The try's YAML names the EPCI's communes and nothing else.
                let home = (try #require(Catalog.shippedScenarios) as NSString).deletingLastPathComponent
                let scenario = try ScenarioLoader.parse(evaluation.scenarioYAML, file: home + "/serve-try.yaml")
                #expect(try scenario.world().territory.zones.count == members)
                // Every quantity bought is said in French words, not by its key.
                let items = evaluation.purchases.flatMap(\.items)
                #expect(!items.isEmpty)
                for item in items { #expect(item.meaningFr.map { !$0.isEmpty && !$0.contains("_") } == true, "\(item.quantity)") }
            }
            let unknown = #"{"territory": "france/epci/999999999", "budget_eur": 0, "replications": 2}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(unknown)) { r in
                #expect(r.status == .badRequest)
                let error = try #require(try Self.object(r.body)["error"] as? [String: Any])
                #expect(error["field"] as? String == "territory" && (error["expected"] as? String)?.contains("national files") == true)
            }
            // An import's report (Cantal has communes re-established since the polygons' vintage)
            // is apart from what the official reads.
            let real = #"{"territory": "france/departement/15", "budget_eur": 0, "replications": 2, "horizon_months": 12}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(real)) { r in
                #expect(r.status == .ok)
                let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: r.body))
                let notes = try #require(evaluation.importWarnings)
                #expect(notes.contains { $0.contains("15141 Neussargues-Moissac") } && evaluation.importWarningsFr?.count == notes.count, "\(notes)")
                #expect(Set(notes).isDisjoint(with: evaluation.warnings))
            }
            try await client.execute(uri: "/api/v1/results", method: .get) { r in
                let list = try #require(try Self.object(r.body)["results"] as? [[String: Any]])
                #expect(list.count == 2 && list.allSatisfy { ($0["summary_fr"] as? String)?.contains("emplois nets ajoutés") == true }, "\(list)")
            }
        }
    }

    @Test("An evaluation: metrics against no cooperation, what the money bought, maps; asked again, answered from the store")
    func evaluate() async throws {
        let (server, _) = try Self.server()
        try await live(server) { client in
            let first = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(first.status == .ok)
            #expect(first.headers[.init("X-Maillage-Stored")!] == "false")
            let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: first.body))
            let names = evaluation.metrics.map(\.name)
            #expect(names == Evaluation.shown)
            let coverage = try #require(evaluation.metrics.first { $0.name == "coverage_rate" })
            #expect(coverage.without != nil && coverage.with.mean != nil)
            #expect(evaluation.metrics.first { $0.name == "jobs_added_net" }?.without == nil)
            #expect(abs(evaluation.spentEur + evaluation.unspentEur - 200_000) < 1e-6)
            #expect(evaluation.purchases.map(\.line) == ["capacity", "outreach", "coordination", "training"])
            #expect(evaluation.purchases.first { $0.line == "coordination" }?.items.isEmpty == false)

            let second = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(second.status == .ok)
            #expect(second.headers[.init("X-Maillage-Stored")!] == "true")
            #expect(second.body == first.body)

            try await client.execute(uri: "/api/v1/results", method: .get) { r in
                let list = try #require(try Self.object(r.body)["results"] as? [[String: Any]])
                #expect(list.map { $0["key"] as? String } == [evaluation.key])
            }
            try await client.execute(uri: "/api/v1/results/\(evaluation.key)", method: .get) { r in
                #expect(r.status == .ok && r.body == first.body)
            }
            for (file, type) in [("scenario.yaml", "application/yaml"), ("results.csv", "text/csv"), ("map-coverage.svg", "image/svg+xml"),
                                 ("map-coverage-change.svg?lang=en", "image/svg+xml")] {
                try await client.execute(uri: "/api/v1/results/\(evaluation.key)/\(file)", method: .get) { r in
                    #expect(r.status == .ok, "\(file)")
                    #expect(r.headers[.contentType]?.hasPrefix(type) == true, "\(file)")
                    if type == "image/svg+xml" { #expect(String(buffer: r.body).contains("<svg")) }
                }
            }
            // The downloaded scenario, read as `maillage run` reads it from the Maillage folder, gives the same numbers.
            let scenario = try ScenarioLoader.parse(evaluation.scenarioYAML, file: FileManager.default.currentDirectoryPath + "/downloaded.yaml")
            #expect(scenario.plan.seed == 11 && scenario.plan.replications == 8)
            var plan = scenario.plan
            plan.jobs = 2
            let rerun = try await MonteCarlo.run(try scenario.build(), plan: plan)
            #expect(RunOutput.summaryTable(rerun).text == evaluation.resultsCSV)
        }
    }

    @Test("The range over plausible worlds: the try's effects over the priors' and posterior's draws, on its seeds, kept; 404 without priors")
    func plausible() async throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let settings = try PlausibleSettings.shipped(repository: root.path, design: .init(draws: 4, replications: 2, designSeed: 2))
        let (server, _) = try Self.server(plausible: settings)
        try await live(server) { client in
            let first = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: first.body))
            let r = try await client.execute(uri: "/api/v1/plausible", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(r.status == .ok)
            let answer = try JSONDecoder().decode(PlausibleAnswer.self, from: Data(buffer: r.body))
            #expect(answer.key == evaluation.key && answer.draws == 4 && answer.replications == 2)
            #expect(answer.priors == "Scenarios/priors.yaml" && answer.posterior == "Scenarios/calibration/posterior.csv")
            #expect(answer.priorsFingerprint == settings.priors.fingerprint && answer.posteriorFingerprint == settings.priors.posterior?.fingerprint)
            #expect(answer.effects.map(\.name) == PlausibleAnswer.shown)
            // The same draws as the library computes on the try's own scenario text and seed.
            let file = root.path + "/serve-try.yaml"
            let range = try #require(try await PlausibleRange.compute(text: evaluation.scenarioYAML, file: file, confinement: Confinement(topLevel: file),
                                                                      priors: settings.priors, design: settings.design, seed: 11, jobs: 2))
            for e in answer.effects {
                let metric = try #require(Metric.named(e.name))
                let row = try #require(range.row(metric))
                #expect(e.low == row.low.finite && e.high == row.high.finite && e.probPositive == row.probPositive.finite, "\(e.name)")
                if let low = e.low, let high = e.high, let mean = e.mean { #expect(low <= mean && mean <= high, "\(e.name)") }
            }
            let again = try await client.execute(uri: "/api/v1/plausible", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(again.body == r.body, "kept: the same answer, seconds included")
        }
        let (bare, _) = try Self.server()
        try await live(bare) { client in
            let r = try await client.execute(uri: "/api/v1/plausible", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("priors"))
        }
    }

    @Test("Against the status quo: the study's status quo cell on the try's seeds, the try minus it paired, and what it is")
    func statusQuo() async throws {
        let (server, folder) = try Self.server()
        try await live(server) { client in
            let r = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(r.status == .ok)
            let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: r.body))
            #expect(evaluation.statusQuo?.contains { $0.quantity == "mutual_knowledge.meetings_per_year" && $0.value == 4 } == true)
            // The status quo as `maillage study` runs it (the territory's status_quo, from the warm-up), same seed and replications.
            let file = folder.appendingPathComponent("quo.yaml")
            try """
                name: quo
                replications: 8
                seed: 11
                scenarios: [\(FileManager.default.currentDirectoryPath)/Scenarios/qpv-seine-saint-denis.yaml]
                policies: {no_cooperation: {}, status_quo: status_quo}

                """.write(to: file, atomically: true, encoding: .utf8)
            let cells = try await Study.load(file.path).run(jobs: 2)
            let quo = try #require(cells.last { $0.policyName == "status_quo" }).result
            for metric in evaluation.metrics {
                let m = try #require(Metric.named(metric.name))
                let value = try #require(metric.statusQuo, "\(metric.name)")
                #expect(value.mean == quo.estimate(m).mean.finite, "\(metric.name)")
                guard m.kind != .euros else { #expect(metric.againstStatusQuo == nil); continue }
                let d = try #require(metric.againstStatusQuo, "\(metric.name)")
                if let mean = d.mean, let with = metric.with.mean, let base = value.mean {
                    #expect(abs(mean - (with - base)) <= 1e-9 * max(1, abs(with)), "\(metric.name)")
                    #expect(try #require(d.low) <= mean && mean <= (try #require(d.high)), "\(metric.name)")
                }
            }
        }
    }

    @Test("Optimise: the best split of the try's budget, the search of `maillage optimise budget` on the try's seeds; its values are the try's")
    func optimise() async throws {
        let (server, _) = try Self.server()
        let query = #"{"territory": "qpv-seine-saint-denis", "budget_eur": 200000, "lines": ["coordination", "outreach"], "replications": 8, "seed": 11}"#
        try await live(server) { client in
            let r = try await client.execute(uri: "/api/v1/optimise", method: .post, headers: Self.jsonType, body: Self.body(query))
            #expect(r.status == .ok)
            let answer = try JSONDecoder().decode(OptimisationAnswer.self, from: Data(buffer: r.body))
            #expect(answer.objective == "jobs_added_net" && answer.lines == ["coordination", "outreach"])
            #expect(abs(answer.best.split.values.reduce(0, +) - 1) < 1e-12)
            #expect(Set(answer.best.split.keys).isSubset(of: ["coordination", "outreach"]))
            #expect(answer.best.replications == 8 && answer.bestSingle.split.count == 1)
            // The same search run by the library directly.
            let request = try OptimisationRequest.parse(Data(query.utf8), territories: Set(server.evaluator.catalog.territories.map(\.id)))
            var base = request.base
            base.split = [.coordination: 1]
            let (scenario, _, _) = try server.evaluator.resolve(base)
            let direct = try await BudgetOptimisation(scenario: scenario, world: try scenario.world(), lines: request.lines, objective: .jobsAddedNet,
                                                      seed: 11, jobs: 2)
                .optimise(budget: 200_000, settings: Evaluator.searchSettings(lines: 2, replications: 8))
            let best = direct.search.candidates[direct.search.best]
            #expect(answer.best.split == Dictionary(uniqueKeysWithValues: zip(["coordination", "outreach"], best.split.shares).filter { $0.1 > 0 }))
            #expect(answer.best.searched == MetricResult.Value(best.estimate))
            // The best split, run as a try, gives the search's values on the same replications.
            let tried = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType,
                                                 body: ByteBuffer(data: try JSONEncoder().encode(answer.request)))
            #expect(tried.status == .ok)
            let evaluation = try JSONDecoder().decode(Evaluation.self, from: Data(buffer: tried.body))
            let net = try #require(evaluation.metrics.first { $0.name == "jobs_added_net" }?.with.mean)
            #expect(abs(net - (answer.best.searched?.mean ?? .nan)) < 1e-9 * max(1, abs(net)))
        }
        let bad: [(String, String)] = [
            (#"{"territory": "metro-lyon", "budget_eur": 0}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "objective": "profit"}"#, "objective"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "lines": []}"#, "lines"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "lines": ["capacity", "capacity"]}"#, "lines[1]"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "lines": ["marketing"]}"#, "lines[0]"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "objectives": "coverage_rate"}"#, "objectives"),
        ]
        try await Self.expectBadRequests(server, "/api/v1/optimise", bad)
    }

    @Test("The tries table's numbers never trap: a cost per job near zero jobs is written in scientific notation")
    func wholeNumbers() {
        #expect(MaillageServer.whole(1234.6) == "1235" && MaillageServer.whole(-0.4) == "0")
        #expect(MaillageServer.whole(.greatestFiniteMagnitude) == "1.8e+308" && MaillageServer.whole(-3e20) == "-3e+20")
    }

    @Test("Every bad request is a 400 naming its field; nothing is stored")
    func validation() async throws {
        let (server, _) = try Self.server()
        let cases: [(String, String)] = [
            ("", "(body)"), ("[1, 2]", "(body)"), ("not json", "(body)"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "split": {"capacity": 1}, "budget": 5}"#, "budget"),
            (#"{"budget_eur": 1000}"#, "territory"),
            (#"{"territory": "paris", "budget_eur": 1000}"#, "territory"),
            (#"{"territory": "../../etc/passwd", "budget_eur": 1000}"#, "territory"),
            (#"{"territory": "metro-lyon"}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": -5}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": "300000"}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": true}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": 1e24}"#, "budget_eur"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "split": {"marketing": 1}}"#, "split.marketing"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "split": {"capacity": 1.5}}"#, "split.capacity"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "split": {"capacity": 0.7, "training": 0.6}}"#, "split"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000, "split": [1]}"#, "split"),
            (#"{"territory": "metro-lyon", "budget_eur": 1000}"#, "split"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "horizon_months": 6}"#, "horizon_months"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "horizon_months": 36.5}"#, "horizon_months"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "replications": 1}"#, "replications"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "replications": 1000000000000}"#, "replications"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "seed": -1}"#, "seed"),
            (#"{"territory": "metro-lyon", "budget_eur": 0, "seed": "abc"}"#, "seed"),
        ]
        try await Self.expectBadRequests(server, "/api/v1/evaluate", cases)
        try await live(server) { client in
            try await client.execute(uri: "/api/v1/results/not-a-key", method: .get) { r in #expect(r.status == .badRequest) }
        }
        #expect(try server.store.count() == 0)
    }

    @Test("Unknown routes, results and files are 404 with a JSON body; a body over the limit is 413")
    func notFoundAndTooLarge() async throws {
        let (server, _) = try Self.server()
        try await live(server) { client in
            for uri in ["/nope", "/api/v1/nope", "/api/v2/territories", "/api/v1/results/0123456789abcdef", "/api/v1/results/0123456789abcdef/scenario.yaml"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound, "\(uri)")
                    #expect((try? Self.object(r.body))?["error"] != nil, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/territories", method: .delete) { r in #expect(r.status == .notFound || r.status == .methodNotAllowed) }
            let large = #"{"territory": "metro-lyon", "budget_eur": 0, "pad": ""# + String(repeating: "x", count: 20_000) + #""}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(large)) { r in
                #expect(r.status == .contentTooLarge)
            }
        }
    }

    @Test("With a token, every API call needs it (header, or access_token on a GET); the page does not")
    func token() async throws {
        let secret = "a-long-enough-secret-token"
        let (server, _) = try Self.server(token: secret)
        try await live(server) { client in
            try await client.execute(uri: "/", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/v1/territories", method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/api/v1/territories", method: .get, headers: [.authorization: "Bearer wrong-token-of-some-length"]) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small)) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/territories", method: .get, headers: [.authorization: "Bearer \(secret)"]) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/v1/territories?access_token=\(secret)", method: .get) { r in #expect(r.status == .ok) }
        }
        #expect(ServerSettings.isLoopback("127.0.0.1") && ServerSettings.isLoopback("::1") && !ServerSettings.isLoopback("0.0.0.0"))
    }

    @Test("A full queue answers 503 with Retry-After; a queued try waits for the slot and completes")
    func busy() async throws {
        let (server, _) = try Self.server(jobs: 1, queue: 1)
        // The only slot is held by a job that waits for the test's signal.
        let (gate, open) = AsyncStream<Void>.makeStream()
        let holder = Task { try await server.pool.run { for await _ in gate { break } } }
        while await server.pool.load.running == 0 { try await Task.sleep(for: .milliseconds(10)) }
        try await live(server) { client in
            // Two requests at once: two clients, two connections.
            async let queued = client.fresh().execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            var waited = 0
            while await server.pool.load.waiting == 0 && waited < 500 { try await Task.sleep(for: .milliseconds(10)); waited += 1 }
            #expect(await server.pool.load.waiting == 1, "the first try waits in the queue")
            let other = #"{"territory": "qpv-seine-saint-denis", "budget_eur": 1000, "split": {"training": 1}, "replications": 2}"#
            try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(other)) { r in
                #expect(r.status == .serviceUnavailable)
                #expect(r.headers[.retryAfter] == "5")
                #expect((try? Self.object(r.body))?["error"] != nil)
            }
            open.yield()
            open.finish()
            #expect(try await queued.status == .ok)
        }
        try await holder.value
        let load = await server.pool.load
        #expect(load.running == 0 && load.waiting == 0)
    }

    @Test("Tries survive a restart: a new server on the same store answers them")
    func restart() async throws {
        let (server, folder) = try Self.server()
        let key: String = try await live(server) { client in
            let r = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            return try #require(try Self.object(r.body)["key"] as? String)
        }
        let (again, _) = try Self.server(data: folder)
        try await live(again) { client in
            try await client.execute(uri: "/api/v1/results/\(key)", method: .get) { r in #expect(r.status == .ok) }
            let r = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(r.headers[.init("X-Maillage-Stored")!] == "true")
        }
    }

    @Test("Two POSTs on one connection, fifty times: the server keeps the connection or says Connection: close; a GET keeps it")
    func keptConnections() async throws {
        let (server, _) = try Self.server()
        let small = #"{"territory": "qpv-seine-saint-denis", "budget_eur": 0, "replications": 2, "horizon_months": 12, "seed": 5}"#
        try await live(server) { client in
            // The first evaluation is run; the next ones are answered from the store.
            for round in 0..<50 {
                let connection = client.fresh()
                for post in 0..<2 {
                    let r = try await connection.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(small))
                    #expect(r.status == .ok, "round \(round), POST \(post)")
                }
                // The second POST went on the first's connection unless its answer said Connection: close: a
                // connection closed unannounced fails it (the client does not retry).
                connection.close()
            }
            let connection = client.fresh()
            for path in ["/api/v1/territories", "/api/v1/results", "/app.css"] {
                let r = try await connection.execute(uri: path, method: .get)
                #expect(r.status == .ok && !r.closes, "\(path)")
            }
            #expect(connection.connectionsOpened == 1, "GETs share one kept-alive connection")
        }
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

/// One metric of a try: with the policy, without it, and under the territory's status quo (the
/// cooperation already there), all on the same seeds (common random numbers).
public struct MetricResult: Sendable, Codable, Equatable {
    public struct Value: Sendable, Codable, Equatable {
        public var mean: Double?
        public var low: Double?
        public var high: Double?
        init(_ e: Estimate) { mean = e.mean.finite; low = e.low.finite; high = e.high.finite }
    }

    public var name: String
    public var kind: String
    public var labelEn: String
    public var labelFr: String
    public var unitEn: String
    public var unitFr: String
    /// With the policy; for an effect (`jobs_added`…), the paired difference itself.
    public var with: Value
    /// Without the policy, on the same seeds; absent for effects and costs, which have no such value.
    public var without: Value?
    /// Under the territory's status quo, on the same seeds (for an effect, the status quo's own
    /// effect against no cooperation); absent where the territory has no status quo.
    public var statusQuo: Value?
    /// The try minus the status quo, paired on the same seeds, with its interval; absent where the
    /// territory has no status quo, and for costs (a ratio, not a difference).
    public var againstStatusQuo: Value?

    enum CodingKeys: String, CodingKey {
        case name, kind, labelEn = "label_en", labelFr = "label_fr", unitEn = "unit_en", unitFr = "unit_fr", with, without,
             statusQuo = "status_quo", againstStatusQuo = "against_status_quo"
    }
}

/// What one funding line bought: the levers it paid for and their quantities.
public struct Purchase: Sendable, Codable, Equatable {
    public var line: String
    public var spentEur: Double
    public var items: [Item]

    public struct Item: Sendable, Codable, Equatable {
        public var lever: String
        public var labelEn: String
        public var labelFr: String
        public var quantity: String
        public var value: Double
        public var meaning: String
        /// The meaning in French (absent from tries stored by an earlier version).
        public var meaningFr: String?
        enum CodingKeys: String, CodingKey { case lever, labelEn = "label_en", labelFr = "label_fr", quantity, value, meaning, meaningFr = "meaning_fr" }
    }

    enum CodingKeys: String, CodingKey { case line, spentEur = "spent_eur", items }
}

/// A try's answer, as the API returns and the store keeps it.
public struct Evaluation: Sendable, Codable {
    /// The hash of the resolved scenario (bases and data files included), its plan and the tool's version.
    public var key: String
    public var request: EvaluationRequest
    public var territoryLabel: String
    /// The territory's label in French (absent from tries stored by an earlier version).
    public var territoryLabelFr: String?
    public var createdAt: String
    public var seconds: Double
    public var metrics: [MetricResult]
    public var budgetEur: Double
    public var spentEur: Double
    public var unspentEur: Double
    public var staffTimeEur: Double
    public var permanencesBought: Int
    public var permanencesPlaced: Int
    public var purchases: [Purchase]
    /// What the model warned of (money that buys nothing, a lever that cannot be placed), in
    /// English, and the same lines in French (absent from tries stored by an earlier version).
    public var warnings: [String]
    public var warningsFr: [String]?
    /// The real-data import's report (communes matched to another code, gaps in the files), in
    /// English and French: for analysts, which the page keeps folded (absent from tries stored
    /// by an earlier version, whose `warnings` hold them).
    public var importWarnings: [String]?
    public var importWarningsFr: [String]?
    /// The territory's status quo (the cooperation the study found there, MODEL.md 7.7), lever by
    /// lever; absent where the territory has none (and from tries stored by an earlier version).
    public var statusQuo: [Purchase.Item]?
    /// The try as a scenario `maillage run` reads unchanged.
    public var scenarioYAML: String
    /// `summary.csv` as `maillage run` writes it for that scenario.
    public var resultsCSV: String

    enum CodingKeys: String, CodingKey {
        case key, request, territoryLabel = "territory_label", territoryLabelFr = "territory_label_fr", createdAt = "created_at", seconds, metrics, budgetEur = "budget_eur",
             spentEur = "spent_eur", unspentEur = "unspent_eur", staffTimeEur = "staff_time_eur", permanencesBought = "permanences_bought",
             permanencesPlaced = "permanences_placed", purchases, warnings, warningsFr = "warnings_fr", importWarnings = "import_warnings",
             importWarningsFr = "import_warnings_fr", statusQuo = "status_quo",
             scenarioYAML = "scenario_yaml", resultsCSV = "results_csv"
    }

    /// The metrics the page shows, in its order.
    public static let shown = ["jobs_added_net", "jobs_added", "jobs_added_gross", "cost_per_job_eur", "coverage_rate",
                               "first_contact_fit_rate", "referral_success_rate", "supported_share", "abandonment_rate", "holders",
                               "jobs_added_inter_ecosystem"]
}

/// Runs tries: parses the try's scenario from the YAML it will be downloaded as (so that the
/// file and the page agree by construction), runs it, the same territory without a policy and
/// under its status quo on the same seeds, and draws its maps. Worlds (territory, structures, travel times) are built
/// once per territory and kept.
public final class Evaluator: Sendable {
    public let catalog: Catalog
    /// Threads each simulation uses.
    let threads: Int
    private let worlds = SharedWork<Scenario.World>(limit: 64)
    private let keys = Locked<[String: String]>([:])

    /// Where the plausible worlds of a try are drawn from (the shipped priors and posterior, the
    /// page's design); nil: the server gives no plausible range.
    public let plausibleSettings: PlausibleSettings?
    /// The tries' plausible ranges, by key.
    let plausibles = Locked<[String: PlausibleAnswer]>([:])

    public init(catalog: Catalog, threads: Int, plausible: PlausibleSettings? = nil) {
        self.catalog = catalog
        self.threads = max(1, threads)
        plausibleSettings = plausible
    }

    /// The key of a try: its stored answer's, if it was made — a hash of the scenario's text and
    /// its fingerprint (bases and data files included). Remembered per scenario text for the
    /// server's life, so that neither a stored answer nor a new try re-reads the territory's data
    /// files (edit a territory's files, restart the server).
    public func key(_ request: EvaluationRequest) throws -> String {
        let yaml = request.scenarioYAML(try territory(request))
        if let key = keys.get(yaml) { return key }
        return try key(yaml: yaml, scenario: try resolve(request).scenario)
    }

    /// The key of a resolved try, remembered per scenario text.
    func key(yaml: String, scenario: Scenario) throws -> String {
        if let key = keys.get(yaml) { return key }
        let key = ExactText.fingerprint(yaml + "\u{0}" + (try scenario.fingerprint()))
        keys.withLock { if $0.count >= 10_000 { $0.removeAll() }; $0[yaml] = key }
        return key
    }

    /// The try's territory.
    /// - Throws: ``RequestError`` for an unknown territory.
    func territory(_ request: EvaluationRequest) throws -> TerritoryChoice {
        guard let territory = catalog[id: request.territory] else {
            let national = NationalTerritories.isWellFormed(request.territory)
            throw RequestError(field: "territory", expected: national ? "a département or an EPCI of the national files (GET /api/v1/territories/search)" : "a territory's id",
                               found: "'\(request.territory)'")
        }
        return territory
    }

    /// The try's scenario, read from the YAML it is downloaded as.
    /// - Throws: ``RequestError`` for an unknown territory, ``InputError`` if its files no longer load.
    func resolve(_ request: EvaluationRequest) throws -> (scenario: Scenario, yaml: String, territory: TerritoryChoice) {
        let territory = try territory(request)
        let yaml = request.scenarioYAML(territory)
        return (try ScenarioLoader.parse(yaml, file: territory.home + "/serve-try.yaml"), yaml, territory)
    }

    /// The territory's world (its zones, structures and travel times), built once and kept.
    /// A try that asks while the page's preparation of the territory builds it waits for that
    /// world. National territories are many: the cache is bounded.
    func world(_ territory: TerritoryChoice, _ scenario: Scenario) async throws -> Scenario.World {
        try await worlds.value(territory.id) { try scenario.world() }
    }

    /// A try's answer and its maps (SVG) by language (`fr`, `en`) and name (`map-coverage`,
    /// `map-coverage-change`), kept apart: the answer stays small, the page fetches the maps.
    public struct Answer: Sendable {
        public var evaluation: Evaluation
        public var maps: [String: [String: String]]
    }

    /// The worlds without a policy, shared by the tries of a territory, seed, replications and horizon.
    let baselines = SharedBaselines()
    /// The status quo's runs and levers, shared the same way.
    let statusQuos = SharedWork<(result: RunResult, levers: [Purchase.Item])>(limit: 64)

    /// The territory's status quo run on the try's seeds, replications and horizon (in place from
    /// the start of the warm-up, as in a study), and its levers; kept for the next tries, which
    /// neither build its model nor run it again. Nil without a status quo.
    func statusQuo(_ scenario: Scenario, territory: TerritoryChoice, world: Scenario.World) async throws -> (result: RunResult, levers: [Purchase.Item])? {
        guard scenario.statusQuo != nil else { return nil }
        // As a study's `status_quo` policy applies it.
        var quo = scenario
        Study.NamedPolicy(name: "status_quo", policy: nil).apply(to: &quo)
        quo.plan.jobs = threads
        return try await statusQuos.value(SharedBaselines.key(territory.id, plan: quo.plan)) {
            let job = RunJob(scenario: quo, path: territory.home + "/serve-status-quo.yaml", shapley: false)
            let model = try job.prepare(world: world).model
            return (result: try await baselines.run(model, plan: quo.plan, key: territory.id).result, levers: Self.levers(model))
        }
    }

    /// Prepares what the tries of `request`'s territory, seed, replications and horizon share,
    /// whatever their budget: the territory's world, its runs without cooperation and under its
    /// status quo (the page asks for it when a territory is chosen, so that the official's first
    /// try runs only its own worlds). A try that comes while it runs waits for it rather than
    /// running the same worlds again; the values are those the try would compute itself.
    /// - Throws: ``RequestError`` for an unknown territory; what a try would throw.
    public func prepare(_ request: EvaluationRequest) async throws {
        // A model has its worlds without cooperation only when its policy does something, and
        // they, the world and the status quo are the same whatever the policy: for a request that
        // buys nothing, 100 k€ of coordination stands in.
        var standIn = request
        if request.budgetEur <= 0 || request.split.values.reduce(0, +) <= 0 {
            standIn.budgetEur = 100_000
            standIn.split = [.coordination: 1]
        }
        let (scenario, _, territory) = try resolve(standIn)
        let world = try await self.world(territory, scenario)
        var runnable = scenario
        runnable.plan.jobs = threads
        let model = try RunJob(scenario: runnable, path: territory.home + "/serve-try.yaml", shapley: false).prepare(world: world).model
        try await baselines.prepare(model, plan: runnable.plan, key: territory.id)
        _ = try await statusQuo(scenario, territory: territory, world: world)
    }

    /// Runs the try through the run job (`maillage run`'s, without lever shares), its worlds
    /// without the policy shared with the other tries of the territory (``SharedBaselines``), so
    /// its values are those `maillage run` computes. Checks for cancellation between its steps.
    public func evaluate(_ request: EvaluationRequest) async throws -> Answer {
        let started = Date()
        let (scenario, yaml, territory) = try resolve(request)
        let key = try self.key(yaml: yaml, scenario: scenario)
        var runnable = scenario
        runnable.plan.jobs = threads
        let job = RunJob(scenario: runnable, path: territory.home + "/serve-try.yaml", shapley: false)
        let world = try await self.world(territory, scenario)
        let prepared = try job.prepare(world: world)
        try Task.checkCancellation()
        let product = try await job.compute(prepared, shared: (baselines, territory.id))
        try Task.checkCancellation()
        let (result, model) = (product.result, product.model)
        let baseline = product.baseline ?? result
        let quo = try await statusQuo(scenario, territory: territory, world: world)
        try Task.checkCancellation()
        let comparison = quo.map { Comparison(labels: ["status_quo", "try"], results: [$0.result, result]) }
        let metrics = Evaluation.shown.compactMap { Metric.named($0) }.map { metric in
            MetricResult(name: metric.name, kind: metric.kind.rawValue, labelEn: metric.label.en, labelFr: metric.label.fr,
                         unitEn: metric.unit.en, unitFr: metric.unit.fr, with: .init(result.estimate(metric)),
                         without: metric.group == .effects ? nil : .init(baseline.estimate(metric)),
                         statusQuo: quo.map { .init($0.result.estimate(metric)) },
                         againstStatusQuo: metric.kind == .euros ? nil : comparison.map { .init($0.difference(1, metric).paired) })
        }
        var maps: [String: [String: String]] = [:]
        for (language, figures) in try await ZoneMap.figures(product.zones, kind: .run, languages: Language.allCases) {
            maps[language.rawValue] = Dictionary(uniqueKeysWithValues: figures.map { ($0.name, $0.svg) })
        }
        let s = model.spending
        let formatter = ISO8601DateFormatter()
        let evaluation = Evaluation(key: key, request: request, territoryLabel: territory.label, territoryLabelFr: territory.labelFr, createdAt: formatter.string(from: Date()),
                                    seconds: Date().timeIntervalSince(started), metrics: metrics, budgetEur: s.budgetEur, spentEur: s.spentEur,
                                    unspentEur: s.unspentEur, staffTimeEur: s.staffTimeEur, permanencesBought: s.permanencesBought,
                                    permanencesPlaced: s.permanencesPlaced, purchases: Self.purchases(model), warnings: model.policyWarnings.map(\.en), warningsFr: model.policyWarnings.map(\.fr),
                                    importWarnings: model.importWarnings.map(\.en), importWarningsFr: model.importWarnings.map(\.fr),
                                    statusQuo: quo?.levers,
                                    scenarioYAML: yaml, resultsCSV: RunOutput.summaryTable(result).text)
        return Answer(evaluation: evaluation, maps: maps)
    }

    /// The model's active levers, each quantity with the funding line that pays for it (none for
    /// a lever no line buys).
    static func activeQuantities(_ model: SimulationModel) -> [(line: FundingLine?, item: Purchase.Item)] {
        var items: [(line: FundingLine?, item: Purchase.Item)] = []
        func add<L: Lever>(_ type: L.Type) {
            let lever = model.policy[type]
            guard lever.isActive else { return }
            for q in L.quantities {
                items.append((L.fundingLine, Purchase.Item(lever: L.name, labelEn: L.label.en, labelFr: L.label.fr, quantity: q.declaration.key,
                                                           value: lever[keyPath: q.keyPath], meaning: q.declaration.doc, meaningFr: q.meaningFr)))
            }
        }
        for type in Levers.all { add(type) }
        return items
    }

    /// The model's active levers and their quantities that are not zero (a status quo, say).
    static func levers(_ model: SimulationModel) -> [Purchase.Item] {
        activeQuantities(model).map(\.item).filter { $0.value != 0 }
    }

    /// What each funding line bought: the active levers it pays for, with their quantities.
    static func purchases(_ model: SimulationModel) -> [Purchase] {
        let items = activeQuantities(model)
        return FundingLine.allCases.map { line in
            Purchase(line: line.rawValue, spentEur: model.spending[line], items: items.filter { $0.line == line }.map(\.item))
        }
    }
}

extension Double {
    /// Nil for NaN and infinities, which JSON cannot hold.
    var finite: Double? { isFinite ? self : nil }
}

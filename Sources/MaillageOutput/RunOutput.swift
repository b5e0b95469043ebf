import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Writes the files of one Monte Carlo run: `replications.csv`, `summary.csv`, `summary.json`.
public enum RunOutput {
    /// One row per replication: replication, seed, then one column per metric, each number
    /// written by `number` (``CSVTable/number(_:)`` for people, ``ExactText/number(_:)`` for
    /// files read back).
    public static func replicationsTable(_ result: RunResult, number: (Double) -> String = CSVTable.number) -> CSVTable {
        var table = CSVTable(header: ["replication", "seed"] + Metric.all.map(\.name))
        for r in result.replications {
            table.append([String(r.index), String(r.seed)] + r.values.map(number))
        }
        return table
    }

    /// One row per metric: mean, sd, 95% interval and the number of replications where defined,
    /// after `leading` columns (a study's scenario and policy); numbers written by `number`.
    public static func summaryRows(_ estimates: [(metric: Metric, estimate: Estimate)], leading: [String] = [],
                                   number: (Double) -> String = CSVTable.number) -> [[String]] {
        estimates.map { metric, e in leading + [metric.name, number(e.mean), number(e.sd), number(e.low), number(e.high), String(e.n)] }
    }

    /// The header of ``summaryRows(_:leading:number:)``.
    public static func summaryHeader(leading: [String] = []) -> [String] { leading + ["metric", "mean", "sd", "ci95_low", "ci95_high", "n"] }

    /// One row per metric: mean, sd, 95% interval and the number of replications where defined.
    public static func summaryTable(_ result: RunResult) -> CSVTable {
        var table = CSVTable(header: summaryHeader())
        for row in summaryRows(result.summary) { table.append(row) }
        return table
    }

    /// The run's provenance, every resolved parameter, and the metrics with their intervals.
    public static func summaryJSON(_ result: RunResult, scenario: Scenario) throws -> String {
        let model = result.model
        var territory = TerritoryFacts(model.territory)
        territory.structures = model.territoryStructures.map {
            StructureFacts(name: $0.name, ecosystem: $0.isJointOutreach ? "joint" : $0.ecosystem.rawValue, role: $0.role.name,
                           family: $0.family.rawValue, stages: $0.stages.stages, capacityPerYear: $0.capacityPerYear,
                           zone: $0.zoneCode, xKm: $0.x, yKm: $0.y, opensMonth: $0.opensMonth, closesMonth: $0.closesMonth)
        }
        let document = SummaryDocument(
            scenario: scenario.name, description: scenario.description, toolVersion: maillageVersion, seed: result.plan.seed,
            replications: result.replications.count,
            parameters: scenario.parameters,
            wouldBeCreatorsPer1000: model.wouldBeCreatorsPer1000, warmUpMonths: model.warmUpMonths,
            resolvedTerritory: territory,
            spending: SpendingFacts(model.spending), warnings: model.warnings.map(\.en), warningsFr: model.warnings.map(\.fr),
            metrics: result.summary.map { metric, e in
                MetricSummary(metric: metric.name, definition: metric.definition, mean: e.mean.finite, sd: e.sd.finite,
                              ci95Low: e.low.finite, ci95High: e.high.finite, n: e.n)
            })
        return try AtomicFile.json(document)
    }

    /// Writes the three files into `folder` (`replications.csv` only when the replications were
    /// kept), and `shapley.csv` when the run shared its policy's effect out over its levers;
    /// each file appears whole or not at all. Commands write into a ``ResultsFolder``'s staging
    /// folder, so that the folder as a whole is old or new.
    public static func write(_ result: RunResult, scenario: Scenario, to folder: String) throws {
        let json = try summaryJSON(result, scenario: scenario)
        if !result.isSummaryOnly { try replicationsTable(result).write(to: folder + "/replications.csv") }
        try summaryTable(result).write(to: folder + "/summary.csv")
        try AtomicFile.write(json, to: folder + "/summary.json")
        if let shapley = result.shapley { try shapleyTable(shapley).write(to: folder + "/shapley.csv") }
        try knowledgeTable(result.model).write(to: folder + "/knowledge.csv")
        if DensityLevelOutput.applies(result) { try DensityLevelOutput.table(result).write(to: folder + "/by_density.csv") }
        try Manifest(kind: .run, scenarios: [scenario.name], seed: result.plan.seed, replications: result.replications.count).write(to: folder)
    }

    /// The policy's effect shared out over its levers: for each lever (then `total`, the whole
    /// effect) and decomposed metric, the lever's part of the change of the metric, with its 95%
    /// interval over replications.
    public static func shapleyTable(_ shapley: ShapleyDecomposition, leading: [String] = []) -> CSVTable {
        var table = CSVTable(header: shapleyHeader(leading: leading))
        for row in shapleyRows(shapley, leading: leading) { table.append(row) }
        return table
    }

    public static func shapleyHeader(leading: [String] = []) -> [String] { leading + ["lever", "metric", "value", "ci95_low", "ci95_high", "n"] }

    /// The lever shares' rows: each lever's share of each metric's change and the totals, then,
    /// when they were computed, the inter-ecosystem rows (its `_inter_ecosystem` parts, the
    /// interaction, jobs' complementarity and substitution).
    public static func shapleyRows(_ shapley: ShapleyDecomposition, leading: [String] = []) -> [[String]] {
        func numbers(_ e: Estimate) -> [String] { [CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high), String(e.n)] }
        return shapley.rows.map { leading + [$0.lever, $0.metric.name] + numbers($0.estimate) }
            + shapley.interRows.map { leading + [$0.lever, $0.name] + numbers($0.estimate) }
    }

    /// Mutual knowledge month by month over the horizon, with and without the policy: the mean
    /// knowledge between structures of different ecosystems, its rise as a share of what could be
    /// gained, and the population's mean legibility (the chance to go straight to a fitting
    /// structure). The build-up a policy's meetings and workspaces bring shows here.
    public static func knowledgeTable(_ model: SimulationModel) -> CSVTable {
        let without = model.baseline ?? model
        var table = CSVTable(header: ["month", "cross_knowledge", "cross_knowledge_without", "knowledge_gain", "legibility", "legibility_without"])
        for m in 0..<model.horizonMonths {
            let t = m + model.warmUpMonths
            table.append([String(m), CSVTable.number(model.crossKnowledgeByMonth[t]), CSVTable.number(without.crossKnowledgeByMonth[t]),
                          CSVTable.number(model.knowledgeGainByMonth[t]), CSVTable.number(model.meanLegibility(month: t)),
                          CSVTable.number(without.meanLegibility(month: t))])
        }
        return table
    }

    /// The summary as the terminal shows it to people (``Terminal/run(_:language:)``).
    public static func readableTable(_ result: RunResult, language: Language = .en) -> String {
        Terminal.run(result.summary, language: language)
    }
}

private extension Double {
    var finite: Double? { isFinite ? self : nil }
}

struct TerritoryFacts: Encodable {
    var name: String
    var population: Int
    var areaKm2: Double
    var zones: Int
    var zonesByKind: [String: Int]
    var populationByKind: [String: Int]
    var structures: [StructureFacts] = []

    init(_ t: Territory) {
        name = t.name
        population = t.population
        areaKm2 = t.areaKm2
        zones = t.zones.count
        zonesByKind = Dictionary(grouping: t.zones, by: { $0.kind.rawValue }).mapValues(\.count)
        populationByKind = Dictionary(grouping: t.zones, by: { $0.kind.rawValue }).mapValues { $0.reduce(0) { $0 + $1.population } }
    }
}

struct StructureFacts: Encodable {
    var name: String
    var ecosystem: String
    /// network, permanence or intake.
    var role: String
    var family: String
    var stages: [Stage]
    var capacityPerYear: Double
    var zone: String
    var xKm: Double
    var yKm: Double
    var opensMonth: Int?
    var closesMonth: Int?
}

struct MetricSummary: Encodable {
    var metric: String
    var definition: String
    var mean: Double?
    var sd: Double?
    var ci95Low: Double?
    var ci95High: Double?
    var n: Int

    func encode(to encoder: any Encoder) throws {
        // Undefined values are written as null rather than left out.
        enum Key: String, CodingKey { case metric, definition, mean, sd, ci95Low, ci95High, n }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(definition, forKey: .definition)
        try c.encode(mean, forKey: .mean)
        try c.encode(sd, forKey: .sd)
        try c.encode(ci95Low, forKey: .ci95Low)
        try c.encode(ci95High, forKey: .ci95High)
        try c.encode(n, forKey: .n)
    }
}

struct SummaryDocument: Encodable {
    var scenario: String
    var description: String
    var toolVersion: String
    var seed: UInt64
    var replications: Int
    var parameters: Scenario.Parameters
    /// The arrival rate the model found for INSEE's creations (``SimulationModel/wouldBeCreatorsPer1000``).
    var wouldBeCreatorsPer1000: Double
    var warmUpMonths: Int
    var resolvedTerritory: TerritoryFacts
    var spending: SpendingFacts
    /// The import report's lines and money that bought nothing, as printed when the run started:
    /// in English, and the same lines in French (`warnings_fr`).
    var warnings: [String]
    var warningsFr: [String]
    var metrics: [MetricSummary]
}

/// What the policy's yearly money bought, as `summary.json` records it.
struct SpendingFacts: Encodable {
    /// The budget given (`input_budget_eur`) and the money allocated (`allocated_eur`: the budget
    /// plus the cost of quantities set directly); `budget_eur` is the allocated money under its
    /// 0.2 name, kept for one release.
    var inputBudgetEur: Double, allocatedEur: Double, budgetEur: Double, spentEur: Double, unspentEur: Double, staffTimeEur: Double
    var capacityEur: Double, outreachEur: Double, coordinationEur: Double, trainingEur: Double
    var permanencesBought: Int, permanencesPlaced: Int, trainingsBought: Int, trainingsGiven: Int

    init(_ s: Spending) {
        // `budget_eur` keeps its 0.2 meaning (allocated) for one release; `input_budget_eur` is the budget given.
        inputBudgetEur = s.budgetEur; allocatedEur = s.allocatedEur; budgetEur = s.allocatedEur; spentEur = s.spentEur; unspentEur = s.unspentEur; staffTimeEur = s.staffTimeEur
        capacityEur = s[.capacity]; outreachEur = s[.outreach]; coordinationEur = s[.coordination]; trainingEur = s[.training]
        permanencesBought = s.permanencesBought; permanencesPlaced = s.permanencesPlaced
        trainingsBought = s.trainingsBought; trainingsGiven = s.trainingsGiven
    }
}

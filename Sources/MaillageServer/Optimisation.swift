import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageWorkflows

/// What the page's "optimise" button asks: the best split of the try's yearly budget on its
/// territory, horizon, replications and seed, for one objective over some funding lines.
public struct OptimisationRequest: Sendable, Equatable {
    /// The try it starts from; its split is not used.
    public var base: EvaluationRequest
    public var objective: BudgetObjective
    public var lines: [FundingLine]

    /// Reads and checks a JSON body: the fields of an evaluation (the split may be left out) and
    /// `objective` (default `jobs_added_net`) and `lines` (default all four).
    /// - Throws: ``RequestError`` naming the first fault.
    public static func parse(_ body: Data, territories: Set<String>, national: Bool = false) throws -> OptimisationRequest {
        let root = try EvaluationRequest.object(body)
        let base = try EvaluationRequest.parse(root, territories: territories, also: ["objective", "lines"], splitRequired: false, national: national)
        guard base.budgetEur > 0 else {
            throw RequestError(field: "budget_eur", expected: "a yearly budget above 0 euros to share", found: "0")
        }
        var objective = BudgetObjective.jobsAddedNet
        if let raw = root["objective"] {
            guard let text = raw as? String, let o = BudgetObjective(rawValue: text) else {
                throw RequestError(field: "objective", expected: "one of \(BudgetObjective.allCases.map(\.rawValue).joined(separator: ", "))",
                                   found: EvaluationRequest.describe(raw))
            }
            objective = o
        }
        var lines = FundingLine.allCases
        if let raw = root["lines"] {
            let names = FundingLine.allCases.map(\.rawValue).joined(separator: ", ")
            guard let list = raw as? [Any], !list.isEmpty else {
                throw RequestError(field: "lines", expected: "a list of one or more funding lines (\(names))", found: EvaluationRequest.describe(raw))
            }
            lines = []
            for (i, item) in list.enumerated() {
                guard let text = item as? String, let line = FundingLine(rawValue: text) else {
                    throw RequestError(field: "lines[\(i)]", expected: "a funding line (\(names))", found: EvaluationRequest.describe(item))
                }
                guard !lines.contains(line) else { throw RequestError(field: "lines[\(i)]", expected: "each line once", found: "'\(text)' twice") }
                lines.append(line)
            }
        }
        return OptimisationRequest(base: base, objective: objective, lines: lines)
    }
}

/// The best split found, as the API returns it.
public struct OptimisationAnswer: Sendable, Codable {
    /// One split and the objective's mean and 95% interval there.
    public struct Candidate: Sendable, Codable {
        /// Shares by funding line (lines not searched, and lines at 0, absent).
        public var split: [String: Double]
        /// On fresh replications when the search confirmed its finalists, else on its own.
        public var objective: MetricResult.Value
        public var replications: Int
        /// On the search's replications, which are the try's: `evaluate` on this split gives these values.
        public var searched: MetricResult.Value?
    }

    public var territory: String
    public var territoryLabel: String
    public var territoryLabelFr: String
    public var budgetEur: Double
    public var objective: String
    public var objectiveLabelEn: String
    public var objectiveLabelFr: String
    /// The objective's kind (`count`, `share`), for formatting.
    public var objectiveKind: String
    public var lines: [String]
    public var method: String
    /// Values on replications the search did not use (free of the winner's curse).
    public var best: Candidate
    public var runnerUp: Candidate?
    public var bestSingle: Candidate
    /// Paired on the same fresh replications.
    public var probabilityBestBeatsRunnerUp: Double?
    public var bestOverSingle: MetricResult.Value
    public var probabilityBestBeatsSingle: Double
    public var candidatesEvaluated: Int
    public var seconds: Double
    /// The best split as a try the page can run (and download) at once.
    public var request: EvaluationRequest

    enum CodingKeys: String, CodingKey {
        case territory, territoryLabel = "territory_label", territoryLabelFr = "territory_label_fr", budgetEur = "budget_eur", objective, objectiveLabelEn = "objective_label_en",
             objectiveLabelFr = "objective_label_fr", objectiveKind = "objective_kind", lines, method, best, runnerUp = "runner_up", bestSingle = "best_single",
             probabilityBestBeatsRunnerUp = "probability_best_beats_runner_up", bestOverSingle = "best_over_single",
             probabilityBestBeatsSingle = "probability_best_beats_single", candidatesEvaluated = "candidates_evaluated", seconds, request
    }
}

extension Evaluator {
    /// The search the page runs: quarters of the budget raced by successive halving, one
    /// refinement to eighths, the finalists confirmed on fresh replications (``BudgetSearch``).
    static func searchSettings(lines: Int, replications: Int) -> BudgetSearchSettings {
        var settings = BudgetSearchSettings(lines: lines)
        settings.gridSteps = 4
        settings.refinements = 1
        settings.replications = replications
        return settings
    }

    /// Finds the best split of the request's budget with `maillage optimise budget`'s search, on
    /// the try's seed and replications.
    public func optimise(_ request: OptimisationRequest) async throws -> OptimisationAnswer {
        let started = Date()
        // Every candidate replaces the try's funding; a try without a split still needs one to load.
        var base = request.base
        if base.split.values.reduce(0, +) == 0 { base.split = [request.lines[0]: 1] }
        let (scenario, _, territory) = try resolve(base)
        let world = try await self.world(territory, scenario)
        let settings = Self.searchSettings(lines: request.lines.count, replications: request.base.replications)
        let job = BudgetJob(scenario: scenario, path: territory.home + "/serve-try.yaml", budgets: [request.base.budgetEur], lines: request.lines,
                            objective: request.objective, settings: settings, seed: request.base.seed, jobs: threads)
        let answer = try await job.compute(world: world).answers[0]
        let search = answer.search
        func shares(_ split: BudgetSplit) -> [FundingLine: Double] {
            var out: [FundingLine: Double] = [:]
            for (line, share) in zip(request.lines, split.shares) where share > 0 { out[line] = share }
            return out
        }
        func candidate(_ index: Int, _ estimate: Estimate?) -> OptimisationAnswer.Candidate {
            let c = search.candidates[index]
            let e = estimate ?? c.estimate
            return .init(split: Dictionary(uniqueKeysWithValues: shares(c.split).map { ($0.key.rawValue, $0.value) }), objective: .init(e), replications: e.n,
                         searched: .init(c.estimate))
        }
        let confirmed = search.confirmation
        let overSingle = confirmed?.bestOverSingle ?? search.bestOverSingle
        var best = request.base
        best.split = shares(search.candidates[search.best].split)
        let metric = request.objective.metric
        return OptimisationAnswer(
            territory: territory.id, territoryLabel: territory.label, territoryLabelFr: territory.labelFr, budgetEur: request.base.budgetEur, objective: metric.name,
            objectiveLabelEn: metric.label.en, objectiveLabelFr: metric.label.fr, objectiveKind: metric.kind.rawValue, lines: request.lines.map(\.rawValue),
            method: "grid of the simplex in quarters, raced by successive halving, one refinement to eighths, finalists confirmed on "
                + "\(settings.replications) fresh replications; common random numbers throughout",
            best: candidate(search.best, confirmed?.best), runnerUp: search.runnerUp.map { candidate($0, confirmed?.runnerUp) },
            bestSingle: candidate(search.bestSingle, confirmed?.bestSingle),
            probabilityBestBeatsRunnerUp: (confirmed?.bestOverRunnerUp ?? search.bestOverRunnerUp)?.probabilityFirstBetter,
            bestOverSingle: .init(overSingle.difference), probabilityBestBeatsSingle: overSingle.probabilityFirstBetter,
            candidatesEvaluated: search.candidates.count, seconds: Date().timeIntervalSince(started), request: best)
    }
}

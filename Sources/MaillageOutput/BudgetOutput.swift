import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The files of `maillage optimise budget`: `budget.json` (the answer per budget),
/// `candidates.csv` (every split evaluated), `best-<budget>.yaml` (a scenario of the best split
/// that `maillage run` accepts) and, for several budgets, `frontier.csv` and its chart.
public enum BudgetOutput {
    struct Number: Encodable {
        var mean: Double?, sd: Double?, ci95Low: Double?, ci95High: Double?, n: Int
        init(_ e: Estimate) {
            func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
            mean = f(e.mean); sd = f(e.sd); ci95Low = f(e.low); ci95High = f(e.high); n = e.n
        }
    }

    struct Comparison: Encodable {
        var difference: Number
        var probabilityFirstBetter: Double?
        init(_ c: PairedComparison) {
            difference = Number(c.difference)
            probabilityFirstBetter = c.probabilityFirstBetter.isFinite ? c.probabilityFirstBetter : nil
        }
    }

    struct Split: Encodable {
        var shares: [String: Double]
        var eurosPerYear: [String: Double]
        var objective: Number
        var spending: SpendingFacts?
    }

    struct Confirmation: Encodable {
        var replications: String
        var best: Number, runnerUp: Number?, bestSingle: Number
        var bestOverRunnerUp: Comparison?, bestOverSingle: Comparison
    }

    struct Budget: Encodable {
        var budgetEur: Double
        var best: Split
        var runnerUp: Split?
        var bestSingle: Split
        var bestOverRunnerUp: Comparison?
        var bestOverSingle: Comparison
        var confirmation: Confirmation?
        var candidatesEvaluated: Int
        var replicationsRun: Int
        var scenarioFile: String
    }

    struct Document: Encodable {
        var scenario: String
        var toolVersion: String
        var objective: String
        var objectiveDefinition: String
        var seed: String
        var lines: [String]
        var method: String
        var gridSteps: Int
        var refinements: Int
        var replications: Int
        var firstReplications: Int
        var budgets: [Budget]
    }

    /// The name of the scenario file written for the best split of `budget`.
    public static func scenarioFile(budget: Double) -> String { "best-\(Int(budget.rounded())).yaml" }

    /// Writes the answers into `folder`. `scenarioPath` is the optimised scenario's file: the
    /// scenario written for each best split takes it as its `base:`, by a path relative to
    /// `destination` (the folder the files will end up in, `folder` being its staging copy).
    public static func write(_ answers: [BudgetAnswer], problem: BudgetOptimisation, scenarioPath: String,
                             destination: String, to folder: String) throws {
        let lines = problem.lines
        func split(_ a: BudgetAnswer, _ i: Int) -> Split {
            let c = a.search.candidates[i]
            var shares: [String: Double] = [:], euros: [String: Double] = [:]
            for (line, share) in zip(lines, c.split.shares) {
                shares[line.rawValue] = share
                euros[line.rawValue] = share * a.budgetEur
            }
            return Split(shares: shares, eurosPerYear: euros, objective: Number(c.estimate), spending: a.spending[c.split].map(SpendingFacts.init))
        }
        var table = CSVTable(header: ["budget_eur"] + lines.map { $0.rawValue + "_share" }
                             + ["origin", "replications", "dropped_at", "mean", "sd", "ci95_low", "ci95_high", "rank"])
        var budgets: [Budget] = []
        for a in answers {
            let s = a.search
            let finalists = s.candidates.indices.filter { s.candidates[$0].values.count == s.settings.replications }
                .sorted { s.candidates[$0].estimate.mean > s.candidates[$1].estimate.mean }
            for (i, c) in s.candidates.enumerated() {
                let e = c.estimate
                let rank = finalists.firstIndex(of: i).map { String($0 + 1) } ?? ""
                table.append([CSVTable.number(a.budgetEur)] + c.split.shares.map(CSVTable.number)
                             + [c.origin, String(c.values.count), c.droppedAt.map(String.init) ?? "", CSVTable.number(e.mean),
                                CSVTable.number(e.sd), CSVTable.number(e.low), CSVTable.number(e.high), rank])
            }
            let file = scenarioFile(budget: a.budgetEur)
            try AtomicFile.write(scenarioText(a, problem: problem, scenarioPath: scenarioPath, destination: destination), to: folder + "/" + file)
            budgets.append(Budget(
                budgetEur: a.budgetEur, best: split(a, s.best), runnerUp: s.runnerUp.map { split(a, $0) }, bestSingle: split(a, s.bestSingle),
                bestOverRunnerUp: s.bestOverRunnerUp.map(Comparison.init), bestOverSingle: Comparison(s.bestOverSingle),
                confirmation: s.confirmation.map { c in
                    Confirmation(replications: "\(s.settings.replications)–\(2 * s.settings.replications - 1)", best: Number(c.best),
                                 runnerUp: c.runnerUp.map(Number.init), bestSingle: Number(c.bestSingle),
                                 bestOverRunnerUp: c.bestOverRunnerUp.map(Comparison.init), bestOverSingle: Comparison(c.bestOverSingle))
                },
                candidatesEvaluated: s.candidates.count, replicationsRun: s.candidates.reduce(0) { $0 + $1.values.count },
                scenarioFile: file))
        }
        try table.write(to: folder + "/candidates.csv")
        let settings = answers[0].search.settings
        let document = Document(
            scenario: problem.scenarioName, toolVersion: maillageVersion, objective: problem.objective.rawValue,
            objectiveDefinition: problem.objective.metric.definition, seed: String(problem.seed), lines: lines.map(\.rawValue),
            method: "grid of the simplex in steps of 1/\(settings.gridSteps), successive halving from \(settings.firstReplications) to \(settings.replications) replications on common random numbers, single lines run in full, local refinement moving 1/\(2 * settings.gridSteps) to 1/\(settings.denominator) of the budget between two lines",
            gridSteps: settings.gridSteps, refinements: settings.refinements, replications: settings.replications,
            firstReplications: settings.firstReplications, budgets: budgets)
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/budget.json")
        if answers.count > 1 { try frontier(answers, lines: lines).write(to: folder + "/frontier.csv") }
        try Manifest(kind: .budget, scenarios: [problem.scenarioName], seed: problem.seed, replications: settings.replications).write(to: folder)
    }

    /// Best objective and split per budget, and the best single line beside it.
    static func frontier(_ answers: [BudgetAnswer], lines: [FundingLine]) -> CSVTable {
        var table = CSVTable(header: ["budget_eur", "best_mean", "best_ci95_low", "best_ci95_high"] + lines.map { "best_" + $0.rawValue + "_share" }
                             + ["best_single_line", "best_single_mean", "best_single_ci95_low", "best_single_ci95_high",
                                "gain_over_single_mean", "gain_over_single_ci95_low", "gain_over_single_ci95_high"])
        for a in answers {
            let s = a.search
            let best = s.candidates[s.best], single = s.candidates[s.bestSingle]
            let b = best.estimate, o = single.estimate, g = s.bestOverSingle.difference
            let line = lines[single.split.units.firstIndex(of: single.split.denominator)!]
            table.append([CSVTable.number(a.budgetEur), CSVTable.number(b.mean), CSVTable.number(b.low), CSVTable.number(b.high)]
                         + best.split.shares.map(CSVTable.number)
                         + [line.rawValue, CSVTable.number(o.mean), CSVTable.number(o.low), CSVTable.number(o.high),
                            CSVTable.number(g.mean), CSVTable.number(g.low), CSVTable.number(g.high)])
        }
        return table
    }

    /// A scenario of the best split: the optimised scenario as its base, its funding replaced,
    /// and the search's seed and replications, so that `maillage run` reproduces the numbers.
    static func scenarioText(_ a: BudgetAnswer, problem: BudgetOptimisation, scenarioPath: String, destination: String) -> String {
        let best = a.search.candidates[a.search.best]
        let base = relativePath(from: destination, to: scenarioPath)
        var text = "# The best split of \(Int(a.budgetEur.rounded())) € a year found by maillage optimise budget (objective \(problem.objective.rawValue)).\n"
        text += "# `maillage run` on this file gives the search's numbers for this split (same seed and replications).\n"
        text += "# Its base is outside this folder: a scenario outside the shipped Scenarios/ needs `--allow-outside`.\n"
        text += "base: \(base)\n"
        text += "name: \(problem.scenarioName)-best-\(Int(a.budgetEur.rounded()))\n"
        text += "description: best split of \(Int(a.budgetEur.rounded())) euros a year for \(problem.objective.rawValue)\n"
        text += "simulation:\n  replications: \(a.search.settings.replications)\n  seed: \(problem.seed)\n"
        text += "policy:\n  funding:\n    budget_eur: \(CSVTable.number(a.budgetEur))\n"
        for line in FundingLine.allCases {
            let share = problem.lines.firstIndex(of: line).map { best.split.shares[$0] } ?? 0
            text += "    \(line.rawValue): \(CSVTable.number(share))\n"
        }
        return text
    }

    /// `target` relative to the folder `from` (both made absolute against the working folder).
    static func relativePath(from: String, to target: String) -> String {
        func parts(_ p: String) -> [String] {
            let absolute = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
            return URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents.filter { $0 != "/" }
        }
        let a = parts(from), b = parts(target)
        var common = 0
        while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }

    /// What the terminal shows: per budget, the best split and how sure the search is of it, in
    /// `language`.
    public static func summary(_ answers: [BudgetAnswer], problem: BudgetOptimisation, language l: Language = .en) -> String {
        let lines = problem.lines
        let settings = answers[0].search.settings
        let metric = problem.objective.metric
        func splitText(_ c: BudgetCandidate) -> String {
            zip(lines, c.split.shares).filter { $0.1 > 0 }.map { "\(l.policy($0.0.rawValue)) \(l.percent($0.1))" }.joined(separator: ", ")
        }
        func value(_ e: Estimate) -> String { l.interval((e.mean, e.low, e.high), metric) }
        func signed(_ e: Estimate) -> String { l.interval((e.mean, e.low, e.high), metric, signed: true, difference: true) }
        func probability(_ p: Double) -> String { l.number(p, decimals: 2) }
        let name = l.metric(metric).name
        var out = l.words("budget.best_split_mean_95_interval", ["scenario_name": problem.scenarioName, "name": name,
                                                                 "replications": String(settings.replications), "seed": String(problem.seed)])
        for a in answers {
            let s = a.search
            let best = s.candidates[s.best], single = s.candidates[s.bestSingle]
            out += "\n" + l.words("budget.year", ["amount": Numerals.euros(a.budgetEur, french: l == .fr)]) + "\n"
            var rows: [[String]] = [[l.words("budget.best"), value(best.estimate), splitText(best)]]
            if let r = s.runnerUp { rows.append([l.words("budget.runner_up"), value(s.candidates[r].estimate), splitText(s.candidates[r])]) }
            if s.best != s.bestSingle { rows.append([l.words("budget.best_single"), value(single.estimate), splitText(single)]) }
            out += TextTable.lines(rows, rightAligned: [1], indent: "  ")
            if let c = s.bestOverRunnerUp, s.runnerUp != nil {
                out += l.words("budget.best_runner_up_probability_best", ["difference": signed(c.difference),
                                                                          "probability_first_better": probability(c.probabilityFirstBetter)])
            }
            if s.best != s.bestSingle {
                let d = s.bestOverSingle
                out += l.words("budget.best_best_single_probability_mix", ["difference": signed(d.difference),
                                                                           "probability_first_better": probability(d.probabilityFirstBetter)])
            } else {
                out += l.words("budget.best_split_single_line")
            }
            if let c = s.confirmation {
                out += l.words("budget.fresh_replications_best", ["replications": String(settings.replications), "best": value(c.best)])
                if s.best != s.bestSingle { out += l.words("budget.best_best_single") + signed(c.bestOverSingle.difference) }
                out += "\n"
            }
            if let spent = a.spending[best.split] {
                var bought: [String] = []
                if spent.permanencesBought > 0 {
                    bought.append(l.words("budget.permanences_placed", ["permanences_placed": String(spent.permanencesPlaced),
                                                                        "permanences_bought": String(spent.permanencesBought)]))
                }
                if spent.trainingsBought > 0 {
                    bought.append(l.words("budget.trainings_given", ["trainings_given": String(spent.trainingsGiven),
                                                                     "trainings_bought": String(spent.trainingsBought)]))
                }
                if spent.unspentEur >= 1 {
                    bought.append(l.words("budget.unspent", ["amount": Numerals.euros(spent.unspentEur, french: l == .fr)]))
                }
                if !bought.isEmpty { out += l.words("budget.best_split_buys") + bought.joined(separator: "; ") + "\n" }
            }
            let evaluated = s.candidates.count, runs = s.candidates.reduce(0) { $0 + $1.values.count }, file = scenarioFile(budget: a.budgetEur)
            out += l.words("budget.splits_evaluated_replications", ["evaluated": String(evaluated), "runs": String(runs), "file": file])
        }
        return out
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// What `maillage optimise budget` maximises: a metric's expectation over replications.
public enum BudgetObjective: String, CaseIterable, Sendable {
    case jobsAddedNet = "jobs_added_net"
    case jobsAdded = "jobs_added"
    case supportedShare = "supported_share"
    case coverageRate = "coverage_rate"

    public var metric: Metric { Metric.named(rawValue)! }

    /// Whether the metric compares the policy's world with the no-cooperation one.
    var needsBaseline: Bool { self == .jobsAdded || self == .jobsAddedNet }
}

/// The best split of one budget, and what the splits reported there bought.
public struct BudgetAnswer: Sendable {
    public let budgetEur: Double
    public let search: BudgetSearchResult
    /// What each of the best, the runner-up and the best single line bought, by split.
    public let spending: [BudgetSplit: Spending]
}

/// Finds the split of a yearly budget over funding lines that maximises an objective, with the
/// scenario's own mechanics (``BudgetSearch``).
///
/// Every candidate is the scenario's policy with its `funding:` replaced: the budget, spread over
/// the chosen lines by the candidate's shares (the other lines get nothing). Candidates run on the
/// run's replication seeds (common random numbers) in the same world as `maillage run` builds,
/// so a split's values equal those of `maillage run` on a scenario with that split and the same
/// seed. The no-cooperation world, which effects are measured against, runs once per
/// replication for every candidate and budget.
public struct BudgetOptimisation: Sendable {
    public let scenarioName: String
    public let lines: [FundingLine]
    public let objective: BudgetObjective
    public let seed: UInt64
    public let jobs: Int
    /// The scenario's policy, whose funding the candidates replace.
    public let policy: CooperationPolicy
    /// The no-cooperation world, whose arrival rate every candidate shares.
    public let noCooperation: SimulationModel

    /// Builds the scenario's no-cooperation world on `world`.
    /// - Throws: what building a model throws.
    public init(scenario: Scenario, world: Scenario.World, lines: [FundingLine], objective: BudgetObjective, seed: UInt64, jobs: Int) throws {
        precondition(!lines.isEmpty && jobs >= 1)
        var none = scenario
        none.policy = CooperationPolicy()
        scenarioName = scenario.name
        self.lines = lines
        self.objective = objective
        self.seed = seed
        self.jobs = jobs
        policy = scenario.policy
        noCooperation = try none.build(world)
    }

    /// The policy of `split` of `budget` euros a year.
    public func policy(budget: Double, split: BudgetSplit) -> CooperationPolicy {
        var p = policy
        p.funding = Funding()
        p.funding.budgetEur = budget
        for (line, share) in zip(lines, split.shares) { p.funding[line] = share }
        return p
    }

    /// Replications of the no-cooperation world already run, by index: shared by every budget.
    public final class Baselines: @unchecked Sendable {
        var counts: [Int: ReplicationCounts] = [:]
        public init() {}
    }

    /// The best split of `budget` euros a year. `progress` is called with the replications run
    /// so far (each candidate's replication counts one).
    /// - Throws: ``InputError`` or ``GSLError`` from building or running a model.
    public func optimise(budget: Double, settings: BudgetSearchSettings, baselines: Baselines = Baselines(),
                         progress: (@Sendable (Int) -> Void)? = nil) async throws -> BudgetAnswer {
        precondition(settings.lines == lines.count && budget > 0)
        var models: [BudgetSplit: SimulationModel] = [:]
        var done = 0
        let base = noCooperation, metric = objective.metric, runSeed = seed
        let result = try await BudgetSearch.run(settings) { requests in
            // The no-cooperation replications the effect needs.
            if objective.needsBaseline {
                var missing = Set<Int>()
                for r in requests { for i in r.indices where baselines.counts[i] == nil { missing.insert(i) } }
                let indices = missing.sorted()
                let counts = try await MonteCarlo.map(indices, jobs: jobs) { i in
                    var replication = try Replication(model: base, seed: SeedDerivation.replicationSeed(runSeed: runSeed, index: i))
                    return replication.run()
                }
                for (i, c) in zip(indices, counts) { baselines.counts[i] = c }
            }
            // The candidates' worlds.
            let new = requests.map(\.split).filter { models[$0] == nil }
            let policies = new.map { policy(budget: budget, split: $0) }
            let built = try await MonteCarlo.map(Array(policies.indices), jobs: jobs) { try base.with(policies[$0]) }
            for (s, m) in zip(new, built) { models[s] = m }
            // Every (candidate, replication) pair.
            let pairs: [(model: SimulationModel, index: Int)] = requests.flatMap { r in r.indices.map { (models[r.split]!, $0) } }
            let known = baselines.counts
            let offset = done
            let values = try await MonteCarlo.map(Array(pairs.indices), jobs: jobs, progress: progress.map { p in { p(offset + $0) } }) { k in
                let (model, i) = pairs[k]
                var replication = try Replication(model: model, seed: SeedDerivation.replicationSeed(runSeed: runSeed, index: i))
                let outcome = ReplicationOutcome(counts: replication.run(), baseline: known[i])
                return metric.value(outcome, model: model)
            }
            done += pairs.count
            var out: [[Double]] = []
            var k = 0
            for r in requests {
                out.append(Array(values[k..<(k + r.indices.count)]))
                k += r.indices.count
            }
            return out
        }
        var spending: [BudgetSplit: Spending] = [:]
        for i in [result.best, result.bestSingle] + (result.runnerUp.map { [$0] } ?? []) {
            let s = result.candidates[i].split
            spending[s] = models[s]!.spending
        }
        return BudgetAnswer(budgetEur: budget, search: result, spending: spending)
    }
}

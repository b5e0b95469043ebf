import Foundation
import MaillageFoundation
import MaillageModel

/// The worlds without a policy, kept for runs that differ only by their policy: the web
/// application's tries on one territory, seed, replications and horizon share them, and so do a
/// study's cells of one scenario, so that a run has only its own two worlds to run (with the
/// policy, and with the policy and no ESS structure).
///
/// Each world's replication `i` starts from the seed it has in ``MonteCarlo/run(_:plan:progress:)``,
/// so the values are those a plain run computes from its four worlds.
public final class SharedBaselines: Sendable {
    /// The no-cooperation worlds' counts, per replication: with every structure, and without the
    /// ESS ones when the policy's effect is split by ecosystem.
    struct Counts: Sendable {
        var baseline: [ReplicationCounts]
        var essFreeBaseline: [ReplicationCounts]?
    }

    /// Kept by key, and shared with runs that ask while they are computed.
    private let kept: SharedWork<Counts>

    /// - Parameter limit: most sets kept; beyond, the cache starts again (a day of meetings is a
    ///   few dozen).
    public init(limit: Int = 64) { kept = SharedWork(limit: limit) }

    /// A cache key for the worlds of `key` (territory, parameters) on `plan`'s seed, replications,
    /// horizon and warm-up: runs under one key share their random draws.
    public static func key(_ key: String, plan: RunPlan) -> String {
        "\(key)|\(plan.seed)|\(plan.replications)|\(plan.horizonMonths)|\(plan.warmUpMonths)"
    }

    /// Runs `model`'s plan, taking the worlds without the policy from the cache under `key` (or
    /// running and keeping them): `key` must name everything but the policy that makes the
    /// worlds (territory, parameters, policy start) and the plan. Returns the run, equal to
    /// ``MonteCarlo/run(_:plan:progress:)``'s, and the no-cooperation world's own run on the same
    /// seeds. `progress` hears the number of replications done, each world's in turn.
    /// - Throws: `CancellationError` when the calling task is cancelled; what a replication throws.
    public func run(_ model: SimulationModel, plan: RunPlan, key: String,
                    progress: ((Int) -> Void)? = nil) async throws -> (result: RunResult, baseline: RunResult) {
        let indices = Array(0..<plan.replications), runSeed = plan.seed
        @Sendable func counts(_ world: SimulationModel, _ i: Int) throws -> ReplicationCounts {
            try MonteCarlo.counts(world, runSeed: runSeed, index: i)
        }
        guard let c = model.counterfactuals else {
            // No policy: the run is its own baseline.
            let result = try await MonteCarlo.run(model, plan: plan, progress: progress)
            return (result, result)
        }
        let common = try await self.common(c, plan: plan, key: key, progress: progress)
        try Task.checkCancellation()
        let own = try await MonteCarlo.map(indices, jobs: plan.jobs, progress: progress) { i in
            (try counts(model, i), try c.essFreePolicy.map { try counts($0, i) })
        }
        func seed(_ i: Int) -> UInt64 { SeedDerivation.replicationSeed(runSeed: runSeed, index: i) }
        let results = indices.map { i in
            let outcome = ReplicationOutcome(counts: own[i].0, baseline: common.baseline[i], essFreePolicy: own[i].1,
                                             essFreeBaseline: common.essFreeBaseline?[i])
            return ReplicationResult(index: i, seed: seed(i), counts: own[i].0, baselineCounts: common.baseline[i],
                                     essFreePolicyCounts: own[i].1, essFreeBaselineCounts: common.essFreeBaseline?[i],
                                     values: Metric.all.map { $0.value(outcome, model: model) })
        }
        let baselines = indices.map { i in
            ReplicationResult(index: i, seed: seed(i), counts: common.baseline[i],
                              values: Metric.all.map { $0.value(ReplicationOutcome(counts: common.baseline[i]), model: c.baseline) })
        }
        return (RunResult(model: model, plan: plan, replications: results), RunResult(model: c.baseline, plan: plan, replications: baselines))
    }

    /// Whether the worlds without a policy under `key` and `plan` are kept (run and finished).
    public func isKept(_ key: String, plan: RunPlan) -> Bool { kept.ready(Self.key(key, plan: plan)) != nil }

    /// Runs and keeps the worlds without the policy that `model`'s runs under `key` will share,
    /// so that the first of them runs only its own worlds (the page prepares a territory when it
    /// is chosen). Nothing to do when the policy does nothing.
    /// - Throws: `CancellationError` when the calling task is cancelled; what a replication throws.
    public func prepare(_ model: SimulationModel, plan: RunPlan, key: String, progress: ((Int) -> Void)? = nil) async throws {
        guard let c = model.counterfactuals else { return }
        _ = try await common(c, plan: plan, key: key, progress: progress)
    }

    /// The no-cooperation worlds' counts under `key` and `plan`: kept, being run by another
    /// caller (waited for), or run now.
    private func common(_ c: SimulationModel.Counterfactuals, plan: RunPlan, key: String, progress: ((Int) -> Void)?) async throws -> Counts {
        let runSeed = plan.seed
        return try await kept.value(Self.key(key, plan: plan)) {
            let pairs = try await MonteCarlo.map(Array(0..<plan.replications), jobs: plan.jobs, progress: progress) { i in
                (try MonteCarlo.counts(c.baseline, runSeed: runSeed, index: i),
                 try c.essFreeBaseline.map { try MonteCarlo.counts($0, runSeed: runSeed, index: i) })
            }
            return Counts(baseline: pairs.map(\.0), essFreeBaseline: c.essFreeBaseline == nil ? nil : pairs.map { $0.1! })
        }
    }
}

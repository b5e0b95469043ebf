import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

extension Study {
    /// One cell of the study: a scenario under one policy, and its run.
    public struct Cell: Sendable {
        public var scenario: Scenario
        public var policyName: String
        public var result: RunResult
    }

    /// What a study's run reports as it goes.
    public enum Event: Sendable {
        /// Cell k (1-based) of n starts: "scenario / policy: R replications".
        case cell(Int, Int, String)
        /// A warning of the cell's model, prefixed with the scenario's name.
        case warning(Label)
        /// Cell k of n shares its policy's effect out over its levers.
        case shapley(Int, Int)
    }

    /// Runs every scenario under every policy, in file order, each on the study's replications
    /// and seed; with `shapley`, shares each active policy's effect out over its levers
    /// (``ShapleyDecomposition``). `progress` hears of each cell and its warnings;
    /// `replications` of each replication (or world) done in the current cell.
    public func run(jobs: Int, shapley: Bool = false, progress: (Event) -> Void = { _ in },
                    replications onReplication: ((Int, Int) -> Void)? = nil) async throws -> [Cell] {
        var cells: [Cell] = []
        let total = scenarios.count * policies.count
        // A scenario's cells differ only by their policy (and its start): they share the worlds
        // without it.
        let shared = SharedBaselines()
        for (b, base) in scenarios.enumerated() {
            for named in policies {
                var scenario = base
                named.apply(to: &scenario)
                scenario.plan.replications = replications
                scenario.plan.seed = seed
                scenario.plan.jobs = jobs
                progress(.cell(cells.count + 1, total, "\(scenario.name) / \(named.name): \(replications) replications"))
                let model = try scenario.build()
                for line in model.warnings { progress(.warning(line.prefixed(scenario.name))) }
                let n = replications
                let key = "\(b)|\(scenario.policyStart)"
                var result = try await shared.run(model, plan: scenario.plan, key: key) { onReplication?($0, n) }.result
                if shapley && model.baseline != nil {
                    progress(.shapley(cells.count + 1, total))
                    result.shapley = try await ShapleyDecomposition.run(model, plan: scenario.plan, known: result,
                                                                        interEcosystem: interEcosystemShares) { onReplication?($0, $1) }
                }
                cells.append(Cell(scenario: scenario, policyName: named.name, result: result))
            }
        }
        return cells
    }

    /// Each policy's effect on each scenario: every metric's difference to the first policy on
    /// the same scenario, paired (common random numbers) and unpaired, in scenario, policy and
    /// metric order; then, when the study has a status quo, each other policy's difference to it.
    public func effects(_ cells: [Cell]) -> [Effect] {
        var effects: [Effect] = []
        for scenario in scenarios.map(\.name) {
            let mine = cells.filter { $0.scenario.name == scenario }
            var references = mine.isEmpty ? [] : [0]
            if let q = statusQuoPolicyName, let k = mine.firstIndex(where: { $0.policyName == q }), k != 0 { references.append(k) }
            for r in references {
                let order = [r] + mine.indices.filter { $0 != r }
                let comparison = Comparison(labels: order.map { mine[$0].policyName }, results: order.map { mine[$0].result })
                let reference = mine[r]
                for k in 1..<max(order.count, 1) where r == 0 || order[k] != 0 {
                    for metric in Metric.all {
                        let (p, u) = comparison.difference(k, metric)
                        effects.append(Effect(scenario: scenario, policy: mine[order[k]].policyName, reference: reference.policyName, metric: metric,
                                              referenceMean: reference.result.estimate(metric).mean, paired: p, unpaired: u))
                    }
                }
            }
        }
        return effects
    }

    /// A policy's effect on one metric of one scenario.
    public struct Effect: Sendable {
        public var scenario: String
        public var policy: String
        public var reference: String
        public var metric: Metric
        /// The reference policy's mean.
        public var referenceMean: Double
        public var paired: Estimate
        public var unpaired: Estimate
    }
}

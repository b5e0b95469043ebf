import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// How much a command will simulate, stated before it starts: holder journeys, which is what
/// its time grows with. Above ``Limits/journeys`` it refuses unless forced.
public struct Work: Sendable, CustomStringConvertible {
    /// Replications to run, summed over cells, points or scenarios.
    public var replications = 0
    /// Expected holder journeys: replications × holders per replication × runs per replication.
    public var journeys = 0.0
    /// Expected holders in the largest single replication: a replication keeps every holder's
    /// record (``Limits/holdersPerReplication``).
    public var holdersPerReplication = 0.0

    public init() {}

    /// The work of `replications` replications of `worlds` worlds each (a search or an
    /// uncertainty analysis runs a fixed number of worlds per replication) of `scenario` on a
    /// territory of `population` inhabitants.
    public init(_ scenario: Scenario, population: Int, replications: Int, worlds: Int) {
        self.replications = replications
        holdersPerReplication = scenario.expectedHolders(population: population)
        journeys = holdersPerReplication * Double(replications) * Double(worlds)
    }

    /// The work of `replications` replications of `scenario` on a territory of `population`
    /// inhabitants: when the policy does something, its counterfactual worlds run too (at most
    /// three), and with `shapley` the coalitions of its levers (``ShapleyDecomposition``): but
    /// for the two the run ran already when it kept its replications (`reusingRun`; four with
    /// `interEcosystem`, whose coalitions also run without ESS structures).
    public init(_ scenario: Scenario, population: Int, replications: Int, shapley: Bool = false, interEcosystem: Bool = false,
                reusingRun: Bool = true) {
        let resolved = ResolvedPolicy(scenario.policy, costs: scenario.leverCosts, effects: scenario.leverEffects)
        self.replications = replications
        let levers = resolved.levers.all.filter(\.isActive).count
        var worlds = resolved.isActive ? 4.0 : 1
        if shapley && levers > 0 {
            worlds += Double(ShapleyDecomposition.worlds(levers: levers, interEcosystem: interEcosystem) - (reusingRun ? (interEcosystem ? 4 : 2) : 0))
        }
        holdersPerReplication = scenario.expectedHolders(population: population)
        journeys = holdersPerReplication * Double(replications) * worlds
    }

    public static func + (a: Work, b: Work) -> Work {
        var w = a
        w.replications += b.replications
        w.journeys += b.journeys
        w.holdersPerReplication = max(a.holdersPerReplication, b.holdersPerReplication)
        return w
    }

    public var description: String {
        "\(replications) replications, about \(Self.readable(journeys)) holder journeys"
    }

    static func readable(_ x: Double) -> String {
        x >= 1e9 ? String(format: "%.1f billion", x / 1e9) : x >= 1e6 ? String(format: "%.1f million", x / 1e6) : String(format: "%.0f", x)
    }

    /// Refuses work above the limit unless `force`, and a replication too large to hold in
    /// memory in any case.
    /// - Throws: ``InputError`` naming `file`.
    public func check(force: Bool, file: String) throws {
        guard holdersPerReplication <= Limits.holdersPerReplication else {
            throw InputError(file: file, message: "expected at most \(Self.readable(Limits.holdersPerReplication)) holders in one replication, found about \(Self.readable(holdersPerReplication)): lower the population, the creation rate or the horizon (--force does not lift this bound: every holder's record is kept in memory)")
        }
        guard journeys <= Limits.journeys || force else {
            throw InputError(file: file, message: "expected at most \(Self.readable(Limits.journeys)) holder journeys (about 20 minutes on two cores), found \(description): lower the replications or the horizon, or run with --force")
        }
    }
}

extension Study {
    /// The study's work: every scenario under every policy (and their lever shares, with `shapley`).
    public func work(shapley: Bool = false) throws -> Work {
        var total = Work()
        for base in scenarios {
            let population = try base.population()
            for named in policies {
                var cell = base
                named.apply(to: &cell)
                total = total + Work(cell, population: population, replications: replications, shapley: shapley,
                                     interEcosystem: interEcosystemShares)
            }
        }
        return total
    }
}

extension Sweep {
    /// The sweep's work: every point of the shard (all without one).
    public func work(shard: Shard?) throws -> Work {
        let base = try ScenarioLoader.load(plan.scenarioPath, overrides: [], confinement: plan.confinement)
        let population = try base.population()
        var total = Work()
        for i in indices(in: shard) {
            let scenario = try plan.scenario(at: points[i])
            let p: Int
            if case .synthetic(let spec) = scenario.territory { p = spec.population } else { p = population }
            total = total + Work(scenario, population: p, replications: plan.replications)
        }
        return total
    }
}

import Foundation
import MaillageFoundation

/// A policy's levers once funding is turned into quantities, with the yearly money allocated
/// to each budget line.
public struct ResolvedPolicy: Sendable {
    /// Each lever's quantities: those set directly plus those funding bought.
    public var levers: CooperationPolicy
    /// Yearly euros allocated to each line: its share of the budget, plus the cost of the
    /// quantities set directly on it.
    public var allocated: [FundingLine: Double]

    /// The lever of type `L`, resolved.
    public subscript<L: Lever>(_ type: L.Type) -> L { levers[type] }

    /// Yearly euros allocated: the budget given (`policy.funding.budget_eur`) plus the cost of the
    /// quantities set directly.
    public var allocatedEur: Double {
        FundingLine.allCases.reduce(0) { $0 + (allocated[$1] ?? 0) }
    }

    /// Whether any lever is on.
    public var isActive: Bool { levers.all.contains { $0.isActive } }

    /// Turns `policy`'s funding into lever quantities and prices every lever.
    ///
    /// Each line's share of the budget buys its levers' quantities (``Lever/buy(_:costs:effects:)``);
    /// the quantities set directly are priced at their unit costs and added to their line.
    public init(_ policy: CooperationPolicy, costs: ParameterValues, effects: ParameterValues) {
        var resolved = policy
        var allocated: [FundingLine: Double] = [:]
        for line in FundingLine.allCases { allocated[line] = policy.funding.budgetEur * policy.funding[line] }
        var explicit: [FundingLine: Double] = [:]
        func resolve<L: Lever>(_ type: L.Type) {
            let own = policy[type]
            guard let line = L.fundingLine else { return }
            explicit[line, default: 0] += own.yearlyCost(costs, effects: effects)
            var bought = own
            bought.buy(policy.funding.money(line, costs: costs, effects: effects), costs: costs, effects: effects)
            resolved[type] = bought
        }
        for type in Levers.all { resolve(type) }
        for line in FundingLine.allCases { allocated[line] = allocated[line]! + (explicit[line] ?? 0) }
        levers = resolved
        self.allocated = allocated
    }
}

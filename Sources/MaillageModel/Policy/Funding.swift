import Foundation
import MaillageFoundation

/// The four lines a local authority's budget is split across, as the study's officials weigh
/// them: support capacity, outreach, coordination between the ecosystems, and ESS training.
public enum FundingLine: String, CaseIterable, Sendable, Codable {
    case capacity, outreach, coordination, training

    public var label: Label {
        switch self {
        case .capacity: Label(words: "policy.extra_capacity")
        case .outreach: Label(words: "policy.outreach_permanences")
        case .coordination: Label(words: "policy.coordination")
        case .training: Label(words: "policy.ess_training")
        }
    }
}

/// What a funding line gives the levers it buys.
public enum LineMoney: Sendable {
    /// Euros a year, spent on whole units at their cost (capacity, outreach, training).
    case euros(Double)
    /// Coordination: the share f of its full bundle (every coordination lever at its full level:
    /// meetings, workspaces, intake points, warm hand-offs, pooled expertise, a shared pathway)
    /// that E euros a year buy at unit costs, f = min(1, E / the bundle's yearly cost). Each lever
    /// gets f times its full level, so the quantities bought are worth exactly what is spent;
    /// returns diminish in what they do (knowledge saturates, an intake point beyond demand
    /// diagnoses no one), not in their price.
    case bundle(Double)
}

/// The local authority's yearly budget and its split across the ``FundingLine``s
/// (`policy.funding`). Bought quantities add to those a policy sets directly.
public struct Funding: Sendable, Equatable, Codable {
    /// Yearly budget, euros.
    public var budgetEur: Double = 0
    /// Shares of the budget (each in [0, 1], summing to at most 1).
    public var capacity: Double = 0
    public var outreach: Double = 0
    public var coordination: Double = 0
    public var training: Double = 0

    public init() {}

    /// The share of a line.
    public subscript(_ line: FundingLine) -> Double {
        get {
            switch line {
            case .capacity: capacity
            case .outreach: outreach
            case .coordination: coordination
            case .training: training
            }
        }
        set {
            switch line {
            case .capacity: capacity = newValue
            case .outreach: outreach = newValue
            case .coordination: coordination = newValue
            case .training: training = newValue
            }
        }
    }

    /// Sum of the shares.
    public var totalShare: Double { capacity + outreach + coordination + training }

    /// The unit costs funding itself declares.
    static var costs: [ParameterDeclaration] { [] }

    /// The yearly cost of the full coordination bundle at unit costs: every coordination lever at
    /// its full level.
    public static func coordinationBundleCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        Levers.all.filter { $0.fundingLine == .coordination }.reduce(0) { $0 + $1.fullCoordinationCost(costs, effects) }
    }

    /// What `line`'s share of the budget gives its levers.
    func money(_ line: FundingLine, costs: ParameterValues, effects: ParameterValues) -> LineMoney {
        let euros = budgetEur * self[line]
        guard line == .coordination else { return .euros(euros) }
        let bundle = Self.coordinationBundleCost(costs, effects)
        return .bundle(euros > 0 && bundle > 0 ? min(1, euros / bundle) : 0)
    }
}

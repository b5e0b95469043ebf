import Foundation
import MaillageFoundation

/// The four lines a local authority's budget is split across, as the study's officials weigh
/// them: support capacity, outreach, coordination between the ecosystems, and ESS training.
public enum FundingLine: String, CaseIterable, Sendable, Codable {
    case capacity, outreach, coordination, training

    public var label: Label {
        switch self {
        case .capacity: Label(en: "extra capacity", fr: "capacité supplémentaire")
        case .outreach: Label(en: "outreach permanences", fr: "permanences délocalisées")
        case .coordination: Label(en: "coordination", fr: "coordination")
        case .training: Label(en: "ESS training", fr: "sensibilisation ESS")
        }
    }
}

/// What a funding line gives the levers it buys.
public enum LineMoney: Sendable {
    /// Euros a year, spent on whole units at their cost (capacity, outreach, training).
    case euros(Double)
    /// Coordination's intensity c = 1 − exp(−E / scale) for E euros a year: it animates c times
    /// each coordination lever's full level, so the first euros buy the most.
    case intensity(Double)
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

    /// Coordination spending's scale: E euros a year reach an intensity 1 − exp(−E / this).
    public static let coordinationScale = ParameterDeclaration(
        "coordination_scale_eur", default: 150_000, .range(1...1e9),
        "euros a year; coordination bought with E euros reaches an intensity 1 − exp(−E / this) (assumption)")

    /// The unit costs funding itself declares.
    static var costs: [ParameterDeclaration] { [coordinationScale] }

    /// What `line`'s share of the budget gives its levers.
    func money(_ line: FundingLine, costs: ParameterValues) -> LineMoney {
        let euros = budgetEur * self[line]
        guard line == .coordination else { return .euros(euros) }
        return .intensity(euros > 0 ? 1 - exp(-euros / costs[Self.coordinationScale]) : 0)
    }
}

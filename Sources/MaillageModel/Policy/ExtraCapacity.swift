import MaillageFoundation

/// Funded support capacity: more holders supported a year, shared among the structures in
/// proportion to their capacity (MODEL.md, 7.7).
public struct ExtraCapacity: Lever {
    /// Extra holders supported a year.
    public var holdersPerYear = 0.0

    public init() {}

    public static let name = "extra_capacity"
    public static let label = Label(words: "policy.extra_capacity")
    public static let fundingLine: FundingLine? = .capacity

    public static let quantities = [
        Quantity(\Self.holdersPerYear, "extra_capacity_per_year", default: 0, .range(0...10_000_000), words: "quantity.extra_capacity_per_year"),
    ]

    public static let holderCost = ParameterDeclaration("holder_eur", default: 1_500, .range(1...1e9),
                                                        "euros to support one more holder, the order of a BGE accompaniment (assumption)")
    public static let costs = [holderCost]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .euros(let e) = money else { return }
        holdersPerYear += e / costs[Self.holderCost]
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double { holdersPerYear * costs[Self.holderCost] }

    public func addCapacity(to build: inout ModelBuild) { build.extraCapacityPerYear += holdersPerYear }
}

import MaillageFoundation

/// Warm hand-offs, part of the study's second degree: a share of referrals are accompanied, so
/// the holder arrives at once and more surely (the trip remains) (MODEL.md, 7.7).
public struct WarmHandoffs: Lever {
    /// Share of referrals made as warm hand-offs, in [0, 1].
    public var share = 0.0

    public init() {}

    public static let name = "warm_handoffs"
    public static let label = Label(words: "policy.warm_hand_offs")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.share, "common_project.warm_handoffs", default: 0, .probability, words: "quantity.warm_handoffs"),
    ]

    public static let fullCost = ParameterDeclaration("warm_handoffs_eur", default: 60_000, .range(0...1e9),
                                                      "euros a year for warm hand-offs of every referral (coordinators' time), scaled by the share (assumption)")
    public static let costs = [fullCost]

    public static let effect = ParameterDeclaration("warm_handoff_effect", default: 0.5, .probability,
                                                    "share of a referred holder's arrival shortfall a warm hand-off closes (assumption)")
    public static let coordinationShare = ParameterDeclaration("coordination_warm_handoffs", default: 0.8, .probability,
                                                               "warm hand-off share at full coordination funding (assumption)")
    public static let effects = [effect, coordinationShare]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .bundle(let f) = money else { return }
        share = min(1, share + f * effects[Self.coordinationShare])
    }

    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        effects[coordinationShare] * costs[fullCost]
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double { share * costs[Self.fullCost] }

    public func changeReferrals(in build: inout ModelBuild) {
        build.warmHandoffs = share
        build.warmHandoffEffect = build.effects[Self.effect]
    }
}

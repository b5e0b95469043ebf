import MaillageFoundation

/// Shared intake points (one-stop shops), part of the study's second degree, a common
/// territorial project: each stands in one of the most populous zones, and holders within reach
/// of one are routed to a fitting structure more often (MODEL.md, section 5).
public struct SharedIntake: Lever {
    /// Intake points (whole number).
    public var points = 0.0

    public init() {}

    public static let name = "shared_intake"
    public static let label = Label(en: "shared intake", fr: "accueil commun")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.points, ParameterDeclaration("common_project.shared_intake_points", default: 0, .whole(0...10_000),
                                                    "shared intake points, in the most populous zones")),
    ]

    public static let pointCost = ParameterDeclaration("intake_point_eur", default: 40_000, .range(0...1e9),
                                                       "euros a year per intake point: about 0.6 of a post and premises (assumption)")
    public static let costs = [pointCost]

    public static let effect = ParameterDeclaration("intake_effect", default: 0.8, .probability,
                                                    "share of the legibility shortfall an intake point closes within its reach (assumption)")
    public static let coordinationPoints = ParameterDeclaration("coordination_intake_points", default: 3, .range(0...1_000),
                                                                "intake points that full coordination funding animates (assumption)")
    public static let effects = [effect, coordinationPoints]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .intensity(let c) = money else { return }
        points += Double(Int((c * effects[Self.coordinationPoints]).rounded()))
    }

    public func yearlyCost(_ costs: ParameterValues) -> Double { points * costs[Self.pointCost] }

    /// Zones within reach of an intake point close `intake_effect` of their legibility shortfall.
    public func raiseLegibility(in build: inout ModelBuild) {
        let sites = build.mostPopulousZones(Int(points))
        guard !sites.isEmpty else { return }
        let zones = build.zones
        for (z, zone) in zones.enumerated() where sites.contains(where: {
            build.travel.minutes(from: zone, toX: zones[$0].x, y: zones[$0].y, code: zones[$0].code) <= build.travel.reachMinutes
        }) {
            build.legibilityBoost[z] = build.effects[Self.effect]
        }
    }
}

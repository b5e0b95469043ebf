import Foundation
import MaillageFoundation

/// Shared intake points (one-stop shops), part of the study's second degree, a common
/// territorial project: joint sites, in the most populous zones, that diagnose a holder's project
/// and orient it to a fitting structure of either ecosystem. A share of the holders in their reach
/// who do not know where to go contact one first; an intake point has its own capacity (holders
/// diagnosed a year) and cost, and supports no one itself (MODEL.md, 7.7).
public struct SharedIntake: Lever {
    /// Intake points; a fraction is a part-time one (part-time opening hours).
    public var points = 0.0

    public init() {}

    public static let name = "shared_intake"
    public static let label = Label(words: "policy.shared_intake")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.points, "common_project.shared_intake_points", default: 0, .range(0...1_000), words: "quantity.shared_intake_points"),
    ]

    public static let pointCost = ParameterDeclaration("intake_point_eur", default: 40_000, .range(0...1e9),
                                                       "euros a year per full-time intake point: about 0.6 of a post and premises (assumption)")
    public static let costs = [pointCost]

    public static let capacity = ParameterDeclaration("intake_capacity_per_year", default: 600, .range(0...1_000_000),
                                                      "holders a full-time intake point diagnoses a year (assumption: 0.6 of a post)")
    public static let share = ParameterDeclaration("intake_share", default: 0.5, .probability,
                                                   "share of the holders in an intake point's reach who, not knowing where to go, contact it first (assumption)")
    public static let orientation = ParameterDeclaration("intake_orientation", default: 0.9, .probability,
                                                         "chance that an intake point orients a holder to a fitting structure (it knows both ecosystems; assumption)")
    public static let coordinationPoints = ParameterDeclaration("coordination_intake_points", default: 3, .range(0...1_000),
                                                                "intake points that full coordination funding animates (assumption)")
    public static let effects = [capacity, share, orientation, coordinationPoints]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .bundle(let f) = money else { return }
        points += f * effects[Self.coordinationPoints]
    }

    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        effects[coordinationPoints] * costs[pointCost]
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double { points * costs[Self.pointCost] }

    /// Intake points stand in the most populous zones; the last one of a fractional number opens
    /// part-time, its capacity in proportion.
    public func addStructures(to build: inout ModelBuild) {
        guard points > 0 else { return }
        let sites = build.mostPopulousZones(Int(points.rounded(.up)))
        for (k, z) in sites.enumerated() {
            let time = min(1, points - Double(k))
            let zone = build.zones[z]
            build.opening[build.structures.count] = time
            build.structures.append(SupportStructure(id: build.structures.count, name: "Shared intake point \(k + 1)", ecosystem: .classic,
                                                     stages: StageSet(Stage.allCases), capacityPerYear: build.effects[Self.capacity] * time,
                                                     x: zone.x, y: zone.y, zoneCode: zone.code, family: .coaching, role: .intake,
                                                     opensMonth: build.addedOpenMonth))
            build.intakePointsPlaced += time
        }
    }
}

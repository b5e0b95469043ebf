import Foundation
import MaillageFoundation

/// Pooled expertise (shared methods, business models, funding knowledge), which the study
/// expects from cooperation: each structure gains competence on the other ecosystem's projects,
/// learnt from the structures of that ecosystem within its reach. Competence lessens what a
/// project loses when the wrong ecosystem supports it, so the lever acts only where projects
/// cross ecosystems, and needs both (MODEL.md, 7.7).
public struct PooledExpertise: Lever {
    /// Level of pooling, in [0, 1].
    public var level = 0.0

    public init() {}

    public static let name = "pooled_expertise"
    public static let label = Label(words: "policy.pooled_expertise")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.level, "pooled_expertise", default: 0, .probability, words: "quantity.pooled_expertise"),
    ]

    public static let fullCost = ParameterDeclaration("pooled_expertise_eur", default: 80_000, .range(0...1e9),
                                                      "euros a year for full pooled expertise, scaled by its level (assumption)")
    public static let costs = [fullCost]

    public static let halfCount = ParameterDeclaration("expertise_half_count", default: 2, .range(0.01...1_000),
                                                       "other-ecosystem structures in reach at which a structure gains half the competence pooling can bring (assumption)")
    public static let effects = [halfCount]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .bundle(let f) = money else { return }
        level = min(1, level + f)
    }

    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double { costs[fullCost] }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double { level * costs[Self.fullCost] }

    /// A structure's competence on the other ecosystem's projects: level × n / (n + h), n the
    /// network structures of the other ecosystem within its reach. Without any, it learns nothing.
    public func raiseCompetence(in build: inout ModelBuild) {
        guard level > 0 else { return }
        let sites = build.structureSites, h = build.effects[Self.halfCount]
        for i in build.structures.indices where build.structures[i].role == .network {
            let n = build.structures.indices.filter { j in
                build.structures[j].role == .network && build.structures[j].ecosystem != build.structures[i].ecosystem
                    && build.travel.minutes(from: sites[i], toX: build.structures[j].x, y: build.structures[j].y,
                                            code: build.structures[j].zoneCode) <= build.travel.reachMinutes
            }.count
            build.competence[i] = max(build.competence[i], level * Double(n) / (Double(n) + h))
        }
    }
}

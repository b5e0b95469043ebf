import Foundation
import MaillageFoundation

/// Pooled expertise (shared methods, business models, funding knowledge), which the study
/// expects from cooperation: it raises the quality of support (MODEL.md, section 5).
public struct PooledExpertise: Lever {
    /// Level of pooling, in [0, 1].
    public var level = 0.0

    public init() {}

    public static let name = "pooled_expertise"
    public static let label = Label(en: "pooled expertise", fr: "expertise mutualisée")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.level, ParameterDeclaration("pooled_expertise", default: 0, .probability,
                                                   "level of pooled expertise (shared experts, common tools)")),
    ]

    public static let fullCost = ParameterDeclaration("pooled_expertise_eur", default: 80_000, .range(0...1e9),
                                                      "euros a year for full pooled expertise, scaled by its level (assumption)")
    public static let costs = [fullCost]

    public static let creationGain = ParameterDeclaration("expertise_creation_gain", default: 0.05, .range(0...10),
                                                          "relative rise of supported holders' chance to create at full pooling (assumption)")
    public static let hazardReduction = ParameterDeclaration("expertise_hazard_reduction", default: 0.1, .probability,
                                                             "share by which full pooling lowers supported firms' failure hazard (assumption)")
    public static let jobsGain = ParameterDeclaration("expertise_jobs_gain", default: 0.05, .range(0...10),
                                                      "relative rise of supported firms' employees at full pooling (assumption)")
    public static let effects = [creationGain, hazardReduction, jobsGain]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .intensity(let c) = money else { return }
        level = max(level, c)
    }

    public func yearlyCost(_ costs: ParameterValues) -> Double { level * costs[Self.fullCost] }

    public func changeOutcomes(in build: inout ModelBuild) {
        let base = build.outcomes, q = level, e = build.effects
        build.outcomes.creationSupported = min(1, base.creationSupported * (1 + q * e[Self.creationGain]))
        build.outcomes.survival3Supported = pow(base.survival3Supported, 1 - q * e[Self.hazardReduction])
        build.outcomes.jobsPerFirmSupported = 1 + (base.jobsPerFirmSupported - 1) * (1 + q * e[Self.jobsGain])
    }
}

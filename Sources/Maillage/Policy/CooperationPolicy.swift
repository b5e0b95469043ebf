/// The cooperation levers between the classic and ESS ecosystems, each a scenario setting.
/// All levers at zero is the baseline: no cooperation.
public struct CooperationPolicy: Sendable, Equatable, Codable {
    /// Mutual knowledge (interconnaissance), the study's first degree: meeting spaces and shared
    /// workspaces, in [0, 1]. Raises each structure's knowledge of the other ecosystem,
    /// K = K₀ + (1 − K₀) · level, and legibility.
    public var mutualKnowledge: Double = 0
    /// Shared intake (guichet commun) of a common territorial project, the second degree, in
    /// [0, 1]: closes this share of the remaining legibility shortfall.
    public var sharedIntake: Double = 0
    /// Warm hand-offs between structures, in [0, 1]: closes this share of the arrival
    /// shortfall of referred holders, who then also arrive without delay.
    public var warmHandoffs: Double = 0
    /// ESS awareness training of classic structures, in [0, 1]:
    /// A = A₀ + (1 − A₀) · level.
    public var essTraining: Double = 0
    /// The local authority's yearly funding of extra support capacity, euros.
    public var capacityFundingEur: Double = 0
    /// Cost of supporting one more holder for a year, euros. Default 1,500: assumption (order
    /// of a BGE accompaniment).
    public var costPerHolderEur: Double = 1_500

    public init() {}

    /// Extra holders per year the capacity funding buys.
    public var fundedCapacityPerYear: Double { costPerHolderEur > 0 ? capacityFundingEur / costPerHolderEur : 0 }
}

/// The cooperation levers between the classic and ESS ecosystems, as quantities, and the local
/// authority's funding, which buys more of them. All at zero is the baseline: no cooperation.
///
/// Levers set here directly (researchers' view) and levers bought by ``Funding`` (officials'
/// view) add up; every lever has a yearly cost (``LeverCosts``), so a policy always has a budget.
public struct CooperationPolicy: Sendable, Equatable, Codable {
    /// Mutual knowledge (interconnaissance), the study's first degree.
    public struct MutualKnowledge: Sendable, Equatable, Codable {
        /// Meeting events a year (conferences, clubs, joint info days) to which every structure
        /// is invited.
        public var meetingsPerYear: Double = 0
        /// Shared workspaces (tiers-lieux), each in one of the most populous zones; structures near
        /// one work side by side.
        public var sharedWorkspaces: Int = 0
        public init() {}
    }

    /// A common territorial project, the study's second degree.
    public struct CommonProject: Sendable, Equatable, Codable {
        /// Shared intake points (one-stop shops), each in one of the most populous zones: holders
        /// within reach of one are routed to a fitting structure more often.
        public var sharedIntakePoints: Int = 0
        /// Share of referrals made as warm hand-offs, in [0, 1]: the holder arrives surely and at
        /// once.
        public var warmHandoffs: Double = 0
        /// Joint outreach permanences (part-time presence of both ecosystems) in zones beyond
        /// reach, placed where they cover the most uncovered population.
        public var outreachPermanences: Int = 0
        public init() {}
    }

    /// The local authority's yearly budget and how it is split across the four ways of spending
    /// it the study's officials weigh.
    public struct Funding: Sendable, Equatable, Codable {
        /// Yearly budget, euros.
        public var budgetEur: Double = 0
        /// Shares of the budget (each in [0, 1], summing to at most 1).
        public var capacity: Double = 0
        public var outreach: Double = 0
        public var coordination: Double = 0
        public var training: Double = 0
        public init() {}
    }

    public var mutualKnowledge = MutualKnowledge()
    public var commonProject = CommonProject()
    /// Classic structures trained in ESS specifics (the study's third lever), largest first.
    public var essTrainedStructures: Int = 0
    /// Pooled expertise (methods, business models, funding sources), in [0, 1]: raises the
    /// quality of support.
    public var pooledExpertise: Double = 0
    /// Extra holders supported a year, shared among structures in proportion to capacity.
    public var extraCapacityPerYear: Double = 0
    public var funding = Funding()

    public init() {}
}

import MaillageFoundation

/// The model while it is built: the scenario's world and parameters, and what the levers change
/// in it. ``SimulationModel`` creates one, lets every lever act on it in a fixed order (see
/// ``Lever``), then turns it into the tables the monthly loop reads.
public struct ModelBuild: Sendable {
    public let zones: [Zone]
    public let travel: TravelTimes
    public let journey: JourneyParameters
    /// Strengths of the levers' effects.
    public let effects: ParameterValues
    public let horizonMonths: Int

    /// The structures: the scenario's, then those levers add.
    public var structures: [SupportStructure]
    /// Outreach permanences placed.
    public var permanencesPlaced = 0
    /// Awareness of ESS specifics of each structure, in [0, 1] (1 for ESS structures and joint
    /// permanences).
    public var awareness: [Double] = []
    /// The scenario's classic structures, largest capacity first (the order trainings follow).
    public var classicByCapacity: [Int] = []
    /// Classic structures trained.
    public var trainingsGiven = 0
    /// Extra holders supported a year, shared among the scenario's structures by capacity.
    public var extraCapacityPerYear = 0.0
    /// Contacts a month between any two structures through meeting events.
    public var meetingContactsPerMonth = 0.0
    /// Contacts a month between two structures using the same workspace.
    public var workspaceContactsPerMonth = 0.0
    /// The workspace each structure uses (an index into the workspaces), or −1.
    public var workspaceOf: [Int] = []
    /// Per zone, the share of the remaining legibility shortfall closed on top of mutual
    /// knowledge's gain (0: none).
    public var legibilityBoost: [Double]
    /// Outcome parameters as the levers leave them.
    public var outcomes: OutcomeParameters
    /// Share of referrals made warm, and the share of the arrival shortfall one closes.
    public var warmHandoffs = 0.0
    public var warmHandoffEffect = 0.0

    init(territory: Territory, structures: [SupportStructure], travel: TravelTimes, journey: JourneyParameters,
         outcomes: OutcomeParameters, effects: ParameterValues, horizonMonths: Int) {
        zones = territory.zones
        self.travel = travel
        self.journey = journey
        self.effects = effects
        self.horizonMonths = horizonMonths
        self.structures = structures
        self.outcomes = outcomes
        legibilityBoost = Array(repeating: 0, count: territory.zones.count)
    }

    /// Indices of the `count` most populous zones, most populous first.
    public func mostPopulousZones(_ count: Int) -> [Int] { Array(zones.indicesByPopulation().prefix(max(count, 0))) }

    /// Each structure's site as a zone (its point, its zone's code and kind), to measure travel
    /// from it.
    public var structureSites: [Zone] { SimulationModel.siteZones(structures, zones) }

    /// Sets what depends on the structures once they are all known: every structure's baseline
    /// awareness, the order classic structures are trained in, and no workspace.
    mutating func prepareStructures() {
        workspaceOf = Array(repeating: -1, count: structures.count)
        awareness = structures.map { $0.ecosystem == .ess || $0.isJointOutreach ? 1.0 : journey.essAwarenessBase }
        classicByCapacity = structures.indices.filter { structures[$0].ecosystem == .classic && !structures[$0].isJointOutreach }
            .sorted { (structures[$0].capacityPerYear, -$0) > (structures[$1].capacityPerYear, -$1) }
    }
}

extension Array where Element == Zone {
    /// Zone indices, most populous first (ties: lower index first). The one order used to place
    /// structures, levers and priority neighbourhoods in "the largest zones".
    public func indicesByPopulation() -> [Int] {
        indices.sorted { (self[$0].population, $1) > (self[$1].population, $0) }
    }

    /// Each zone's index by its code (the first, when a code repeats).
    public func indexByCode() -> [String: Int] {
        Dictionary(enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

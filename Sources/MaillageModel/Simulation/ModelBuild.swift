import Foundation
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

    /// The structures: the scenario's, then those levers add.
    public var structures: [SupportStructure]
    /// The month (from the start of the horizon) the structures levers add open, when the policy
    /// starts after the warm-up; nil: open from the start.
    public var addedOpenMonth: Int?
    /// Outreach permanences placed.
    public var permanencesPlaced = 0
    /// What the levers could not do as asked, for the run's warnings.
    public var warnings: [Label] = []
    /// Shared intake points placed, and each intake structure's opening (1 full-time; a
    /// fraction of an intake point is part-time opening), by structure index.
    public var intakePointsPlaced = 0.0
    public var opening: [Int: Double] = [:]
    /// Awareness of ESS specifics of each structure, in [0, 1] (1 for ESS structures and joint
    /// permanences).
    public var awareness: [Double] = []
    /// Competence of each structure on the other ecosystem's projects, in [0, 1] (pooled
    /// expertise).
    public var competence: [Double] = []
    /// The scenario's classic structures, largest capacity first (the order trainings follow).
    public var classicByCapacity: [Int] = []
    /// Classic structures trained.
    public var trainingsGiven = 0
    /// Extra holders supported a year, shared among the scenario's structures by capacity.
    public var extraCapacityPerYear = 0.0
    /// Meeting events a year, the zone they take place in, and each structure's attendance.
    public var meetingsPerYear = 0.0
    public var attendance: [Double] = []
    /// Contacts a month between two structures using the same workspace, the workspace each
    /// structure uses (−1: none) and each workspace's share of full time.
    public var workspaceContactsPerMonth = 0.0
    public var workspaceOf: [Int] = []
    public var workspaceTime: [Double] = []
    /// Share of referrals made warm, and the share of the arrival shortfall one closes.
    public var warmHandoffs = 0.0
    public var warmHandoffEffect = 0.0
    /// A shared pathway's partner structures, the holders it follows a year, and the knowledge
    /// partners need of each other.
    public var pathwayPartners: [Int] = []
    public var pathwayHoldersPerYear = 0.0
    public var pathwayKnowledgeThreshold = 1.0

    init(territory: Territory, structures: [SupportStructure], travel: TravelTimes, journey: JourneyParameters,
         effects: ParameterValues) {
        zones = territory.zones
        self.travel = travel
        self.journey = journey
        self.effects = effects
        self.structures = structures
    }

    /// Indices of the `count` most populous zones, most populous first.
    public func mostPopulousZones(_ count: Int) -> [Int] { Array(zones.indicesByPopulation().prefix(max(count, 0))) }

    /// Each structure's site as a zone (its point, its zone's code and kind), to measure travel
    /// from it.
    public var structureSites: [Zone] { SimulationModel.siteZones(structures, zones) }

    /// Whether the territory has a network structure of `ecosystem`.
    public func has(_ ecosystem: Ecosystem) -> Bool { structures.contains { $0.role == .network && $0.ecosystem == ecosystem } }

    /// Each structure's awareness of ESS specifics before any lever: ESS structures, intake points
    /// and joint permanences (where the territory has ESS structures) know the ESS; a classic-only
    /// permanence knows it as little as any classic site.
    static func baselineAwareness(_ structures: [SupportStructure], journey: JourneyParameters) -> [Double] {
        let joint = structures.contains { $0.role == .network && $0.ecosystem == .ess }
        return structures.map { s in
            s.ecosystem == .ess || s.role == .intake || (s.role == .permanence && joint) ? 1.0 : journey.essAwarenessBase
        }
    }

    /// Sets what depends on the structures once they are all known: every structure's baseline
    /// awareness and competence, the order classic structures are trained in, no workspace.
    mutating func prepareStructures() {
        let S = structures.count
        workspaceOf = Array(repeating: -1, count: S)
        attendance = Array(repeating: 0, count: S)
        awareness = Self.baselineAwareness(structures, journey: journey)
        competence = Array(repeating: 0, count: S)
        classicByCapacity = structures.indices.filter { structures[$0].ecosystem == .classic && structures[$0].role == .network }
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

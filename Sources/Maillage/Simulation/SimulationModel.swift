import Foundation

/// Everything a replication needs, resolved once per run and shared read-only by all replications:
/// the territory, the structures, the parameters, and the index of who can reach whom.
///
/// The tables are flat arrays indexed by zone, project type and stage so that the monthly loop
/// reads contiguous memory and never searches.
public final class SimulationModel: Sendable {
    public let territory: Territory
    public let structures: [SupportStructure]
    public let travel: TravelModel
    public let holders: HolderParameters
    public let journey: JourneyParameters
    public let outcomes: OutcomeParameters
    public let policy: CooperationPolicy
    public let settings: SimulationSettings

    static let types = ProjectType.allCases.count
    static let stages = Stage.allCases.count
    /// Number of (project type, stage) needs.
    static let needs = types * stages

    // MARK: Reach index

    /// Mean holders per month in each zone.
    let monthlyArrivals: [Double]
    /// Structures in reach of zone z are `reachStructure[reachStart[z] ..< reachStart[z + 1]]`,
    /// nearest first.
    let reachStart: [Int]
    let reachStructure: [Int32]
    /// Per zone, the draw of a first contact when the holder does not know which structure fits;
    /// nil when nothing is in reach.
    let contactTables: [DiscreteDistribution?]
    /// Per zone, the chance that a holder goes straight to a fitting structure in reach.
    let legibility: [Double]
    /// Per zone and need (`zone × 12 + type × 4 + stage`): the nearest fitting structure in reach,
    /// or −1.
    let nearestFitInReach: [Int32]
    /// Per zone and need, the draw of a fitting structure in reach, weighted like first contacts
    /// (capacity × distance decay): where a holder goes when it knows which structures fit, and
    /// where a referral sends it. Nil when no fitting structure is in reach.
    let fittingTables: [DiscreteDistribution?]
    /// The structures of those draws: `fittingStructure[fittingStart[i] ..< fittingStart[i + 1]]`.
    let fittingStart: [Int]
    let fittingStructure: [Int32]
    /// Per zone and need: the nearest fitting structure anywhere (where a referral sends the
    /// holder when none fits in reach), or −1.
    let referralTarget: [Int32]
    /// Per zone and need: the chance that a holder referred without a warm hand-off arrives.
    let referralArrival: [Double]

    // MARK: Structures

    /// Per need and structure (`need × S + s`): whether the structure fits.
    let fits: [Bool]
    /// Per type and structure (`type × S + s`): the chance that the structure, as a misfit
    /// contact, orients a holder of that type to a fitting structure.
    let referralProbability: [Double]
    /// Holders each structure takes in per month, funded capacity included.
    let monthlyCapacity: [Double]
    /// Awareness of ESS specifics of each structure (1 for ESS structures).
    public let essAwareness: [Double]
    /// Knowledge of the other ecosystem of each structure.
    public let knowledge: [Double]

    // MARK: Draw tables

    let typeCumulative: [Double]
    let stageCumulative: [Double]
    /// Chance that a firm created `m` months before the horizon is still alive, for m in 0...H.
    let survivalSupported: [Double]
    let survivalUnsupported: [Double]

    // MARK: Coverage (a property of the configuration, not of chance)

    /// Population-weighted share with a fitting structure in reach, per project type, averaged
    /// over the stages a holder may need with their shares.
    public let coverageByType: [Double]
    /// Population-weighted share with a fitting structure in reach for every stage of the chain,
    /// averaged over project types with their shares.
    public let chainCoverage: Double

    /// Resolves the model.
    /// - Throws: ``GSLError`` if GSL cannot build a draw table.
    public init(territory: Territory, structures: [SupportStructure], travel: TravelModel, holders: HolderParameters,
                journey: JourneyParameters, outcomes: OutcomeParameters, policy: CooperationPolicy,
                settings: SimulationSettings) throws {
        self.territory = territory
        self.structures = structures
        self.travel = travel
        self.holders = holders
        self.journey = journey
        self.outcomes = outcomes
        self.policy = policy
        self.settings = settings

        let zones = territory.zones
        let S = structures.count
        let types = Self.types, stages = Self.stages, needs = Self.needs

        // Structures' knowledge and awareness under the policy.
        let k = journey.knowledgeBase + (1 - journey.knowledgeBase) * policy.mutualKnowledge
        let a = journey.essAwarenessBase + (1 - journey.essAwarenessBase) * policy.essTraining
        knowledge = Array(repeating: k, count: S)
        essAwareness = structures.map { $0.ecosystem == .ess ? 1 : a }

        var fits = Array(repeating: false, count: needs * S)
        var referral = Array(repeating: 0.0, count: types * S)
        for (s, structure) in structures.enumerated() {
            for type in ProjectType.allCases {
                let ecosystemFits = Self.ecosystemFits(type, structure.ecosystem, awareness: essAwareness[s],
                                                       threshold: journey.socialUtilityAwarenessThreshold)
                for stage in Stage.allCases where ecosystemFits && structure.stages.serves(stage) {
                    fits[(type.rawValue * stages + stage.rawValue) * S + s] = true
                }
                let p: Double
                if ecosystemFits {
                    p = journey.referralWithinEcosystem
                } else if structure.ecosystem == .classic {
                    // An ESS or social-utility project at a classic structure: both knowledge of
                    // the ESS ecosystem and awareness of ESS specifics help.
                    p = 1 - (1 - journey.referralBase) * (1 - knowledge[s]) * (1 - essAwareness[s])
                } else {
                    p = 1 - (1 - journey.referralBase) * (1 - knowledge[s])
                }
                referral[type.rawValue * S + s] = p
            }
        }
        self.fits = fits
        referralProbability = referral

        let funded = policy.fundedCapacityPerYear
        let totalCapacity = structures.reduce(0) { $0 + $1.capacityPerYear }
        monthlyCapacity = structures.map { s in
            let share = totalCapacity > 0 ? s.capacityPerYear / totalCapacity : 0
            return (s.capacityPerYear + funded * share) / 12
        }

        // Who reaches whom.
        var reachStart = [0]
        var reachStructure: [Int32] = []
        var contactTables: [DiscreteDistribution?] = []
        var legibility: [Double] = []
        var nearestIn = Array(repeating: Int32(-1), count: zones.count * needs)
        var fittingTables: [DiscreteDistribution?] = []
        var fittingStart = [0]
        var fittingStructure: [Int32] = []
        fittingTables.reserveCapacity(zones.count * needs)
        var target = Array(repeating: Int32(-1), count: zones.count * needs)
        var arrival = Array(repeating: 0.0, count: zones.count * needs)
        var minutes = Array(repeating: 0.0, count: S)
        // Population covered per need, and per type for the whole chain, counted in inhabitants
        // so that full coverage is exactly 1.
        var coveredPopulation = Array(repeating: 0, count: needs)
        var chainPopulation = Array(repeating: 0, count: types)
        let population = Double(territory.population)
        for (z, zone) in zones.enumerated() {
            for s in 0..<S {
                minutes[s] = travel.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: structures[s].x, y: structures[s].y)
            }
            let order = (0..<S).sorted { (minutes[$0], $0) < (minutes[$1], $1) }
            let inReach = order.filter { minutes[$0] <= travel.reachMinutes }
            reachStructure.append(contentsOf: inReach.map { Int32($0) })
            reachStart.append(reachStructure.count)
            func attraction(_ s: Int) -> Double {
                max(structures[s].capacityPerYear, 1e-9) * exp(-minutes[s] / journey.contactDecayMinutes)
            }
            contactTables.append(inReach.isEmpty ? nil : try DiscreteDistribution(weights: inReach.map(attraction)))
            // Legibility falls as actors multiply; mutual knowledge and shared intake restore it.
            var l = journey.legibilityBase * journey.legibilityHalfCount / (journey.legibilityHalfCount + Double(inReach.count))
            l += (1 - l) * policy.mutualKnowledge * journey.knowledgeLegibilityGain
            l += (1 - l) * policy.sharedIntake
            legibility.append(l)

            for type in 0..<types {
                var wholeChain = true
                for stage in 0..<stages {
                    let need = type * stages + stage
                    let i = z * needs + need
                    let fitting = inReach.filter { fits[need * S + $0] }
                    if let s = fitting.first {
                        nearestIn[i] = Int32(s)
                        coveredPopulation[need] += zone.population
                        fittingTables.append(try DiscreteDistribution(weights: fitting.map(attraction)))
                    } else {
                        wholeChain = false
                        fittingTables.append(nil)
                    }
                    fittingStructure.append(contentsOf: fitting.map { Int32($0) })
                    fittingStart.append(fittingStructure.count)
                    if let s = order.first(where: { fits[need * S + $0] }) {
                        target[i] = Int32(s)
                        arrival[i] = journey.arrivalBase * exp(-minutes[s] / journey.arrivalDecayMinutes)
                    }
                }
                if wholeChain { chainPopulation[type] += zone.population }
            }
        }
        self.reachStart = reachStart
        self.reachStructure = reachStructure
        self.contactTables = contactTables
        self.legibility = legibility
        nearestFitInReach = nearestIn
        self.fittingTables = fittingTables
        self.fittingStart = fittingStart
        self.fittingStructure = fittingStructure
        referralTarget = target
        referralArrival = arrival
        coverageByType = (0..<types).map { type in
            Self.weightedMean((0..<stages).map { Double(coveredPopulation[type * stages + $0]) / population }, holders.stageShares)
        }
        chainCoverage = Self.weightedMean(chainPopulation.map { Double($0) / population }, holders.projectTypeShares)

        monthlyArrivals = zones.map { holders.monthlyArrivals(population: $0.population) }
        typeCumulative = Self.cumulative(holders.projectTypeShares)
        stageCumulative = Self.cumulative(holders.stageShares)
        let H = settings.horizonMonths
        survivalSupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Supported, months: $0) }
        survivalUnsupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Unsupported, months: $0) }
    }

    /// Whether a structure of `ecosystem` can support a project of `type`.
    static func ecosystemFits(_ type: ProjectType, _ ecosystem: Ecosystem, awareness: Double, threshold: Double) -> Bool {
        switch type {
        case .classic: ecosystem == .classic
        case .ess: ecosystem == .ess
        case .socialUtility: ecosystem == .ess || awareness >= threshold
        }
    }

    private static func cumulative(_ shares: [Double]) -> [Double] {
        let total = shares.reduce(0, +)
        var running = 0.0
        return shares.map { running += $0; return running / total }
    }

    /// Overall coverage: the per-type coverages weighted by the project-type shares.
    public var coverage: Double { Self.weightedMean(coverageByType, holders.projectTypeShares) }

    /// Σ wᵢxᵢ / Σ wᵢ, so that equal values give exactly that value; NaN without population.
    static func weightedMean(_ values: [Double], _ weights: [Double]) -> Double {
        let total = weights.reduce(0, +)
        guard total > 0 else { return .nan }
        return zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
    }

    /// Number of structures in reach of zone `z`.
    public func reachCount(zone z: Int) -> Int { reachStart[z + 1] - reachStart[z] }

    /// The nearest structure in reach of zone `z` fitting a holder of `type` at `stage`, if any.
    public func nearestFittingStructure(zone z: Int, type: ProjectType, stage: Stage) -> Int? {
        let s = nearestFitInReach[z * Self.needs + type.rawValue * Self.stages + stage.rawValue]
        return s >= 0 ? Int(s) : nil
    }
}

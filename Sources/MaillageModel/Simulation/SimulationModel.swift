import Foundation
import MaillageFoundation

/// Everything a replication needs, resolved once per run and shared read-only by all replications:
/// the territory, the structures (those levers add included), the parameters, the policy's
/// levers month by month, and the index of who can reach whom.
///
/// The tables are flat arrays indexed by zone, project type, stage and month so that the monthly
/// loop reads contiguous memory and never searches.
public final class SimulationModel: Sendable {
    public let territory: Territory
    /// The scenario's structures, then those the policy adds (outreach permanences).
    public let structures: [SupportStructure]
    public let travel: TravelTimes
    public let holders: HolderParameters
    public let journey: JourneyParameters
    /// Outcome parameters as the policy leaves them (pooled expertise raises the supported ones).
    public let outcomes: OutcomeParameters
    public let policy: ResolvedPolicy
    /// What the policy's money bought on this territory, and what it left unspent.
    public let spending: Spending
    /// What the user should know about this run: the real-data import's report, and money that
    /// bought nothing.
    public let warnings: [String]
    /// Share of referrals made warm, and the share of the arrival shortfall one closes.
    let warmHandoffs: Double
    let warmHandoffEffect: Double
    /// Months simulated; outcomes are read at the end (the horizon).
    public let horizonMonths: Int
    /// The same world without any cooperation, run on the same seeds to measure what the policy
    /// adds; nil when the policy does nothing.
    public let baseline: SimulationModel?

    static let types = ProjectType.allCases.count
    static let stages = Stage.allCases.count
    /// Number of (project type, stage) needs.
    package static let needs = types * stages

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
    /// Per month and zone (`month × Z + zone`), the chance that a holder goes straight to a
    /// fitting structure in reach.
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
    /// Minutes from each zone to each structure (`zone × S + s`).
    package let minutes: [Double]

    // MARK: Structures

    /// Per need and structure (`need × S + s`): whether the structure fits.
    package let fits: [Bool]
    /// Per type and structure (`type × S + s`): whether the structure is of an ecosystem that can
    /// support the type (a misfit there is a wrong stage).
    let ecosystemFits: [Bool]
    /// Per type and structure: the factor (1 − A) that ESS awareness A applies to the referral
    /// shortfall of an ESS or social-utility project at a classic structure; 1 otherwise.
    let awarenessFactor: [Double]
    /// Holders each structure takes in per month, funded capacity included.
    package let monthlyCapacity: [Double]
    /// Awareness of ESS specifics of each structure (1 for ESS structures and permanences).
    public let essAwareness: [Double]
    /// How well each structure knows each other, month by month (``KnowledgeTable``).
    let knowledge: KnowledgeTable

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
    /// Expected firms created over the horizon by would-be creators who never seek support (they
    /// create at the unsupported rate): the rest of the creators, for the supported share of all
    /// creators.
    public let creationsOutsideSupport: Double

    /// Pinned copies of the tables for the monthly loop.
    let storage = PinnedStorage()
    let hot: HotTables

    /// Resolves the model.
    ///
    /// The policy's funding is turned into lever quantities (``ResolvedPolicy``); every lever then
    /// acts on the model being built (``ModelBuild``), in the order ``Lever`` lists; the result
    /// becomes the tables the monthly loop reads.
    /// - Throws: ``GSLError`` if GSL cannot build a draw table.
    public init(territory: Territory, structures baseStructures: [SupportStructure], travel: TravelTimes,
                holders: HolderParameters, journey: JourneyParameters, outcomes baseOutcomes: OutcomeParameters,
                policy: CooperationPolicy, costs: ParameterValues = .defaultCosts, effects: ParameterValues = .defaultEffects,
                horizonMonths: Int, importWarnings: [String] = []) throws {
        let resolved = ResolvedPolicy(policy, costs: costs, effects: effects)
        self.territory = territory
        self.travel = travel
        self.holders = holders
        self.journey = journey
        self.policy = resolved
        self.horizonMonths = horizonMonths
        baseline = resolved.isActive
            ? try SimulationModel(territory: territory, structures: baseStructures, travel: travel, holders: holders,
                                  journey: journey, outcomes: baseOutcomes, policy: CooperationPolicy(), costs: costs,
                                  effects: effects, horizonMonths: horizonMonths)
            : nil

        // The levers act on the model being built, stage by stage.
        var build = ModelBuild(territory: territory, structures: baseStructures, travel: travel, journey: journey,
                               outcomes: baseOutcomes, effects: effects, horizonMonths: horizonMonths)
        let levers = resolved.levers.all
        for lever in levers { lever.addStructures(to: &build) }
        build.prepareStructures()
        for lever in levers { lever.raiseAwareness(in: &build) }
        for lever in levers { lever.addCapacity(to: &build) }
        for lever in levers { lever.setContacts(in: &build) }
        for lever in levers { lever.raiseLegibility(in: &build) }
        for lever in levers { lever.changeOutcomes(in: &build) }
        for lever in levers { lever.changeReferrals(in: &build) }
        let spending = Spending(resolved, build: build, costs: costs)
        self.spending = spending
        warnings = importWarnings + spending.warnings
        warmHandoffs = build.warmHandoffs
        warmHandoffEffect = build.warmHandoffEffect
        outcomes = build.outcomes
        essAwareness = build.awareness

        let zones = territory.zones
        let Z = zones.count
        let H = horizonMonths
        let structures = build.structures
        self.structures = structures
        let S = structures.count
        // The travel-time table and the knowledge pairs grow with zones × structures: bounded.
        guard S <= Limits.structures else {
            throw InputError(file: territory.name, field: "structures",
                             message: "expected at most \(Limits.structures) support structures (placed and added by levers), found \(S)")
        }
        guard Z * S <= Limits.zoneStructurePairs else {
            throw InputError(file: territory.name, field: "structures",
                             message: "expected at most \(Limits.zoneStructurePairs) zone–structure pairs, found \(Z) zones × \(S) structures = \(Z * S)")
        }

        let fit = Self.fitTables(structures, awareness: build.awareness, threshold: journey.socialUtilityAwarenessThreshold)
        fits = fit.fits
        ecosystemFits = fit.ecosystemFits
        awarenessFactor = fit.awarenessFactor

        let totalCapacity = baseStructures.reduce(0) { $0 + $1.capacityPerYear }
        monthlyCapacity = structures.map { s in
            let share = !s.isJointOutreach && totalCapacity > 0 ? s.capacityPerYear / totalCapacity : 0
            return (s.capacityPerYear + build.extraCapacityPerYear * share) / 12
        }

        // Mutual knowledge, month by month.
        let k0 = Self.baselineKnowledge(structures: structures, zones: zones, journey: journey, travel: travel)
        let knowledge = KnowledgeTable(structures: structures, baseline: k0, build: build, months: H)
        self.knowledge = knowledge

        // Who reaches whom.
        let reach = try ReachIndex(zones: zones, structures: structures, fits: fit.fits, travel: travel, journey: journey)
        minutes = reach.minutes
        reachStart = reach.reachStart
        reachStructure = reach.reachStructure
        contactTables = reach.contactTables
        nearestFitInReach = reach.nearestFitInReach
        fittingTables = reach.fittingTables
        fittingStart = reach.fittingStart
        fittingStructure = reach.fittingStructure
        referralTarget = reach.referralTarget
        let population = Double(territory.population)
        coverageByType = (0..<Self.types).map { type in
            Self.weightedMean((0..<Self.stages).map { Double(reach.coveredPopulation[type * Self.stages + $0]) / population }, holders.stageShares)
        }
        chainCoverage = Self.weightedMean(reach.chainPopulation.map { Double($0) / population }, holders.projectTypeShares)

        // Legibility month by month: mutual knowledge's gain, then what levers add where they act.
        var legibility = Array(repeating: 0.0, count: H * Z)
        for month in 0..<H {
            let gain = knowledge.crossEcosystemGain(month: month, structures: structures)
            for z in 0..<Z {
                var l = reach.baseLegibility[z]
                l += (1 - l) * gain * journey.knowledgeLegibilityGain
                if build.legibilityBoost[z] > 0 { l += (1 - l) * build.legibilityBoost[z] }
                legibility[month * Z + z] = l
            }
        }
        self.legibility = legibility

        monthlyArrivals = zones.map { holders.monthlyArrivals(population: $0.population) }
        typeCumulative = Self.cumulative(holders.projectTypeShares)
        stageCumulative = Self.cumulative(holders.stageShares)
        let outcomes = build.outcomes
        survivalSupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Supported, months: $0) }
        survivalUnsupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Unsupported, months: $0) }
        hot = HotTables(
            monthlyArrivals: storage.pin(monthlyArrivals), reachStart: storage.pin(reachStart), reachStructure: storage.pin(reachStructure),
            contactTable: storage.pin(contactTables.map { $0?.pinned }), legibility: storage.pin(legibility),
            fittingTable: storage.pin(fittingTables.map { $0?.pinned }), fittingStart: storage.pin(fittingStart),
            fittingStructure: storage.pin(fittingStructure), referralTarget: storage.pin(referralTarget), minutes: storage.pin(minutes),
            fits: storage.pin(fits), ecosystemFits: storage.pin(ecosystemFits), awarenessFactor: storage.pin(awarenessFactor),
            monthlyCapacity: storage.pin(monthlyCapacity), knowledgeBaseline: storage.pin(knowledge.baseline),
            knowledgeWorkspace: storage.pin(knowledge.workspace), knowledgeLongRun: storage.pin(knowledge.longRun),
            knowledgeDecayPower: storage.pin(knowledge.decayPower), typeCumulative: storage.pin(typeCumulative),
            stageCumulative: storage.pin(stageCumulative), survivalSupported: storage.pin(survivalSupported),
            survivalUnsupported: storage.pin(survivalUnsupported),
            employeesSupported: storage.pin(RandomStream.poissonCumulative(outcomes.jobsPerFirmSupported - 1)),
            employeesUnsupported: storage.pin(RandomStream.poissonCumulative(outcomes.jobsPerFirmUnsupported - 1)))
        let outsideMonths = Double(max(0, H - outcomes.creationDelayUnsupportedMonths))
        creationsOutsideSupport = population / 1000 * holders.creationRatePer1000 * (1 - holders.seekSupportShare)
            * outcomes.creationUnsupported * outsideMonths / 12
    }

    /// Which structure fits which need, given each structure's awareness of ESS specifics.
    static func fitTables(_ structures: [SupportStructure], awareness: [Double], threshold: Double)
        -> (fits: [Bool], ecosystemFits: [Bool], awarenessFactor: [Double]) {
        let S = structures.count
        var fits = Array(repeating: false, count: needs * S)
        var ecosystemFits = Array(repeating: false, count: types * S)
        var awarenessFactor = Array(repeating: 1.0, count: types * S)
        for (s, structure) in structures.enumerated() {
            for type in ProjectType.allCases {
                let fitsType = structure.isJointOutreach
                    || Self.ecosystemFits(type, structure.ecosystem, awareness: awareness[s], threshold: threshold)
                ecosystemFits[type.rawValue * S + s] = fitsType
                if structure.ecosystem == .classic && type != .classic { awarenessFactor[type.rawValue * S + s] = 1 - awareness[s] }
                for stage in Stage.allCases where fitsType && structure.stages.serves(stage) {
                    fits[(type.rawValue * stages + stage.rawValue) * S + s] = true
                }
            }
        }
        return (fits, ecosystemFits, awarenessFactor)
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

    /// Each structure's site as a zone (its own point, its zone's code and kind), to measure
    /// travel from it.
    static func siteZones(_ structures: [SupportStructure], _ zones: [Zone]) -> [Zone] {
        let kindByCode = Dictionary(zones.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        return structures.map { Zone(code: $0.zoneCode, name: $0.name, x: $0.x, y: $0.y, population: 0, kind: kindByCode[$0.zoneCode] ?? .urban) }
    }

    /// Overall coverage: the per-type coverages weighted by the project-type shares.
    public var coverage: Double { Self.weightedMean(coverageByType, holders.projectTypeShares) }

    /// Σ wᵢxᵢ / Σ wᵢ, so that equal values give exactly that value; NaN without weight.
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

    /// How well structure `i` knows structure `j` in `month`.
    public func knowledge(of j: Int, by i: Int, month: Int) -> Double { knowledge.value(i, j, month: month) }

    /// Euros spent over the horizon: the yearly spending (unspent money left out) × horizon / 12.
    public var spentOverHorizonEur: Double { spending.spentEur * Double(horizonMonths) / 12 }
}

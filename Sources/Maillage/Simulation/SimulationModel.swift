import Foundation

/// Everything a replication needs, resolved once per run and shared read-only by all replications:
/// the territory, the structures (outreach permanences included), the parameters, the policy's
/// levers month by month, and the index of who can reach whom.
///
/// The tables are flat arrays indexed by zone, project type, stage and month so that the monthly
/// loop reads contiguous memory and never searches.
public final class SimulationModel: Sendable {
    public let territory: Territory
    /// The scenario's structures, then the outreach permanences the policy adds.
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
    /// Share of the arrival shortfall a warm hand-off closes.
    let warmHandoffEffect: Double
    public let settings: SimulationSettings
    /// The same world without any cooperation, run on the same seeds to measure what the policy
    /// adds; nil when the policy does nothing.
    public let baseline: SimulationModel?

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
    let minutes: [Double]

    // MARK: Structures

    /// Per need and structure (`need × S + s`): whether the structure fits.
    let fits: [Bool]
    /// Per type and structure (`type × S + s`): whether the structure is of an ecosystem that can
    /// support the type (a misfit there is a wrong stage).
    let ecosystemFits: [Bool]
    /// Per type and structure: the factor (1 − A) that ESS awareness A applies to the referral
    /// shortfall of an ESS or social-utility project at a classic structure; 1 otherwise.
    let awarenessFactor: [Double]
    /// Holders each structure takes in per month, funded capacity included.
    let monthlyCapacity: [Double]
    /// Awareness of ESS specifics of each structure (1 for ESS structures and permanences).
    public let essAwareness: [Double]
    /// Per month and pair (`month × S² + i × S + j`): how well structure i knows structure j. When
    /// nothing changes it (no meetings, no workspaces) it holds a single month.
    let knowledge: [Double]
    /// Months stored in `knowledge`: the horizon, or 1.
    let knowledgeMonths: Int

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
    /// - Throws: ``GSLError`` if GSL cannot build a draw table.
    public init(territory: Territory, structures baseStructures: [SupportStructure], travel: TravelTimes,
                holders: HolderParameters, journey: JourneyParameters, outcomes baseOutcomes: OutcomeParameters,
                policy: CooperationPolicy, costs: LeverCosts = LeverCosts(), effects: LeverEffects = LeverEffects(),
                settings: SimulationSettings, importWarnings: [String] = []) throws {
        let resolved = ResolvedPolicy(policy, costs: costs, effects: effects)
        self.territory = territory
        self.travel = travel
        self.holders = holders
        self.journey = journey
        self.policy = resolved
        warmHandoffEffect = effects.warmHandoffEffect
        self.settings = settings
        baseline = resolved.isActive
            ? try SimulationModel(territory: territory, structures: baseStructures, travel: travel, holders: holders,
                                  journey: journey, outcomes: baseOutcomes, policy: CooperationPolicy(), costs: costs,
                                  effects: effects, settings: settings)
            : nil

        let zones = territory.zones
        let Z = zones.count
        let H = settings.horizonMonths
        let types = Self.types, stages = Self.stages, needs = Self.needs

        // Outreach permanences go where no structure reaches.
        var structures = baseStructures
        var permanencesPlaced = 0
        if resolved.outreachPermanences > 0 {
            let uncovered = zones.indices.filter { z in
                !baseStructures.contains { travel.minutes(from: zones[z], toX: $0.x, y: $0.y, code: $0.zoneCode) <= travel.reachMinutes }
            }
            for (k, z) in LeverPlacement.permanences(zones, uncovered: uncovered, count: resolved.outreachPermanences, travel: travel).enumerated() {
                var permanence = SupportStructure(id: structures.count, name: "Outreach permanence \(k + 1)", ecosystem: .classic,
                                                  stages: StageSet([.emergence, .creation]),
                                                  capacityPerYear: effects.permanenceCapacityPerYear,
                                                  x: zones[z].x, y: zones[z].y, zoneCode: zones[z].code)
                permanence.isJointOutreach = true
                structures.append(permanence)
                permanencesPlaced += 1
            }
        }
        self.structures = structures
        let S = structures.count

        // ESS training: the largest classic structures first.
        var awareness = structures.map { $0.ecosystem == .ess || $0.isJointOutreach ? 1.0 : journey.essAwarenessBase }
        let classic = structures.indices.filter { structures[$0].ecosystem == .classic && !structures[$0].isJointOutreach }
            .sorted { (structures[$0].capacityPerYear, -$0) > (structures[$1].capacityPerYear, -$1) }
        for s in classic.prefix(resolved.essTrainedStructures) { awareness[s] = max(awareness[s], effects.trainedAwareness) }
        essAwareness = awareness
        let spending = Spending(resolved, costs: costs, permanencesPlaced: permanencesPlaced, classicStructures: classic.count)
        self.spending = spending
        warnings = importWarnings + spending.warnings

        var fits = Array(repeating: false, count: needs * S)
        var ecosystemFits = Array(repeating: false, count: types * S)
        var awarenessFactor = Array(repeating: 1.0, count: types * S)
        for (s, structure) in structures.enumerated() {
            for type in ProjectType.allCases {
                let fitsType = structure.isJointOutreach
                    || Self.ecosystemFits(type, structure.ecosystem, awareness: awareness[s], threshold: journey.socialUtilityAwarenessThreshold)
                ecosystemFits[type.rawValue * S + s] = fitsType
                if structure.ecosystem == .classic && type != .classic { awarenessFactor[type.rawValue * S + s] = 1 - awareness[s] }
                for stage in Stage.allCases where fitsType && structure.stages.serves(stage) {
                    fits[(type.rawValue * stages + stage.rawValue) * S + s] = true
                }
            }
        }
        self.fits = fits
        self.ecosystemFits = ecosystemFits
        self.awarenessFactor = awarenessFactor

        let totalCapacity = baseStructures.reduce(0) { $0 + $1.capacityPerYear }
        monthlyCapacity = structures.map { s in
            let share = !s.isJointOutreach && totalCapacity > 0 ? s.capacityPerYear / totalCapacity : 0
            return (s.capacityPerYear + resolved.extraCapacityPerYear * share) / 12
        }

        // Mutual knowledge, month by month.
        let k0 = Self.baselineKnowledge(structures: structures, zones: zones, journey: journey, travel: travel)
        let knowledge = Self.knowledgeDynamics(structures: structures, zones: zones, baseline: k0, policy: resolved,
                                               effects: effects, travel: travel, months: H)
        self.knowledge = knowledge
        knowledgeMonths = S > 0 ? knowledge.count / (S * S) : 0

        // Who reaches whom.
        var minutes = Array(repeating: 0.0, count: Z * S)
        var reachStart = [0]
        var reachStructure: [Int32] = []
        var contactTables: [DiscreteDistribution?] = []
        var baseLegibility: [Double] = []
        var nearestIn = Array(repeating: Int32(-1), count: Z * needs)
        var fittingTables: [DiscreteDistribution?] = []
        var fittingStart = [0]
        var fittingStructure: [Int32] = []
        fittingTables.reserveCapacity(Z * needs)
        var target = Array(repeating: Int32(-1), count: Z * needs)
        // Population covered per need, and per type for the whole chain, counted in inhabitants
        // so that full coverage is exactly 1.
        var coveredPopulation = Array(repeating: 0, count: needs)
        var chainPopulation = Array(repeating: 0, count: types)
        let population = Double(territory.population)
        for (z, zone) in zones.enumerated() {
            for s in 0..<S {
                minutes[z * S + s] = travel.minutes(from: zone, toX: structures[s].x, y: structures[s].y, code: structures[s].zoneCode)
            }
            let order = (0..<S).sorted { (minutes[z * S + $0], $0) < (minutes[z * S + $1], $1) }
            let inReach = order.filter { minutes[z * S + $0] <= travel.reachMinutes }
            reachStructure.append(contentsOf: inReach.map { Int32($0) })
            reachStart.append(reachStructure.count)
            func attraction(_ s: Int) -> Double {
                max(structures[s].capacityPerYear, 1e-9) * exp(-minutes[z * S + s] / journey.contactDecayMinutes)
            }
            contactTables.append(inReach.isEmpty ? nil : try DiscreteDistribution(weights: inReach.map(attraction)))
            // Legibility falls as actors multiply: the study's metropolitan finding, as mechanism.
            baseLegibility.append(journey.legibilityBase * journey.legibilityHalfCount / (journey.legibilityHalfCount + Double(inReach.count)))

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
                    if let s = order.first(where: { fits[need * S + $0] }) { target[i] = Int32(s) }
                }
                if wholeChain { chainPopulation[type] += zone.population }
            }
        }
        self.minutes = minutes
        self.reachStart = reachStart
        self.reachStructure = reachStructure
        self.contactTables = contactTables
        nearestFitInReach = nearestIn
        self.fittingTables = fittingTables
        self.fittingStart = fittingStart
        self.fittingStructure = fittingStructure
        referralTarget = target
        coverageByType = (0..<types).map { type in
            Self.weightedMean((0..<stages).map { Double(coveredPopulation[type * stages + $0]) / population }, holders.stageShares)
        }
        chainCoverage = Self.weightedMean(chainPopulation.map { Double($0) / population }, holders.projectTypeShares)

        // Legibility month by month: mutual knowledge, then shared intake points.
        let intakeSites = LeverPlacement.mostPopulous(zones, count: resolved.sharedIntakePoints)
        let nearIntake = zones.map { zone in
            intakeSites.contains { travel.minutes(from: zone, toX: zones[$0].x, y: zones[$0].y, code: zones[$0].code) <= travel.reachMinutes }
        }
        var legibility = Array(repeating: 0.0, count: H * Z)
        for month in 0..<H {
            let gain = Self.knowledgeGain(knowledge, baseline: k0, month: min(month, max(knowledgeMonths - 1, 0)), structures: structures)
            for z in 0..<Z {
                var l = baseLegibility[z]
                l += (1 - l) * gain * journey.knowledgeLegibilityGain
                if nearIntake[z] { l += (1 - l) * effects.intakeEffect }
                legibility[month * Z + z] = l
            }
        }
        self.legibility = legibility

        // Pooled expertise raises the quality of support.
        var outcomes = baseOutcomes
        let q = resolved.pooledExpertise
        outcomes.creationSupported = min(1, baseOutcomes.creationSupported * (1 + q * effects.expertiseCreationGain))
        outcomes.survival3Supported = pow(baseOutcomes.survival3Supported, 1 - q * effects.expertiseHazardReduction)
        outcomes.jobsPerFirmSupported = 1 + (baseOutcomes.jobsPerFirmSupported - 1) * (1 + q * effects.expertiseJobsGain)
        self.outcomes = outcomes

        monthlyArrivals = zones.map { holders.monthlyArrivals(population: $0.population) }
        typeCumulative = Self.cumulative(holders.projectTypeShares)
        stageCumulative = Self.cumulative(holders.stageShares)
        survivalSupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Supported, months: $0) }
        survivalUnsupported = (0...max(H, 0)).map { OutcomeParameters.survival(outcomes.survival3Unsupported, months: $0) }
        hot = HotTables(
            monthlyArrivals: storage.pin(monthlyArrivals), reachStart: storage.pin(reachStart), reachStructure: storage.pin(reachStructure),
            contactTable: storage.pin(contactTables.map { $0?.table }), legibility: storage.pin(legibility),
            fittingTable: storage.pin(fittingTables.map { $0?.table }), fittingStart: storage.pin(fittingStart),
            fittingStructure: storage.pin(fittingStructure), referralTarget: storage.pin(target), minutes: storage.pin(minutes),
            fits: storage.pin(fits), ecosystemFits: storage.pin(ecosystemFits), awarenessFactor: storage.pin(awarenessFactor),
            monthlyCapacity: storage.pin(monthlyCapacity), knowledge: storage.pin(knowledge), typeCumulative: storage.pin(typeCumulative),
            stageCumulative: storage.pin(stageCumulative), survivalSupported: storage.pin(survivalSupported),
            survivalUnsupported: storage.pin(survivalUnsupported),
            employeesSupported: storage.pin(RandomStream.poissonCumulative(outcomes.jobsPerFirmSupported - 1)),
            employeesUnsupported: storage.pin(RandomStream.poissonCumulative(outcomes.jobsPerFirmUnsupported - 1)))
        let outsideMonths = Double(max(0, H - outcomes.creationDelayUnsupportedMonths))
        creationsOutsideSupport = population / 1000 * holders.creationRatePer1000 * (1 - holders.seekSupportShare)
            * outcomes.creationUnsupported * outsideMonths / 12
    }

    /// Baseline knowledge of each pair (`i × S + j`): what structure i knows of j without any
    /// cooperation. It is `knowledge_base × h / (h + n)`, n being the number of other structures
    /// within reach of i: among many actors, each one is known less (the study's metropolitan
    /// finding, as mechanism). Joint permanences know everyone.
    static func baselineKnowledge(structures: [SupportStructure], zones: [Zone], journey: JourneyParameters,
                                  travel: TravelTimes) -> [Double] {
        let S = structures.count
        var base = Array(repeating: 1.0, count: S * S)
        let places = siteZones(structures, zones)
        for i in 0..<S where !structures[i].isJointOutreach {
            let neighbours = (0..<S).filter { j in
                j != i && travel.minutes(from: places[i], toX: structures[j].x, y: structures[j].y, code: structures[j].zoneCode) <= travel.reachMinutes
            }.count
            let k0 = journey.knowledgeBase * journey.knowledgeHalfCount / (journey.knowledgeHalfCount + Double(neighbours))
            for j in 0..<S { base[i * S + j] = k0 }
        }
        return base
    }

    /// Pairwise knowledge between structures, month by month (deterministic: the expected
    /// dynamics).
    ///
    /// Knowledge K starts at its baseline K₀ (``baselineKnowledge``). Each month a pair has λ
    /// contacts — meetings a month × attendance², plus the workspace's contacts when both use
    /// the same shared workspace — and K ← K + (1 − K)(1 − (1 − learning)^λ) − decay · (K − K₀).
    static func knowledgeDynamics(structures: [SupportStructure], zones: [Zone], baseline k0: [Double], policy: ResolvedPolicy,
                                  effects: LeverEffects, travel: TravelTimes, months: Int) -> [Double] {
        let S = structures.count
        // Which workspace (if any) each structure uses.
        let sites = LeverPlacement.mostPopulous(zones, count: policy.sharedWorkspaces)
        let places = siteZones(structures, zones)
        let workspace: [Int] = structures.indices.map { s in
            sites.firstIndex { w in
                travel.minutes(from: places[s], toX: zones[w].x, y: zones[w].y, code: zones[w].code) <= effects.workspaceMinutes
            } ?? -1
        }
        let meetingContacts = policy.meetingsPerYear / 12 * effects.meetingAttendance * effects.meetingAttendance
        // Without contact, knowledge stays at its baseline: one month stands for all.
        if meetingContacts == 0 && !workspace.contains(where: { $0 >= 0 }) { return k0 }
        var current = k0
        var all = [Double]()
        all.reserveCapacity(max(months, 0) * S * S)
        for _ in 0..<max(months, 0) {
            all.append(contentsOf: current)
            for i in 0..<S where !structures[i].isJointOutreach {
                for j in 0..<S where i != j {
                    let contacts = meetingContacts + (workspace[i] >= 0 && workspace[i] == workspace[j] ? effects.workspaceContactsPerMonth : 0)
                    current[i * S + j] = nextKnowledge(current[i * S + j], baseline: k0[i * S + j], contacts: contacts, effects: effects)
                }
            }
        }
        return all
    }

    /// Each structure's site as a zone (its own point, its zone's code and kind), to measure
    /// travel from it.
    static func siteZones(_ structures: [SupportStructure], _ zones: [Zone]) -> [Zone] {
        let kindByCode = Dictionary(zones.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        return structures.map { Zone(code: $0.zoneCode, name: $0.name, x: $0.x, y: $0.y, population: 0, kind: kindByCode[$0.zoneCode] ?? .urban) }
    }

    /// One month of knowledge K of a pair with `contacts` contacts: the gap to full knowledge
    /// closes by 1 − (1 − learning)^contacts, and the part above the baseline K₀ decays.
    static func nextKnowledge(_ k: Double, baseline k0: Double, contacts: Double, effects: LeverEffects) -> Double {
        let learnt = contacts > 0 ? (1 - k) * (1 - pow(1 - effects.learningPerContact, contacts)) : 0
        return min(1, max(0, k + learnt - effects.knowledgeDecayPerMonth * (k - k0)))
    }

    /// The mean rise of knowledge above its baseline across ecosystems, as a share of what could
    /// be gained: 0 without cooperation, 1 when every structure knows every other fully.
    static func knowledgeGain(_ knowledge: [Double], baseline k0: [Double], month: Int, structures: [SupportStructure]) -> Double {
        let S = structures.count
        var sum = 0.0, pairs = 0
        for i in 0..<S where !structures[i].isJointOutreach {
            for j in 0..<S where !structures[j].isJointOutreach && structures[j].ecosystem != structures[i].ecosystem {
                let base = k0[i * S + j]
                guard base < 1 else { continue }
                sum += (knowledge[month * S * S + i * S + j] - base) / (1 - base)
                pairs += 1
            }
        }
        return pairs > 0 ? sum / Double(pairs) : 0
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
    public func knowledge(of j: Int, by i: Int, month: Int) -> Double {
        let S = structures.count
        return knowledge[min(month, knowledgeMonths - 1) * S * S + i * S + j]
    }

}

extension SimulationModel {
    /// Euros spent over the horizon: the yearly spending (unspent money left out) × horizon / 12.
    public var spentOverHorizonEur: Double { spending.spentEur * Double(settings.horizonMonths) / 12 }
}

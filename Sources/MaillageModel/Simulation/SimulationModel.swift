import Foundation
import MaillageFoundation

/// When a policy starts acting: at the horizon's first month (the warm-up runs the territory
/// without it, so the horizon shows its build-up), or from the start of the warm-up (the horizon
/// then shows it settled; version 0.2's convention).
public enum PolicyStart: String, Sendable, CaseIterable, Codable {
    case horizon
    case warmUp = "warm_up"
}

/// Everything a replication needs, resolved once per run and shared read-only by all replications:
/// the territory, the structures (those levers add included), the parameters, the policy's
/// levers, who can reach whom in each period of the ecosystem, and the counterfactual worlds the
/// policy is measured against.
///
/// The tables are flat arrays indexed by zone, project type, stage, structure and month so that
/// the monthly loop reads contiguous memory and never searches.
public final class SimulationModel: Sendable {
    public let territory: Territory
    /// The scenario's structures, then those the policy adds (outreach permanences, intake points).
    public let structures: [SupportStructure]
    public let travel: TravelTimes
    public let holders: HolderParameters
    public let journey: JourneyParameters
    public let outcomes: OutcomeParameters
    public let policy: ResolvedPolicy
    /// What the policy's money bought on this territory, and what it left unspent.
    public let spending: Spending
    /// What the user should know about this run: the real-data import's report first, then
    /// ``policyWarnings``.
    public var warnings: [Label] { importWarnings + policyWarnings }
    /// The real-data import's report (codes matched to another, communes without a polygon).
    public let importWarnings: [Label]
    /// What the policy's levers warned of: money that bought nothing, a lever that cannot be placed.
    public let policyWarnings: [Label]
    /// Months simulated before the horizon, and months counted.
    public let warmUpMonths: Int
    public let horizonMonths: Int
    /// Would-be creators a year per 1,000 inhabitants: the rate at which, without cooperation,
    /// the territory's creations (seekers simulated, non-seekers counted at their own creation
    /// rate) equal INSEE's figure (`holders.creationRatePer1000`). Found by a pilot run of the
    /// no-cooperation world (``pilotCreationRate(hot:constants:holders:outcomes:territory:)``); every counterfactual shares it, so that
    /// the same holders arrive in each.
    public let wouldBeCreatorsPer1000: Double
    /// The worlds the policy is measured against, on the same seeds; nil when the policy does
    /// nothing.
    public let counterfactuals: Counterfactuals?

    /// The same territory without cooperation; and, where the territory has ESS structures, the
    /// policy and no cooperation on the territory without them (the classic structures then meet
    /// every holder): the part of an effect that needs both ecosystems is the effect minus its
    /// effect there.
    public struct Counterfactuals: Sendable {
        public let baseline: SimulationModel
        public let essFreePolicy: SimulationModel?
        public let essFreeBaseline: SimulationModel?
    }

    /// The no-cooperation world, when the policy does something.
    public var baseline: SimulationModel? { counterfactuals?.baseline }

    /// What the model was built from besides the parameters it keeps, to build the same world
    /// with other levers (``restricted(to:)``).
    struct Inputs: Sendable {
        let baseStructures: [SupportStructure]
        let families: FamilyTable
        let costs: ParameterValues
        let effects: ParameterValues
        let offer: OfferTable
        let policyStart: PolicyStart
        let entry: EntryParameters
        let pairLayout: PairLayout
    }

    /// How a model keeps its zone–structure travel times: in a table of every pair up to
    /// ``Limits/zoneStructurePairs`` pairs and computed as needed beyond (``automatic``), or
    /// either way whatever the size. The replications are the same; only memory and speed differ.
    public enum PairLayout: Sendable {
        case automatic, table, onDemand
    }

    /// What each network family offers each project type at each stage (7.2).
    public var offer: OfferTable { inputs.offer }
    /// When the policy starts (7.7).
    public var policyStart: PolicyStart { inputs.policyStart }
    /// The simulated month (warm-up included) from which the policy acts.
    public var policyStartMonth: Int { policyStart == .horizon ? warmUpMonths : 0 }
    let inputs: Inputs

    static let types = ProjectType.allCases.count
    static let stages = Stage.allCases.count
    /// Number of (project type, stage) needs.
    package static let needs = types * stages
    /// Most periods (epochs) between structures' openings and closings.
    static let maxEpochs = 24

    // MARK: Structures

    /// Per need and structure (`need × S + s`): whether the structure fits, in the first period
    /// of the horizon (a closed structure fits no one then).
    package let fits: [Bool]
    /// Per type and structure (`type × S + s`): whether the structure handles such projects (fits
    /// them at some stage), once the policy acts.
    let handles: [Bool]
    /// Holders each structure takes in (or diagnoses) per month when open, funded capacity
    /// included, once the policy acts.
    package let monthlyCapacity: [Double]
    /// Awareness of ESS specifics, and competence on the other ecosystem's projects, of each structure.
    public let essAwareness: [Double]
    public let competence: [Double]

    // MARK: Periods and reach

    /// The reach index of each period between openings and closings (each with every combination
    /// of candidate structures open: period × 2^candidates + combination), and the calendar period
    /// of each simulated month (warm-up included).
    let reach: [ReachIndex]
    let epochOfMonth: [Int]
    /// Candidate structures that may open by themselves: the last ones of ``structures``.
    public let candidateCount: Int
    /// Minutes from each zone to each structure (`times[z, s]`): a table, or computed on demand
    /// in a model too large for one (``PairLayout``).
    package let times: PairMinutes
    /// Per month and zone (`month × Z + zone`), the chance that a holder with a job goes straight
    /// to a fitting structure in reach.
    let legibility: [Double]
    /// Per simulated month (warm-up included): the mean knowledge between structures of different
    /// ecosystems, and its rise above the baseline as a share of what could be gained.
    public let crossKnowledgeByMonth: [Double]
    public let knowledgeGainByMonth: [Double]

    // MARK: Coverage (a property of the configuration, not of chance; first period of the horizon)

    /// Population-weighted share with a fitting structure in reach, per project type, averaged
    /// over the stages a holder may need with their shares.
    public let coverageByType: [Double]
    /// Population-weighted share with a fitting structure in reach for every stage of the chain,
    /// averaged over project types with their shares.
    public let chainCoverage: Double
    /// Expected creations over the horizon by would-be creators who never seek support: they are
    /// counted in the totals at their own creation rate, not simulated.
    public let creationsOutsideSupport: Double

    /// Pinned copies of the tables for the monthly loop, and its constants.
    let storage = PinnedStorage()
    let hot: HotTables
    let constants: ReplicationConstants

    /// Resolves the model.
    ///
    /// The policy's funding is turned into lever quantities (``ResolvedPolicy``); every lever then
    /// acts on the model being built (``ModelBuild``), in the order ``Lever`` lists; the result
    /// becomes the tables the monthly loop reads. `wouldBeCreatorsPer1000` is the arrival rate
    /// the counterfactual worlds share; nil finds it by a pilot run of the no-cooperation world.
    /// - Throws: ``InputError`` beyond the model's limits; ``GSLError`` if GSL cannot build a draw table.
    public init(territory: Territory, structures baseStructures: [SupportStructure], travel: TravelTimes,
                holders: HolderParameters, journey: JourneyParameters, outcomes: OutcomeParameters,
                families: FamilyTable = FamilyTable(), policy: CooperationPolicy,
                costs: ParameterValues = .defaultCosts, effects: ParameterValues = .defaultEffects, offer: OfferTable = .shipped,
                policyStart: PolicyStart = .horizon, entry: EntryParameters = .none, horizonMonths: Int, warmUpMonths: Int = 0,
                importWarnings: [Label] = [],
                wouldBeCreatorsPer1000: Double? = nil, counterfactuals: Bool = true, pairLayout: PairLayout = .automatic) throws {
        let resolved = ResolvedPolicy(policy, costs: costs, effects: effects)
        self.territory = territory
        self.travel = travel
        self.holders = holders
        self.journey = journey
        self.outcomes = outcomes
        self.policy = resolved
        self.horizonMonths = horizonMonths
        self.warmUpMonths = warmUpMonths
        inputs = Inputs(baseStructures: baseStructures, families: families, costs: costs, effects: effects, offer: offer,
                        policyStart: policyStart, entry: entry, pairLayout: pairLayout)
        func world(_ structures: [SupportStructure], _ policy: CooperationPolicy, _ rate: Double?) throws -> SimulationModel {
            try SimulationModel(territory: territory, structures: structures, travel: travel, holders: holders, journey: journey,
                                outcomes: outcomes, families: families, policy: policy, costs: costs, effects: effects, offer: offer,
                                policyStart: policyStart, entry: entry, horizonMonths: horizonMonths, warmUpMonths: warmUpMonths,
                                wouldBeCreatorsPer1000: rate, counterfactuals: false, pairLayout: pairLayout)
        }
        let active = resolved.isActive && counterfactuals
        let baselineWorld = active ? try world(baseStructures, CooperationPolicy(), wouldBeCreatorsPer1000) : nil
        let rate = wouldBeCreatorsPer1000 ?? baselineWorld?.wouldBeCreatorsPer1000
        if active, let baselineWorld {
            let essFree = baseStructures.filter { $0.ecosystem != .ess }
            let hasESS = essFree.count < baseStructures.count
            self.counterfactuals = Counterfactuals(
                baseline: baselineWorld,
                essFreePolicy: hasESS ? try world(essFree, policy, rate) : nil,
                essFreeBaseline: hasESS ? try world(essFree, CooperationPolicy(), rate) : nil)
        } else {
            self.counterfactuals = nil
        }

        // The levers act on the model being built, stage by stage; what they add opens when the
        // policy starts.
        let total = warmUpMonths + horizonMonths
        let startMonth = policyStart == .horizon ? warmUpMonths : 0
        var build = ModelBuild(territory: territory, structures: baseStructures, travel: travel, journey: journey, effects: effects)
        build.addedOpenMonth = startMonth > 0 ? startMonth - warmUpMonths : nil
        let levers = resolved.levers.all
        for lever in levers { lever.addStructures(to: &build) }
        // Candidates that may open by themselves come last: bit k of a period is candidate k open.
        let candidates = try Self.entryCandidates(baseStructures, zones: territory.zones, travel: travel, entry: entry, file: territory.name)
        build.structures += candidates
        build.prepareStructures()
        // Before the policy starts, structures have their own awareness, competence and capacity.
        let awarenessBefore = build.awareness, competenceBefore = build.competence
        for lever in levers { lever.raiseAwareness(in: &build) }
        for lever in levers { lever.raiseCompetence(in: &build) }
        for lever in levers { lever.addCapacity(to: &build) }
        for lever in levers { lever.setContacts(in: &build) }
        for lever in levers { lever.changeReferrals(in: &build) }
        var spending = Spending(resolved, build: build, costs: costs)
        spending.staffTimeEur = levers.reduce(0) { $0 + $1.staffTimeEur(build, costs: costs) }
        self.spending = spending
        self.importWarnings = importWarnings
        policyWarnings = build.warnings + spending.warnings
        essAwareness = build.awareness
        competence = build.competence

        let zones = territory.zones
        let Z = zones.count
        let structures = build.structures
        self.structures = structures
        let S = structures.count
        // The per-structure tables grow with the structures, the travel times with the pairs
        // (kept in a table up to a bound, computed as needed beyond): bounded.
        guard S <= Limits.structures else {
            throw InputError(file: territory.name, field: "structures",
                             message: "expected at most \(Limits.structures) support structures (placed and added by levers), found \(S)")
        }
        let times = try PairMinutes(zones: zones, structures: structures, travel: travel, layout: pairLayout, file: territory.name)
        self.times = times
        let inReach = try times.within(travel.reachMinutes, file: territory.name)

        let hasESS = structures.contains { $0.role == .network && $0.ecosystem == .ess }
        let threshold = journey.socialUtilityAwarenessThreshold
        // Per phase (0 before the policy starts, 1 once it acts): fits, capacity, effects.
        let fitPhases = [Self.fitTables(structures, awareness: awarenessBefore, threshold: threshold, jointPermanences: hasESS, offer: offer),
                         Self.fitTables(structures, awareness: build.awareness, threshold: threshold, jointPermanences: hasESS, offer: offer)]
        let fit = fitPhases[1]
        handles = fit.handles

        let totalCapacity = baseStructures.reduce(0) { $0 + $1.capacityPerYear }
        let capacityPhases = [0.0, build.extraCapacityPerYear].map { extra in
            structures.map { s in
                let share = s.role == .network && totalCapacity > 0 ? s.capacityPerYear / totalCapacity : 0
                return (s.capacityPerYear + extra * share) / 12
            }
        }
        monthlyCapacity = capacityPhases[1]

        // Periods between openings and closings, over the simulated months (warm-up first); the
        // policy's start is one.
        var changes = Set<Int>()
        if startMonth > 0 && startMonth < total && resolved.isActive { changes.insert(startMonth) }
        for s in structures {
            for m in [s.opensMonth, s.closesMonth].compactMap({ $0 }) where m > -warmUpMonths && m < horizonMonths { changes.insert(m + warmUpMonths) }
        }
        let starts = [0] + changes.sorted()
        guard starts.count <= Self.maxEpochs else {
            throw InputError(file: territory.name, field: "structures",
                             message: "expected openings and closings making at most \(Self.maxEpochs) periods, found \(starts.count)")
        }
        var epochOfMonth = Array(repeating: 0, count: max(total, 1))
        for (e, start) in starts.enumerated() { for m in start..<max(total, start) { epochOfMonth[m] = e } }
        self.epochOfMonth = epochOfMonth
        // Each calendar period, with every combination of candidates open (bit k: candidate k).
        let E = candidates.count, firstCandidate = S - E
        candidateCount = E
        var phaseOfEpoch: [Int] = []
        var reach: [ReachIndex] = []
        var openByEpoch: [Bool] = []
        var local: (start: [Int], structure: [Int32]) = ([], [])
        for start in starts {
            for mask in 0..<(1 << E) {
                let open = structures.indices.map { s in
                    structures[s].isOpen(month: start - warmUpMonths) && (s < firstCandidate || mask & (1 << (s - firstCandidate)) != 0)
                }
                phaseOfEpoch.append(start >= startMonth ? 1 : 0)
                openByEpoch += open
                let index = try ReachIndex(zones: zones, structures: structures, open: open, fits: fitPhases[phaseOfEpoch.last!].fits,
                                           travel: travel, journey: journey, times: times, order: inReach)
                reach.append(index)
                let lists = Self.localLists(zones: zones, structures: structures, open: open, times: times, within: journey.localContactMinutes)
                // Z + 1 starts a period, as the reach lists have.
                local.start += lists.start.map { $0 + local.structure.count }
                local.structure += lists.structure
            }
        }
        self.reach = reach
        let horizonEpoch = epochOfMonth[min(warmUpMonths, max(total - 1, 0))] << E
        let first = reach[horizonEpoch]
        let openAtHorizon = structures.map { $0.isOpen(month: 0) }
        // Candidates are closed at the horizon's start.
        fits = (0..<(Self.needs * S)).map { fit.fits[$0] && openAtHorizon[$0 % max(S, 1)] && $0 % max(S, 1) < firstCandidate }

        // Mutual knowledge across the ecosystems, month by month.
        let k0 = try Self.baselineKnowledge(structures: structures, zones: zones, journey: journey, travel: travel, file: territory.name)
        let knowledge = KnowledgeTable(structures: structures, baseline: k0, build: build, months: total, start: startMonth)
        crossKnowledgeByMonth = knowledge.meanCross
        knowledgeGainByMonth = knowledge.crossGain

        let population = Double(territory.population)
        coverageByType = (0..<Self.types).map { type in
            Self.weightedMean((0..<Self.stages).map { Double(first.coveredPopulation[type * Self.stages + $0]) / population }, holders.stageShares)
        }
        chainCoverage = Self.weightedMean(first.chainPopulation.map { Double($0) / population }, holders.projectTypeShares)

        // Legibility month by month: the period's baseline, then mutual knowledge's gain.
        var legibility = Array(repeating: 0.0, count: total * Z)
        for month in 0..<total {
            let gain = knowledge.crossEcosystemGain(month: month)
            let base = reach[epochOfMonth[month] << E].baseLegibility
            for z in 0..<Z {
                var l = base[z]
                l += (1 - l) * gain * journey.knowledgeLegibilityGain
                legibility[month * Z + z] = l
            }
        }
        self.legibility = legibility

        let effectPhases = [(awarenessBefore, competenceBefore), (build.awareness, build.competence)].map { awareness, competence in
            Self.supportEffects(structures, awareness: awareness, competence: competence, outcomes: outcomes, families: families,
                                jointPermanences: hasESS, offer: offer)
        }
        // A holder a shared pathway follows keeps the whole effect: as if its project fitted.
        let followedEffects = Self.supportEffects(structures, awareness: structures.map { _ in 1 }, competence: structures.map { _ in 1 },
                                                  outcomes: outcomes, families: families, jointPermanences: hasESS, offer: offer)
        let typeCumulative = (0..<max(total, 1)).flatMap { Self.cumulative(holders.typeShares(month: $0 - warmUpMonths)) }
        let arrivalWeights = zones.map { Double($0.population) / 1000 / 12 }
        // Per zone, the structures in reach (open or not), for the candidates and the newly reached.
        func reachable(_ z: Int) -> ArraySlice<Int32> { inReach.order[inReach.start[z] ..< inReach.start[z + 1]] }
        hot = HotTables(storage: storage, model: (zones, structures, reach, epochOfMonth, times, legibility),
                        phases: HotTables.Phases(ofEpoch: phaseOfEpoch, fit: fitPhases, capacity: capacityPhases, effects: effectPhases,
                                                 awareness: [awarenessBefore, build.awareness]),
                        followed: followedEffects, partners: structures.indices.map { build.pathwayPartners.contains($0) },
                        knowledge: knowledge, typeCumulative: typeCumulative, stageCumulative: Self.cumulative(holders.stageShares),
                        holders: holders, arrival: (journey.arrivalBase, journey.arrivalDecayMinutes), arrivalWeights: arrivalWeights,
                        open: openByEpoch, local: local, candidates: E,
                        candidateServes: (0..<(Z * Self.needs)).map { i in
                            let z = i / Self.needs, need = i % Self.needs
                            return reachable(z).reduce(UInt8(0)) { mask, s32 in
                                let s = Int(s32)
                                return s >= firstCandidate && fit.fits[need * S + s] ? mask | UInt8(1 << (s - firstCandidate)) : mask
                            }
                        },
                        newlyReached: (0..<Z).map { z in
                            !reachable(z).contains { s32 in
                                let s = Int(s32)
                                return s < baseStructures.count && structures[s].role == .network && structures[s].isOpen(month: 0)
                            }
                        })
        let constants = ReplicationConstants(
            warmUp: warmUpMonths, horizon: horizonMonths, giveUp: journey.giveUpPerMonth, joblessGiveUp: journey.joblessGiveUpFactor,
            joblessLegibility: journey.joblessLegibilityFactor, referralWithin: journey.referralWithinEcosystem,
            referralBase: journey.referralBase, misfitSupport: journey.misfitSupport,
            referralDelay: journey.referralDelayMonths, policyStart: startMonth,
            roomAwareness: journey.roomAwareness, permanenceOverflow: journey.permanenceOverflow, capacityElasticity: journey.capacityElasticity,
            capacityGrowthLimit: journey.capacityGrowthLimit, localContactShare: journey.localContactShare,
            knowledgeDependence: journey.cooperationKnowledgeDependence, entryRate: entry.ratePerMonth, entryThreshold: entry.thresholdPerYear,
            pathwayPerMonth: build.pathwayHoldersPerYear / 12, pathwayThreshold: build.pathwayKnowledgeThreshold,
            warmHandoffs: build.warmHandoffs,
            warmEffect: build.warmHandoffEffect, intakeShare: effects[SharedIntake.share], intakeOrientation: effects[SharedIntake.orientation],
            supportMonths: journey.supportMonths, continueAfter: holders.continueAfter, meetingsPerMonth: knowledge.meetingsPerMonth,
            workspaceContacts: knowledge.workspaceContacts, learning: knowledge.learning, decay: knowledge.decay,
            logitUnsupported: log(min(max(outcomes.creationUnsupported, 1e-9), 1 - 1e-9) / (1 - min(max(outcomes.creationUnsupported, 1e-9), 1 - 1e-9))),
            microShare: outcomes.microShare, hazardMicro: -log(max(outcomes.survival3Micro, 1e-9)) / 36,
            hazardOther: -log(max(outcomes.survival3Other, 1e-9)) / 36, salariedMicro: outcomes.salariedMicro,
            salariedOther: outcomes.salariedOther, creationDelay: outcomes.creationDelayMonths)
        self.constants = constants
        // The arrival rate: the shared one, or found by a pilot of this (no-cooperation) world.
        let found = try rate ?? Self.pilotCreationRate(hot: hot, constants: constants, holders: holders, outcomes: outcomes, territory: territory.name)
        self.wouldBeCreatorsPer1000 = found
        hot.setArrivals(found * holders.seekSupportShare)
        creationsOutsideSupport = population / 1000 * found * (1 - holders.seekSupportShare) * holders.nonSeekerCreation
            * Double(horizonMonths) / 12
    }

    /// The population-weighted mean legibility of simulated `month` (warm-up included).
    public func meanLegibility(month: Int) -> Double {
        let zones = territory.zones, Z = zones.count
        let total = zones.reduce(0.0) { $0 + Double($1.population) }
        guard total > 0, month >= 0, (month + 1) * Z <= legibility.count else { return .nan }
        return zones.indices.reduce(0.0) { $0 + Double(zones[$1].population) * legibility[month * Z + $1] } / total
    }

    /// Overall coverage: the per-type coverages weighted by the project-type shares.
    public var coverage: Double { Self.weightedMean(coverageByType, holders.projectTypeShares) }

    /// Σ wᵢxᵢ / Σ wᵢ, so that equal values give exactly that value; NaN without weight.
    static func weightedMean(_ values: [Double], _ weights: [Double]) -> Double {
        let total = weights.reduce(0, +)
        guard total > 0 else { return .nan }
        return zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
    }

    /// The structures of the territory, without the candidates that may open by themselves.
    public var territoryStructures: ArraySlice<SupportStructure> { structures.prefix(structures.count - candidateCount) }

    /// Number of network structures in reach of zone `z` in the first period of the horizon.
    public func reachCount(zone z: Int) -> Int {
        let r = reach[epochOfMonth[min(warmUpMonths, epochOfMonth.count - 1)] << candidateCount]
        return r.reachStart[z + 1] - r.reachStart[z]
    }

    /// The nearest structure in reach of zone `z` fitting a holder of `type` at `stage`, if any,
    /// in the first period of the horizon.
    public func nearestFittingStructure(zone z: Int, type: ProjectType, stage: Stage) -> Int? {
        let r = reach[epochOfMonth[min(warmUpMonths, epochOfMonth.count - 1)] << candidateCount]
        let s = r.nearestFitInReach[z * Self.needs + type.rawValue * Self.stages + stage.rawValue]
        return s >= 0 ? Int(s) : nil
    }

    /// How well structure `i` knows structure `j` in horizon month `month` (0: the first month
    /// of the horizon; negative: the warm-up).
    public func knowledge(of j: Int, by i: Int, month: Int) -> Double { hot.knowledge(i, j, month: month + warmUpMonths, constants) }

    /// The names of the levers the policy switches on, in registry order.
    public var activeLevers: [String] { policy.levers.all.filter(\.isActive).map { type(of: $0).name } }

    /// The same world with only the levers named in `levers` switched on, each at this policy's
    /// resolved quantities (funding already turned into quantities), at this model's arrival
    /// rate and without counterfactuals: a coalition of the policy's levers, run on common
    /// random numbers with the policy's world.
    /// - Throws: what building a model throws.
    public func restricted(to levers: Set<String>) throws -> SimulationModel {
        var coalition = CooperationPolicy()
        func take<L: Lever>(_ type: L.Type) { if levers.contains(L.name) { coalition[type] = policy.levers[type] } }
        for type in Levers.all { take(type) }
        return try with(coalition)
    }

    /// The same world under another policy, at this model's arrival rate and without
    /// counterfactuals. Built from the no-cooperation world, it is the policy world that a model
    /// of `policy` with counterfactuals runs, so that both give the same replications.
    /// - Throws: what building a model throws.
    public func with(_ policy: CooperationPolicy) throws -> SimulationModel {
        try SimulationModel(territory: territory, structures: inputs.baseStructures, travel: travel, holders: holders, journey: journey,
                            outcomes: outcomes, families: inputs.families, policy: policy, costs: inputs.costs,
                            effects: inputs.effects, offer: inputs.offer, policyStart: inputs.policyStart, entry: inputs.entry, horizonMonths: horizonMonths,
                            warmUpMonths: warmUpMonths, wouldBeCreatorsPer1000: wouldBeCreatorsPer1000, counterfactuals: false,
                            pairLayout: inputs.pairLayout)
    }

    /// Euros of the authority's budget spent over the horizon: the yearly spending (unspent
    /// money left out) × horizon / 12.
    public var spentOverHorizonEur: Double { spending.spentEur * Double(horizonMonths) / 12 }

    /// What the policy costs over the horizon: the authority's spending and the structures'
    /// staff time it takes.
    public var costOverHorizonEur: Double { (spending.spentEur + spending.staffTimeEur) * Double(horizonMonths) / 12 }
}

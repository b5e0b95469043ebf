import Foundation
import MaillageFoundation

/// Copies of the model's tables in memory that never moves and is never reference-counted, for
/// the monthly loop: replications on several threads read them through plain pointers, so no
/// thread touches a shared reference count (whose atomic updates would make the cores fight
/// over one cache line).
final class PinnedStorage: @unchecked Sendable {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// A pinned copy of `values`.
    func pin<T: BitwiseCopyable>(_ values: [T]) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(pinMutable(values))
    }

    /// A pinned copy of `values` the model may still change while it is built.
    func pinMutable<T: BitwiseCopyable>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { p.initialize(from: base, count: source.count) }
        }
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafeMutableBufferPointer(start: p, count: values.count)
    }

    deinit { for b in blocks { b.deallocate() } }
}

/// The tables one replication reads, as pointers into a model's ``PinnedStorage`` (valid while
/// the model lives; a replication holds its model). Tables of a period of the ecosystem are
/// concatenated period after period; their offsets are absolute. Tables that differ before and
/// after the policy starts (fits, capacity, support effects, awareness) hold both phases, the
/// phase before first: a period's phase is `phaseOfEpoch`.
struct HotTables: @unchecked Sendable {
    let zones: Int
    let structures: Int
    let months: Int
    /// Mean arrivals of seekers per month in each zone (set once the arrival rate is known), and
    /// exp(−mean) of each, for the Poisson draws of the arrivals.
    let monthlyArrivals: UnsafeMutableBufferPointer<Double>
    let monthlyArrivalsExp: UnsafeMutableBufferPointer<Double>
    /// Inhabitants / 1,000 / 12 of each zone: arrivals = this × seekers per 1,000 a year.
    let arrivalWeights: UnsafeBufferPointer<Double>
    let joblessShare: UnsafeBufferPointer<Double>
    /// Per zone: no structure of the scenario's (the policy's apart) in reach at the horizon's start.
    let newlyReached: UnsafeBufferPointer<Bool>
    /// Per zone: a priority neighbourhood.
    let isPriority: UnsafeBufferPointer<Bool>
    /// Per zone: its INSEE density level, 1 to 7, or 0 (``DensityLevelCounts``); whether any
    /// zone has one (otherwise the loop counts nothing by level, and every count stays 0).
    let densityLevel: UnsafeBufferPointer<UInt8>
    let hasDensityLevels: Bool
    /// Candidate structures that may open by themselves (the last ones), and per zone and need the
    /// candidates in reach that fit it (bit k: candidate k).
    let candidates: Int
    let candidateServes: UnsafeBufferPointer<UInt8>
    /// Per period, the structures in the neighbourhood of each priority-neighbourhood zone.
    let localStart: UnsafeBufferPointer<Int>
    let localStructure: UnsafeBufferPointer<Int32>
    /// Per simulated month, the mean knowledge across the ecosystems (``KnowledgeTable/meanCross``).
    let meanCrossKnowledge: UnsafeBufferPointer<Double>
    /// Per structure: an outreach permanence.
    let isPermanence: UnsafeBufferPointer<Bool>
    /// Per structure: a partner of a shared pathway; and the support effects of a holder it
    /// follows (the whole effect, as if its project fitted).
    let isPartner: UnsafeBufferPointer<Bool>
    let followedCreation: UnsafeBufferPointer<Double>
    let followedHazard: UnsafeBufferPointer<Double>
    let followedJobs: UnsafeBufferPointer<Double>
    let epochOfMonth: UnsafeBufferPointer<Int32>
    // Per period.
    let reachStart: UnsafeBufferPointer<Int>
    let reachStructure: UnsafeBufferPointer<Int32>
    /// Per period and zone, the draw of a first contact among the structures in reach; per
    /// period, zone and need, the draw among the fitting ones: spans of ``aliasEntries``, where
    /// a table and its structures sit together (and needs with the same structures share one).
    let contactDraw: UnsafeBufferPointer<AliasSpan>
    let fittingDraw: UnsafeBufferPointer<AliasSpan>
    let aliasEntries: UnsafeBufferPointer<AliasEntry>
    let fittingStart: UnsafeBufferPointer<Int>
    let fittingStructure: UnsafeBufferPointer<Int32>
    let referralTarget: UnsafeBufferPointer<Int32>
    let intakeInReach: UnsafeBufferPointer<Int32>
    let open: UnsafeBufferPointer<Bool>
    /// 0 before the policy starts, 1 once it acts.
    let phaseOfEpoch: UnsafeBufferPointer<Int32>
    // Per phase.
    let monthlyCapacity: UnsafeBufferPointer<Double>
    let fits: UnsafeBufferPointer<Bool>
    let handles: UnsafeBufferPointer<Bool>
    let supportsAsMisfit: UnsafeBufferPointer<Bool>
    let awareness: UnsafeBufferPointer<Double>
    let creationEffect: UnsafeBufferPointer<Double>
    let hazardEffect: UnsafeBufferPointer<Double>
    let jobsEffect: UnsafeBufferPointer<Double>
    // Common.
    /// Whether the model keeps every zone–structure pair (``PairMinutes``): then the two tables
    /// below hold them (`z × S + s`); otherwise they are empty and ``minutes(_:_:)`` and
    /// ``arrivalChance(_:_:)`` compute a pair from the zones' and structures' positions.
    let pairsKept: Bool
    let minutesTable: UnsafeBufferPointer<Double>
    /// Per zone and structure: the chance a holder referred from the zone arrives there,
    /// `arrival_base × exp(−minutes ÷ arrival_decay)`, computed once rather than per referral.
    let arrivalTable: UnsafeBufferPointer<Double>
    let arrivalBase: Double, arrivalDecayMinutes: Double
    let travelModel: TravelModel
    let zoneX: UnsafeBufferPointer<Double>, zoneY: UnsafeBufferPointer<Double>, zoneSpeedKmh: UnsafeBufferPointer<Double>
    let siteX: UnsafeBufferPointer<Double>, siteY: UnsafeBufferPointer<Double>
    let legibility: UnsafeBufferPointer<Double>
    let serves: UnsafeBufferPointer<Bool>
    let side: UnsafeBufferPointer<Int8>
    let isIntake: UnsafeBufferPointer<Bool>
    let knowledgeBaseline: UnsafeBufferPointer<Double>
    let attendance: UnsafeBufferPointer<Double>
    let workspace: UnsafeBufferPointer<Int32>
    let workspaceTime: UnsafeBufferPointer<Double>
    let typeCumulative: UnsafeBufferPointer<Double>
    let stageCumulative: UnsafeBufferPointer<Double>

    /// The model's tables before the policy starts (first) and once it acts.
    struct Phases {
        var ofEpoch: [Int]
        var fit: [SimulationModel.Fit]
        var capacity: [[Double]]
        var effects: [(creation: [Double], hazard: [Double], jobs: [Double])]
        var awareness: [[Double]]
    }

    init(storage: PinnedStorage,
         model: (zones: [Zone], structures: [SupportStructure], reach: [ReachIndex], epochOfMonth: [Int], times: PairMinutes, legibility: [Double]),
         phases: Phases, followed: (creation: [Double], hazard: [Double], jobs: [Double]), partners: [Bool], knowledge: KnowledgeTable, typeCumulative: [Double], stageCumulative: [Double],
         holders: HolderParameters, arrival: (base: Double, decayMinutes: Double), arrivalWeights: [Double], open: [Bool], local: (start: [Int], structure: [Int32]), candidates: Int, candidateServes: [UInt8],
         newlyReached: [Bool]) {
        let Z = model.zones.count, S = model.structures.count
        zones = Z
        structures = S
        months = model.epochOfMonth.count
        monthlyArrivals = storage.pinMutable(Array(repeating: 0.0, count: Z))
        monthlyArrivalsExp = storage.pinMutable(Array(repeating: 1.0, count: Z))
        self.arrivalWeights = storage.pin(arrivalWeights)
        joblessShare = storage.pin(model.zones.map { z in
            switch z.kind {
            case .rural: holders.joblessShare[0]
            case .urban: holders.joblessShare[1]
            case .priorityNeighbourhood: holders.joblessShare[2]
            }
        })
        self.newlyReached = storage.pin(newlyReached)
        isPriority = storage.pin(model.zones.map { $0.kind == .priorityNeighbourhood })
        densityLevel = storage.pin(model.zones.map { z in z.densityLevel.map { (1...7).contains($0) ? UInt8($0) : 0 } ?? 0 })
        hasDensityLevels = model.zones.contains { $0.densityLevel != nil }
        self.candidates = candidates
        self.candidateServes = storage.pin(candidateServes)
        localStart = storage.pin(local.start)
        localStructure = storage.pin(local.structure)
        meanCrossKnowledge = storage.pin(knowledge.meanCross)
        isPermanence = storage.pin(model.structures.map { $0.role == .permanence })
        isPartner = storage.pin(partners)
        followedCreation = storage.pin(followed.creation)
        followedHazard = storage.pin(followed.hazard)
        followedJobs = storage.pin(followed.jobs)
        epochOfMonth = storage.pin(model.epochOfMonth.map { Int32($0) })
        var reachStart: [Int] = [], reachStructure: [Int32] = [], contact: [AliasSpan] = [], fitting: [AliasSpan] = []
        var fittingStart: [Int] = [], fittingStructure: [Int32] = [], target: [Int32] = [], intake: [Int32] = []
        var entries: [AliasEntry] = []
        for r in model.reach {
            // Each table once, however many needs share it (they share its structures too).
            var copied: [ObjectIdentifier: AliasSpan] = [:]
            func span(_ table: DiscreteDistribution?, _ structures: ArraySlice<Int32>) -> AliasSpan {
                guard let table else { return AliasSpan(start: 0, count: 0) }
                if let known = copied[ObjectIdentifier(table)] { return known }
                let made = AliasSpan(start: entries.count, count: table.count)
                entries += table.aliasEntries(standingFor: structures)
                copied[ObjectIdentifier(table)] = made
                return made
            }
            for z in r.contactTables.indices {
                contact.append(span(r.contactTables[z], r.reachStructure[r.reachStart[z] ..< r.reachStart[z + 1]]))
            }
            for i in r.fittingTables.indices {
                fitting.append(span(r.fittingTables[i], r.fittingStructure[r.fittingStart[i] ..< r.fittingStart[i + 1]]))
            }
            let reachOffset = reachStructure.count, fittingOffset = fittingStructure.count
            reachStart += r.reachStart.map { $0 + reachOffset }
            reachStructure += r.reachStructure
            // One start per need of every period, and the end: a period's leading 0 is the
            // previous period's end, so that need i of period e starts at e × Z × needs + i.
            fittingStart += r.fittingStart.dropFirst(fittingStart.isEmpty ? 0 : 1).map { $0 + fittingOffset }
            fittingStructure += r.fittingStructure
            target += r.referralTarget
            intake += r.intakeInReach
        }
        self.reachStart = storage.pin(reachStart)
        self.reachStructure = storage.pin(reachStructure)
        contactDraw = storage.pin(contact)
        fittingDraw = storage.pin(fitting)
        aliasEntries = storage.pin(entries)
        self.fittingStart = storage.pin(fittingStart)
        self.fittingStructure = storage.pin(fittingStructure)
        referralTarget = storage.pin(target)
        intakeInReach = storage.pin(intake)
        self.open = storage.pin(open)
        phaseOfEpoch = storage.pin(phases.ofEpoch.map { Int32($0) })
        monthlyCapacity = storage.pin(phases.capacity.flatMap { $0 })
        fits = storage.pin(phases.fit.flatMap(\.fits))
        handles = storage.pin(phases.fit.flatMap(\.handles))
        supportsAsMisfit = storage.pin(phases.fit.flatMap(\.supportsAsMisfit))
        awareness = storage.pin(phases.awareness.flatMap { $0 })
        creationEffect = storage.pin(phases.effects.flatMap(\.creation))
        hazardEffect = storage.pin(phases.effects.flatMap(\.hazard))
        jobsEffect = storage.pin(phases.effects.flatMap(\.jobs))
        pairsKept = model.times.isDense
        minutesTable = storage.pin(model.times.dense)
        arrivalTable = storage.pin(model.times.dense.map { arrival.base * exp(-$0 / arrival.decayMinutes) })
        (arrivalBase, arrivalDecayMinutes) = arrival
        travelModel = model.times.travel.model
        zoneX = storage.pin(model.zones.map(\.x))
        zoneY = storage.pin(model.zones.map(\.y))
        zoneSpeedKmh = storage.pin(model.zones.map { model.times.travel.model.speedKmh($0.kind) })
        siteX = storage.pin(model.times.siteX)
        siteY = storage.pin(model.times.siteY)
        legibility = storage.pin(model.legibility)
        serves = storage.pin((0..<(SimulationModel.stages * S)).map { i in model.structures[i % S].stages.serves(Stage(rawValue: i / S)!) })
        side = storage.pin(knowledge.side)
        isIntake = storage.pin(model.structures.map { $0.role == .intake })
        knowledgeBaseline = storage.pin(knowledge.baseline)
        attendance = storage.pin(knowledge.attendance)
        workspace = storage.pin(knowledge.workspace)
        workspaceTime = storage.pin(knowledge.workspaceTime.isEmpty ? [0] : knowledge.workspaceTime)
        self.typeCumulative = storage.pin(typeCumulative)
        self.stageCumulative = storage.pin(stageCumulative)
    }

    /// Sets the arrivals of seekers: `seekersPer1000` a year per 1,000 inhabitants of each zone.
    func setArrivals(_ seekersPer1000: Double) {
        for z in 0..<zones {
            monthlyArrivals[z] = arrivalWeights[z] * seekersPer1000
            monthlyArrivalsExp[z] = exp(-monthlyArrivals[z])
        }
    }
}

extension HotTables {
    /// Minutes from zone `z` to structure `s`.
    @inline(__always)
    func minutes(_ z: Int, _ s: Int) -> Double {
        if pairsKept { return minutesTable[z * structures + s] }
        return travelModel.minutes(fromX: zoneX[z], y: zoneY[z], speedKmh: zoneSpeedKmh[z], toX: siteX[s], y: siteY[s])
    }

    /// The chance that a holder referred from zone `z` arrives at structure `s`.
    @inline(__always)
    func arrivalChance(_ z: Int, _ s: Int) -> Double {
        if pairsKept { return arrivalTable[z * structures + s] }
        return arrivalBase * exp(-minutes(z, s) / arrivalDecayMinutes)
    }

    /// The structure a draw table (``contactDraw``, ``fittingDraw``) gives for the uniform `u`.
    @inline(__always)
    func draw(_ span: AliasSpan, _ u: Double) -> Int { Int(aliasEntries.draw(span, u)) }

    /// How well structure i knows j in simulated `month` (warm-up included): its baseline for
    /// structures of the same ecosystem (or not networks) and before the policy starts, else the
    /// closed form of ``KnowledgeTable/value(k0:p:decay:t:)`` at the pair's monthly closing rate,
    /// counted from the policy's start.
    @inline(__always)
    func knowledge(_ i: Int, _ j: Int, month: Int, _ c: ReplicationConstants) -> Double {
        let k0 = knowledgeBaseline[i]
        guard side[i] >= 0, side[j] >= 0, side[i] != side[j], month >= c.policyStart else { return k0 }
        let p = KnowledgeTable.closing(i, j, attendance: attendance, workspace: workspace, workspaceTime: workspaceTime,
                                       meetings: c.meetingsPerMonth, workspaceContacts: c.workspaceContacts, learning: c.learning)
        return KnowledgeTable.value(k0: k0, p: p, decay: c.decay, t: month - c.policyStart)
    }
}

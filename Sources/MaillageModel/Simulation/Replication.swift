import Foundation
import MaillageFoundation

/// What happened in one replication's horizon (the months after the warm-up), counted as it ran.
public struct ReplicationCounts: Sendable, Equatable {
    /// Holders who arrived.
    public var holders = 0
    /// Holders simulated, warm-up included: the journeys the replication ran.
    public var journeys = 0
    /// Holders with no structure at all within the travel time they accept.
    public var uncovered = 0
    /// Holders who contacted a structure or an intake point.
    public var contacts = 0
    /// Holders whose first contact fitted their project and stage, or was an intake point that
    /// diagnosed them.
    public var fittingFirstContacts = 0
    /// Holders who contacted a shared intake point first.
    public var intakeContacts = 0
    /// Orientations to another structure: after a misfit first contact, from an intake point, or
    /// between stages.
    public var referred = 0
    /// Of those, holders who reached the structure and were taken in.
    public var successfulReferrals = 0
    /// Holders who presented themselves at a structure for support (straight away, referred or
    /// continuing).
    public var intakes = 0
    /// Supports started (a holder supported at two stages counts twice).
    public var supports = 0
    /// Holders supported at least once, counted when their path ends.
    public var supported = 0
    /// Holders who gave up while queued.
    public var abandoned = 0
    /// Holders whose path ended (lost, or at its last stage), and of those, holders supported at
    /// every stage they needed.
    public var pathsEnded = 0
    public var chainsCompleted = 0
    /// Per stage (emergence, creation, financing, growth): holders who sought support at it,
    /// were supported at it, and were lost at it without support.
    public var stageReached = [0, 0, 0, 0]
    public var stageSupported = [0, 0, 0, 0]
    public var stageLost = [0, 0, 0, 0]
    /// Holders still queued at the horizon.
    public var queuedAtHorizon = 0
    /// Firms created during the horizon by seekers.
    public var firmsCreated = 0
    /// Of those, firms alive at the horizon.
    public var firmsAlive = 0
    /// Jobs in firms alive at the horizon (created during it, or existing firms supported at
    /// growth): founders and salaried.
    public var founderJobs = 0
    public var salariedJobs = 0
    /// Jobs the horizon's creations brought when created (founders and salaried).
    public var jobsAtCreation = 0
    /// Creations decided during the horizon for seekers who came with a project (not a firm),
    /// supported or not; and those of supported holders.
    public var creationDecisions = 0
    public var supportedDecided = 0
    public var supportedFirms = 0
    /// Supported firms alive at the horizon, and their jobs.
    public var supportedFirmsAlive = 0
    public var supportedJobs = 0
    /// Expected three-year survival summed over the horizon's supported and other firms.
    public var supportedSurvival3 = 0.0
    public var unsupportedSurvival3 = 0.0
    public var unsupportedFirms = 0
    /// Supported firms created during the horizon at least three years before its end, and of
    /// those, firms alive three years after their creation: observed three-year survival, for
    /// horizons longer than three years.
    public var supportedFollowed3y = 0
    public var supportedSurvived3y = 0

    public init() {}

    /// Jobs at the horizon, founders included.
    public var jobs: Int { founderJobs + salariedJobs }
}

/// What a replication reads besides the tables: the model's parameters as plain numbers.
struct ReplicationConstants: Sendable {
    var warmUp: Int
    var horizon: Int
    var giveUp: Double
    var joblessGiveUp: Double
    var joblessLegibility: Double
    var referralWithin: Double
    var referralBase: Double
    var misfitSupport: Double
    var arrivalBase: Double
    var arrivalDecay: Double
    var referralDelay: Int
    var warmHandoffs: Double
    var warmEffect: Double
    var intakeShare: Double
    var intakeOrientation: Double
    var supportMonths: [Int]
    var continueAfter: [Double]
    var meetingsPerMonth: Double
    var workspaceContacts: Double
    var learning: Double
    var decay: Double
    var logitUnsupported: Double
    var microShare: Double
    var hazardMicro: Double
    var hazardOther: Double
    var salariedMicro: Double
    var salariedOther: Double
    var creationDelay: Int
}

/// One replication: the monthly loop over a territory, driven by its own random streams.
///
/// Holders live in a pool of flat arrays (a free list reuses the slots of holders whose path
/// ended), so nothing is allocated per holder once the pool has grown to the territory's steady
/// number. Queues are first-in first-out lists threaded through the pool.
package struct Replication {
    /// Draws of who arrives, with which project, and the chances each meets in its first month
    /// and for its outcomes: the same holders meet the same chances whatever the policy (common
    /// random numbers).
    let population: RandomStream
    /// Draws of what happens later: give-ups, referrals between stages.
    let behaviour: RandomStream
    private let t: HotTables
    private let c: ReplicationConstants
    private var counts = ReplicationCounts()
    private let S: Int, Z: Int, total: Int

    // Structures.
    private var credit: [Double]
    private var available: [Int]
    /// Each structure's queue in arrival order, from `queueFront[s]` on: holder index × 2, plus 1
    /// for a holder without a job (whose patience differs), so that a month's give-ups read the
    /// queue front to back without visiting the holders' records.
    private var queue: [[Int32]]
    private var queueFront: [Int]
    private var queued = 0
    /// Holders whose support ends in a month, by month modulo the longest support.
    private var finishing: [Int32]
    /// Referred holders on their way, by arrival month modulo the referral delay + 1.
    private var pending: [Int32]

    // Holders (one record each, contiguous, written through `holders`: the store's memory), and
    // the free slots.
    private let store: HolderStore
    private var holders: UnsafeMutablePointer<Holder>
    private var free: [Int32] = []

    // Holder flags.
    private static let jobless: UInt8 = 1, referredNow: UInt8 = 2, supportedAny: UInt8 = 4, existingFirm: UInt8 = 8
    private static let decided: UInt8 = 16, missedStage: UInt8 = 32, counted: UInt8 = 64, ended: UInt8 = 128

    package init(model: SimulationModel, seed: UInt64) throws {
        try self.init(tables: model.hot, constants: model.constants, seed: seed)
    }

    init(tables: HotTables, constants: ReplicationConstants, seed: UInt64) throws {
        population = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .population), generator: .taus2)
        behaviour = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .behaviour), generator: .taus2)
        t = tables
        c = constants
        S = tables.structures
        Z = tables.zones
        total = constants.warmUp + constants.horizon
        credit = Array(repeating: 0, count: S)
        available = Array(repeating: 0, count: S)
        queue = Array(repeating: [], count: S)
        queueFront = Array(repeating: 0, count: S)
        finishing = Array(repeating: -1, count: (constants.supportMonths.max() ?? 1) + 1)
        pending = Array(repeating: -1, count: max(constants.referralDelay, 0) + 1)
        let expected = Int(tables.monthlyArrivals.reduce(0, +) * 12) + 64
        store = HolderStore(capacity: expected)
        holders = store.base
        reserve(expected)
    }

    private mutating func reserve(_ n: Int) {
        free.reserveCapacity(n)
    }

    /// Runs the warm-up and the horizon and returns the horizon's counts.
    package mutating func run() -> ReplicationCounts {
        for month in 0..<total { step(month) }
        settleAtHorizon()
        return counts
    }

    /// One month, in the order MODEL.md (section 3) gives.
    @inline(__always) private mutating func step(_ month: Int) {
        openMonth(month)
        finishSupports(month)
        loseImpatientHolders(month)
        admitFromQueues(month)
        receiveReferrals(month)
        welcomeNewHolders(month)
    }

    /// Runs like ``run()`` and also returns the number of holders queued at the end of each
    /// month, warm-up included: the path to the steady state.
    package mutating func runTracingQueues() -> (counts: ReplicationCounts, queued: [Int]) {
        var path: [Int] = []
        path.reserveCapacity(total)
        for month in 0..<total {
            step(month)
            path.append(queued)
        }
        settleAtHorizon()
        return (counts, path)
    }

    /// At the horizon: the queue count, and the firms of holders whose path has not ended (in
    /// support at the growth stage, queued or on their way): alive or not at the horizon, with
    /// the effects of the supports they finished.
    private mutating func settleAtHorizon() {
        counts.queuedAtHorizon = queued
        for h in 0..<store.count where holders[h].flags & Self.ended == 0 && holders[h].created >= 0 {
            countFirm(h, flags: holders[h].flags)
        }
    }

    @inline(__always) private func inHorizon(_ month: Int) -> Bool { month >= c.warmUp }
    @inline(__always) private func epoch(_ month: Int) -> Int { Int(t.epochOfMonth[month]) }

    // MARK: Monthly steps

    /// Each open structure's slots for the month (intake points: diagnoses); fractions carry over.
    private mutating func openMonth(_ month: Int) {
        let e = epoch(month)
        for s in 0..<S {
            guard t.open[e * S + s] else { available[s] = 0; credit[s] = 0; continue }
            credit[s] += t.monthlyCapacity[s]
            let slots = credit[s].rounded(.down)
            available[s] = Int(slots)
            credit[s] -= slots
        }
    }

    /// The month's list in `buckets` (holders linked through `next`), emptied: its first holder, or −1.
    @inline(__always)
    private mutating func take(_ buckets: WritableKeyPath<Replication, [Int32]>, _ month: Int) -> Int32 {
        let slot = month % self[keyPath: buckets].count
        let first = self[keyPath: buckets][slot]
        self[keyPath: buckets][slot] = -1
        return first
    }

    private mutating func finishSupports(_ month: Int) {
        var h = take(\.finishing, month)
        while h >= 0 {
            let next = holders[Int(h)].next
            finish(Int(h), month: month)
            h = next
        }
    }

    /// Each queued holder gives up with the month's chance (more for holders without a job);
    /// every holder queued at a structure that closed gives up.
    private mutating func loseImpatientHolders(_ month: Int) {
        guard queued > 0 else { return }
        let e = epoch(month)
        let joblessGiveUp = min(1, c.giveUp * c.joblessGiveUp)
        for s in 0..<S where queueFront[s] < queue[s].count {
            let closed = !t.open[e * S + s]
            // Keep the patient ones, in order, at the start of the queue's storage.
            let n = queue[s].count
            var kept = 0
            for k in queueFront[s]..<n {
                let item = queue[s][k]
                if closed || behaviour.uniform() < (item & 1 != 0 ? joblessGiveUp : c.giveUp) {
                    queued -= 1
                    if inHorizon(month) { counts.abandoned += 1 }
                    lose(Int(item >> 1), month: month)
                } else {
                    queue[s][kept] = item
                    kept += 1
                }
            }
            queue[s].removeLast(n - kept)
            queueFront[s] = 0
        }
    }

    /// Admits queued holders, first come first served.
    private mutating func admitFromQueues(_ month: Int) {
        guard queued > 0 else { return }
        for s in 0..<S where available[s] > 0 && queueFront[s] < queue[s].count {
            while available[s] > 0, queueFront[s] < queue[s].count {
                let h = Int(queue[s][queueFront[s]] >> 1)
                queueFront[s] += 1
                queued -= 1
                available[s] -= 1
                startSupport(h, at: s, month: month)
            }
            if queueFront[s] == queue[s].count {
                queue[s].removeAll(keepingCapacity: true)
                queueFront[s] = 0
            }
        }
    }

    private mutating func receiveReferrals(_ month: Int) {
        var h = take(\.pending, month)
        while h >= 0 {
            let next = holders[Int(h)].next
            present(Int(h), at: Int(holders[Int(h)].structure), month: month)
            h = next
        }
    }

    private mutating func welcomeNewHolders(_ month: Int) {
        let typeOffset = month * 3
        for z in 0..<Z {
            let arrivals = population.poisson(t.monthlyArrivals[z])
            for _ in 0..<arrivals {
                let type = RandomStream.inverseCumulative(population.uniform(), UnsafeBufferPointer(rebasing: t.typeCumulative[typeOffset ..< typeOffset + 3]))
                let stage = RandomStream.inverseCumulative(population.uniform(), t.stageCumulative)
                arrive(zone: z, type: type, stage: stage, month: month)
            }
        }
    }

    // MARK: One holder

    private mutating func allocate() -> Int {
        if let h = free.popLast() { return Int(h) }
        let h = store.append()
        holders = store.base
        return h
    }

    /// A new holder: its needs and chances, then its first contact.
    private mutating func arrive(zone z: Int, type: Int, stage: Int, month: Int) {
        let h = allocate()
        // The holder's own uniforms, all drawn now from the population stream.
        let uLast = population.uniform(), uJobless = population.uniform(), uLegibility = population.uniform()
        let uIntake = population.uniform(), uContact = population.uniform(), uReferral = population.uniform()
        let uTarget = population.uniform(), uWarm = population.uniform(), uArrival = population.uniform()
        let uCreate = population.uniform(), uForm = population.uniform(), uSurvive = population.uniform(), uJobs = population.uniform()
        // The last stage it will need: each supported stage leads to the next with its chance.
        var last = stage
        var chance = 1.0
        while last < 3 {
            chance *= c.continueAfter[last]
            guard uLast < chance else { break }
            last += 1
        }
        let flags = (uJobless < t.joblessShare[z] ? Self.jobless : 0) | (stage == 3 ? Self.existingFirm : 0)
            | (inHorizon(month) ? Self.counted : 0)
        holders[h] = Holder(zone: Int32(z), structure: -1, next: -1, created: stage == 3 ? Int32(month) : -1,
                            type: UInt8(type), stage: UInt8(stage), last: UInt8(last), flags: flags,
                            uCreate: uCreate, uForm: uForm, uSurvive: uSurvive, uJobs: uJobs)
        let counted = inHorizon(month)
        counts.journeys += 1
        if counted {
            counts.holders += 1
            counts.stageReached[stage] += 1
        }

        let e = epoch(month)
        let first = t.reachStart[e * (Z + 1) + z], end = t.reachStart[e * (Z + 1) + z + 1]
        let intake = t.intakeInReach[e * Z + z]
        guard first < end, let table = t.contactTable[e * Z + z] else {
            if intake < 0 {
                if counted { counts.uncovered += 1 }
                lose(h, month: month)
            } else {
                // Only an intake point is in reach.
                contactIntake(h, intake: Int(intake), zone: z, month: month, uReferral: uReferral, uTarget: uTarget, uWarm: uWarm,
                              uArrival: uArrival, counted: counted)
            }
            return
        }
        if counted { counts.contacts += 1 }
        let need = z * SimulationModel.needs + type * SimulationModel.stages + stage
        let needIndex = e * Z * SimulationModel.needs + need
        let fitting = t.fittingTable[needIndex]
        var legibility = t.legibility[month * Z + z]
        if holders[h].flags & Self.jobless != 0 { legibility *= c.joblessLegibility }
        let contact: Int
        if let fitting, uLegibility < legibility {
            contact = Int(t.fittingStructure[t.fittingStart[needIndex] + fitting.index(atUniform: uContact)])
        } else if intake >= 0, uIntake < c.intakeShare, available[Int(intake)] > 0 {
            if counted { counts.contacts -= 1 }
            contactIntake(h, intake: Int(intake), zone: z, month: month, uReferral: uReferral, uTarget: uTarget, uWarm: uWarm,
                          uArrival: uArrival, counted: counted)
            return
        } else {
            contact = Int(t.reachStructure[first + table.index(atUniform: uContact)])
        }
        if t.fits[(type * SimulationModel.stages + stage) * S + contact] {
            if counted { counts.fittingFirstContacts += 1 }
            present(h, at: contact, month: month)
            return
        }
        // A misfit orients the holder onward, well or badly.
        orient(h, from: contact, zone: z, type: type, stage: stage, month: month, uReferral: uReferral, uTarget: uTarget,
               uWarm: uWarm, uArrival: uArrival, counted: counted)
    }

    /// A holder's first contact is a shared intake point: it diagnoses the project and orients the
    /// holder to a fitting structure, knowing both ecosystems.
    private mutating func contactIntake(_ h: Int, intake: Int, zone z: Int, month: Int, uReferral: Double, uTarget: Double,
                                        uWarm: Double, uArrival: Double, counted: Bool) {
        guard available[intake] > 0 else {
            lose(h, month: month)
            return
        }
        available[intake] -= 1
        if counted {
            counts.contacts += 1
            counts.intakeContacts += 1
            counts.fittingFirstContacts += 1
            counts.referred += 1
        }
        let type = Int(holders[h].type), stage = Int(holders[h].stage)
        guard let target = target(zone: z, type: type, stage: stage, month: month, uniform: uTarget), uReferral < c.intakeOrientation else {
            lose(h, month: month)
            return
        }
        travel(h, to: target, zone: z, month: month, uWarm: uWarm, uArrival: uArrival)
    }

    /// The structure a correct orientation sends a holder to: a fitting one in reach, drawn as a
    /// holder who knew would choose, or else the nearest fitting one anywhere; nil when none
    /// exists.
    private func target(zone z: Int, type: Int, stage: Int, month: Int, uniform: Double) -> Int? {
        let e = epoch(month)
        let needIndex = e * Z * SimulationModel.needs + z * SimulationModel.needs + type * SimulationModel.stages + stage
        if let table = t.fittingTable[needIndex] {
            return Int(t.fittingStructure[t.fittingStart[needIndex] + table.index(atUniform: uniform)])
        }
        let s = t.referralTarget[needIndex]
        return s >= 0 ? Int(s) : nil
    }

    /// A structure that does not fit the holder's need orients it: to a fitting structure with a
    /// chance that depends on whether it knows the right ecosystem (its own), how well it knows
    /// the target (across ecosystems) and its ESS awareness; a classic structure failing to orient
    /// an ESS or social-utility project may support it itself.
    private mutating func orient(_ h: Int, from s: Int, zone z: Int, type: Int, stage: Int, month: Int, uReferral: Double,
                                 uTarget: Double, uWarm: Double, uArrival: Double, counted: Bool) {
        if counted { counts.referred += 1 }
        let servesStage = t.serves[stage * S + s]
        let canKeep = type != 0 && t.side[s] == 0 && servesStage
        guard let target = target(zone: z, type: type, stage: stage, month: month, uniform: uTarget) else {
            keepOrLose(h, at: s, canKeep: canKeep, month: month)
            return
        }
        let p: Double
        if t.ecosystemFits[type * S + s] {
            p = c.referralWithin
        } else {
            let k = t.knowledge(s, target, month: month, c)
            let awarenessFactor = type != 0 && t.side[s] == 0 ? 1 - t.awareness[s] : 1
            p = 1 - (1 - c.referralBase) * (1 - k) * awarenessFactor
        }
        guard uReferral < p else {
            keepOrLose(h, at: s, canKeep: canKeep, month: month)
            return
        }
        travel(h, to: target, zone: z, month: month, uWarm: uWarm, uArrival: uArrival)
    }

    /// After a failed orientation: a classic structure may support the ESS or social-utility
    /// project itself (the misfit penalty then applies), else the holder is lost.
    private mutating func keepOrLose(_ h: Int, at s: Int, canKeep: Bool, month: Int) {
        if canKeep && behaviour.uniform() < c.misfitSupport {
            present(h, at: s, month: month)
        } else {
            lose(h, month: month)
        }
    }

    /// A correctly oriented holder travels to the target: a warm hand-off closes part of the
    /// arrival shortfall and brings it at once; otherwise it arrives after the referral delay,
    /// if at all.
    private mutating func travel(_ h: Int, to target: Int, zone z: Int, month: Int, uWarm: Double, uArrival: Double) {
        holders[h].flags |= Self.referredNow
        let arrival = c.arrivalBase * exp(-t.minutes[z * S + target] / c.arrivalDecay)
        if uWarm < c.warmHandoffs {
            if uArrival < arrival + (1 - arrival) * c.warmEffect { present(h, at: target, month: month) } else { lose(h, month: month) }
        } else if uArrival >= arrival {
            lose(h, month: month)
        } else if pending.count == 1 {
            present(h, at: target, month: month)
        } else {
            holders[h].structure = Int32(target)
            let due = (month + pending.count - 1) % pending.count
            holders[h].next = pending[due]
            pending[due] = Int32(h)
        }
    }

    /// A holder presents itself at a structure: taken in if a slot is free, else queued.
    private mutating func present(_ h: Int, at s: Int, month: Int) {
        if inHorizon(month) { counts.intakes += 1 }
        guard t.open[epoch(month) * S + s] else {
            lose(h, month: month)
            return
        }
        if available[s] > 0 {
            available[s] -= 1
            startSupport(h, at: s, month: month)
        } else {
            holders[h].structure = Int32(s)
            queue[s].append(Int32(h) << 1 | (holders[h].flags & Self.jobless != 0 ? 1 : 0))
            queued += 1
        }
    }

    private mutating func startSupport(_ h: Int, at s: Int, month: Int) {
        let stage = Int(holders[h].stage)
        if inHorizon(month) {
            counts.supports += 1
            counts.stageSupported[stage] += 1
            if holders[h].flags & Self.referredNow != 0 { counts.successfulReferrals += 1 }
        }
        holders[h].flags &= ~Self.referredNow
        holders[h].structure = Int32(s)
        let slot = (month + c.supportMonths[stage]) % finishing.count
        holders[h].next = finishing[slot]
        finishing[slot] = Int32(h)
    }

    /// A support ends: its effects are added; the holder goes on to the next stage it needs, at
    /// the same structure when it serves it, else oriented by it; or its path ends.
    private mutating func finish(_ h: Int, month: Int) {
        let s = Int(holders[h].structure), stage = Int(holders[h].stage), type = Int(holders[h].type)
        let i = (type * SimulationModel.stages + stage) * S + s
        holders[h].logC += t.creationEffect[i]
        holders[h].logH += t.hazardEffect[i]
        holders[h].logJ += t.jobsEffect[i]
        holders[h].flags |= Self.supportedAny
        guard stage < Int(holders[h].last) else {
            endPath(h, month: month)
            return
        }
        let next = stage + 1
        // Past the pre-creation stages the project becomes a firm, or stops.
        if next == 3 && holders[h].flags & Self.existingFirm == 0 {
            decideCreation(h, month: month)
            guard holders[h].created >= 0 else {
                endPath(h, month: month)
                return
            }
        }
        holders[h].stage = UInt8(next)
        if inHorizon(month) { counts.stageReached[next] += 1 }
        if t.fits[(type * SimulationModel.stages + next) * S + s] && t.open[epoch(month) * S + s] {
            present(h, at: s, month: month)
            return
        }
        let z = Int(holders[h].zone)
        orient(h, from: s, zone: z, type: type, stage: next, month: month, uReferral: behaviour.uniform(), uTarget: behaviour.uniform(),
               uWarm: behaviour.uniform(), uArrival: behaviour.uniform(), counted: inHorizon(month))
    }

    /// A holder lost at its current stage: without support there.
    private mutating func lose(_ h: Int, month: Int) {
        if inHorizon(month) { counts.stageLost[Int(holders[h].stage)] += 1 }
        holders[h].flags |= Self.missedStage
        endPath(h, month: month)
    }

    /// Whether the project becomes a firm, decided when its pre-creation path ends: the chance
    /// of the unsupported path, with the log-odds the supports received add; created after the
    /// creation delay.
    private mutating func decideCreation(_ h: Int, month: Int) {
        guard holders[h].flags & (Self.decided | Self.existingFirm) == 0 else { return }
        holders[h].flags |= Self.decided
        let x = c.logitUnsupported + holders[h].logC
        let p = 1 / (1 + exp(-x))
        let supported = holders[h].flags & Self.supportedAny != 0
        let created = month + c.creationDelay
        if created >= c.warmUp && created < total {
            counts.creationDecisions += 1
            if supported { counts.supportedDecided += 1 }
        }
        guard holders[h].uCreate < p, created < total else { return }
        holders[h].created = Int32(created)
        if created >= c.warmUp {
            counts.firmsCreated += 1
            if supported { counts.supportedFirms += 1 }
        }
    }

    /// The end of a holder's path: its creation is decided if not yet, and its firm's survival
    /// to the horizon and jobs are drawn; the slot is freed.
    private mutating func endPath(_ h: Int, month: Int) {
        let flags = holders[h].flags
        if inHorizon(month) {
            counts.pathsEnded += 1
            if flags & Self.supportedAny != 0 { counts.supported += 1 }
            if flags & Self.missedStage == 0 && flags & Self.supportedAny != 0 { counts.chainsCompleted += 1 }
        }
        decideCreation(h, month: month)
        if holders[h].created >= 0 { countFirm(h, flags: flags) }
        holders[h].flags |= Self.ended
        free.append(Int32(h))
    }

    /// Counts a holder's firm, if the horizon counts it (created during the horizon, or an
    /// existing firm whose holder arrived during it): its expected three-year survival, its
    /// jobs at creation, and whether it is alive at the horizon, with its jobs.
    private mutating func countFirm(_ h: Int, flags: UInt8) {
        let created = Int(holders[h].created)
        let counted = created >= 0 && (flags & Self.existingFirm == 0 ? created >= c.warmUp : flags & Self.counted != 0)
        if counted {
            let micro = holders[h].uForm < c.microShare
            let hazard = (micro ? c.hazardMicro : c.hazardOther) * exp(holders[h].logH)
            let supported = flags & Self.supportedAny != 0
            let survival3 = exp(-hazard * 36)
            if flags & Self.existingFirm == 0 {
                if supported { counts.supportedSurvival3 += survival3 } else { counts.unsupportedSurvival3 += survival3; counts.unsupportedFirms += 1 }
                if supported && total - created >= 36 {
                    counts.supportedFollowed3y += 1
                    if holders[h].uSurvive < survival3 { counts.supportedSurvived3y += 1 }
                }
            }
            let salaried = Self.poisson((micro ? c.salariedMicro : c.salariedOther) * exp(holders[h].logJ), uniform: holders[h].uJobs)
            if flags & Self.existingFirm == 0 { counts.jobsAtCreation += 1 + salaried }
            if holders[h].uSurvive < exp(-hazard * Double(total - created)) {
                counts.founderJobs += 1
                counts.salariedJobs += salaried
                if flags & Self.existingFirm == 0 { counts.firmsAlive += 1 }
                if supported {
                    counts.supportedFirmsAlive += 1
                    counts.supportedJobs += 1 + salaried
                }
            }
        }
    }

    /// The Poisson value at `uniform` of a distribution with mean `mu`: the smallest k whose
    /// cumulative probability exceeds it.
    @inline(__always)
    static func poisson(_ mu: Double, uniform u: Double) -> Int {
        guard mu > 0 else { return 0 }
        var k = 0
        var p = exp(-mu)
        var cumulative = p
        while u >= cumulative && k < 1_000 {
            k += 1
            p *= mu / Double(k)
            cumulative += p
        }
        return k
    }
}

/// One holder's state in a replication: a plain record in one contiguous array, so that a
/// holder's fields share a cache line and a write checks one buffer.
struct Holder {
    var zone: Int32 = 0
    /// Where it is: the structure supporting it, queuing it, or it travels to (−1: none).
    var structure: Int32 = -1
    /// The next holder in the same list (a queue, a month's finishing supports or arrivals).
    var next: Int32 = -1
    /// Month its firm was created (−1: none yet).
    var created: Int32 = -1
    var type: UInt8 = 0
    var stage: UInt8 = 0
    /// The last stage it will need.
    var last: UInt8 = 0
    var flags: UInt8 = 0
    /// The effects of the supports it finished on the log-odds of creating, the log failure
    /// hazard and the log salaried jobs.
    var logC = 0.0, logH = 0.0, logJ = 0.0
    /// Its own uniforms for its firm, drawn at arrival: creation, legal form, survival, jobs.
    var uCreate = 0.0, uForm = 0.0, uSurvive = 0.0, uJobs = 0.0
}

/// The holder records of one replication, in memory it owns: the replication writes them
/// through a pointer (no copy-on-write check, no bounds check: indices come from ``append()``).
/// A replication is run once and never copied while it runs, so the store is not shared.
final class HolderStore {
    private(set) var base: UnsafeMutablePointer<Holder>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A new record at the end, doubling the memory when it is full; its index.
    func append() -> Int {
        if count == capacity {
            let larger = UnsafeMutablePointer<Holder>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = larger
            capacity *= 2
        }
        (base + count).initialize(to: Holder())
        count += 1
        return count - 1
    }
}

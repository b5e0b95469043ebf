import Foundation
import MaillageFoundation

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
    /// Draws of the ecosystem's responses (``SeedDerivation/Stream/adaptive``).
    let adaptive: RandomStream
    let t: HotTables
    let c: ReplicationConstants
    var counts = ReplicationCounts()
    let S: Int, Z: Int, total: Int
    /// Sizes of a phase's tables per need and structure, and per type and structure.
    let needsByStructure: Int, typesByStructure: Int
    /// What the exponentials of a holder no support has changed come to, computed once: its
    /// creation chance, and per legal form (micro, other) its firm's three-year survival and
    /// the chance of no salaried job (the Poisson's first term).
    let unsupportedCreation: Double
    let unsupportedSurvival3: (micro: Double, other: Double)
    let unsupportedNoSalaried: (micro: Double, other: Double)

    // Structures.
    var credit: [Double]
    var available: [Int]
    /// Each structure's queue in arrival order, from `queueFront[s]` on: holder index × 2, plus 1
    /// for a holder without a job (whose patience differs), so that a month's give-ups read the
    /// queue front to back without visiting the holders' records.
    var queue: [[Int32]]
    var queueFront: [Int]
    var queued = 0
    /// Holders whose support ends in a month, by month modulo the longest support.
    var finishing: [Int32]
    /// Referred holders on their way, by arrival month modulo the referral delay + 1.
    var pending: [Int32]
    /// Each structure's capacity raised by its long queue, as a share of its capacity.
    var boost: [Double]
    /// The candidate structures open so far (bit k: candidate k), and each candidate's unmet
    /// demand month by month over the past twelve (`k × 12 + month % 12`) with its sum.
    var entrants = 0
    var unmet: [Int]
    var unmetYear: [Int]
    /// Holders a shared pathway can still follow (accrued a month once the policy acts).
    var pathwayCredit = 0.0

    // Holders (one record each, contiguous, written through `holders`: the store's memory), and
    // the free slots (the first `freeCount` of `free`, the store's memory too).
    let store: HolderStore
    var holders: UnsafeMutablePointer<Holder>
    var free: UnsafeMutablePointer<Int32>
    var freeCount = 0

    // Holder flags.
    static let jobless: UInt8 = 1, referredNow: UInt8 = 2, supportedAny: UInt8 = 4, existingFirm: UInt8 = 8
    static let decided: UInt8 = 16, missedStage: UInt8 = 32, counted: UInt8 = 64, ended: UInt8 = 128
    // More holder flags: presented at a structure once; supported by a classic, by an ESS
    // structure; its zone had no structure in reach without the policy.
    static let presented: UInt8 = 1, supportedClassic: UInt8 = 2, supportedESS: UInt8 = 4, newlyReached: UInt8 = 8
    /// Handed over by a shared pathway to the structure supporting it now.
    static let followed: UInt8 = 16
    /// Supported by structures of both ecosystems: its chain crossed them.
    static let crossed: UInt8 = supportedClassic | supportedESS

    /// Arrivals to replay instead of drawing them (another world's of the same replication), or nil.
    let replay: ArrivalTape?
    /// The arrivals drawn so far, when they are kept (``takeArrivals()``).
    var tape: ArrivalTape?

    package init(model: SimulationModel, seed: UInt64) throws {
        try self.init(tables: model.hot, constants: model.constants, seed: seed)
    }

    /// A replication that meets the arrivals of `tape` (when its world draws the same: the same
    /// arrival tables and months; otherwise it draws its own, as without a tape), and with
    /// `keeping`, keeps the arrivals it draws for ``takeArrivals()``. The counts are those of
    /// ``init(model:seed:)`` either way.
    package init(model: SimulationModel, seed: UInt64, replaying tape: ArrivalTape?, keeping: Bool) throws {
        try self.init(tables: model.hot, constants: model.constants, seed: seed, replaying: tape, keeping: keeping)
    }

    /// The arrivals this replication drew, once it has run with `keeping` (nil otherwise, or when
    /// there were more than ``ArrivalTape/maxHolders``).
    package mutating func takeArrivals() -> ArrivalTape? {
        defer { tape = nil }
        return tape.flatMap { $0.monthEnd.count == total ? $0 : nil }
    }

    /// A replication on `model`'s world whose streams count their draws (taus2's numbers all the
    /// same): for measuring how many numbers a journey takes.
    package init(countingDrawsOf model: SimulationModel, seed: UInt64) throws {
        try self.init(tables: model.hot, constants: model.constants, seed: seed, generator: .countingTaus2)
    }

    /// The numbers drawn so far from the three streams, when they count (nil otherwise).
    package var draws: Int? {
        guard let p = population.draws, let b = behaviour.draws, let a = adaptive.draws else { return nil }
        return p + b + a
    }

    init(tables: HotTables, constants: ReplicationConstants, seed: UInt64, generator: RandomStream.Generator = .taus2,
         replaying: ArrivalTape? = nil, keeping: Bool = false) throws {
        population = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .population), generator: generator)
        behaviour = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .behaviour), generator: generator)
        adaptive = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .adaptive), generator: generator)
        t = tables
        c = constants
        S = tables.structures
        Z = tables.zones
        needsByStructure = SimulationModel.needs * tables.structures
        typesByStructure = SimulationModel.types * tables.structures
        total = constants.warmUp + constants.horizon
        unsupportedCreation = 1 / (1 + exp(-constants.logitUnsupported))
        unsupportedSurvival3 = (exp(-constants.hazardMicro * 36), exp(-constants.hazardOther * 36))
        unsupportedNoSalaried = (exp(-constants.salariedMicro), exp(-constants.salariedOther))
        credit = Array(repeating: 0, count: S)
        available = Array(repeating: 0, count: S)
        queue = Array(repeating: [], count: S)
        queueFront = Array(repeating: 0, count: S)
        finishing = Array(repeating: -1, count: (constants.supportMonths.max() ?? 1) + 1)
        pending = Array(repeating: -1, count: max(constants.referralDelay, 0) + 1)
        boost = Array(repeating: 0, count: S)
        unmet = Array(repeating: 0, count: tables.candidates * 12)
        unmetYear = Array(repeating: 0, count: tables.candidates)
        let expected = Int(tables.expectedHolders(months: 12)) + 64
        let months = total
        replay = replaying.flatMap { $0.fits(tables, months: months) ? $0 : nil }
        let arrivals = tables.expectedHolders(months: months)
        tape = keeping && replay == nil && arrivals < Double(ArrivalTape.maxHolders) / 2
            ? ArrivalTape(tables: tables, expected: Int(arrivals * 1.1) + 64) : nil
        store = HolderStore(capacity: expected)
        holders = store.base
        free = store.free
    }

    /// Runs the warm-up and the horizon and returns the horizon's counts.
    package mutating func run() -> ReplicationCounts {
        for month in 0..<total { step(month) }
        settleAtHorizon()
        return counts
    }

    /// One month, in the order MODEL.md (section 3) gives.
    @inline(__always) mutating func step(_ month: Int) {
        openMonth(month)
        finishSupports(month)
        loseImpatientHolders(month)
        admitFromQueues(month)
        receiveReferrals(month)
        welcomeNewHolders(month)
    }

    /// Runs like ``run()`` and also returns the number of holders queued at the end of each
    /// month, warm-up included: the path to the steady state. With `months`, it stops after that
    /// many months (the counts then stop there too).
    package mutating func runTracingQueues(months: Int? = nil) -> (counts: ReplicationCounts, queued: [Int]) {
        var path: [Int] = []
        path.reserveCapacity(total)
        for month in 0..<min(total, months ?? total) {
            step(month)
            path.append(queued)
        }
        settleAtHorizon()
        return (counts, path)
    }

    /// At the horizon: the queue count, and the firms of holders whose path has not ended (in
    /// support at the growth stage, queued or on their way): alive or not at the horizon, with
    /// the effects of the supports they finished.
    mutating func settleAtHorizon() {
        counts.queuedAtHorizon = queued
        counts.structuresOpened = entrants.nonzeroBitCount
        for h in 0..<store.count where holders[h].flags & Self.ended == 0 && holders[h].created >= 0 {
            countFirm(h, flags: holders[h].flags)
        }
    }

    @inline(__always) func inHorizon(_ month: Int) -> Bool { month >= c.warmUp }
    /// The period of `month`: its calendar period (openings and closings, the policy's start) and
    /// which candidate structures have opened.
    @inline(__always) func epoch(_ month: Int) -> Int { Int(t.epochOfMonth[month]) << t.candidates | entrants }
    /// 0 before the policy starts, 1 once it acts: the offset of the phase's tables.
    @inline(__always) func phase(_ month: Int) -> Int { Int(t.phaseOfEpoch[epoch(month)]) }

    // MARK: Monthly steps

    /// Each open structure's slots for the month (intake points: diagnoses); fractions carry over.
    mutating func openMonth(_ month: Int) {
        if t.candidates > 0 { openEntrants(month) }
        if c.pathwayPerMonth > 0 && month >= c.policyStart { pathwayCredit = min(pathwayCredit + c.pathwayPerMonth, 12 * c.pathwayPerMonth) }
        let e = epoch(month), capacity = phase(month) * S
        let elastic = c.capacityElasticity > 0
        for s in 0..<S {
            guard t.open[e * S + s] else { available[s] = 0; credit[s] = 0; continue }
            if elastic {
                adaptCapacity(s, monthly: t.monthlyCapacity[capacity + s])
                credit[s] += t.monthlyCapacity[capacity + s] * (1 + boost[s])
            } else {
                credit[s] += t.monthlyCapacity[capacity + s]
            }
            let slots = credit[s].rounded(.down)
            available[s] = Int(slots)
            credit[s] -= slots
        }
    }

    /// The month's list in `buckets` (holders linked through `next`), emptied: its first holder, or −1.
    @inline(__always)
    mutating func take(_ buckets: WritableKeyPath<Replication, [Int32]>, _ month: Int) -> Int32 {
        let slot = month % self[keyPath: buckets].count
        let first = self[keyPath: buckets][slot]
        self[keyPath: buckets][slot] = -1
        return first
    }

    mutating func finishSupports(_ month: Int) {
        var h = take(\.finishing, month)
        while h >= 0 {
            let next = holders[Int(h)].next
            finish(Int(h), month: month)
            h = next
        }
    }

    /// Each queued holder gives up with the month's chance (more for holders without a job);
    /// every holder queued at a structure that closed gives up.
    mutating func loseImpatientHolders(_ month: Int) {
        guard queued > 0 else { return }
        let e = epoch(month)
        let joblessGiveUp = min(1, c.giveUp * c.joblessGiveUp)
        for s in 0..<S where queueFront[s] < queue[s].count {
            let closed = !t.open[e * S + s]
            // Keep the patient ones, in order, at the start of the queue's storage, taken out of
            // `queue` meanwhile so that the loop writes one unshared buffer.
            var q: [Int32] = []
            swap(&q, &queue[s])
            let n = q.count, front = queueFront[s]
            let kept = q.withUnsafeMutableBufferPointer { buffer in
                var kept = 0
                for k in front..<n {
                    let item = buffer[k]
                    if closed || behaviour.uniform() < (item & 1 != 0 ? joblessGiveUp : c.giveUp) {
                        queued -= 1
                        let h = Int(item >> 1)
                        if inHorizon(month) {
                            counts.abandoned += 1
                            if holders[h].more & Self.newlyReached != 0 { counts.abandonedNewlyReached += 1 }
                        }
                        lose(h, month: month)
                    } else {
                        buffer[kept] = item
                        kept += 1
                    }
                }
                return kept
            }
            q.removeLast(n - kept)
            swap(&q, &queue[s])
            queueFront[s] = 0
        }
    }

    /// Admits queued holders, first come first served.
    mutating func admitFromQueues(_ month: Int) {
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

    mutating func receiveReferrals(_ month: Int) {
        var h = take(\.pending, month)
        while h >= 0 {
            let next = holders[Int(h)].next
            present(Int(h), at: Int(holders[Int(h)].structure), month: month)
            h = next
        }
    }

    /// The month's new holders, zone by zone: how many (Poisson), each one's project type and
    /// stage and own numbers, then its journey; with `journeys` false, only its record
    /// (``runArrivalsOnly()``). A replayed tape gives the same holders without drawing them.
    @inline(__always)
    mutating func welcomeNewHolders(_ month: Int, journeys: Bool = true) {
        if let replay {
            for i in replay.holders(ofMonth: month) {
                let holder = replay.holder(i)
                arrive(zone: holder.zone, type: holder.type, stage: holder.stage, month: month, holder.numbers)
            }
            return
        }
        let typeOffset = month * 3
        for z in 0..<Z {
            let arrivals = population.poisson(t.monthlyArrivals[z], expMinusMu: t.monthlyArrivalsExp[z])
            for _ in 0..<arrivals {
                let type = RandomStream.inverseCumulative(population.uniform(), UnsafeBufferPointer(rebasing: t.typeCumulative[typeOffset ..< typeOffset + 3]))
                let stage = RandomStream.inverseCumulative(population.uniform(), t.stageCumulative)
                let u = drawNumbers()
                if tape != nil { tape!.append(zone: z, type: type, stage: stage, u) }
                if journeys {
                    arrive(zone: z, type: type, stage: stage, month: month, u)
                } else {
                    free[freeCount] = Int32(newHolder(zone: z, type: type, stage: stage, month: month, u).h)
                    freeCount += 1
                    counts.journeys += 1
                }
            }
        }
        if tape != nil {
            tape!.endMonth()
            if tape!.zone.count > ArrivalTape.maxHolders { tape = nil }
        }
    }

    /// The arrivals alone, for measuring (`make bench`): every month's holders drawn as
    /// ``run()`` draws them (their number per zone, type, stage and thirteen own uniforms, each
    /// record written), each freed at once, with no contact, support or firm: what a journey
    /// costs when the model does nothing with it. Returns the number of holders.
    package mutating func runArrivalsOnly() -> Int {
        for month in 0..<total { welcomeNewHolders(month, journeys: false) }
        return counts.journeys
    }
}

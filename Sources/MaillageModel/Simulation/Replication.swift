import Foundation
import MaillageFoundation

/// What happened to the holders of one replication, counted as it ran.
public struct ReplicationCounts: Sendable, Equatable {
    /// Holders who arrived.
    public var holders = 0
    /// Holders with no structure at all within the travel time they accept.
    public var uncovered = 0
    /// Holders who contacted a structure.
    public var contacts = 0
    /// Holders whose first contact fitted their project and stage.
    public var fittingFirstContacts = 0
    /// Holders whose first contact did not fit: each is oriented onward, well or badly.
    public var referred = 0
    /// Referred holders who reached a fitting structure and were taken in.
    public var successfulReferrals = 0
    /// Holders who presented themselves at a fitting structure (straight away or referred).
    public var intakes = 0
    /// Holders taken into support.
    public var supported = 0
    /// Holders who gave up while queued for a full structure.
    public var abandoned = 0
    /// Firms created before the horizon.
    public var firmsCreated = 0
    /// Of those, firms alive at the horizon.
    public var firmsAlive = 0
    /// Jobs in firms alive at the horizon, founders included.
    public var jobs = 0
    /// Holders taken into support early enough for a creation before the horizon.
    public var supportedInTime = 0
    /// Firms created by supported holders before the horizon.
    public var supportedFirms = 0
    /// Of those, firms alive at the horizon.
    public var supportedFirmsAlive = 0
    /// Jobs in supported firms alive at the horizon.
    public var supportedJobs = 0

    public init() {}
}

/// The uniforms a holder's own decisions use, drawn when it arrives from the population stream:
/// the same holder meets the same chances whatever the policy (common random numbers), as long
/// as its fate is settled in its first month. Later events (queues, delayed referrals) draw from
/// the behaviour stream.
struct HolderDraws {
    var legibility = 0.0, contact = 0.0, referral = 0.0, target = 0.0, warm = 0.0, arrival = 0.0
    var creation = 0.0, survival = 0.0, jobs = 0.0

    init(_ r: RandomStream) {
        legibility = r.uniform(); contact = r.uniform(); referral = r.uniform(); target = r.uniform(); warm = r.uniform()
        arrival = r.uniform(); creation = r.uniform(); survival = r.uniform(); jobs = r.uniform()
    }

    /// Fresh outcome uniforms from the behaviour stream, for a fate settled later.
    init(outcomesFrom r: RandomStream) {
        creation = r.uniform(); survival = r.uniform(); jobs = r.uniform()
    }
}

/// One replication: the monthly loop over a territory, driven by its own random streams.
///
/// All state lives in flat arrays allocated once, when the replication starts; nothing is
/// allocated per holder. Queues are counts per structure and cohort (project type × referred),
/// since holders of one cohort are exchangeable.
package struct Replication {
    let model: SimulationModel
    /// Draws of who arrives, with which project and at which stage.
    let population: RandomStream
    /// Draws of every behaviour: contacts, referrals, queues, outcomes.
    let behaviour: RandomStream

    private static let cohorts = ProjectType.allCases.count * 2

    /// The model's tables, read through pointers (no reference counting on the hot path).
    private let t: HotTables
    private let horizon: Int
    private let giveUp: Double
    private let referralWithin: Double
    private let referralBase: Double
    private let warmHandoffs: Double
    private let warmEffect: Double
    private let arrivalBase: Double
    private let arrivalDecay: Double
    private let knowledgeMonths: Int
    private let zoneCount: Int
    private let supported: (creation: Double, delay: Int)
    private let unsupported: (creation: Double, delay: Int)

    private var counts = ReplicationCounts()
    private var available: [Int]
    private var credit: [Double]
    private var queue: [Int]
    /// Referred holders on their way, by arrival month modulo `pendingSlots`.
    private var pending: [Int]
    /// Holders in each pending slot, to skip empty ones.
    private var pendingInSlot: [Int]
    /// Holders queued anywhere, to skip the queues when they are all empty.
    private var queued = 0
    private let pendingSlots: Int
    private let structureCount: Int

    package init(model: SimulationModel, seed: UInt64) throws {
        self.model = model
        population = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .population))
        behaviour = try RandomStream(seed: SeedDerivation.streamSeed(replicationSeed: seed, stream: .behaviour))
        structureCount = model.structures.count
        t = model.hot
        horizon = model.horizonMonths
        giveUp = model.journey.giveUpPerMonth
        referralWithin = model.journey.referralWithinEcosystem
        referralBase = model.journey.referralBase
        warmHandoffs = model.warmHandoffs
        warmEffect = model.warmHandoffEffect
        arrivalBase = model.journey.arrivalBase
        arrivalDecay = model.journey.arrivalDecayMinutes
        knowledgeMonths = model.knowledge.months
        zoneCount = model.territory.zones.count
        let o = model.outcomes
        supported = (o.creationSupported, o.creationDelaySupportedMonths)
        unsupported = (o.creationUnsupported, o.creationDelayUnsupportedMonths)
        available = Array(repeating: 0, count: structureCount)
        credit = Array(repeating: 0, count: structureCount)
        queue = Array(repeating: 0, count: structureCount * Self.cohorts)
        pendingSlots = max(model.journey.referralDelayMonths, 0) + 1
        pending = Array(repeating: 0, count: pendingSlots * structureCount * Self.cohorts)
        pendingInSlot = Array(repeating: 0, count: pendingSlots)
    }

    /// Runs the months up to the horizon and returns the counts.
    package mutating func run() -> ReplicationCounts {
        for month in 0..<horizon {
            openMonth()
            loseImpatientHolders(month: month)
            admitFromQueues(month: month)
            receiveReferrals(month: month)
            welcomeNewHolders(month: month)
        }
        return counts
    }

    // MARK: Monthly steps

    /// Each structure's slots for the month; fractions of a slot carry over.
    private mutating func openMonth() {
        for s in 0..<structureCount {
            credit[s] += t.monthlyCapacity[s]
            let slots = credit[s].rounded(.down)
            available[s] = Int(slots)
            credit[s] -= slots
        }
    }

    private mutating func loseImpatientHolders(month: Int) {
        guard queued > 0 else { return }
        for i in 0..<queue.count where queue[i] > 0 {
            let gone = behaviour.binomial(queue[i], giveUp)
            queue[i] -= gone
            queued -= gone
            counts.abandoned += gone
            for _ in 0..<gone { settleUnsupported(month: month, draws: HolderDraws(outcomesFrom: behaviour)) }
        }
    }

    /// Takes queued holders in, drawn uniformly among those waiting (sequential hypergeometric
    /// draws over cohorts).
    private mutating func admitFromQueues(month: Int) {
        guard queued > 0 else { return }
        for s in 0..<structureCount where available[s] > 0 {
            let base = s * Self.cohorts
            var waiting = 0
            for c in 0..<Self.cohorts { waiting += queue[base + c] }
            guard waiting > 0 else { continue }
            var admit = min(available[s], waiting)
            available[s] -= admit
            for c in 0..<Self.cohorts where admit > 0 {
                let inCohort = queue[base + c]
                waiting -= inCohort
                let taken = behaviour.hypergeometric(good: inCohort, bad: waiting, draws: admit)
                queue[base + c] -= taken
                queued -= taken
                admit -= taken
                for _ in 0..<taken { settleSupported(referred: c & 1 == 1, month: month, draws: HolderDraws(outcomesFrom: behaviour)) }
            }
        }
    }

    private mutating func receiveReferrals(month: Int) {
        guard pendingInSlot[month % pendingSlots] > 0 else { return }
        pendingInSlot[month % pendingSlots] = 0
        let slot = (month % pendingSlots) * structureCount * Self.cohorts
        for s in 0..<structureCount {
            for c in 0..<Self.cohorts {
                let n = pending[slot + s * Self.cohorts + c]
                guard n > 0 else { continue }
                pending[slot + s * Self.cohorts + c] = 0
                for _ in 0..<n { present(at: s, cohort: c, month: month, draws: HolderDraws(outcomesFrom: behaviour)) }
            }
        }
    }

    private mutating func welcomeNewHolders(month: Int) {
        for z in 0..<zoneCount {
            let arrivals = population.poisson(t.monthlyArrivals[z])
            for _ in 0..<arrivals {
                let type = RandomStream.inverseCumulative(population.uniform(), t.typeCumulative)
                let stage = RandomStream.inverseCumulative(population.uniform(), t.stageCumulative)
                journey(zone: z, type: type, stage: stage, month: month, draws: HolderDraws(population))
            }
        }
    }

    // MARK: One holder

    /// A new holder's first month: a first contact, then support, a queue, a referral, or
    /// nothing.
    private mutating func journey(zone z: Int, type: Int, stage: Int, month: Int, draws d: HolderDraws) {
        counts.holders += 1
        let first = t.reachStart[z], last = t.reachStart[z + 1]
        guard first < last, let table = t.contactTable[z] else {
            counts.uncovered += 1
            settleUnsupported(month: month, draws: d)
            return
        }
        counts.contacts += 1
        let need = z * SimulationModel.needs + type * SimulationModel.stages + stage
        let fitting = t.fittingTable[need]
        let contact: Int
        if let fitting, d.legibility < t.legibility[month * zoneCount + z] {
            contact = Int(t.fittingStructure[t.fittingStart[need] + fitting.index(atUniform: d.contact)])
        } else {
            contact = Int(t.reachStructure[first + table.index(atUniform: d.contact)])
        }
        let S = structureCount
        if t.fits[(type * SimulationModel.stages + stage) * S + contact] {
            counts.fittingFirstContacts += 1
            present(at: contact, cohort: type * 2, month: month, draws: d)
            return
        }
        counts.referred += 1
        guard t.referralTarget[need] >= 0 else {
            settleUnsupported(month: month, draws: d)
            return
        }
        // A good referral sends the holder to a fitting structure in reach, as a holder who knew
        // would choose, or else to the nearest fitting one. Whether the misfit structure makes it
        // depends on how well it knows that structure.
        let target = fitting.map { Int(t.fittingStructure[t.fittingStart[need] + $0.index(atUniform: d.target)]) }
            ?? Int(t.referralTarget[need])
        let p: Double
        if t.ecosystemFits[type * S + contact] {
            p = referralWithin
        } else {
            let c = KnowledgeTable.pairClass(t.knowledgeWorkspace[contact], t.knowledgeWorkspace[target])
            let k0 = t.knowledgeBaseline[contact], kStar = t.knowledgeLongRun[contact * 2 + c]
            let k = min(1, max(0, kStar + (k0 - kStar) * t.knowledgeDecayPower[c * knowledgeMonths + min(month, knowledgeMonths - 1)]))
            p = 1 - (1 - referralBase) * (1 - k) * t.awarenessFactor[type * S + contact]
        }
        guard d.referral < p else {
            settleUnsupported(month: month, draws: d)
            return
        }
        // A warm hand-off closes part of the arrival shortfall and brings the holder at once; the
        // trip itself remains.
        let arrival = arrivalBase * exp(-t.minutes[z * S + target] / arrivalDecay)
        if d.warm < warmHandoffs {
            if d.arrival < arrival + (1 - arrival) * warmEffect {
                present(at: target, cohort: type * 2 + 1, month: month, draws: d)
            } else {
                settleUnsupported(month: month, draws: d)
            }
        } else if d.arrival >= arrival {
            settleUnsupported(month: month, draws: d)
        } else if pendingSlots == 1 {
            present(at: target, cohort: type * 2 + 1, month: month, draws: d)
        } else {
            let due = (month + pendingSlots - 1) % pendingSlots
            pending[due * S * Self.cohorts + target * Self.cohorts + type * 2 + 1] += 1
            pendingInSlot[due] += 1
        }
    }

    /// A holder presents itself at a fitting structure: taken in if a slot is free, else queued.
    private mutating func present(at s: Int, cohort: Int, month: Int, draws: HolderDraws) {
        counts.intakes += 1
        if available[s] > 0 {
            available[s] -= 1
            settleSupported(referred: cohort & 1 == 1, month: month, draws: draws)
        } else {
            queue[s * Self.cohorts + cohort] += 1
            queued += 1
        }
    }

    private mutating func settleSupported(referred: Bool, month: Int, draws: HolderDraws) {
        counts.supported += 1
        if referred { counts.successfulReferrals += 1 }
        if month + supported.delay < horizon { counts.supportedInTime += 1 }
        let (created, alive, jobs) = settle(creation: supported.creation, delay: supported.delay,
                                            survival: t.survivalSupported, employees: t.employeesSupported, month: month, draws: draws)
        if created { counts.supportedFirms += 1 }
        if alive { counts.supportedFirmsAlive += 1 }
        counts.supportedJobs += jobs
    }

    private mutating func settleUnsupported(month: Int, draws: HolderDraws) {
        _ = settle(creation: unsupported.creation, delay: unsupported.delay, survival: t.survivalUnsupported,
                   employees: t.employeesUnsupported, month: month, draws: draws)
    }

    /// Whether the holder creates before the horizon, whether the firm is alive at the horizon,
    /// and its jobs (the founder plus a Poisson number of employees).
    private mutating func settle(creation: Double, delay: Int, survival: UnsafeBufferPointer<Double>,
                                 employees: UnsafeBufferPointer<Double>, month: Int, draws: HolderDraws) -> (Bool, Bool, Int) {
        guard draws.creation < creation else { return (false, false, 0) }
        let created = month + delay
        guard created < horizon else { return (false, false, 0) }
        counts.firmsCreated += 1
        guard draws.survival < survival[horizon - created] else { return (true, false, 0) }
        counts.firmsAlive += 1
        let n = 1 + RandomStream.inverseCumulative(draws.jobs, employees)
        counts.jobs += n
        return (true, true, n)
    }

}

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
/// concatenated period after period; their offsets are absolute.
struct HotTables: @unchecked Sendable {
    let zones: Int
    let structures: Int
    let months: Int
    /// Mean arrivals of seekers per month in each zone (set once the arrival rate is known).
    let monthlyArrivals: UnsafeMutableBufferPointer<Double>
    /// Inhabitants / 1,000 / 12 of each zone: arrivals = this × seekers per 1,000 a year.
    let arrivalWeights: UnsafeBufferPointer<Double>
    let joblessShare: UnsafeBufferPointer<Double>
    let epochOfMonth: UnsafeBufferPointer<Int32>
    // Per period.
    let reachStart: UnsafeBufferPointer<Int>
    let reachStructure: UnsafeBufferPointer<Int32>
    let contactTable: UnsafeBufferPointer<DiscreteTable?>
    let fittingTable: UnsafeBufferPointer<DiscreteTable?>
    let fittingStart: UnsafeBufferPointer<Int>
    let fittingStructure: UnsafeBufferPointer<Int32>
    let referralTarget: UnsafeBufferPointer<Int32>
    let intakeInReach: UnsafeBufferPointer<Int32>
    let open: UnsafeBufferPointer<Bool>
    // Common.
    let minutes: UnsafeBufferPointer<Double>
    let legibility: UnsafeBufferPointer<Double>
    let monthlyCapacity: UnsafeBufferPointer<Double>
    let fits: UnsafeBufferPointer<Bool>
    let ecosystemFits: UnsafeBufferPointer<Bool>
    let serves: UnsafeBufferPointer<Bool>
    let side: UnsafeBufferPointer<Int8>
    let isIntake: UnsafeBufferPointer<Bool>
    let awareness: UnsafeBufferPointer<Double>
    let knowledgeBaseline: UnsafeBufferPointer<Double>
    let attendance: UnsafeBufferPointer<Double>
    let workspace: UnsafeBufferPointer<Int32>
    let workspaceTime: UnsafeBufferPointer<Double>
    let creationEffect: UnsafeBufferPointer<Double>
    let hazardEffect: UnsafeBufferPointer<Double>
    let jobsEffect: UnsafeBufferPointer<Double>
    let typeCumulative: UnsafeBufferPointer<Double>
    let stageCumulative: UnsafeBufferPointer<Double>

    init(storage: PinnedStorage,
         model: (zones: [Zone], structures: [SupportStructure], reach: [ReachIndex], epochOfMonth: [Int], minutes: [Double],
                 legibility: [Double], monthlyCapacity: [Double]),
         fit: (fits: [Bool], ecosystemFits: [Bool]), knowledge: KnowledgeTable,
         effects: (creation: [Double], hazard: [Double], jobs: [Double]), typeCumulative: [Double], stageCumulative: [Double],
         holders: HolderParameters, build: ModelBuild, arrivalWeights: [Double], open: [Bool]) {
        let Z = model.zones.count, S = model.structures.count
        zones = Z
        structures = S
        months = model.epochOfMonth.count
        monthlyArrivals = storage.pinMutable(Array(repeating: 0.0, count: Z))
        self.arrivalWeights = storage.pin(arrivalWeights)
        joblessShare = storage.pin(model.zones.map { z in
            switch z.kind {
            case .rural: holders.joblessShare[0]
            case .urban: holders.joblessShare[1]
            case .priorityNeighbourhood: holders.joblessShare[2]
            }
        })
        epochOfMonth = storage.pin(model.epochOfMonth.map { Int32($0) })
        var reachStart: [Int] = [], reachStructure: [Int32] = [], contact: [DiscreteTable?] = [], fitting: [DiscreteTable?] = []
        var fittingStart: [Int] = [], fittingStructure: [Int32] = [], target: [Int32] = [], intake: [Int32] = []
        for r in model.reach {
            let reachOffset = reachStructure.count, fittingOffset = fittingStructure.count
            reachStart += r.reachStart.map { $0 + reachOffset }
            reachStructure += r.reachStructure
            contact += r.contactTables.map { $0?.pinned }
            fitting += r.fittingTables.map { $0?.pinned }
            // One start per need of every period, and the end: a period's leading 0 is the
            // previous period's end, so that need i of period e starts at e × Z × needs + i.
            fittingStart += r.fittingStart.dropFirst(fittingStart.isEmpty ? 0 : 1).map { $0 + fittingOffset }
            fittingStructure += r.fittingStructure
            target += r.referralTarget
            intake += r.intakeInReach
        }
        self.reachStart = storage.pin(reachStart)
        self.reachStructure = storage.pin(reachStructure)
        contactTable = storage.pin(contact)
        fittingTable = storage.pin(fitting)
        self.fittingStart = storage.pin(fittingStart)
        self.fittingStructure = storage.pin(fittingStructure)
        referralTarget = storage.pin(target)
        intakeInReach = storage.pin(intake)
        self.open = storage.pin(open)
        minutes = storage.pin(model.minutes)
        legibility = storage.pin(model.legibility)
        monthlyCapacity = storage.pin(model.monthlyCapacity)
        fits = storage.pin(fit.fits)
        ecosystemFits = storage.pin(fit.ecosystemFits)
        serves = storage.pin((0..<(SimulationModel.stages * S)).map { i in model.structures[i % S].stages.serves(Stage(rawValue: i / S)!) })
        side = storage.pin(knowledge.side)
        isIntake = storage.pin(model.structures.map { $0.role == .intake })
        awareness = storage.pin(build.awareness)
        knowledgeBaseline = storage.pin(knowledge.baseline)
        attendance = storage.pin(knowledge.attendance)
        workspace = storage.pin(knowledge.workspace)
        workspaceTime = storage.pin(knowledge.workspaceTime.isEmpty ? [0] : knowledge.workspaceTime)
        creationEffect = storage.pin(effects.creation)
        hazardEffect = storage.pin(effects.hazard)
        jobsEffect = storage.pin(effects.jobs)
        self.typeCumulative = storage.pin(typeCumulative)
        self.stageCumulative = storage.pin(stageCumulative)
    }

    /// Sets the arrivals of seekers: `seekersPer1000` a year per 1,000 inhabitants of each zone.
    func setArrivals(_ seekersPer1000: Double) {
        for z in 0..<zones { monthlyArrivals[z] = arrivalWeights[z] * seekersPer1000 }
    }
}

extension HotTables {
    /// How well structure i knows j in simulated `month` (warm-up included): its baseline for
    /// structures of the same ecosystem (or not networks), else the closed form of
    /// ``KnowledgeTable/value(k0:p:decay:t:)`` at the pair's monthly closing rate.
    @inline(__always)
    func knowledge(_ i: Int, _ j: Int, month: Int, _ c: ReplicationConstants) -> Double {
        let k0 = knowledgeBaseline[i]
        guard side[i] >= 0, side[j] >= 0, side[i] != side[j] else { return k0 }
        let p = KnowledgeTable.closing(i, j, attendance: attendance, workspace: workspace, workspaceTime: workspaceTime,
                                       meetings: c.meetingsPerMonth, workspaceContacts: c.workspaceContacts, learning: c.learning)
        return KnowledgeTable.value(k0: k0, p: p, decay: c.decay, t: month)
    }
}

import Foundation
import MaillageFoundation

/// Mutual knowledge across the two ecosystems (*interconnaissance*): how well structure i knows
/// structure j's offer when they belong to different ecosystems, month by month, in closed form.
///
/// Without cooperation, i knows every structure of the other ecosystem at its baseline K₀ᵢ
/// (``SimulationModel/baselineKnowledge(structures:zones:journey:travel:file:)``). Each month a pair
/// has λᵢⱼ contacts — meetings a month × aᵢ × aⱼ (each structure's attendance, falling with its
/// travel time to the venue), plus the workspace's contacts × its share of full time when both
/// use the same workspace — and knowledge follows
///
///     K ← K + (1 − K) p − d (K − K₀),   p = 1 − (1 − learning)^λ,   d = decay a month,
///
/// from the month the policy starts (before it, every pair is at its baseline): a linear
/// recurrence whose value t months after that is K* + (K₀ − K*)(1 − p − d)^t with the
/// long-run level K* = (p + d K₀) / (p + d). Knowledge is read from this closed form (clamped to
/// [0, 1]), so memory grows with the structures, not with their pairs × months. Knowledge within
/// an ecosystem stays at its baseline: the lever is about knowing the other ecosystem, and does
/// nothing where only one exists. Permanences and intake points know everyone (K = 1).
struct KnowledgeTable: Sendable {
    /// K₀ of each structure (1 for permanences and intake points).
    let baseline: [Double]
    let attendance: [Double]
    let workspace: [Int32]
    let workspaceTime: [Double]
    /// Each structure's ecosystem for this purpose: 0 classic network, 1 ESS network, −1 neither.
    let side: [Int8]
    let meetingsPerMonth: Double
    let workspaceContacts: Double
    let learning: Double
    let decay: Double
    /// Per simulated month: the mean rise of cross-ecosystem knowledge above its baseline, as a
    /// share of what could be gained.
    let crossGain: [Double]
    /// Per simulated month: the mean knowledge over pairs of structures of different ecosystems
    /// (0 where only one exists): how well the partners of a shared intake point know each other.
    let meanCross: [Double]
    /// The simulated month from which contacts happen (the policy's start).
    let start: Int

    init(structures: [SupportStructure], baseline: [Double], build: ModelBuild, months: Int, start: Int) {
        self.start = start
        self.baseline = baseline
        let S = structures.count
        attendance = build.attendance.count == S ? build.attendance : Array(repeating: 0, count: S)
        workspace = (0..<S).map { Int32(build.workspaceOf.indices.contains($0) ? build.workspaceOf[$0] : -1) }
        workspaceTime = build.workspaceTime
        side = structures.map { $0.role != .network ? -1 : ($0.ecosystem == .classic ? 0 : 1) }
        meetingsPerMonth = build.meetingsPerYear / 12
        workspaceContacts = build.workspaceContactsPerMonth
        learning = build.effects[MutualKnowledge.learningPerContact]
        decay = build.effects[MutualKnowledge.decayPerMonth]
        // The mean gain over cross pairs: for an unclamped pair it is p/(p + d) × (1 − (1 − p − d)^t),
        // whatever K₀.
        var pairs: [(gain: Double, r: Double)] = []
        var all: [(k0: Double, p: Double)] = []
        for i in 0..<S where side[i] >= 0 {
            for j in 0..<S where side[j] >= 0 && side[j] != side[i] {
                let p = Self.closing(i, j, attendance: attendance, workspace: workspace, workspaceTime: workspaceTime,
                                     meetings: meetingsPerMonth, workspaceContacts: workspaceContacts, learning: learning)
                all.append((baseline[i], p))
                if baseline[i] < 1 { pairs.append((p + decay > 0 ? p / (p + decay) : 0, 1 - p - decay)) }
            }
        }
        let decay = self.decay
        meanCross = (0..<max(months, 1)).map { month in
            guard !all.isEmpty else { return 0 }
            return all.reduce(0) { $0 + (month >= start ? Self.value(k0: $1.k0, p: $1.p, decay: decay, t: month - start) : $1.k0) } / Double(all.count)
        }
        crossGain = (0..<max(months, 1)).map { month in
            let t = month - start
            guard !pairs.isEmpty, t > 0 else { return 0 }
            return pairs.reduce(0) { $0 + $1.gain * (1 - pow($1.r, Double(t))) } / Double(pairs.count)
        }
    }

    /// Share of the gap to full knowledge that a month of contacts between structures i and j
    /// closes: `meetings` a month attended with their chances, and `workspaceContacts` × the
    /// workspace's share of time when they share one; each contact closes `learning` of the gap.
    /// One formula for the model's tables (arrays) and the replication's (pinned buffers).
    @inline(__always)
    static func closing<D: RandomAccessCollection<Double>, W: RandomAccessCollection<Int32>>(
        _ i: Int, _ j: Int, attendance: D, workspace: W, workspaceTime: D, meetings: Double, workspaceContacts: Double, learning: Double
    ) -> Double where D.Index == Int, W.Index == Int {
        let w = workspace[i]
        let shared = w >= 0 && w == workspace[j] ? workspaceTime[Int(w)] : 0
        let contacts = meetings * attendance[i] * attendance[j] + workspaceContacts * shared
        return contacts > 0 ? 1 - pow(1 - learning, contacts) : 0
    }

    /// K after `t` months for a pair with baseline `k0` closing `p` of its gap a month.
    @inline(__always)
    static func value(k0: Double, p: Double, decay d: Double, t: Int) -> Double {
        guard p > 0, p + d > 0 else { return k0 }
        let kStar = (p + d * k0) / (p + d)
        return min(1, max(0, kStar + (k0 - kStar) * pow(1 - p - d, Double(t))))
    }

    /// The mean rise of knowledge across ecosystems in month t, as a share of what could be
    /// gained: 0 without cooperation, 1 when every structure knows every other fully.
    func crossEcosystemGain(month t: Int) -> Double { crossGain[min(max(t, 0), crossGain.count - 1)] }
}

extension SimulationModel {
    /// Baseline knowledge of each structure i of every other: `knowledge_base × h / (h + n)`, n
    /// being the number of other structures within reach of i: among many actors, each one is
    /// known less (the study's metropolitan finding, as mechanism). Permanences and intake points
    /// know everyone. The structures within reach of each are found through a grid
    /// (``ReachableCosts``), not among all pairs.
    /// - Throws: ``InputError`` (naming `file`) beyond ``Limits/reachablePairs`` pairs within reach.
    static func baselineKnowledge(structures: [SupportStructure], zones: [Zone], journey: JourneyParameters,
                                  travel: TravelTimes, file: String) throws -> [Double] {
        let near = try ReachableCosts(zones: siteZones(structures, zones), sites: structures.map { (x: $0.x, y: $0.y, code: $0.zoneCode) },
                                      travel: travel, cutoff: travel.reachMinutes, file: file)
        return structures.indices.map { i in
            guard structures[i].role == .network else { return 1 }
            let neighbours = (near.start[i] ..< near.start[i + 1]).reduce(0) { count, k in
                let j = Int(near.structure[k])
                return j != i && structures[j].role == .network ? count + 1 : count
            }
            return journey.knowledgeBase * journey.knowledgeHalfCount / (journey.knowledgeHalfCount + Double(neighbours))
        }
    }
}

import Foundation
import MaillageFoundation

/// Mutual knowledge between structures (*interconnaissance*): how well structure i knows
/// structure j's offer, month by month, in closed form.
///
/// Without cooperation, i knows every other structure at its baseline K₀ᵢ (``baseline(of:)``).
/// Each month a pair has λ contacts — meetings a month × attendance², plus the workspace's
/// contacts when both use the same workspace — and knowledge follows
///
///     K ← K + (1 − K) p − d (K − K₀),   p = 1 − (1 − learning)^λ,   d = decay a month,
///
/// a linear recurrence whose value after t months is K*ᵢ + (K₀ᵢ − K*ᵢ)(1 − p − d)^t, with the
/// long-run level K*ᵢ = (p + d K₀ᵢ) / (p + d). Knowledge is read from this closed form (clamped to
/// [0, 1]), so memory grows with the structures, not with their pairs × months. Pairs fall in two
/// classes, sharing a workspace or not; joint permanences know everyone (K = 1).
struct KnowledgeTable: Sendable {
    /// K₀ of each structure (1 for joint permanences).
    let baseline: [Double]
    /// The workspace each structure uses, or −1.
    let workspace: [Int32]
    /// Per structure and class (`i × 2 + class`): the long-run level K*.
    let longRun: [Double]
    /// Per class and month (`class × months + t`): (1 − p − d)^t.
    let decayPower: [Double]
    /// Per class: p / (p + d), the share of the gap to full knowledge closed in the long run.
    let longRunGain: [Double]
    let months: Int

    init(structures: [SupportStructure], baseline: [Double], build: ModelBuild, months: Int) {
        self.baseline = baseline
        self.months = max(months, 1)
        let S = structures.count
        workspace = (0..<S).map { Int32(build.workspaceOf.indices.contains($0) ? build.workspaceOf[$0] : -1) }
        let learning = build.effects[MutualKnowledge.learningPerContact], d = build.effects[MutualKnowledge.decayPerMonth]
        let contacts = [build.meetingContactsPerMonth, build.meetingContactsPerMonth + build.workspaceContactsPerMonth]
        let p = contacts.map { $0 > 0 ? 1 - pow(1 - learning, $0) : 0 }
        longRunGain = p.map { $0 + d > 0 ? $0 / ($0 + d) : 0 }
        var longRun = Array(repeating: 0.0, count: S * 2)
        for i in 0..<S {
            for c in 0..<2 { longRun[i * 2 + c] = p[c] + d > 0 ? (p[c] + d * baseline[i]) / (p[c] + d) : baseline[i] }
        }
        self.longRun = longRun
        var decayPower = Array(repeating: 1.0, count: 2 * self.months)
        for c in 0..<2 {
            let r = 1 - p[c] - d
            for t in 0..<self.months { decayPower[c * self.months + t] = pow(r, Double(t)) }
        }
        self.decayPower = decayPower
    }

    /// The class of the pair (i, j): 1 when both use the same workspace.
    @inline(__always)
    static func pairClass(_ wi: Int32, _ wj: Int32) -> Int { wi >= 0 && wi == wj ? 1 : 0 }

    /// How well i knows j in month t.
    func value(_ i: Int, _ j: Int, month t: Int) -> Double {
        let c = Self.pairClass(workspace[i], workspace[j])
        let k0 = baseline[i], kStar = longRun[i * 2 + c]
        return min(1, max(0, kStar + (k0 - kStar) * decayPower[c * months + min(t, months - 1)]))
    }

    /// The mean rise of knowledge above its baseline across ecosystems in month t, as a share of
    /// what could be gained: 0 without cooperation, 1 when every structure knows every other
    /// fully. For an unclamped pair it is p/(p + d) × (1 − (1 − p − d)^t), whatever K₀.
    func crossEcosystemGain(month t: Int, structures: [SupportStructure]) -> Double {
        var pairs = [0, 0]
        let S = structures.count
        for i in 0..<S where !structures[i].isJointOutreach && baseline[i] < 1 {
            for j in 0..<S where !structures[j].isJointOutreach && structures[j].ecosystem != structures[i].ecosystem {
                pairs[Self.pairClass(workspace[i], workspace[j])] += 1
            }
        }
        let total = pairs[0] + pairs[1]
        guard total > 0 else { return 0 }
        var sum = 0.0
        for c in 0..<2 where pairs[c] > 0 {
            sum += Double(pairs[c]) * longRunGain[c] * (1 - decayPower[c * months + min(t, months - 1)])
        }
        return sum / Double(total)
    }
}

extension SimulationModel {
    /// Baseline knowledge of each structure i of every other: `knowledge_base × h / (h + n)`, n
    /// being the number of other structures within reach of i: among many actors, each one is
    /// known less (the study's metropolitan finding, as mechanism). Joint permanences know
    /// everyone.
    static func baselineKnowledge(structures: [SupportStructure], zones: [Zone], journey: JourneyParameters,
                                  travel: TravelTimes) -> [Double] {
        let S = structures.count
        let places = siteZones(structures, zones)
        return (0..<S).map { i in
            guard !structures[i].isJointOutreach else { return 1 }
            let neighbours = (0..<S).filter { j in
                j != i && travel.minutes(from: places[i], toX: structures[j].x, y: structures[j].y, code: structures[j].zoneCode) <= travel.reachMinutes
            }.count
            return journey.knowledgeBase * journey.knowledgeHalfCount / (journey.knowledgeHalfCount + Double(neighbours))
        }
    }
}

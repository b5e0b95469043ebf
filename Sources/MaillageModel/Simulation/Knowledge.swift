import Foundation
import MaillageFoundation

extension SimulationModel {
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
    /// contacts — the build's meeting contacts, plus its workspace contacts when both use the same
    /// shared workspace — and K ← K + (1 − K)(1 − (1 − learning)^λ) − decay · (K − K₀).
    static func knowledgeDynamics(structures: [SupportStructure], baseline k0: [Double], build: ModelBuild, months: Int) -> [Double] {
        let S = structures.count
        let workspace = build.workspaceOf
        let meetingContacts = build.meetingContactsPerMonth
        // Without contact, knowledge stays at its baseline: one month stands for all.
        if meetingContacts == 0 && !workspace.contains(where: { $0 >= 0 }) { return k0 }
        let learning = build.effects[MutualKnowledge.learningPerContact], decay = build.effects[MutualKnowledge.decayPerMonth]
        var current = k0
        var all = [Double]()
        all.reserveCapacity(max(months, 0) * S * S)
        for _ in 0..<max(months, 0) {
            all.append(contentsOf: current)
            for i in 0..<S where !structures[i].isJointOutreach {
                for j in 0..<S where i != j {
                    let contacts = meetingContacts + (workspace[i] >= 0 && workspace[i] == workspace[j] ? build.workspaceContactsPerMonth : 0)
                    current[i * S + j] = nextKnowledge(current[i * S + j], baseline: k0[i * S + j], contacts: contacts,
                                                       learning: learning, decay: decay)
                }
            }
        }
        return all
    }

    /// One month of knowledge K of a pair with `contacts` contacts: the gap to full knowledge
    /// closes by 1 − (1 − learning)^contacts, and the part above the baseline K₀ decays.
    static func nextKnowledge(_ k: Double, baseline k0: Double, contacts: Double, learning: Double, decay: Double) -> Double {
        let learnt = contacts > 0 ? (1 - k) * (1 - pow(1 - learning, contacts)) : 0
        return min(1, max(0, k + learnt - decay * (k - k0)))
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
}

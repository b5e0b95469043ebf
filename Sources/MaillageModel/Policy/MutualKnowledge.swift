import Foundation
import MaillageFoundation

/// Mutual knowledge (*interconnaissance*), the study's first degree of cooperation: meeting
/// events to which every structure is invited, and shared workspaces (tiers-lieux) where nearby
/// structures work side by side. Each contact between two structures teaches each something of
/// the other; knowledge decays back to its baseline without contact (MODEL.md, 7.7). Only
/// knowledge across the two ecosystems acts in the model (on referrals between them and on the
/// legibility of the whole), so this lever does nothing where only one ecosystem exists.
public struct MutualKnowledge: Lever {
    /// Meeting events a year (conferences, clubs, joint information days).
    public var meetingsPerYear = 0.0
    /// Shared workspaces, each in one of the most populous zones; a fraction is a part-time one.
    public var sharedWorkspaces = 0.0

    public init() {}

    public static let name = "mutual_knowledge"
    public static let label = Label(words: "policy.mutual_knowledge")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.meetingsPerYear, "mutual_knowledge.meetings_per_year", default: 0, .range(0...365), words: "quantity.meetings_per_year"),
        Quantity(\Self.sharedWorkspaces, "mutual_knowledge.shared_workspaces", default: 0, .range(0...1_000), words: "quantity.shared_workspaces"),
    ]

    public static let meetingCost = ParameterDeclaration("meeting_eur", default: 2_500, .range(0...1e9),
                                                         "euros per meeting event: organisation, venue, animation (assumption)")
    public static let meetingStaffCost = ParameterDeclaration("meeting_staff_eur", default: 300, .range(0...1e6),
                                                              "euros of a structure's staff time per meeting it attends: half a day (assumption)")
    public static let workspaceCost = ParameterDeclaration("workspace_eur", default: 15_000, .range(0...1e9),
                                                           "euros a year per shared workspace: rent share and animation (assumption)")
    public static let workspaceStaffCost = ParameterDeclaration("workspace_staff_eur", default: 1_500, .range(0...1e7),
                                                                "euros a year of a member structure's staff time in its workspace (assumption)")
    public static let costs = [meetingCost, meetingStaffCost, workspaceCost, workspaceStaffCost]

    public static let attendance = ParameterDeclaration("meeting_attendance", default: 0.6, .probability,
                                                        "share of nearby structures at a meeting event (assumption)")
    public static let attendanceDecay = ParameterDeclaration("meeting_attendance_decay_minutes", default: 60, .range(1...10_000),
                                                             "attendance falls as exp(−minutes to the venue / this) (assumption)")
    public static let learningPerContact = ParameterDeclaration("learning_per_contact", default: 0.15, .probability,
                                                                "share of the knowledge gap one contact closes (assumption)")
    public static let decayPerMonth = ParameterDeclaration("knowledge_decay_per_month", default: 0.05, .probability,
                                                           "share of knowledge above baseline lost a month: turnover, forgetting (assumption; half-life about 14 months)")
    public static let workspaceContacts = ParameterDeclaration("workspace_contacts_per_month", default: 2, .range(0...100),
                                                               "contacts a month between two structures sharing a full-time workspace (assumption)")
    public static let workspaceMinutes = ParameterDeclaration("workspace_minutes", default: 15, .range(0...600),
                                                              "structures within this many minutes of a workspace use it (assumption)")
    public static let coordinationMeetings = ParameterDeclaration("coordination_meetings_per_year", default: 12, .range(0...365),
                                                                  "meetings a year that full coordination funding animates (assumption)")
    public static let coordinationWorkspaces = ParameterDeclaration("coordination_workspaces", default: 2, .range(0...1_000),
                                                                    "workspaces that full coordination funding animates (assumption)")
    public static let effects = [attendance, attendanceDecay, learningPerContact, decayPerMonth, workspaceContacts, workspaceMinutes,
                                 coordinationMeetings, coordinationWorkspaces]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .bundle(let f) = money else { return }
        meetingsPerYear += f * effects[Self.coordinationMeetings]
        sharedWorkspaces += f * effects[Self.coordinationWorkspaces]
    }

    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        effects[coordinationMeetings] * costs[meetingCost] + effects[coordinationWorkspaces] * costs[workspaceCost]
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double {
        meetingsPerYear * costs[Self.meetingCost] + sharedWorkspaces * costs[Self.workspaceCost]
    }

    /// Meetings take place in the most populous zone; a structure attends with probability
    /// attendance × exp(−minutes to it / decay), and each pair meets meetings / 12 × aᵢ × aⱼ
    /// times a month. Structures within `workspace_minutes` of a workspace use it; a part-time
    /// workspace brings contacts in proportion to its time.
    public func setContacts(in build: inout ModelBuild) {
        let sites = build.structureSites
        build.meetingsPerYear = meetingsPerYear
        if meetingsPerYear > 0, let venue = build.mostPopulousZones(1).first {
            let a = build.effects[Self.attendance], tau = build.effects[Self.attendanceDecay], v = build.zones[venue]
            build.attendance = build.structures.indices.map { s in
                guard build.structures[s].role == .network else { return 0 }
                return a * exp(-build.travel.minutes(from: sites[s], toX: v.x, y: v.y, code: v.code) / tau)
            }
        }
        build.workspaceContactsPerMonth = build.effects[Self.workspaceContacts]
        let count = Int(sharedWorkspaces.rounded(.up))
        let places = build.mostPopulousZones(count)
        build.workspaceTime = places.indices.map { min(1, sharedWorkspaces - Double($0)) }
        let reach = build.effects[Self.workspaceMinutes]
        build.workspaceOf = build.structures.indices.map { s in
            guard build.structures[s].role == .network else { return -1 }
            return places.firstIndex { w in
                build.travel.minutes(from: sites[s], toX: build.zones[w].x, y: build.zones[w].y, code: build.zones[w].code) <= reach
            } ?? -1
        }
    }

    /// Staff time: each meeting, every structure's expected attendance; each workspace member's
    /// yearly time, in proportion to the workspace's.
    public func staffTimeEur(_ build: ModelBuild, costs: ParameterValues) -> Double {
        let meetings = meetingsPerYear * build.attendance.reduce(0, +) * costs[Self.meetingStaffCost]
        let members = build.workspaceOf.reduce(0.0) { $0 + ($1 >= 0 ? build.workspaceTime[$1] : 0) }
        return meetings + members * costs[Self.workspaceStaffCost]
    }
}

import MaillageFoundation

/// Mutual knowledge (*interconnaissance*), the study's first degree of cooperation: meeting
/// events to which every structure is invited, and shared workspaces (tiers-lieux) where nearby
/// structures work side by side. Each contact between two structures teaches each something of
/// the other; knowledge decays back to its baseline without contact (MODEL.md, section 5).
public struct MutualKnowledge: Lever {
    /// Meeting events a year (conferences, clubs, joint information days).
    public var meetingsPerYear = 0.0
    /// Shared workspaces, each in one of the most populous zones (whole number).
    public var sharedWorkspaces = 0.0

    public init() {}

    public static let name = "mutual_knowledge"
    public static let label = Label(en: "mutual knowledge", fr: "interconnaissance")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.meetingsPerYear, ParameterDeclaration("mutual_knowledge.meetings_per_year", default: 0, .range(0...365),
                                                             "meeting events a year to which every structure is invited")),
        Quantity(\Self.sharedWorkspaces, ParameterDeclaration("mutual_knowledge.shared_workspaces", default: 0, .whole(0...10_000),
                                                              "shared workspaces, in the most populous zones")),
    ]

    public static let meetingCost = ParameterDeclaration("meeting_eur", default: 2_500, .range(0...1e9),
                                                         "euros per meeting event: organisation, venue, animation (assumption)")
    public static let workspaceCost = ParameterDeclaration("workspace_eur", default: 15_000, .range(0...1e9),
                                                           "euros a year per shared workspace: rent share and animation (assumption)")
    public static let costs = [meetingCost, workspaceCost]

    public static let attendance = ParameterDeclaration("meeting_attendance", default: 0.6, .probability,
                                                        "share of structures at a meeting event (assumption)")
    public static let learningPerContact = ParameterDeclaration("learning_per_contact", default: 0.15, .probability,
                                                                "share of the knowledge gap one contact closes (assumption)")
    public static let decayPerMonth = ParameterDeclaration("knowledge_decay_per_month", default: 0.05, .probability,
                                                           "share of knowledge above baseline lost a month: turnover, forgetting (assumption; half-life about 14 months)")
    public static let workspaceContacts = ParameterDeclaration("workspace_contacts_per_month", default: 2, .range(0...100),
                                                               "contacts a month between two structures sharing a workspace (assumption)")
    public static let workspaceMinutes = ParameterDeclaration("workspace_minutes", default: 15, .range(0...600),
                                                              "structures within this many minutes of a workspace use it (assumption)")
    public static let coordinationMeetings = ParameterDeclaration("coordination_meetings_per_year", default: 12, .range(0...365),
                                                                  "meetings a year that full coordination funding animates (assumption)")
    public static let coordinationWorkspaces = ParameterDeclaration("coordination_workspaces", default: 2, .range(0...1_000),
                                                                    "workspaces that full coordination funding animates (assumption)")
    public static let effects = [attendance, learningPerContact, decayPerMonth, workspaceContacts, workspaceMinutes,
                                 coordinationMeetings, coordinationWorkspaces]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .intensity(let c) = money else { return }
        meetingsPerYear += c * effects[Self.coordinationMeetings]
        sharedWorkspaces += Double(Int((c * effects[Self.coordinationWorkspaces]).rounded()))
    }

    public func yearlyCost(_ costs: ParameterValues) -> Double {
        meetingsPerYear * costs[Self.meetingCost] + sharedWorkspaces * costs[Self.workspaceCost]
    }

    /// Each pair meets `meetings / 12 × attendance²` times a month (both must attend); structures
    /// within `workspace_minutes` of a workspace use it.
    public func setContacts(in build: inout ModelBuild) {
        let attendance = build.effects[Self.attendance]
        build.meetingContactsPerMonth = meetingsPerYear / 12 * attendance * attendance
        build.workspaceContactsPerMonth = build.effects[Self.workspaceContacts]
        let sites = build.mostPopulousZones(Int(sharedWorkspaces))
        let places = build.structureSites
        let reach = build.effects[Self.workspaceMinutes]
        build.workspaceOf = build.structures.indices.map { s in
            sites.firstIndex { w in
                build.travel.minutes(from: places[s], toX: build.zones[w].x, y: build.zones[w].y, code: build.zones[w].code) <= reach
            } ?? -1
        }
    }
}

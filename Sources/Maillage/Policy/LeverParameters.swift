/// Yearly unit costs of the levers, euros. All are assumptions of order of magnitude (staff time
/// at about 50 k€ a year per full-time post, premises, events), to be replaced by a local
/// authority's own figures.
public struct LeverCosts: Sendable, Equatable, Codable {
    /// One meeting event (organisation, venue, animation). Default 2,500 €.
    public var meetingEur: Double = 2_500
    /// One shared workspace for a year (rent share and animation). Default 15,000 €.
    public var workspaceEur: Double = 15_000
    /// One shared intake point for a year (about 0.6 of a post and premises). Default 40,000 €.
    public var intakePointEur: Double = 40_000
    /// Warm hand-offs for every referral for a year (coordinators' time), scaled by the share
    /// made warm. Default 60,000 €.
    public var warmHandoffsEur: Double = 60_000
    /// One outreach permanence for a year (a half-day a week, staff and travel). Default 12,000 €.
    public var permanenceEur: Double = 12_000
    /// Training one classic structure in ESS specifics, with yearly refreshers against staff
    /// turnover. Default 4,000 €.
    public var trainingEur: Double = 4_000
    /// Full pooled expertise for a year (shared experts, common tools), scaled by its level.
    /// Default 80,000 €.
    public var pooledExpertiseEur: Double = 80_000
    /// Supporting one more holder. Default 1,500 €, the order of a BGE accompaniment.
    public var holderEur: Double = 1_500
    /// Coordination spending's scale: coordination bought with E euros reaches an intensity of
    /// 1 − exp(−E / this), so the first euros buy the most. Default 150,000 €.
    public var coordinationScaleEur: Double = 150_000

    public init() {}
}

/// How strongly each lever acts. Assumptions unless stated, each documented in MODEL.md.
public struct LeverEffects: Sendable, Equatable, Codable {
    /// Share of structures attending a meeting event. Default 0.6.
    public var meetingAttendance: Double = 0.6
    /// Chance that one contact between two structures teaches each something of the other: the
    /// knowledge gap closes by this share. Default 0.15.
    public var learningPerContact: Double = 0.15
    /// Share of the knowledge above baseline lost each month without contact (staff turnover,
    /// forgetting). Default 0.05 (a half-life of about 14 months).
    public var knowledgeDecayPerMonth: Double = 0.05
    /// Contacts a month between two structures sharing a workspace. Default 2.
    public var workspaceContactsPerMonth: Double = 2
    /// Structures within this many minutes of a workspace use it. Default 15.
    public var workspaceMinutes: Double = 15
    /// Share of a referred holder's arrival shortfall that a warm hand-off closes (it also brings
    /// the holder without delay). Default 0.5: the accompaniment helps, the trip remains.
    public var warmHandoffEffect: Double = 0.5
    /// Share of the legibility shortfall a shared intake point closes for the zones within reach
    /// of it. Default 0.8.
    public var intakeEffect: Double = 0.8
    /// ESS awareness of a trained classic structure. Default 0.8.
    public var trainedAwareness: Double = 0.8
    /// Holders an outreach permanence takes in a year. Default 40.
    public var permanenceCapacityPerYear: Double = 40
    /// Meetings a year, workspaces and intake points that full coordination funding animates.
    public var coordinationMeetingsPerYear: Double = 12
    public var coordinationWorkspaces: Double = 2
    public var coordinationIntakePoints: Double = 3
    /// Warm hand-off share at full coordination. Default 0.8.
    public var coordinationWarmHandoffs: Double = 0.8
    /// Full pooled expertise raises supported holders' chance to create by this share. Default
    /// 0.05: a conservative assumption, the networks' own survival claims being upper bounds.
    public var expertiseCreationGain: Double = 0.05
    /// …lowers supported firms' failure hazard by this share. Default 0.1.
    public var expertiseHazardReduction: Double = 0.1
    /// …and raises their employees by this share. Default 0.05.
    public var expertiseJobsGain: Double = 0.05

    public init() {}
}

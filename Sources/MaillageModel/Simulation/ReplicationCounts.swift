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
    /// Presentations at a structure for support (straight away, referred or continuing): a
    /// holder presents once per stage.
    public var intakes = 0
    /// Holders who presented themselves at a structure at least once, and of those, holders whose
    /// zone has no structure in reach without the policy (reached by it).
    public var presentedHolders = 0
    public var presentedNewlyReached = 0
    /// Supports started (a holder supported at two stages counts twice).
    public var supports = 0
    /// Holders supported at least once, counted when their path ends.
    public var supported = 0
    /// Holders who gave up while queued, and of those, holders reached by the policy only.
    public var abandoned = 0
    public var abandonedNewlyReached = 0
    /// Holders whose path ended (during the horizon) after support by structures of both
    /// ecosystems, and the jobs at the horizon of their firms.
    public var crossEcosystemHolders = 0
    public var crossEcosystemJobs = 0
    /// Holders whose path ended (lost, or at its last stage), and of those, holders supported at
    /// every stage they needed.
    public var pathsEnded = 0
    public var chainsCompleted = 0
    /// Per stage (emergence, creation, financing, growth): holders who sought support at it,
    /// were supported at it, and were lost at it without support.
    public var stageReached = StageCounts()
    public var stageSupported = StageCounts()
    public var stageLost = StageCounts()
    /// Holders still queued at the horizon.
    public var queuedAtHorizon = 0
    /// Candidate structures that opened by themselves by the horizon (MODEL.md 7.2).
    public var structuresOpened = 0
    /// Holders a shared pathway handed from one ecosystem's partner to the other's.
    public var followedAcross = 0
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

    /// The same counts split by the INSEE density level of the holder's zone.
    public var byDensityLevel = DensityLevelCounts()

    public init() {}

    /// Jobs at the horizon, founders included.
    public var jobs: Int { founderJobs + salariedJobs }
}

/// A few of a replication's counts split by the INSEE density level of the holder's zone: index
/// 1 (large urban centres) to 7 (very dispersed rural), 0 for a commune the grid does not list.
/// Counted only on a territory whose zones carry levels (the national files); elsewhere (a
/// synthetic territory, a user's own file) every lane stays 0. Held inline, eight lanes a count.
public struct DensityLevelCounts: Sendable, Equatable {
    /// Holders who arrived during the horizon.
    public var holders = SIMD8<Int>()
    /// Of those, holders with no structure within the travel time they accept.
    public var uncovered = SIMD8<Int>()
    /// Holders whose path ended during the horizon, and of those, holders supported at least once.
    public var pathsEnded = SIMD8<Int>()
    public var supported = SIMD8<Int>()
    /// Firms created during the horizon.
    public var firmsCreated = SIMD8<Int>()
    /// Jobs at the horizon in the firms alive then (founders and salaried), as ``ReplicationCounts/jobs``.
    public var jobs = SIMD8<Int>()

    public init() {}
}

/// One count per stage (emergence, creation, financing, growth), held inline: the monthly loop
/// adds to it without the uniqueness check and the heap storage of an array.
public struct StageCounts: Sendable, Equatable, RandomAccessCollection {
    private var emergence = 0, creation = 0, financing = 0, growth = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { 4 }

    /// The count of stage `k` (its raw value, 0 to 3).
    @inline(__always)
    public subscript(k: Int) -> Int {
        get {
            switch k {
            case 0: return emergence
            case 1: return creation
            case 2: return financing
            default:
                precondition(k == 3, "a stage index is 0 to 3")
                return growth
            }
        }
        set {
            switch k {
            case 0: emergence = newValue
            case 1: creation = newValue
            case 2: financing = newValue
            default:
                precondition(k == 3, "a stage index is 0 to 3")
                growth = newValue
            }
        }
    }
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
    var referralDelay: Int
    /// The simulated month the policy starts acting.
    var policyStart: Int
    // Queues that respond, priority neighbourhoods, cooperation resting on knowledge, entry.
    var roomAwareness: Double
    var permanenceOverflow: Double
    var capacityElasticity: Double
    var capacityGrowthLimit: Double
    var localContactShare: Double
    var knowledgeDependence: Double
    var entryRate: Double
    var entryThreshold: Double
    /// Holders a shared pathway follows a month, and the knowledge its partners need of each other.
    var pathwayPerMonth: Double
    var pathwayThreshold: Double
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

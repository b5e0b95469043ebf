import Foundation
import MaillageFoundation

/// Who the project holders are: how many would-be creators there are, which of them seek
/// support, with which projects, at which stage, and how far along the support chain they go.
public struct HolderParameters: Sendable, Equatable, Codable {
    /// Creations per year per 1,000 inhabitants in the territory's region: the INSEE figure the
    /// territory's creations must reproduce, seekers and non-seekers together. Default 16: France
    /// 2024, 1,111,200 creations for about 68 million inhabitants (INSEE; MODEL.md, Sources).
    /// Would-be creators arrive at the rate that gives this many creations without cooperation
    /// (``SimulationModel/wouldBeCreatorsPer1000``).
    public var creationRatePer1000: Double = 16
    /// Share of would-be creators who seek support from a structure. Default 0.163, calibrated
    /// (MODEL.md, calibration).
    public var seekSupportShare: Double = 0.163
    /// Chance that a would-be creator who never seeks support creates. Default 0.7: assumption
    /// (most creators register directly, as micro-entrepreneurs for two thirds of them), range
    /// 0.5–0.95.
    public var nonSeekerCreation: Double = 0.7
    /// Shares of project types: classic, ESS, social utility (sum to 1). Default 0.75 / 0.13 /
    /// 0.12: assumption built on the 17% of France Active's projects that were solidarity
    /// enterprises (MODEL.md, Sources), split between ESS and social-utility projects.
    public var projectTypeShares: [Double] = [0.75, 0.13, 0.12]
    /// Yearly change of the ESS and social-utility shares (the classic share takes the rest), in
    /// share points a year from the start of the horizon: the study's "the needs the ESS answers
    /// diversify". Default 0 and 0.
    public var projectTypeTrendPerYear: [Double] = [0, 0]
    /// Shares of the stage where a holder enters the chain: emergence, creation, financing,
    /// growth (sum to 1). Default 0.40 / 0.30 / 0.20 / 0.10: assumption (most holders come with
    /// an idea; fewer with a firm to finance or grow).
    public var stageShares: [Double] = [0.40, 0.30, 0.20, 0.10]
    /// Chance that a holder supported at emergence, creation and financing needs the next stage
    /// too. Default 0.6 / 0.5 / 0.3: assumption (a project that emerges goes on to be built;
    /// half of those need financing support; a third of those, support in their first years).
    public var continueAfter: [Double] = [0.6, 0.5, 0.3]
    /// Share of holders without a job, by zone kind: rural, urban, priority neighbourhood.
    /// Default 0.35 / 0.40 / 0.71: 0.71 is MIEL's share at Plaine Commune (MODEL.md, Sources);
    /// the others are assumptions near the share of job seekers among creators.
    public var joblessShare: [Double] = [0.35, 0.40, 0.71]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case creationRatePer1000 = "creation_rate_per_1000"
        case seekSupportShare, nonSeekerCreation, projectTypeShares, projectTypeTrendPerYear, stageShares, continueAfter, joblessShare
    }

    /// The project-type shares `month` months after the start of the horizon (negative during
    /// the warm-up), with the trend applied and clamped to valid shares.
    public func typeShares(month: Int) -> [Double] {
        let years = Double(max(month, 0)) / 12
        var ess = max(0, projectTypeShares[1] + projectTypeTrendPerYear[0] * years)
        var su = max(0, projectTypeShares[2] + projectTypeTrendPerYear[1] * years)
        if ess + su > 1 { let total = ess + su; ess /= total; su /= total }
        return [1 - ess - su, ess, su]
    }
}

/// How a holder finds its way through the support ecosystems.
public struct JourneyParameters: Sendable, Equatable, Codable {
    /// Chance that a holder with a single structure in reach goes straight to a fitting one,
    /// without cooperation. Default 0.9: assumption.
    public var legibilityBase: Double = 0.9
    /// Number of structures in reach at which baseline legibility is halved. Legibility is
    /// `legibilityBase × h / (h + n)` for n structures in reach: the more actors, the harder to
    /// find the right one (the study's metropolitan finding, taken as mechanism). Default 5:
    /// assumption.
    public var legibilityHalfCount: Double = 5
    /// When a holder picks a structure without knowing which fits, each reachable structure is
    /// weighted by capacity × exp(−minutes / this), minutes. Default 15: assumption.
    public var contactDecayMinutes: Double = 15
    /// Chance that a misfit structure from the other ecosystem, knowing nothing of it, still
    /// orients the holder to a fitting structure. Default 0.3: assumption.
    public var referralBase: Double = 0.3
    /// Chance that a structure of the right ecosystem but the wrong stage orients the holder to
    /// a fitting structure (it knows its own ecosystem). Default 0.75: assumption.
    public var referralWithinEcosystem: Double = 0.75
    /// Knowledge a structure with no neighbour would have of a structure of the other ecosystem,
    /// in [0, 1]. Default 0.5: assumption.
    public var knowledgeBase: Double = 0.5
    /// Number of other structures within reach at which a structure's baseline knowledge of each
    /// is halved: `knowledgeBase × h / (h + n)`. Default 5: assumption.
    public var knowledgeHalfCount: Double = 5
    /// Baseline awareness of ESS specifics at classic structures, in [0, 1]. Default 0.2:
    /// assumption.
    public var essAwarenessBase: Double = 0.2
    /// Awareness from which a classic structure can support social-utility projects as a fitting
    /// structure. Default 0.5: assumption.
    public var socialUtilityAwarenessThreshold: Double = 0.5
    /// Share of legibility's shortfall that full mutual knowledge across the ecosystems closes.
    /// Default 0.5: assumption.
    public var knowledgeLegibilityGain: Double = 0.5
    /// Chance that a classic structure which fails to orient an ESS or social-utility project
    /// supports it itself (welcoming it, without the ESS know-how: the misfit penalty applies)
    /// rather than losing it. Default 0.5: assumption.
    public var misfitSupport: Double = 0.5
    /// Chance that a correctly referred holder arrives at a structure next door. Default 0.85:
    /// assumption.
    public var arrivalBase: Double = 0.85
    /// The arrival chance decays as exp(−minutes / this) with the travel time to the structure
    /// the holder is referred to, minutes. Default 60: assumption.
    public var arrivalDecayMinutes: Double = 60
    /// Months between a referral and the holder's arrival, unless the hand-off is warm. Default 1:
    /// assumption.
    public var referralDelayMonths: Int = 1
    /// Chance per month that a queued holder gives up. Default 0.25 (a mean wait tolerance of
    /// about three months): assumption.
    public var giveUpPerMonth: Double = 0.25
    /// Months a support lasts at each stage: emergence, creation, financing, growth. Default
    /// 3 / 3 / 2 / 6: assumption (BGE's coaching runs over a few months; growth follow-up longer).
    public var supportMonths: [Int] = [3, 3, 2, 6]
    /// Factor on the legibility of a holder without a job: less network, less knowledge of who
    /// does what. Default 0.7: assumption.
    public var joblessLegibilityFactor: Double = 0.7
    /// Factor on the monthly give-up chance of a queued holder without a job (less slack to
    /// wait). Default 1.5: assumption.
    public var joblessGiveUpFactor: Double = 1.5

    // Queues that respond (MODEL.md 7.5).

    /// Chance that a choice of structure (a first contact, a referral, an intake point's
    /// orientation) turns from a fitting structure whose queue is full (longer than a month of its
    /// capacity) to the nearest fitting one in reach with room, for a chooser who knows the
    /// ecosystem fully; it is scaled by what the chooser knows (a holder's legibility, a referring
    /// structure's knowledge of the target). Default 0.5: assumption, range 0–1; 0 ignores queues
    /// (version 0.2).
    public var roomAwareness: Double = 0.5
    /// Chance that an outreach permanence at capacity refers a holder it cannot take in to a
    /// fitting structure in reach with room, rather than queuing it. Default 1: assumption (a
    /// permanence's staff belong to the town's networks), range 0.5–1; 0 is version 0.2.
    public var permanenceOverflow: Double = 1
    /// How far a structure's capacity follows a long queue: its capacity rises by
    /// elasticity × (queue ÷ a month's capacity − 1), at most `capacity_growth_limit`, reached
    /// over about six months (hiring, volunteers, group sessions). Default 0.1: assumption, range
    /// 0–0.5; 0 keeps capacity fixed (version 0.2).
    public var capacityElasticity: Double = 0.1
    /// The most a structure's capacity rises with its queue, as a share of its capacity. Default
    /// 0.5: assumption, range 0.1–1.
    public var capacityGrowthLimit: Double = 0.5

    // Priority neighbourhoods (MODEL.md 7.4).

    /// Share of the holders without a job in a priority neighbourhood whose first contact is a
    /// structure of their neighbourhood (within `local_contact_minutes`) or a permanence held there,
    /// or no one: proximity and trust, not distance, decide there. Default 0.6: assumption from
    /// MIEL's public at Plaine Commune (71% without a job, most from the neighbourhoods), range
    /// 0.3–0.9; 0 is version 0.2.
    public var localContactShare: Double = 0.6
    /// Minutes within which a structure counts as in the neighbourhood. Default 10: assumption
    /// (a walk), range 5–20.
    public var localContactMinutes: Double = 10

    // Degrees of cooperation (MODEL.md 7.7).

    /// How much shared intake points and warm hand-offs rest on the knowledge between the
    /// structures involved: their effect is scaled by (1 − d) + d × knowledge. Default 1
    /// (in proportion): assumption, range 0.5–1; 0 lets them act whatever the knowledge
    /// (version 0.2).
    public var cooperationKnowledgeDependence: Double = 1

    public init() {}
}

/// New structures opening by themselves where a family's demand stays unmet (MODEL.md 7.2):
/// the ecosystem changing without a policy.
public struct EntryParameters: Sendable, Equatable, Codable {
    /// Chance a month that a candidate site opens once its unmet demand has reached the
    /// threshold over the past twelve months. Default 0.02 (a mean wait of about four years):
    /// assumption, range 0–0.1; 0 means no entry (version 0.2).
    public var ratePerMonth: Double = 0.02
    /// Holders a year left without a fitting structure in a candidate's reach (its family's
    /// projects and stages) from which it may open. Default 24: assumption, range 6–120.
    public var thresholdPerYear: Double = 24
    /// Candidate sites (one per family at most, where its demand is largest). Default 2:
    /// assumption, range 0–3.
    public var candidates: Int = 2

    public init() {}

    /// No structure opens by itself.
    public static var none: EntryParameters {
        var e = EntryParameters()
        e.ratePerMonth = 0
        return e
    }
}

/// What support changes for a holder: the chance to create, survival, and jobs, by the network
/// family that supports and the stage, and for the unsupported paths their INSEE figures.
public struct OutcomeParameters: Sendable, Equatable, Codable {
    /// Chance that a seeker who got no support creates. Default 0.090, calibrated (MODEL.md,
    /// calibration).
    public var creationUnsupported: Double = 0.090
    /// Chance that a holder supported along its whole pre-creation path creates: the reference of
    /// every family's creation effect. Default 0.672, calibrated so that about 30% of the
    /// accompanied create, as at BGE in 2017, most of them supported at one or two stages only
    /// (MODEL.md, calibration).
    public var creationSupported: Double = 0.672
    /// Share of micro-entrepreneurs among creators. Default 0.65: INSEE 2024 (716,200 of 1,111,200).
    public var microShare: Double = 0.65
    /// Three-year survival of micro-entrepreneurs that really started. Default 0.46: INSEE
    /// Première 1963 (2018 cohort).
    public var survival3Micro: Double = 0.46
    /// Three-year survival of the other firms. Default 0.82: INSEE Première 1962 (2018 cohort).
    public var survival3Other: Double = 0.82
    /// Mean salaried jobs of a surviving micro-entrepreneur. Default 0.05: assumption (almost
    /// none employ).
    public var salariedMicro: Double = 0.05
    /// Mean salaried jobs of another surviving firm. Default 1.0: assumption consistent with
    /// 4 survivors in 10 employing at least one salaried worker (INSEE Première 1962).
    public var salariedOther: Double = 1.0
    /// Share of a network's published effect (on survival and jobs, against its comparator)
    /// taken as its causal effect: networks' own figures are not controlled for selection.
    /// Default 0.5: assumption, range 0.2–1.
    public var selectionDiscount: Double = 0.5
    /// Weights of the stages (emergence, creation, financing, growth) in a family's effect on the
    /// chance to create (a holder supported at every pre-creation stage gets the family's whole
    /// effect). Default 0.3 / 0.4 / 0.3 / 0: assumption.
    public var creationWeights: [Double] = [0.3, 0.4, 0.3, 0]
    /// …on the failure hazard. Default 0.15 / 0.35 / 0.25 / 0.25: assumption.
    public var survivalWeights: [Double] = [0.15, 0.35, 0.25, 0.25]
    /// …on salaried jobs. Default 0.1 / 0.3 / 0.35 / 0.25: assumption.
    public var jobsWeights: [Double] = [0.1, 0.3, 0.35, 0.25]
    /// Share of the support effect an ESS or social-utility project loses when a classic
    /// structure without ESS awareness supports it (the "accompagner" part of the study's third
    /// lever): the effect is scaled by 1 − penalty × (1 − awareness) × (1 − competence).
    /// Default 0.6: assumption.
    public var misfitPenalty: Double = 0.6
    /// Share of the support effect a social-utility project (a classic firm with a social
    /// purpose) loses at an ESS structure lacking classic market know-how: scaled by
    /// 1 − penalty × (1 − competence). Default 0.2: assumption.
    public var socialUtilityPenalty: Double = 0.2
    /// Months from the end of a holder's pre-creation path (its last support, or the moment it
    /// is lost) to creation. Default 2: assumption.
    public var creationDelayMonths: Int = 2
    /// Share of the jobs a policy adds that local firms lose (displacement). Default 0.3:
    /// assumption within the UK additionality guide's ranges (MODEL.md, Sources), range 0–0.75.
    public var displacement: Double = 0.3

    public init() {}
}

/// A run's plan: how long to simulate, how many replications, from which seed, on how many
/// cores. One value, made once from the scenario's `simulation:` section and the command line,
/// and passed to whatever runs replications; the results record it.
public struct RunPlan: Sendable, Equatable, Codable {
    /// Months simulated and counted; outcomes are read at the end (the horizon). Default 36: the
    /// three-year survival horizon of INSEE's and the networks' figures.
    public var horizonMonths: Int = 36
    /// Months simulated before the horizon starts counting, so that queues reach their steady
    /// level. Default 24 (MODEL.md, section 8: queue lengths do not trend in its last year).
    public var warmUpMonths: Int = 24
    /// Monte Carlo replications. Default 200.
    public var replications: Int = 200
    /// The run's seed, from which every replication's seed derives (``SeedDerivation``).
    public var seed: UInt64 = 20_180_601
    /// Replications run at once. Results do not depend on it. Default 1.
    public var jobs: Int = 1

    public init() {}

    public init(horizonMonths: Int = 36, warmUpMonths: Int = 24, replications: Int, seed: UInt64, jobs: Int = 1) {
        self.horizonMonths = horizonMonths
        self.warmUpMonths = warmUpMonths
        self.replications = replications
        self.seed = seed
        self.jobs = jobs
    }

    enum CodingKeys: String, CodingKey { case horizonMonths, warmUpMonths, replications, seed }
}

import Foundation
import MaillageFoundation

/// Who the project holders are: how many arrive and with which projects.
public struct HolderParameters: Sendable, Equatable, Codable {
    /// Would-be creations per year per 1,000 inhabitants. Default 16: France 2024, 1,111,200
    /// creations for about 68 M inhabitants (INSEE; MODEL.md, Sources). Scenarios set their region's rate.
    public var creationRatePer1000: Double = 16
    /// Share of would-be creators who seek support from a structure (dimensionless). Default
    /// 0.335, calibrated (Scenarios/calibration/targets.yaml): about 28% of creators supported
    /// and about half of the welcomed accompanied.
    public var seekSupportShare: Double = 0.335
    /// Shares of project types: classic, ESS, social utility (sum to 1). Default 0.75 / 0.13 /
    /// 0.12: assumption built on the 17% of France Active's projects that were solidarity
    /// enterprises (MODEL.md, Sources), split between ESS and social-utility projects.
    public var projectTypeShares: [Double] = [0.75, 0.13, 0.12]
    /// Shares of the stage where a holder enters the chain: emergence, creation, financing,
    /// growth (sum to 1). Default 0.40 / 0.30 / 0.20 / 0.10: assumption (most holders come with
    /// an idea; fewer with a firm to finance or grow).
    public var stageShares: [Double] = [0.40, 0.30, 0.20, 0.10]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case creationRatePer1000 = "creation_rate_per_1000"
        case seekSupportShare, projectTypeShares, stageShares
    }

    /// Mean number of holders per month from a zone of `population` inhabitants.
    public func monthlyArrivals(population: Int) -> Double {
        Double(population) / 1000 * creationRatePer1000 * seekSupportShare / 12
    }
}

/// How a holder finds its way through the support ecosystems.
public struct JourneyParameters: Sendable, Equatable, Codable {
    /// Chance that a holder with a single structure in reach goes straight to a fitting one,
    /// without cooperation (dimensionless). Default 0.9: assumption.
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
    /// in [0, 1]. Default 0.5: assumption (the study describes two largely separate ecosystems,
    /// whose members know each other little, the less so the more actors there are).
    public var knowledgeBase: Double = 0.5
    /// Number of other structures within reach at which a structure's baseline knowledge of each
    /// is halved: `knowledgeBase × h / (h + n)`. Default 5: assumption.
    public var knowledgeHalfCount: Double = 5
    /// Baseline awareness of ESS specifics at classic structures, in [0, 1]. Default 0.2:
    /// assumption.
    public var essAwarenessBase: Double = 0.2
    /// Awareness from which a classic structure can support social-utility projects. Default 0.5:
    /// assumption.
    public var socialUtilityAwarenessThreshold: Double = 0.5
    /// Share of legibility's shortfall that full mutual knowledge closes. Default 0.5: assumption.
    public var knowledgeLegibilityGain: Double = 0.5
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

    public init() {}
}

/// What support changes for a holder: the chance to create, survival, and jobs.
public struct OutcomeParameters: Sendable, Equatable, Codable {
    /// Chance that a supported holder creates a firm. Default 0.304, calibrated to BGE 2017:
    /// about 30% of the accompanied create (MODEL.md, Sources).
    public var creationSupported: Double = 0.304
    /// Chance that a would-be creator without support creates. Default 0.143, calibrated so that
    /// about 28% of creators are supported (MODEL.md, Sources).
    public var creationUnsupported: Double = 0.143
    /// Three-year survival of supported firms. Default 0.807, calibrated within BGE's 74–75% to
    /// Initiative's 86% (DOMAIN.md; networks' own figures, an upper bound of the effect).
    public var survival3Supported: Double = 0.807
    /// Three-year survival of other firms. Default 0.710, calibrated within 66–75% (INSEE cohorts
    /// and the national figure BGE quotes; MODEL.md, Sources).
    public var survival3Unsupported: Double = 0.710
    /// Mean jobs in a supported firm, founder included. Default 2.23, calibrated within 1.6–2.8
    /// (France Active, Initiative; MODEL.md, Sources).
    public var jobsPerFirmSupported: Double = 2.23
    /// Mean jobs in an unsupported firm, founder included. Default 1.6, the national figure
    /// France Active compares with (MODEL.md, Sources).
    public var jobsPerFirmUnsupported: Double = 1.6
    /// Months from the start of support to creation. Default 6: assumption.
    public var creationDelaySupportedMonths: Int = 6
    /// Months from giving up on support to creation. Default 3: assumption.
    public var creationDelayUnsupportedMonths: Int = 3

    public init() {}

    /// Chance that a firm survives `months` months, from a constant hazard fitted to the
    /// three-year survival `survival3`.
    public static func survival(_ survival3: Double, months: Int) -> Double {
        survival3 <= 0 ? (months == 0 ? 1 : 0) : pow(survival3, Double(months) / 36)
    }
}

/// A run's plan: how long to simulate, how many replications, from which seed, on how many
/// cores. One value, made once from the scenario's `simulation:` section and the command line,
/// and passed to whatever runs replications; the results record it.
public struct RunPlan: Sendable, Equatable, Codable {
    /// Months simulated; outcomes are read at the end (the horizon). Default 36: the three-year
    /// survival horizon of INSEE's and the networks' figures.
    public var horizonMonths: Int = 36
    /// Monte Carlo replications. Default 200.
    public var replications: Int = 200
    /// The run's seed, from which every replication's seed derives (``SeedDerivation``).
    public var seed: UInt64 = 20_180_601
    /// Replications run at once. Results do not depend on it. Default 1.
    public var jobs: Int = 1

    public init() {}

    public init(horizonMonths: Int = 36, replications: Int, seed: UInt64, jobs: Int = 1) {
        self.horizonMonths = horizonMonths
        self.replications = replications
        self.seed = seed
        self.jobs = jobs
    }

    enum CodingKeys: String, CodingKey { case horizonMonths, replications, seed }
}

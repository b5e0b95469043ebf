/// A result reported for every replication and summarised over replications.
///
/// Rates are ratios of counts within a replication; a rate whose denominator is zero in a
/// replication is undefined there (NaN, written `NA`), and its summary uses the replications
/// where it is defined (the `n` column says how many).
public enum Metric: String, CaseIterable, Sendable {
    case holders
    case coverageRate = "coverage_rate"
    case coverageRateClassic = "coverage_rate_classic"
    case coverageRateESS = "coverage_rate_ess"
    case coverageRateSocialUtility = "coverage_rate_social_utility"
    case chainCoverageRate = "chain_coverage_rate"
    case uncoveredShare = "uncovered_share"
    case firstContactFitRate = "first_contact_fit_rate"
    case referralSuccessRate = "referral_success_rate"
    case supportedShare = "supported_share"
    case abandonmentRate = "abandonment_rate"
    case firmsCreated = "firms_created"
    case firmsAliveAtHorizon = "firms_alive_at_horizon"
    case jobsCreated = "jobs_created"

    /// The metric's column name in outputs.
    public var name: String { rawValue }

    /// What the metric measures, in one line.
    public var definition: String {
        switch self {
        case .holders: "project holders who arrived over the horizon"
        case .coverageRate: "population share with a fitting structure within reach, averaged over project types and stages"
        case .coverageRateClassic: "coverage for classic projects"
        case .coverageRateESS: "coverage for ESS projects"
        case .coverageRateSocialUtility: "coverage for social-utility projects"
        case .chainCoverageRate: "population share with a fitting structure within reach for every stage of the chain"
        case .uncoveredShare: "holders with no structure at all within reach, over holders"
        case .firstContactFitRate: "holders whose first contact fits, over holders who made a contact"
        case .referralSuccessRate: "referred holders taken in by a fitting structure, over holders referred"
        case .supportedShare: "holders taken into support, over holders"
        case .abandonmentRate: "holders who gave up in a queue, over holders who presented at a fitting structure"
        case .firmsCreated: "firms created before the horizon"
        case .firmsAliveAtHorizon: "firms alive at the horizon"
        case .jobsCreated: "jobs, founders included, in firms alive at the horizon"
        }
    }

    /// Whether the metric is a rate (formatted with more decimals, summarised as a proportion).
    public var isRate: Bool {
        switch self {
        case .holders, .firmsCreated, .firmsAliveAtHorizon, .jobsCreated: false
        default: true
        }
    }

    /// The metric's value in one replication.
    public func value(_ c: ReplicationCounts, model: SimulationModel) -> Double {
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        switch self {
        case .holders: return Double(c.holders)
        case .coverageRate: return model.coverage
        case .coverageRateClassic: return model.coverageByType[ProjectType.classic.rawValue]
        case .coverageRateESS: return model.coverageByType[ProjectType.ess.rawValue]
        case .coverageRateSocialUtility: return model.coverageByType[ProjectType.socialUtility.rawValue]
        case .chainCoverageRate: return model.chainCoverage
        case .uncoveredShare: return ratio(c.uncovered, c.holders)
        case .firstContactFitRate: return ratio(c.fittingFirstContacts, c.contacts)
        case .referralSuccessRate: return ratio(c.successfulReferrals, c.referred)
        case .supportedShare: return ratio(c.supported, c.holders)
        case .abandonmentRate: return ratio(c.abandoned, c.intakes)
        case .firmsCreated: return Double(c.firmsCreated)
        case .firmsAliveAtHorizon: return Double(c.firmsAlive)
        case .jobsCreated: return Double(c.jobs)
        }
    }
}

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
    case supportedCreationRate = "supported_creation_rate"
    case supportedCreatorsShare = "supported_creators_share"
    case jobsPerSupportedFirm = "jobs_per_supported_firm"
    case survival3YearsSupported = "survival_3y_supported"
    case survival3YearsUnsupported = "survival_3y_unsupported"
    case budgetEur = "budget_eur"
    case spendingCapacityEur = "spending_capacity_eur"
    case spendingOutreachEur = "spending_outreach_eur"
    case spendingCoordinationEur = "spending_coordination_eur"
    case spendingTrainingEur = "spending_training_eur"
    case budgetUnspentEur = "budget_unspent_eur"
    case jobsAdded = "jobs_added"
    case costPerJobEur = "cost_per_job_eur"
    case jobsPer100kEur = "jobs_per_100k_eur"

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
        case .supportedCreationRate: "firms created by supported holders, over holders supported early enough to create before the horizon"
        case .supportedCreatorsShare: "firms created by supported holders, over all firms created (those of creators who never sought support included)"
        case .jobsPerSupportedFirm: "jobs per supported firm alive at the horizon, founder included"
        case .survival3YearsSupported: "three-year survival of supported firms, pooled expertise included"
        case .survival3YearsUnsupported: "three-year survival of other firms"
        case .budgetEur: "the policy's yearly budget, spent or not, euros"
        case .spendingCapacityEur: "yearly spending on extra support capacity, euros"
        case .spendingOutreachEur: "yearly spending on outreach permanences placed, euros"
        case .spendingCoordinationEur: "yearly spending on coordination (meetings, workspaces, intake points, warm hand-offs, pooled expertise), euros"
        case .spendingTrainingEur: "yearly spending on ESS trainings given, euros"
        case .budgetUnspentEur: "yearly budget that bought nothing (permanences without a place, trainings without a structure, remainders below one unit), euros"
        case .jobsAdded: "jobs at the horizon minus those of the same replication without any cooperation"
        case .costPerJobEur: "money spent over the horizon per job added, euros (undefined when no job is added)"
        case .jobsPer100kEur: "jobs added per 100,000 euros spent over the horizon"
        }
    }

    /// Whether the metric is a rate (formatted with more decimals, summarised as a proportion).
    public var isRate: Bool {
        switch self {
        case .holders, .firmsCreated, .firmsAliveAtHorizon, .jobsCreated, .jobsPerSupportedFirm, .budgetEur, .spendingCapacityEur,
             .spendingOutreachEur, .spendingCoordinationEur, .spendingTrainingEur, .budgetUnspentEur, .jobsAdded, .costPerJobEur, .jobsPer100kEur: false
        default: true
        }
    }

    /// The metric's value in one replication, given its counts and those of the same replication
    /// without cooperation (nil when the policy does nothing).
    public func value(_ c: ReplicationCounts, baseline: ReplicationCounts?, model: SimulationModel) -> Double {
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        let spentOverHorizon = model.spentOverHorizonEur
        let added = baseline.map { c.jobs - $0.jobs } ?? 0
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
        case .supportedCreationRate: return ratio(c.supportedFirms, c.supportedInTime)
        case .supportedCreatorsShare:
            let all = Double(c.firmsCreated) + model.creationsOutsideSupport
            return all > 0 ? Double(c.supportedFirms) / all : .nan
        case .jobsPerSupportedFirm: return ratio(c.supportedJobs, c.supportedFirmsAlive)
        case .survival3YearsSupported: return model.outcomes.survival3Supported
        case .survival3YearsUnsupported: return model.outcomes.survival3Unsupported
        case .budgetEur: return model.spending.budgetEur
        case .spendingCapacityEur: return model.spending.capacityEur
        case .spendingOutreachEur: return model.spending.outreachEur
        case .spendingCoordinationEur: return model.spending.coordinationEur
        case .spendingTrainingEur: return model.spending.trainingEur
        case .budgetUnspentEur: return model.spending.unspentEur
        case .jobsAdded: return Double(added)
        case .costPerJobEur: return spentOverHorizon > 0 && added > 0 ? spentOverHorizon / Double(added) : .nan
        case .jobsPer100kEur: return spentOverHorizon > 0 ? Double(added) / (spentOverHorizon / 100_000) : .nan
        }
    }
}

import MaillageFoundation

/// A result reported for every replication and summarised over replications: one record holding
/// everything about it (name, unit, kind, how it is computed from a replication's counts, its
/// labels), so that every table, chart and report iterates over ``Metric/all``.
///
/// Rates are ratios of counts within a replication; a rate whose denominator is zero in a
/// replication is undefined there (NaN, written `NA`), and its summary uses the replications
/// where it is defined (the `n` column says how many).
public struct Metric: Sendable, Hashable, CustomStringConvertible {
    /// What kind of number the metric is: it sets how it is formatted and read.
    public enum Kind: String, Sendable {
        /// A proportion in [0, 1].
        case share
        /// A count of holders, firms or jobs.
        case count
        /// Euros.
        case euros
        /// A ratio of counts that is not a share (jobs per firm, jobs per 100,000 euros).
        case ratio
    }

    /// Which question the metric answers, for grouped tables.
    public enum Group: String, Sendable, CaseIterable {
        case reach, orientation, support, outcomes, money
    }

    /// How a run's replications are summarised into one estimate.
    public enum Summary: Sendable {
        /// The mean of the replications' values, with its Student interval.
        case mean
        /// Money spent over the horizon divided by the mean of another metric (a ratio of
        /// means, not a mean of ratios).
        case spentPerMean(of: String)
    }

    /// The column name in outputs (`coverage_rate`).
    public let name: String
    public let kind: Kind
    public let group: Group
    /// What it measures, in one line.
    public let definition: String
    /// Its name for readers.
    public let label: Label
    /// Its unit for readers.
    public let unit: Label
    public let summary: Summary
    /// The value in one replication, from its counts and those of the same replication without
    /// cooperation (nil when the policy does nothing).
    let compute: @Sendable (ReplicationCounts, ReplicationCounts?, SimulationModel) -> Double

    init(_ name: String, _ kind: Kind, _ group: Group, _ definition: String, label: Label, unit: Label, summary: Summary = .mean,
         _ compute: @escaping @Sendable (ReplicationCounts, ReplicationCounts?, SimulationModel) -> Double) {
        self.name = name
        self.kind = kind
        self.group = group
        self.definition = definition
        self.label = label
        self.unit = unit
        self.summary = summary
        self.compute = compute
    }

    /// Whether the metric is a proportion (formatted with more decimals).
    public var isRate: Bool { kind == .share }

    /// The value in one replication, given its counts and those of the same replication without
    /// cooperation (nil when the policy does nothing).
    public func value(_ c: ReplicationCounts, baseline: ReplicationCounts?, model: SimulationModel) -> Double {
        compute(c, baseline, model)
    }

    public var description: String { name }
    public static func == (a: Metric, b: Metric) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// The metric named `name`, if any.
    public static func named(_ name: String) -> Metric? { all.first { $0.name == name } }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
private func added(_ c: ReplicationCounts, _ b: ReplicationCounts?) -> Int { b.map { c.jobs - $0.jobs } ?? 0 }
private let share = Label(en: "share", fr: "part")
private let holdersUnit = Label(en: "holders", fr: "porteurs")
private let eurosUnit = Label(en: "euros", fr: "euros")
private let eurosPerYear = Label(en: "euros a year", fr: "euros par an")

extension Metric {
    public static let holders = Metric("holders", .count, .reach, "project holders who arrived over the horizon",
                                       label: Label(en: "project holders", fr: "porteurs de projet"), unit: holdersUnit) { c, _, _ in Double(c.holders) }
    public static let coverageRate = Metric(
        "coverage_rate", .share, .reach, "population share with a fitting structure within reach, averaged over project types and stages",
        label: Label(en: "coverage", fr: "couverture"), unit: Label(en: "share of population", fr: "part de la population")) { _, _, m in m.coverage }
    public static let coverageRateClassic = Metric(
        "coverage_rate_classic", .share, .reach, "coverage for classic projects",
        label: Label(en: "coverage, classic projects", fr: "couverture, projets classiques"), unit: Label(en: "share of population", fr: "part de la population")) { _, _, m in
        m.coverageByType[ProjectType.classic.rawValue]
    }
    public static let coverageRateESS = Metric(
        "coverage_rate_ess", .share, .reach, "coverage for ESS projects",
        label: Label(en: "coverage, ESS projects", fr: "couverture, projets ESS"), unit: Label(en: "share of population", fr: "part de la population")) { _, _, m in
        m.coverageByType[ProjectType.ess.rawValue]
    }
    public static let coverageRateSocialUtility = Metric(
        "coverage_rate_social_utility", .share, .reach, "coverage for social-utility projects",
        label: Label(en: "coverage, social-utility projects", fr: "couverture, projets d'utilité sociale"),
        unit: Label(en: "share of population", fr: "part de la population")) { _, _, m in m.coverageByType[ProjectType.socialUtility.rawValue] }
    public static let chainCoverageRate = Metric(
        "chain_coverage_rate", .share, .reach, "population share with a fitting structure within reach for every stage of the chain",
        label: Label(en: "whole-chain coverage", fr: "couverture de toute la chaîne"), unit: Label(en: "share of population", fr: "part de la population")) { _, _, m in
        m.chainCoverage
    }
    public static let uncoveredShare = Metric(
        "uncovered_share", .share, .reach, "holders with no structure at all within reach, over holders",
        label: Label(en: "holders without any structure in reach", fr: "porteurs sans structure à portée"), unit: share) { c, _, _ in
        ratio(c.uncovered, c.holders)
    }
    public static let firstContactFitRate = Metric(
        "first_contact_fit_rate", .share, .orientation, "holders whose first contact fits, over holders who made a contact",
        label: Label(en: "first contact fits", fr: "premier contact adapté"), unit: Label(en: "share of holders", fr: "part des porteurs")) { c, _, _ in
        ratio(c.fittingFirstContacts, c.contacts)
    }
    public static let referralSuccessRate = Metric(
        "referral_success_rate", .share, .orientation, "referred holders taken in by a fitting structure, over holders referred",
        label: Label(en: "referral success", fr: "réorientations réussies"),
        unit: Label(en: "share of referred holders", fr: "part des porteurs réorientés")) { c, _, _ in ratio(c.successfulReferrals, c.referred) }
    public static let supportedShare = Metric(
        "supported_share", .share, .support, "holders taken into support, over holders",
        label: Label(en: "holders supported", fr: "porteurs accompagnés"), unit: Label(en: "share of holders", fr: "part des porteurs")) { c, _, _ in
        ratio(c.supported, c.holders)
    }
    public static let abandonmentRate = Metric(
        "abandonment_rate", .share, .support, "holders who gave up in a queue, over holders who presented at a fitting structure",
        label: Label(en: "abandonment in queues", fr: "abandons en file d'attente"),
        unit: Label(en: "share of holders at a fitting structure", fr: "part des porteurs reçus")) { c, _, _ in ratio(c.abandoned, c.intakes) }
    public static let firmsCreated = Metric("firms_created", .count, .outcomes, "firms created before the horizon",
                                            label: Label(en: "firms created", fr: "entreprises créées"), unit: Label(en: "firms", fr: "entreprises")) { c, _, _ in
        Double(c.firmsCreated)
    }
    public static let firmsAliveAtHorizon = Metric(
        "firms_alive_at_horizon", .count, .outcomes, "firms alive at the horizon",
        label: Label(en: "firms alive at the horizon", fr: "entreprises en activité à l'horizon"), unit: Label(en: "firms", fr: "entreprises")) { c, _, _ in
        Double(c.firmsAlive)
    }
    public static let jobsCreated = Metric("jobs_created", .count, .outcomes, "jobs, founders included, in firms alive at the horizon",
                                           label: Label(en: "jobs at the horizon", fr: "emplois à l'horizon"), unit: Label(en: "jobs", fr: "emplois")) { c, _, _ in
        Double(c.jobs)
    }
    public static let supportedCreationRate = Metric(
        "supported_creation_rate", .share, .outcomes,
        "firms created by supported holders, over holders supported early enough to create before the horizon",
        label: Label(en: "creation after support", fr: "création après accompagnement"), unit: Label(en: "share of supported holders", fr: "part des porteurs accompagnés")) { c, _, _ in
        ratio(c.supportedFirms, c.supportedInTime)
    }
    public static let supportedCreatorsShare = Metric(
        "supported_creators_share", .share, .outcomes,
        "firms created by supported holders, over all firms created (those of creators who never sought support included)",
        label: Label(en: "supported creators", fr: "créateurs accompagnés"), unit: Label(en: "share of firms created", fr: "part des entreprises créées")) { c, _, m in
        let all = Double(c.firmsCreated) + m.creationsOutsideSupport
        return all > 0 ? Double(c.supportedFirms) / all : .nan
    }
    public static let jobsPerSupportedFirm = Metric(
        "jobs_per_supported_firm", .ratio, .outcomes, "jobs per supported firm alive at the horizon, founder included",
        label: Label(en: "jobs per supported firm", fr: "emplois par entreprise accompagnée"), unit: Label(en: "jobs", fr: "emplois")) { c, _, _ in
        ratio(c.supportedJobs, c.supportedFirmsAlive)
    }
    public static let survival3YearsSupported = Metric(
        "survival_3y_supported", .share, .outcomes, "three-year survival of supported firms, pooled expertise included",
        label: Label(en: "3-year survival, supported", fr: "survie à 3 ans, accompagnées"), unit: share) { _, _, m in m.outcomes.survival3Supported }
    public static let survival3YearsUnsupported = Metric(
        "survival_3y_unsupported", .share, .outcomes, "three-year survival of other firms",
        label: Label(en: "3-year survival, others", fr: "survie à 3 ans, autres"), unit: share) { _, _, m in m.outcomes.survival3Unsupported }
    public static let budgetEur = Metric("budget_eur", .euros, .money, "the policy's yearly budget, spent or not, euros",
                                         label: Label(en: "yearly budget", fr: "budget annuel"), unit: eurosPerYear) { _, _, m in m.spending.budgetEur }
    public static let spendingCapacityEur = Metric(
        "spending_capacity_eur", .euros, .money, "yearly spending on extra support capacity, euros",
        label: Label(en: "spent on capacity", fr: "dépensé en capacité"), unit: eurosPerYear) { _, _, m in m.spending[.capacity] }
    public static let spendingOutreachEur = Metric(
        "spending_outreach_eur", .euros, .money, "yearly spending on outreach permanences placed, euros",
        label: Label(en: "spent on outreach", fr: "dépensé en permanences"), unit: eurosPerYear) { _, _, m in m.spending[.outreach] }
    public static let spendingCoordinationEur = Metric(
        "spending_coordination_eur", .euros, .money,
        "yearly spending on coordination (meetings, workspaces, intake points, warm hand-offs, pooled expertise), euros",
        label: Label(en: "spent on coordination", fr: "dépensé en coordination"), unit: eurosPerYear) { _, _, m in m.spending[.coordination] }
    public static let spendingTrainingEur = Metric(
        "spending_training_eur", .euros, .money, "yearly spending on ESS trainings given, euros",
        label: Label(en: "spent on ESS training", fr: "dépensé en sensibilisation ESS"), unit: eurosPerYear) { _, _, m in m.spending[.training] }
    public static let budgetUnspentEur = Metric(
        "budget_unspent_eur", .euros, .money,
        "yearly budget that bought nothing (permanences without a place, trainings without a structure, remainders below one unit), euros",
        label: Label(en: "budget unspent", fr: "budget non dépensé"), unit: eurosPerYear) { _, _, m in m.spending.unspentEur }
    public static let jobsAdded = Metric(
        "jobs_added", .count, .outcomes, "jobs at the horizon minus those of the same replication without any cooperation",
        label: Label(en: "jobs added", fr: "emplois ajoutés"), unit: Label(en: "jobs", fr: "emplois")) { c, b, _ in Double(added(c, b)) }
    public static let costPerJobEur = Metric(
        "cost_per_job_eur", .euros, .money, "money spent over the horizon per job added, euros (undefined when no job is added)",
        label: Label(en: "cost per job added", fr: "coût par emploi ajouté"), unit: eurosUnit, summary: .spentPerMean(of: "jobs_added")) { c, b, m in
        let spent = m.spentOverHorizonEur, n = added(c, b)
        return spent > 0 && n > 0 ? spent / Double(n) : .nan
    }
    public static let jobsPer100kEur = Metric(
        "jobs_per_100k_eur", .ratio, .money, "jobs added per 100,000 euros spent over the horizon",
        label: Label(en: "jobs added per 100,000 euros", fr: "emplois ajoutés pour 100 000 euros"), unit: Label(en: "jobs", fr: "emplois")) { c, b, m in
        let spent = m.spentOverHorizonEur
        return spent > 0 ? Double(added(c, b)) / (spent / 100_000) : .nan
    }

    /// Every metric, in the order of output columns.
    public static let all: [Metric] = [
        holders, coverageRate, coverageRateClassic, coverageRateESS, coverageRateSocialUtility, chainCoverageRate, uncoveredShare,
        firstContactFitRate, referralSuccessRate, supportedShare, abandonmentRate, firmsCreated, firmsAliveAtHorizon, jobsCreated,
        supportedCreationRate, supportedCreatorsShare, jobsPerSupportedFirm, survival3YearsSupported, survival3YearsUnsupported,
        budgetEur, spendingCapacityEur, spendingOutreachEur, spendingCoordinationEur, spendingTrainingEur, budgetUnspentEur,
        jobsAdded, costPerJobEur, jobsPer100kEur,
    ]
}

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
        /// A difference of two proportions, in [−1, 1].
        case shareChange
        /// A count of holders, firms or jobs.
        case count
        /// Euros.
        case euros
        /// A ratio of counts that is not a share (jobs per firm, jobs per 100,000 euros).
        case ratio
    }

    /// Which question the metric answers, for grouped tables.
    public enum Group: String, Sendable, CaseIterable {
        case reach, orientation, support, stages, outcomes, money, effects
    }

    /// How a run's replications are summarised into one estimate.
    public enum Summary: Sendable {
        /// The mean of the replications' values, with its Student interval.
        case mean
        /// The policy's cost over the horizon divided by the mean of another metric (a ratio of
        /// means, not a mean of ratios).
        case costPerMean(of: String)
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
    /// For a former name kept for a release, the metric it stands for: files for machines keep
    /// it, people's tables and reports leave it out (``shown``).
    public let aliasOf: String?
    /// The value in one replication, from its counts in each world.
    let compute: @Sendable (ReplicationOutcome, SimulationModel) -> Double

    init(_ name: String, _ kind: Kind, _ group: Group, _ definition: String, label: Label, unit: Label, summary: Summary = .mean,
         aliasOf: String? = nil, _ compute: @escaping @Sendable (ReplicationOutcome, SimulationModel) -> Double) {
        self.aliasOf = aliasOf
        self.name = name
        self.kind = kind
        self.group = group
        self.definition = definition
        self.label = label
        self.unit = unit
        self.summary = summary
        self.compute = compute
    }

    /// Whether the metric is a proportion or a difference of proportions (formatted with more
    /// decimals).
    public var isRate: Bool { kind == .share || kind == .shareChange }

    /// The values the metric can take, when bounded: intervals are clamped to them.
    public var bounds: ClosedRange<Double>? {
        switch kind {
        case .share: 0...1
        case .shareChange: -1...1
        default: nil
        }
    }

    /// The value in one replication, given its counts in each world.
    public func value(_ outcome: ReplicationOutcome, model: SimulationModel) -> Double {
        compute(outcome, model)
    }

    public var description: String { name }
    public static func == (a: Metric, b: Metric) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// The metrics people read, in output order: every metric but the former names kept for a
    /// release.
    public static var shown: [Metric] { all.filter { $0.aliasOf == nil } }

    /// The metric named `name`, if any.
    public static func named(_ name: String) -> Metric? { all.first { $0.name == name } }
}

/// One replication's counts in each world it ran in: the policy's, and the counterfactuals on
/// the same seeds (the same territory without cooperation; both without the ESS structures).
public struct ReplicationOutcome: Sendable, Equatable {
    public var counts: ReplicationCounts
    public var baseline: ReplicationCounts?
    public var essFreePolicy: ReplicationCounts?
    public var essFreeBaseline: ReplicationCounts?

    public init(counts: ReplicationCounts, baseline: ReplicationCounts? = nil, essFreePolicy: ReplicationCounts? = nil,
                essFreeBaseline: ReplicationCounts? = nil) {
        self.counts = counts
        self.baseline = baseline
        self.essFreePolicy = essFreePolicy
        self.essFreeBaseline = essFreeBaseline
    }

    /// Runs one replication seeded `seed` in `model`'s world and in each of its counterfactual
    /// worlds, on the same seed.
    /// - Throws: ``GSLError`` if a random stream cannot be made.
    public init(running model: SimulationModel, seed: UInt64) throws {
        let c = model.counterfactuals
        // The worlds share the replication's arrivals: the policy's world draws and keeps them,
        // the others replay them when their arrival tables are the same (the counts do not change).
        var arrivals: ArrivalTape?
        func counts(_ world: SimulationModel) throws -> ReplicationCounts {
            let first = world === model
            var replication = try Replication(model: world, seed: seed, replaying: arrivals, keeping: first && c != nil)
            let counts = replication.run()
            if first { arrivals = replication.takeArrivals() }
            return counts
        }
        self.init(counts: try counts(model), baseline: try c.map { try counts($0.baseline) },
                  essFreePolicy: try c?.essFreePolicy.map(counts), essFreeBaseline: try c?.essFreeBaseline.map(counts))
    }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
/// A count over the horizon, per 1,000 inhabitants a year.
private func perThousandPerYear(_ x: Double, _ m: SimulationModel) -> Double {
    let years = Double(m.horizonMonths) / 12, population = Double(m.territory.population)
    return population > 0 ? x / population * 1000 / years : .nan
}
private let share = Label(words: "metric.share")
private let ofHolders = Label(words: "metric.share_holders")
private let ofPopulation = Label(words: "metric.share_population")
private let holdersUnit = Label(words: "metric.holders")
private let jobsUnit = Label(words: "metric.jobs")
private let presentedUnit = Label(words: "metric.share_holders_who_presented")
private let firmsUnit = Label(words: "metric.firms")
private let eurosUnit = Label(words: "metric.euros")
private let eurosPerYear = Label(words: "metric.euros_year")

/// The effect of the policy on a replication's value: policy world − no-cooperation world (0
/// when the policy does nothing).
private func effect(_ o: ReplicationOutcome, _ f: (ReplicationCounts) -> Double) -> Double {
    o.baseline.map { f(o.counts) - f($0) } ?? 0
}

/// The part of the policy's effect that needs both ecosystems: its effect minus its effect on
/// the territory without ESS structures (0 when the territory has none, or the policy does
/// nothing).
private func bothEcosystemsPart(_ o: ReplicationOutcome, _ f: (ReplicationCounts) -> Double) -> Double {
    guard let b = o.baseline else { return 0 }
    guard let ep = o.essFreePolicy, let eb = o.essFreeBaseline else { return 0 }
    return (f(o.counts) - f(b)) - (f(ep) - f(eb))
}

private func supportedShareOf(_ c: ReplicationCounts) -> Double { ratio(c.supported, c.pathsEnded) }
private func referralSuccessOf(_ c: ReplicationCounts) -> Double { ratio(c.successfulReferrals, c.referred) }
private func firstContactFitOf(_ c: ReplicationCounts) -> Double { ratio(c.fittingFirstContacts, c.contacts) }
private func chainCompletionOf(_ c: ReplicationCounts) -> Double { ratio(c.chainsCompleted, c.pathsEnded) }
private func jobs(_ c: ReplicationCounts) -> Double { Double(c.jobs) }

extension Metric {
    public static let holders = Metric("holders", .count, .reach, "project holders who arrived over the horizon",
                                       label: Label(words: "metric.project_holders"), unit: holdersUnit) { o, _ in Double(o.counts.holders) }
    public static let coverageRate = Metric(
        "coverage_rate", .share, .reach, "population share with a fitting structure within reach, averaged over project types and stages",
        label: Label(words: "metric.coverage"), unit: ofPopulation) { _, m in m.coverage }
    public static let coverageRateClassic = Metric(
        "coverage_rate_classic", .share, .reach, "coverage for classic projects",
        label: Label(words: "metric.coverage_classic_projects"), unit: ofPopulation) { _, m in m.coverageByType[0] }
    public static let coverageRateESS = Metric(
        "coverage_rate_ess", .share, .reach, "coverage for ESS projects",
        label: Label(words: "metric.coverage_ess_projects"), unit: ofPopulation) { _, m in m.coverageByType[1] }
    public static let coverageRateSocialUtility = Metric(
        "coverage_rate_social_utility", .share, .reach, "coverage for social-utility projects",
        label: Label(words: "metric.coverage_social_utility_projects"), unit: ofPopulation) { _, m in m.coverageByType[2] }
    public static let chainCoverageRate = Metric(
        "chain_coverage_rate", .share, .reach, "population share with a fitting structure within reach for every stage of the chain",
        label: Label(words: "metric.whole_chain_coverage"), unit: ofPopulation) { _, m in m.chainCoverage }
    public static let uncoveredShare = Metric(
        "uncovered_share", .share, .reach, "holders with no structure at all within reach, over holders",
        label: Label(words: "metric.holders_without_any_structure"), unit: ofHolders) { o, _ in
        ratio(o.counts.uncovered, o.counts.holders)
    }
    public static let firstContactFitRate = Metric(
        "first_contact_fit_rate", .share, .orientation,
        "holders whose first contact fits (or is a shared intake point that diagnoses them), over holders who made a contact",
        label: Label(words: "metric.first_contact_fits"), unit: ofHolders) { o, _ in firstContactFitOf(o.counts) }
    public static let intakeShare = Metric(
        "intake_share", .share, .orientation, "holders whose first contact is a shared intake point, over holders who made a contact",
        label: Label(words: "metric.first_contact_intake_point"), unit: ofHolders) { o, _ in
        ratio(o.counts.intakeContacts, o.counts.contacts)
    }
    public static let referralSuccessRate = Metric(
        "referral_success_rate", .share, .orientation,
        "orientations (after a misfit first contact, from an intake point, or between stages) that end with the holder taken in, over orientations",
        label: Label(words: "metric.referral_success"),
        unit: Label(words: "metric.share_orientations")) { o, _ in referralSuccessOf(o.counts) }
    public static let supportedShare = Metric(
        "supported_share", .share, .support, "holders supported at least once, over holders whose path ended",
        label: Label(words: "metric.holders_supported"), unit: ofHolders) { o, _ in supportedShareOf(o.counts) }
    public static let abandonmentRate = Metric(
        "abandonment_rate", .share, .support, "holders who gave up in a queue, over holders who presented at a structure (each holder once)",
        label: Label(words: "metric.abandonment_queues"),
        unit: presentedUnit) { o, _ in ratio(o.counts.abandoned, o.counts.presentedHolders) }
    public static let abandonmentRateBaselineReached = Metric(
        "abandonment_rate_baseline_reached", .share, .support,
        "abandonment_rate of the holders whose zone has a structure in reach without the policy",
        label: Label(words: "metric.abandonment_holders_reached"),
        unit: presentedUnit) { o, _ in
        ratio(o.counts.abandoned - o.counts.abandonedNewlyReached, o.counts.presentedHolders - o.counts.presentedNewlyReached)
    }
    public static let abandonmentRateNewlyReached = Metric(
        "abandonment_rate_newly_reached", .share, .support,
        "abandonment_rate of the holders whose zone the policy alone brings within reach (undefined when it brings none)",
        label: Label(words: "metric.abandonment_holders_policy"),
        unit: presentedUnit) { o, _ in ratio(o.counts.abandonedNewlyReached, o.counts.presentedNewlyReached) }
    public static let chainCompletionRate = Metric(
        "chain_completion_rate", .share, .support, "holders supported at every stage they needed, over holders whose path ended",
        label: Label(words: "metric.whole_chain_completed"), unit: ofHolders) { o, _ in chainCompletionOf(o.counts) }
    public static let queuedAtHorizon = Metric(
        "queued_at_horizon", .count, .support, "holders still queued at the horizon",
        label: Label(words: "metric.queued_horizon"), unit: holdersUnit) { o, _ in Double(o.counts.queuedAtHorizon) }

    /// Holders who sought, got, or were lost without support at each stage of the chain.
    public static let stageMetrics: [Metric] = Stage.allCases.flatMap { stage -> [Metric] in
        let k = stage.rawValue
        let name = [Label(words: "stage.emergence"), Label(words: "stage.creation"), Label(words: "stage.financing"), Label(words: "stage.growth")][k]
        return [
            Metric("stage_\(stage.name)_reached", .count, .stages, "holders who sought support at the \(stage.name) stage",
                   label: Label(words: "metric.sought", en: ["name": name.en], fr: ["name": name.fr]), unit: holdersUnit) { o, _ in Double(o.counts.stageReached[k]) },
            Metric("stage_\(stage.name)_supported", .count, .stages, "supports started at the \(stage.name) stage",
                   label: Label(words: "metric.supported", en: ["name": name.en], fr: ["name": name.fr]), unit: holdersUnit) { o, _ in Double(o.counts.stageSupported[k]) },
            Metric("stage_\(stage.name)_lost", .count, .stages, "holders lost at the \(stage.name) stage without support there",
                   label: Label(words: "metric.lost", en: ["name": name.en], fr: ["name": name.fr]), unit: holdersUnit) { o, _ in Double(o.counts.stageLost[k]) },
        ]
    }

    public static let firmsCreated = Metric("firms_created", .count, .outcomes, "firms created during the horizon by seekers",
                                            label: Label(words: "metric.firms_created"), unit: firmsUnit) { o, _ in Double(o.counts.firmsCreated) }
    public static let firmsAliveAtHorizon = Metric(
        "firms_alive_at_horizon", .count, .outcomes, "of those, firms alive at the horizon",
        label: Label(words: "metric.firms_alive_horizon"), unit: firmsUnit) { o, _ in Double(o.counts.firmsAlive) }
    public static let founderJobs = Metric(
        "founder_jobs", .count, .outcomes, "founders of the firms alive at the horizon (created during it, or supported at growth)",
        label: Label(words: "metric.founders_jobs"), unit: jobsUnit) { o, _ in Double(o.counts.founderJobs) }
    public static let salariedJobs = Metric(
        "salaried_jobs", .count, .outcomes, "salaried jobs in the firms alive at the horizon",
        label: Label(words: "metric.salaried_jobs"), unit: jobsUnit) { o, _ in Double(o.counts.salariedJobs) }
    public static let jobsCreated = Metric(
        "jobs_created", .count, .outcomes, "jobs at the horizon (a stock): founders and salaried, in the firms alive then",
        label: Label(words: "metric.jobs_horizon"), unit: jobsUnit) { o, _ in jobs(o.counts) }
    public static let jobsCreatedPerYear = Metric(
        "jobs_created_per_year", .ratio, .outcomes, "jobs the horizon's creations brought when created, a year (a flow)",
        label: Label(words: "metric.jobs_created_year"), unit: jobsUnit) { o, m in
        Double(o.counts.jobsAtCreation) / (Double(m.horizonMonths) / 12)
    }
    public static let creationsPer1000PerYear = Metric(
        "creations_per_1000_per_year", .ratio, .outcomes,
        "all creations of the territory (seekers simulated, non-seekers at their own rate) per 1,000 inhabitants a year",
        label: Label(words: "metric.creations_per_1_000_inhabitants"),
        unit: Label(words: "metric.creations")) { o, m in perThousandPerYear(Double(o.counts.firmsCreated) + m.creationsOutsideSupport, m) }
    public static let supportedPer1000PerYear = Metric(
        "supported_per_1000_per_year", .ratio, .support,
        "holders supported at least once per 1,000 inhabitants a year: the support networks' yearly volume per inhabitant",
        label: Label(words: "metric.holders_supported_per_1_000"),
        unit: Label(words: "metric.holders")) { o, m in perThousandPerYear(Double(o.counts.supported), m) }
    public static let supportedCreationRate = Metric(
        "supported_creation_rate", .share, .outcomes, "firms created by supported holders, over supported holders whose creation was decided",
        label: Label(words: "metric.creation_after_support"),
        unit: Label(words: "metric.share_supported_holders")) { o, _ in ratio(o.counts.supportedFirms, o.counts.supportedDecided) }
    public static let supportedCreatorsShare = Metric(
        "supported_creators_share", .share, .outcomes,
        "firms created by supported holders, over all firms created (those of creators who never sought support included)",
        label: Label(words: "metric.supported_creators"), unit: Label(words: "metric.share_firms_created")) { o, m in
        let all = Double(o.counts.firmsCreated) + m.creationsOutsideSupport
        return all > 0 ? Double(o.counts.supportedFirms) / all : .nan
    }
    public static let jobsPerSupportedFirm = Metric(
        "jobs_per_supported_firm", .ratio, .outcomes, "jobs per supported firm alive at the horizon, founder included",
        label: Label(words: "metric.jobs_per_supported_firm"), unit: jobsUnit) { o, _ in
        ratio(o.counts.supportedJobs, o.counts.supportedFirmsAlive)
    }
    public static let survival3YearsSupported = Metric(
        "survival_3y_supported", .share, .outcomes, "expected three-year survival of the firms supported holders created during the horizon",
        label: Label(words: "metric.3_year_survival_supported"), unit: share) { o, _ in
        o.counts.supportedFirms > 0 ? o.counts.supportedSurvival3 / Double(o.counts.supportedFirms) : .nan
    }
    public static let survival3YearsUnsupported = Metric(
        "survival_3y_unsupported", .share, .outcomes, "expected three-year survival of the other seekers' firms created during the horizon",
        label: Label(words: "metric.3_year_survival_others"), unit: share) { o, _ in
        o.counts.unsupportedFirms > 0 ? o.counts.unsupportedSurvival3 / Double(o.counts.unsupportedFirms) : .nan
    }

    public static let allocatedEur = Metric(
        "allocated_eur", .euros, .money, "yearly euros allocated to the policy, spent or not: its budget plus the cost of the quantities it sets directly",
        label: Label(words: "metric.yearly_money_allocated"), unit: eurosPerYear) { _, m in m.spending.allocatedEur }
    /// `allocated_eur` under its 0.2 name, kept for one release so that readers of `budget_eur`
    /// get the same numbers; people's tables leave it out.
    public static let budgetEurAlias = Metric(
        "budget_eur", .euros, .money, "former name of allocated_eur, kept for one release: yearly euros allocated, spent or not",
        label: Label(words: "metric.yearly_money_allocated_former"), unit: eurosPerYear,
        aliasOf: "allocated_eur") { _, m in m.spending.allocatedEur }
    public static let spendingCapacityEur = Metric(
        "spending_capacity_eur", .euros, .money, "yearly spending on extra support capacity, euros",
        label: Label(words: "metric.spent_capacity"), unit: eurosPerYear) { _, m in m.spending[.capacity] }
    public static let spendingOutreachEur = Metric(
        "spending_outreach_eur", .euros, .money, "yearly spending on outreach permanences placed, their places included, euros",
        label: Label(words: "metric.spent_outreach"), unit: eurosPerYear) { _, m in m.spending[.outreach] }
    public static let spendingCoordinationEur = Metric(
        "spending_coordination_eur", .euros, .money,
        "yearly spending on coordination (meetings, workspaces, intake points, warm hand-offs, pooled expertise), euros",
        label: Label(words: "metric.spent_coordination"), unit: eurosPerYear) { _, m in m.spending[.coordination] }
    public static let spendingTrainingEur = Metric(
        "spending_training_eur", .euros, .money, "yearly spending on ESS trainings given, euros",
        label: Label(words: "metric.spent_ess_training"), unit: eurosPerYear) { _, m in m.spending[.training] }
    public static let budgetUnspentEur = Metric(
        "budget_unspent_eur", .euros, .money,
        "yearly budget that bought nothing (permanences without a place, trainings without a structure, remainders below one unit), euros",
        label: Label(words: "metric.budget_unspent"), unit: eurosPerYear) { _, m in m.spending.unspentEur }
    public static let staffTimeEur = Metric(
        "staff_time_eur", .euros, .money, "yearly euros of the structures' staff time in meetings and workspaces, a cost beside the budget",
        label: Label(words: "metric.structures_staff_time"), unit: eurosPerYear) { _, m in m.spending.staffTimeEur }

    public static let jobsAdded = Metric(
        "jobs_added", .count, .effects,
        "jobs at the horizon minus those of the same replication without cooperation: net of deadweight (holders who would have created anyway)",
        label: Label(words: "metric.jobs_added"), unit: jobsUnit) { o, _ in effect(o, jobs) }
    public static let jobsAddedGross = Metric(
        "jobs_added_gross", .count, .effects, "jobs in supported firms at the horizon minus those without cooperation: what counting supported firms alone would claim",
        label: Label(words: "metric.jobs_added_gross"), unit: jobsUnit) { o, _ in effect(o) { Double($0.supportedJobs) } }
    public static let jobsAddedNet = Metric(
        "jobs_added_net", .count, .effects, "jobs added less the share local firms lose (displacement)",
        label: Label(words: "metric.jobs_added_net"), unit: jobsUnit) { o, m in effect(o, jobs) * (1 - m.outcomes.displacement) }
    public static let holdersCrossEcosystem = Metric(
        "holders_cross_ecosystem", .count, .support,
        "holders whose path ended during the horizon after support by structures of both ecosystems: their chain crossed them",
        label: Label(words: "metric.holders_supported_both"),
        unit: Label(words: "metric.holders")) { o, _ in Double(o.counts.crossEcosystemHolders) }
    public static let holdersFollowedAcross = Metric(
        "holders_followed_across", .count, .support,
        "holders a shared pathway handed from a partner of one ecosystem to a partner of the other during the horizon",
        label: Label(words: "metric.holders_followed_across"),
        unit: Label(words: "metric.holders")) { o, _ in Double(o.counts.followedAcross) }
    public static let structuresOpened = Metric(
        "structures_opened", .count, .reach,
        "structures that opened by themselves by the horizon where their family's demand stayed unmet (MODEL.md 7.2)",
        label: Label(words: "metric.structures_opened_themselves"),
        unit: Label(words: "metric.structures")) { o, _ in Double(o.counts.structuresOpened) }
    public static let jobsCrossEcosystem = Metric(
        "jobs_cross_ecosystem", .count, .outcomes,
        "jobs at the horizon in the firms of holders supported by structures of both ecosystems (direct attribution)",
        label: Label(words: "metric.jobs_firms_supported_both"),
        unit: jobsUnit) { o, _ in Double(o.counts.crossEcosystemJobs) }
    public static let costPerJobEur = Metric(
        "cost_per_job_eur", .euros, .effects,
        "the policy's cost over the horizon (budget spent and staff time) per net job added, euros (undefined when none is added)",
        label: Label(words: "metric.cost_per_net_job_added"), unit: eurosUnit, summary: .costPerMean(of: "jobs_added_net")) { o, m in
        let cost = m.costOverHorizonEur, n = effect(o, jobs) * (1 - m.outcomes.displacement)
        return cost > 0 && n > 0 ? cost / n : .nan
    }
    public static let costPerJobGrossEur = Metric(
        "cost_per_job_gross_eur", .euros, .effects, "the policy's cost over the horizon per gross job added, euros",
        label: Label(words: "metric.cost_per_gross_job_added"), unit: eurosUnit, summary: .costPerMean(of: "jobs_added_gross")) { o, m in
        let cost = m.costOverHorizonEur, n = effect(o) { Double($0.supportedJobs) }
        return cost > 0 && n > 0 ? cost / n : .nan
    }
    public static let jobsPer100kEur = Metric(
        "jobs_per_100k_eur", .ratio, .effects, "net jobs added per 100,000 euros of the policy's cost over the horizon",
        label: Label(words: "metric.net_jobs_added_per_100_000_euros"), unit: jobsUnit) { o, m in
        let cost = m.costOverHorizonEur
        return cost > 0 ? effect(o, jobs) * (1 - m.outcomes.displacement) / (cost / 100_000) : .nan
    }

    /// The parts of the effects that need both ecosystems: each effect minus the same policy's
    /// effect on the territory without ESS structures.
    public static let interEcosystem: [Metric] = [
        Metric("jobs_added_inter_ecosystem", .count, .effects, "the part of jobs_added that needs both ecosystems",
               label: Label(words: "metric.jobs_added_needing_both"), unit: jobsUnit) { o, _ in
            bothEcosystemsPart(o, jobs)
        },
        Metric("jobs_added_net_inter_ecosystem", .count, .effects, "the part of jobs_added_net that needs both ecosystems",
               label: Label(words: "metric.net_jobs_added_needing_both"), unit: jobsUnit) { o, m in
            bothEcosystemsPart(o, jobs) * (1 - m.outcomes.displacement)
        },
        Metric("supported_share_inter_ecosystem", .shareChange, .effects, "the part of the policy's effect on supported_share that needs both ecosystems",
               label: Label(words: "metric.holders_supported_part_needing"),
               unit: ofHolders) { o, _ in bothEcosystemsPart(o, supportedShareOf) },
        Metric("referral_success_rate_inter_ecosystem", .shareChange, .effects,
               "the part of the policy's effect on referral_success_rate that needs both ecosystems",
               label: Label(words: "metric.referral_success_part_needing"),
               unit: share) { o, _ in bothEcosystemsPart(o, referralSuccessOf) },
        Metric("first_contact_fit_rate_inter_ecosystem", .shareChange, .effects,
               "the part of the policy's effect on first_contact_fit_rate that needs both ecosystems",
               label: Label(words: "metric.first_contact_fits_part_needing"),
               unit: ofHolders) { o, _ in bothEcosystemsPart(o, firstContactFitOf) },
        Metric("chain_completion_rate_inter_ecosystem", .shareChange, .effects,
               "the part of the policy's effect on chain_completion_rate that needs both ecosystems",
               label: Label(words: "metric.whole_chain_completed_part"),
               unit: ofHolders) { o, _ in bothEcosystemsPart(o, chainCompletionOf) },
        Metric("coverage_rate_inter_ecosystem", .shareChange, .effects, "the part of the policy's effect on coverage_rate that needs both ecosystems",
               label: Label(words: "metric.coverage_part_needing_both"), unit: ofPopulation) { _, m in
            guard let c = m.counterfactuals else { return 0 }
            guard let ep = c.essFreePolicy, let eb = c.essFreeBaseline else { return 0 }
            return (m.coverage - c.baseline.coverage) - (ep.coverage - eb.coverage)
        },
    ]

    /// Every metric, in the order of output columns.
    public static let all: [Metric] = [
        holders, coverageRate, coverageRateClassic, coverageRateESS, coverageRateSocialUtility, chainCoverageRate, uncoveredShare,
        firstContactFitRate, intakeShare, referralSuccessRate, supportedShare, supportedPer1000PerYear, abandonmentRate,
        abandonmentRateBaselineReached, abandonmentRateNewlyReached, chainCompletionRate, queuedAtHorizon, holdersCrossEcosystem,
        holdersFollowedAcross, structuresOpened,
    ] + stageMetrics + [
        firmsCreated, firmsAliveAtHorizon, founderJobs, salariedJobs, jobsCreated, jobsCreatedPerYear, creationsPer1000PerYear,
        supportedCreationRate, supportedCreatorsShare, jobsPerSupportedFirm, survival3YearsSupported, survival3YearsUnsupported, jobsCrossEcosystem,
        budgetEurAlias, allocatedEur, spendingCapacityEur, spendingOutreachEur, spendingCoordinationEur, spendingTrainingEur, budgetUnspentEur, staffTimeEur,
        jobsAdded, jobsAddedGross, jobsAddedNet, costPerJobEur, costPerJobGrossEur, jobsPer100kEur,
    ] + interEcosystem
}

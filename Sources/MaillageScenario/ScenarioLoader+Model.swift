import Foundation
import MaillageFoundation
import MaillageModel

/// The sections of a scenario that set the model's parameters: holders, journey, entry,
/// outcomes, families, the policy and the levers' declared costs and effects.
extension ScenarioLoader {
    static func readHolders(_ m: inout YAMLMapping, into h: inout HolderParameters) throws {
        try m.double("creation_rate_per_1000", &h.creationRatePer1000, in: 0...1000, rangeText: "a rate of 0 to 1,000 per 1,000 inhabitants")
        try m.probability("seek_support_share", &h.seekSupportShare)
        try m.probability("non_seeker_creation", &h.nonSeekerCreation)
        try m.shares("project_types", &h.projectTypeShares, names: ProjectType.allCases.map(\.name))
        try m.named("project_type_trend_per_year", &h.projectTypeTrendPerYear, names: ["ess", "social_utility"], in: -0.2...0.2,
                    rangeText: "a change of −0.2 to 0.2 share points a year")
        try m.shares("stages", &h.stageShares, names: stageNames)
        try m.named("continue_after", &h.continueAfter, names: Array(stageNames.prefix(3)), in: 0...1, rangeText: "a probability in [0, 1]")
        try m.named("jobless_share", &h.joblessShare, names: ZoneKind.allCases.map(\.rawValue), in: 0...1, rangeText: "a share in [0, 1]")
        try m.finish()
    }

    static func readJourney(_ m: inout YAMLMapping, into j: inout JourneyParameters) throws {
        try m.probability("legibility_base", &j.legibilityBase)
        try m.double("legibility_half_count", &j.legibilityHalfCount, in: 0.01...10_000, rangeText: "0.01 to 10,000 structures")
        try m.double("contact_decay_minutes", &j.contactDecayMinutes, in: 1...600, rangeText: "1 to 600 minutes")
        try m.probability("referral_base", &j.referralBase)
        try m.probability("referral_within_ecosystem", &j.referralWithinEcosystem)
        try m.probability("knowledge_base", &j.knowledgeBase)
        try m.double("knowledge_half_count", &j.knowledgeHalfCount, in: 0.01...10_000, rangeText: "0.01 to 10,000 structures")
        try m.probability("ess_awareness_base", &j.essAwarenessBase)
        try m.probability("social_utility_awareness_threshold", &j.socialUtilityAwarenessThreshold)
        try m.probability("knowledge_legibility_gain", &j.knowledgeLegibilityGain)
        try m.probability("arrival_base", &j.arrivalBase)
        try m.double("arrival_decay_minutes", &j.arrivalDecayMinutes, in: 1...10_000, rangeText: "1 to 10,000 minutes")
        try m.int("referral_delay_months", &j.referralDelayMonths, in: 0...24)
        try m.probability("give_up_per_month", &j.giveUpPerMonth)
        try m.probability("misfit_support", &j.misfitSupport)
        try m.named("support_months", &j.supportMonths, names: stageNames, in: 1...60)
        try m.double("jobless_legibility_factor", &j.joblessLegibilityFactor, in: 0...1, rangeText: "a factor in [0, 1]")
        try m.double("jobless_give_up_factor", &j.joblessGiveUpFactor, in: 0...10, rangeText: "a factor of 0 to 10")
        try m.probability("room_awareness", &j.roomAwareness)
        try m.probability("permanence_overflow", &j.permanenceOverflow)
        try m.double("capacity_elasticity", &j.capacityElasticity, in: 0...10, rangeText: "an elasticity of 0 to 10")
        try m.double("capacity_growth_limit", &j.capacityGrowthLimit, in: 0...10, rangeText: "a share of 0 to 10 of a structure's capacity")
        try m.probability("local_contact_share", &j.localContactShare)
        try m.double("local_contact_minutes", &j.localContactMinutes, in: 0...600, rangeText: "0 to 600 minutes")
        try m.probability("cooperation_knowledge_dependence", &j.cooperationKnowledgeDependence)
        try m.finish()
    }

    static func readEntry(_ m: inout YAMLMapping, into e: inout EntryParameters) throws {
        try m.probability("rate_per_month", &e.ratePerMonth)
        try m.double("threshold_per_year", &e.thresholdPerYear, in: 0...1_000_000, rangeText: "0 to 1,000,000 holders a year")
        try m.int("candidates", &e.candidates, in: 0...3)
        try m.finish()
    }

    static func readOutcomes(_ m: inout YAMLMapping, into o: inout OutcomeParameters) throws {
        try m.probability("creation_supported", &o.creationSupported)
        try m.probability("creation_unsupported", &o.creationUnsupported)
        try m.probability("micro_share", &o.microShare)
        try m.probability("survival3_micro", &o.survival3Micro)
        try m.probability("survival3_other", &o.survival3Other)
        try m.double("salaried_micro", &o.salariedMicro, in: 0...100, rangeText: "a mean of 0 to 100 salaried jobs")
        try m.double("salaried_other", &o.salariedOther, in: 0...100, rangeText: "a mean of 0 to 100 salaried jobs")
        try m.probability("selection_discount", &o.selectionDiscount)
        let weights = "a weight in [0, 1]"
        try m.named("creation_weights", &o.creationWeights, names: stageNames, in: 0...1, rangeText: weights)
        try m.named("survival_weights", &o.survivalWeights, names: stageNames, in: 0...1, rangeText: weights)
        try m.named("jobs_weights", &o.jobsWeights, names: stageNames, in: 0...1, rangeText: weights)
        try m.probability("misfit_penalty", &o.misfitPenalty)
        try m.probability("social_utility_penalty", &o.socialUtilityPenalty)
        try m.int("creation_delay_months", &o.creationDelayMonths, in: 0...120)
        try m.probability("displacement", &o.displacement)
        try m.finish()
    }

    /// Reads `families:`: a network family's published figures, replacing the defaults.
    static func readFamilies(_ m: inout YAMLMapping, into table: inout FamilyTable) throws {
        // Version 0.2's `ess_incubators_finance` held France Active and the ESS incubators.
        let names: [(String, [NetworkFamily])] = NetworkFamily.allCases.map { ($0.rawValue, [$0]) }
            + [("ess_incubators_finance", [.essIncubators, .solidarityFinance])]
        for (name, families) in names {
            guard var f = try m.mapping(name) else { continue }
            let family = families[0]
            var figures = table[family]
            try f.probability("survival3", &figures.survival3)
            try f.probability("comparator_survival3", &figures.comparatorSurvival3)
            try f.double("jobs_per_firm", &figures.jobsPerFirm, in: 1...100, rangeText: "a mean of 1 (the founder alone) to 100 jobs")
            try f.double("comparator_jobs_per_firm", &figures.comparatorJobsPerFirm, in: 1...100, rangeText: "a mean of 1 (the founder alone) to 100 jobs")
            try f.finish()
            for family in families { table[family] = figures }
        }
        try m.finish()
    }

    /// Reads `policy:`: every lever's quantities (as the levers declare them) and the funding.
    static func readPolicy(_ m: inout YAMLMapping, into p: inout CooperationPolicy) throws {
        let values = try m.declared(Levers.all.flatMap { $0.quantityDeclarations })
        func set<L: Lever>(_ type: L.Type) {
            var lever = p[type]
            for q in L.quantities { if let x = values[q.declaration.key] { lever[keyPath: q.keyPath] = x } }
            p[type] = lever
        }
        for type in Levers.all { set(type) }
        if var f = try m.mapping("funding") {
            try f.double("budget_eur", &p.funding.budgetEur, in: 0...1e10, rangeText: "a yearly budget of 0 to 10,000,000,000 euros")
            for line in FundingLine.allCases { try f.probability(line.rawValue, &p.funding[line]) }
            let total = p.funding.totalShare
            if total > 1 + 1e-9 { throw f.error("capacity", nil, "expected budget shares summing to at most 1, found \(total)") }
            if p.funding.budgetEur > 0 && total == 0 {
                throw f.error("budget_eur", nil, "expected a split of the budget (capacity, outreach, coordination, training: shares summing to at most 1) beside budget_eur \(p.funding.budgetEur), found none: the budget would buy nothing")
            }
            try f.finish()
        }
        try m.finish()
    }

    /// Reads `lever_costs:` or `lever_effects:`: the keys the levers declare.
    static func readDeclared(_ m: inout YAMLMapping, _ declarations: [ParameterDeclaration], into values: inout ParameterValues) throws {
        for (key, x) in try m.declared(declarations) { values[key: key] = x }
        try m.finish()
    }
}

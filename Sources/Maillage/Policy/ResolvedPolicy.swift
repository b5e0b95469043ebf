import Foundation

/// A policy's levers once funding is turned into quantities, with the yearly spending on each of
/// the four budget lines.
public struct ResolvedPolicy: Sendable, Equatable {
    public var meetingsPerYear: Double
    public var sharedWorkspaces: Int
    public var sharedIntakePoints: Int
    public var warmHandoffs: Double
    public var outreachPermanences: Int
    public var essTrainedStructures: Int
    public var pooledExpertise: Double
    public var extraCapacityPerYear: Double
    /// Yearly spending on extra capacity, euros.
    public var capacityEur: Double
    /// Yearly spending on outreach permanences, euros.
    public var outreachEur: Double
    /// Yearly spending on coordination: meetings, workspaces, intake points, warm hand-offs and
    /// pooled expertise, euros.
    public var coordinationEur: Double
    /// Yearly spending on ESS training, euros.
    public var trainingEur: Double

    /// Total yearly budget, euros.
    public var budgetEur: Double { capacityEur + outreachEur + coordinationEur + trainingEur }

    /// Whether any lever is on.
    public var isActive: Bool {
        meetingsPerYear > 0 || sharedWorkspaces > 0 || sharedIntakePoints > 0 || warmHandoffs > 0 || outreachPermanences > 0
            || essTrainedStructures > 0 || pooledExpertise > 0 || extraCapacityPerYear > 0
    }

    /// Turns `policy`'s funding into lever quantities and prices every lever.
    ///
    /// Capacity, outreach and training are bought at their unit costs (whole permanences and
    /// trainings only). Coordination euros E reach an intensity c = 1 − exp(−E / scale) that
    /// animates c × the full-coordination meetings, workspaces and intake points, and raises warm
    /// hand-offs and pooled expertise to at least their full-coordination levels × c.
    public init(_ policy: CooperationPolicy, costs: LeverCosts, effects: LeverEffects) {
        let f = policy.funding
        let capacityFunds = f.budgetEur * f.capacity
        let outreachFunds = f.budgetEur * f.outreach
        let coordinationFunds = f.budgetEur * f.coordination
        let trainingFunds = f.budgetEur * f.training
        let c = coordinationFunds > 0 ? 1 - exp(-coordinationFunds / costs.coordinationScaleEur) : 0

        meetingsPerYear = policy.mutualKnowledge.meetingsPerYear + c * effects.coordinationMeetingsPerYear
        sharedWorkspaces = policy.mutualKnowledge.sharedWorkspaces + Int((c * effects.coordinationWorkspaces).rounded())
        sharedIntakePoints = policy.commonProject.sharedIntakePoints + Int((c * effects.coordinationIntakePoints).rounded())
        warmHandoffs = max(policy.commonProject.warmHandoffs, c * effects.coordinationWarmHandoffs)
        pooledExpertise = max(policy.pooledExpertise, c)
        outreachPermanences = policy.commonProject.outreachPermanences + Int((outreachFunds / costs.permanenceEur).rounded(.down))
        essTrainedStructures = policy.essTrainedStructures + Int((trainingFunds / costs.trainingEur).rounded(.down))
        extraCapacityPerYear = policy.extraCapacityPerYear + capacityFunds / costs.holderEur

        capacityEur = capacityFunds + policy.extraCapacityPerYear * costs.holderEur
        outreachEur = outreachFunds + Double(policy.commonProject.outreachPermanences) * costs.permanenceEur
        trainingEur = trainingFunds + Double(policy.essTrainedStructures) * costs.trainingEur
        let explicitCoordination = policy.mutualKnowledge.meetingsPerYear * costs.meetingEur
            + Double(policy.mutualKnowledge.sharedWorkspaces) * costs.workspaceEur
            + Double(policy.commonProject.sharedIntakePoints) * costs.intakePointEur
            + policy.commonProject.warmHandoffs * costs.warmHandoffsEur
            + policy.pooledExpertise * costs.pooledExpertiseEur
        coordinationEur = coordinationFunds + explicitCoordination
    }
}

/// The registry of cooperation levers, in the order the model applies them and outputs list
/// them. Adding a lever: write its type (one file under `Policy/`), add it here, document it in
/// MODEL.md, and test what it does.
public enum Levers {
    public static let all: [any Lever.Type] = [
        MutualKnowledge.self,
        SharedIntake.self,
        WarmHandoffs.self,
        OutreachPermanences.self,
        ESSTraining.self,
        PooledExpertise.self,
        SharedPathway.self,
        ExtraCapacity.self,
    ]

    /// Every lever's unit-cost declarations, then the funding's.
    public static var costDeclarations: [ParameterDeclaration] { all.flatMap { $0.costs } + Funding.costs }

    /// Every lever's effect declarations.
    public static var effectDeclarations: [ParameterDeclaration] { all.flatMap { $0.effects } }

    /// The lever named `name`, if any.
    public static func named(_ name: String) -> (any Lever.Type)? { all.first { $0.name == name } }
}

/// Unit costs of the levers and of funding, euros a year (`lever_costs:`).
public typealias LeverCosts = ParameterValues

/// Strengths of the levers' effects (`lever_effects:`).
public typealias LeverEffects = ParameterValues

extension ParameterValues {
    /// The default unit costs.
    public static var defaultCosts: ParameterValues { ParameterValues(Levers.costDeclarations) }
    /// The default effect strengths.
    public static var defaultEffects: ParameterValues { ParameterValues(Levers.effectDeclarations) }
}

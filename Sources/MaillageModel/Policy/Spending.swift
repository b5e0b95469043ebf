import MaillageFoundation

/// What a policy's yearly money bought once its levers are placed on the territory, and what it
/// could not buy.
///
/// A permanence that finds no zone beyond reach of every structure, a training beyond the number
/// of classic structures, or the part of a budget line too small for one more unit buys nothing:
/// that money is *unspent*. It is reported (with a warning) and left out of the cost per job,
/// which divides what was spent.
public struct Spending: Sendable, Equatable {
    /// The yearly budget the policy was given (`policy.funding.budget_eur`), euros: the input
    /// alone, without the quantities set directly (see ``allocatedEur``).
    public var budgetEur = 0.0
    /// Yearly euros spent on each line.
    public var spent: [FundingLine: Double] = [:]
    /// Yearly euros the policy allocated but that bought nothing.
    public var unspentEur = 0.0
    /// Outreach permanences paid for, and those placed (a zone beyond reach was found).
    public var permanencesBought = 0, permanencesPlaced = 0
    /// ESS trainings paid for, and those given (a classic structure was left to train).
    public var trainingsBought = 0, trainingsGiven = 0
    /// Yearly euros of the structures' staff time the levers take (meetings, workspaces).
    public var staffTimeEur = 0.0
    /// One line per budget line that left money unspent, saying why.
    public var warnings: [Label] = []

    /// Yearly euros spent on `line`.
    public subscript(_ line: FundingLine) -> Double { spent[line] ?? 0 }

    /// Yearly euros spent.
    public var spentEur: Double { FundingLine.allCases.reduce(0) { $0 + self[$1] } }

    /// Yearly euros allocated to the policy, spent or not: its budget's lines plus the cost of
    /// the quantities it sets directly (``ResolvedPolicy/allocatedEur``).
    public var allocatedEur: Double { spentEur + unspentEur }

    public init() {}

    /// What `policy` spends on the model `build` made of it: each line's levers say what their
    /// allocation really bought.
    init(_ policy: ResolvedPolicy, build: ModelBuild, costs: ParameterValues) {
        budgetEur = policy.levers.funding.budgetEur
        for line in FundingLine.allCases {
            let allocated = policy.allocated[line] ?? 0
            var spent = allocated
            func ask<L: Lever>(_ type: L.Type) {
                guard L.fundingLine == line else { return }
                let answer = policy[type].spent(of: spent, after: build, costs: costs)
                spent = answer.spent
                if let w = answer.warning { warnings.append(w) }
            }
            for type in Levers.all { ask(type) }
            // Coordination money beyond the full bundle buys nothing more.
            if line == .coordination {
                let money = policy.levers.funding.budgetEur * policy.levers.funding[.coordination]
                let bundle = Funding.coordinationBundleCost(costs, build.effects)
                if money > bundle {
                    spent -= money - bundle
                    warnings.append(Self.unspentWarning(.coordination, money - bundle, because: Label(words: "policy.full_coordination_bundle_costs", en: ["cost": Numerals.euros(bundle, french: false)], fr: ["cost": Numerals.euros(bundle, french: true)])))
                }
            }
            self.spent[line] = spent
            unspentEur += max(0, allocated - spent)
        }
        permanencesBought = Int(policy[OutreachPermanences.self].count)
        permanencesPlaced = min(build.permanencesPlaced, permanencesBought)
        trainingsBought = Int(policy[ESSTraining.self].structures)
        trainingsGiven = min(trainingsBought, build.classicByCapacity.count)
    }

    /// The warning for `left` euros a year of `line` that bought nothing, and `why`.
    static func unspentWarning(_ line: FundingLine, _ left: Double, because why: Label) -> Label {
        Label(words: "policy.year_unspent", en: ["line": line.rawValue, "amount": Numerals.euros(left, french: false), "why": why.en], fr: ["line": line.label.fr, "amount": Numerals.euros(left, french: true), "why": why.fr])
    }
}

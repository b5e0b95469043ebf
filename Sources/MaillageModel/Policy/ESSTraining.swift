import MaillageFoundation

/// Training classic structures in ESS specifics, the study's third lever ("so that every support
/// structure can welcome, orient and support ESS enterprises"): the largest classic structures
/// first reach a higher awareness; they orient ESS projects better, lose less of their support's
/// effect when they support one themselves, and, above the threshold, support social-utility
/// projects as fitting structures (MODEL.md, 7.7).
public struct ESSTraining: Lever {
    /// Classic structures trained (whole number).
    public var structures = 0.0

    public init() {}

    public static let name = "ess_training"
    public static let label = Label(words: "policy.ess_training")
    public static let fundingLine: FundingLine? = .training

    public static let quantities = [
        Quantity(\Self.structures, "ess_trained_structures", default: 0, .whole(0...100_000), words: "quantity.ess_trained_structures"),
    ]

    public static let unitCost = ParameterDeclaration("training_eur", default: 4_000, .range(1...1e9),
                                                      "euros a year to train one classic structure, with refreshers against turnover (assumption)")
    public static let costs = [unitCost]

    public static let trainedAwareness = ParameterDeclaration("trained_awareness", default: 0.8, .probability,
                                                              "ESS awareness of a trained classic structure (assumption)")
    public static let effects = [trainedAwareness]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .euros(let e) = money else { return }
        structures += Double(Int((e / costs[Self.unitCost]).rounded(.down)))
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double { structures * costs[Self.unitCost] }

    public func raiseAwareness(in build: inout ModelBuild) {
        let trained = build.classicByCapacity.prefix(Int(structures))
        for s in trained { build.awareness[s] = max(build.awareness[s], build.effects[Self.trainedAwareness]) }
        build.trainingsGiven = trained.count
    }

    /// Trainings beyond the number of classic structures, and the rest of the line below one
    /// training, buy nothing.
    public func spent(of allocated: Double, after build: ModelBuild, costs: ParameterValues) -> (spent: Double, warning: Label?) {
        let cost = costs[Self.unitCost]
        let bought = Int(structures), classic = build.classicByCapacity.count
        let given = min(bought, classic)
        let spent = Double(given) * cost
        let left = max(0, allocated - spent)
        guard left > 0 else { return (spent, nil) }
        let why = given < bought
            ? Label(words: classic > 1 ? "policy.trainings_paid_for_structures" : "policy.trainings_paid_for_one_structure", ["bought": String(bought), "classic": String(classic)])
            : Label(words: "policy.rest_line_less_than_one_training", en: ["price": Numerals.euros(cost, french: false)], fr: ["price": Numerals.euros(cost, french: true)])
        return (spent, Spending.unspentWarning(.training, left, because: why))
    }
}

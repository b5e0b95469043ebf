/// What a policy's yearly money bought once its levers are placed on the territory, and what it
/// could not buy.
///
/// A permanence that finds no zone beyond reach of every structure, a training beyond the number
/// of classic structures, or the part of a budget line too small for one more unit buys nothing:
/// that money is *unspent*. It is reported (with a warning) and left out of the cost per job,
/// which divides what was spent.
public struct Spending: Sendable, Equatable {
    /// Yearly euros spent on each line.
    public var capacityEur = 0.0, outreachEur = 0.0, coordinationEur = 0.0, trainingEur = 0.0
    /// Yearly euros the policy allocated but that bought nothing.
    public var unspentEur = 0.0
    /// Outreach permanences paid for, and those placed (a zone beyond reach was found).
    public var permanencesBought = 0, permanencesPlaced = 0
    /// ESS trainings paid for, and those given (a classic structure was left to train).
    public var trainingsBought = 0, trainingsGiven = 0
    /// One line per budget line that left money unspent, saying why.
    public var warnings: [String] = []

    /// Yearly euros spent.
    public var spentEur: Double { capacityEur + outreachEur + coordinationEur + trainingEur }

    /// Yearly euros allocated: spent and unspent.
    public var budgetEur: Double { spentEur + unspentEur }

    public init() {}

    /// Spending of `policy` when `permanencesPlaced` permanences found a place and
    /// `classicStructures` classic structures could be trained.
    init(_ policy: ResolvedPolicy, costs: LeverCosts, permanencesPlaced: Int, classicStructures: Int) {
        capacityEur = policy.capacityEur
        coordinationEur = policy.coordinationEur
        permanencesBought = policy.outreachPermanences
        self.permanencesPlaced = min(permanencesPlaced, permanencesBought)
        outreachEur = Double(self.permanencesPlaced) * costs.permanenceEur
        trainingsBought = policy.essTrainedStructures
        trainingsGiven = min(trainingsBought, classicStructures)
        trainingEur = Double(trainingsGiven) * costs.trainingEur
        let outreachLeft = max(0, policy.outreachEur - outreachEur)
        let trainingLeft = max(0, policy.trainingEur - trainingEur)
        unspentEur = outreachLeft + trainingLeft
        if outreachLeft > 0 {
            let why = self.permanencesPlaced < permanencesBought
                ? "\(self.permanencesPlaced == 0 ? "none" : "only \(self.permanencesPlaced)") of the \(permanencesBought) permanences it pays for find a zone beyond reach of every structure"
                : "the rest of the line is less than one permanence (\(Self.euros(costs.permanenceEur)) each)"
            warnings.append("outreach: \(Self.euros(outreachLeft)) a year unspent: \(why)")
        }
        if trainingLeft > 0 {
            let why = trainingsGiven < trainingsBought
                ? "\(trainingsBought) trainings are paid for but the territory has \(classicStructures) classic structures to train"
                : "the rest of the line is less than one training (\(Self.euros(costs.trainingEur)) each)"
            warnings.append("training: \(Self.euros(trainingLeft)) a year unspent: \(why)")
        }
    }

    /// Euros for messages: whole euros with thin-space-free comma grouping, as "12,000 €".
    static func euros(_ x: Double) -> String {
        let n = Int(x.rounded())
        var digits = String(abs(n)), grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (n < 0 ? "-" : "") + digits + grouped + " €"
    }
}

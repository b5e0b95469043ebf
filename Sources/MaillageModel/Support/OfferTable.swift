import Foundation
import MaillageFoundation

/// What each network family offers each project type at each stage of the chain, and how well:
/// the one table that decides which structure fits which holder (MODEL.md, 7.2).
///
/// The shipped table (`Support/offer.csv`, one row per family × project type × stage, each with
/// its source or "assumption") follows the networks' published mandates, which cross the two
/// ecosystems: France Active finances very small classic firms as well as ESS enterprises, activity
/// cooperatives host classic activities, BGE and the chambers welcome ESS founders. A holder's
/// chain therefore crosses from one ecosystem to the other where the next stage it needs is
/// offered, in reach, only by the other. A scenario replaces the table (`offer: {csv: FILE}`) or
/// some of its rows (`offer: {FAMILY: {TYPE: {STAGE: {offer: …, penalty: …}}}}`).
public struct OfferTable: Sendable, Equatable {
    /// What a family's structure does for a project type at a stage.
    public enum Offer: String, Sendable, CaseIterable {
        /// It fits: a holder who knows would go there, and its support keeps its effect but for
        /// the row's penalty.
        case fit
        /// It supports the project without the specific expertise: a holder it cannot orient
        /// may stay (`journey.misfit_support`), with the row's penalty. Trained in ESS specifics
        /// (awareness at `journey.social_utility_awareness_threshold` or above) it fits.
        case trainable
        /// As `trainable`, but training does not make it fit.
        case misfit
        /// It does not support the project at that stage.
        case none
    }

    /// The share of a family's support effect a project loses at a structure that lacks its
    /// expertise: a number, or one of the two shared outcome parameters.
    public enum Penalty: Sendable, Equatable {
        case value(Double)
        /// `outcomes.misfit_penalty`.
        case misfit
        /// `outcomes.social_utility_penalty`.
        case socialUtility

        /// The penalty with the scenario's outcome parameters.
        public func value(_ o: OutcomeParameters) -> Double {
            switch self {
            case .value(let x): x
            case .misfit: o.misfitPenalty
            case .socialUtility: o.socialUtilityPenalty
            }
        }

        /// As the table writes it.
        public var text: String {
            switch self {
            case .value(let x): x == x.rounded() ? String(Int(x)) : String(x)
            case .misfit: "misfit_penalty"
            case .socialUtility: "social_utility_penalty"
            }
        }
    }

    /// One row: a family's offer to a project type at a stage.
    public struct Row: Sendable, Equatable {
        public var family: NetworkFamily
        public var type: ProjectType
        public var stage: Stage
        public var offer: Offer
        public var penalty: Penalty
        /// The range a prior on the penalty should cover, when the row gives one.
        public var penaltyRange: ClosedRange<Double>?
        /// Where the row comes from, or "assumption".
        public var source: String
    }

    private var rows: [Row]

    static func index(_ family: NetworkFamily, _ type: ProjectType, _ stage: Stage) -> Int {
        (NetworkFamily.allCases.firstIndex(of: family)! * ProjectType.allCases.count + type.rawValue) * Stage.allCases.count + stage.rawValue
    }

    /// The row of `family`, `type` and `stage`.
    public subscript(_ family: NetworkFamily, _ type: ProjectType, _ stage: Stage) -> Row {
        get { rows[Self.index(family, type, stage)] }
        set { rows[Self.index(family, type, stage)] = newValue }
    }

    /// Every row, family by family, then type, then stage.
    public var allRows: [Row] { rows }

    /// The shipped table.
    public static let shipped: OfferTable = {
        do {
            return try OfferTable(text: String(decoding: PackageResources.offer_csv, as: UTF8.self), file: "Sources/MaillageModel/Support/offer.csv")
        } catch {
            preconditionFailure("the shipped offer table does not read: \(error)")
        }
    }()

    /// Reads a table: a row for every family, project type and stage, each once.
    /// - Throws: ``InputError`` naming the file, the line and the field at fault.
    public init(text: String, file: String) throws {
        let table = try DelimitedText(text: text, file: file, delimiter: ",")
        let family = try table.column("family"), type = try table.column("project_type"), stage = try table.column("stage")
        let offer = try table.column("offer"), penalty = try table.column("penalty")
        let low = table.optionalColumn("penalty_low"), high = table.optionalColumn("penalty_high"), source = try table.column("source")
        var found: [Row?] = Array(repeating: nil, count: NetworkFamily.allCases.count * ProjectType.allCases.count * Stage.allCases.count)
        for row in table.rows {
            func field(_ column: Int) -> String { row.fields[column].trimmingCharacters(in: .whitespaces) }
            func fail(_ name: String, _ message: String) -> InputError { InputError(file: file, line: row.line, field: name, message: message) }
            guard let f = NetworkFamily(name: field(family)) else {
                throw fail("family", "expected one of \(NetworkFamily.allCases.map(\.rawValue).joined(separator: ", ")), found '\(DelimitedText.excerpt(field(family)))'")
            }
            guard let t = ProjectType.allCases.first(where: { $0.name == field(type) }) else {
                throw fail("project_type", "expected classic, ess or social_utility, found '\(DelimitedText.excerpt(field(type)))'")
            }
            guard let s = Stage(name: field(stage)) else {
                throw fail("stage", "expected emergence, creation, financing or growth, found '\(DelimitedText.excerpt(field(stage)))'")
            }
            guard let o = Offer(rawValue: field(offer)) else {
                throw fail("offer", "expected fit, trainable, misfit or none, found '\(DelimitedText.excerpt(field(offer)))'")
            }
            let p = try Self.penalty(field(penalty), offer: o, fail: { fail("penalty", $0) })
            var range: ClosedRange<Double>?
            if let low, let high, !field(low).isEmpty || !field(high).isEmpty {
                guard let a = Double(field(low)), let b = Double(field(high)), a.isFinite, b.isFinite, 0 <= a, a <= b, b <= 1 else {
                    throw fail("penalty_low", "expected a range 0 ≤ penalty_low ≤ penalty_high ≤ 1, found '\(field(low))' and '\(field(high))'")
                }
                range = a...b
            }
            let i = Self.index(f, t, s)
            guard found[i] == nil else {
                throw fail("family", "expected each family, project type and stage once, found \(f.rawValue), \(t.name), \(s.name) again")
            }
            found[i] = Row(family: f, type: t, stage: s, offer: o, penalty: p, penaltyRange: range, source: field(source))
        }
        if let missing = found.firstIndex(where: { $0 == nil }) {
            let stages = Stage.allCases.count, types = ProjectType.allCases.count
            let f = NetworkFamily.allCases[missing / (types * stages)], t = ProjectType.allCases[missing / stages % types], s = Stage.allCases[missing % stages]
            throw InputError(file: file, message: "expected a row for every family, project type and stage; \(f.rawValue), \(t.name), \(s.name) is missing")
        }
        rows = found.map { $0! }
    }

    /// A penalty as a table or a scenario writes it: a share in [0, 1], or the name of an outcome
    /// parameter; none for a row that offers nothing.
    public static func penalty(_ text: String, offer: Offer, fail: (String) -> InputError) throws -> Penalty {
        switch text {
        case "misfit_penalty": return .misfit
        case "social_utility_penalty": return .socialUtility
        case "" where offer == .none: return .value(0)
        default:
            guard let x = Double(text), x.isFinite, (0...1).contains(x) else {
                throw fail("expected a penalty in [0, 1], misfit_penalty or social_utility_penalty, found '\(DelimitedText.excerpt(text))'")
            }
            return .value(x)
        }
    }

    /// The table as CSV, as it reads (for `summary.json` and the reports).
    public var csv: String {
        var lines = ["family,project_type,stage,offer,penalty,penalty_low,penalty_high,source"]
        for r in rows {
            let source = r.source.contains(",") || r.source.contains("\"") ? "\"" + r.source.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : r.source
            let range = r.penaltyRange.map { ["\($0.lowerBound)", "\($0.upperBound)"] } ?? ["", ""]
            lines.append(([r.family.rawValue, r.type.name, r.stage.name, r.offer.rawValue, r.offer == .none ? "" : r.penalty.text] + range + [source])
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

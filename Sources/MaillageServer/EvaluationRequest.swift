import Foundation
import MaillageFoundation
import MaillageModel

/// A request's fault: the field, what was expected and what was found. Answered as 400 with a
/// JSON body `{"error": {"field", "expected", "found", "message"}}`.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let expected: String
    public let found: String

    public var description: String { "\(field): expected \(expected), found \(found)" }
}

/// What the page asks: a territory, a yearly budget and its split over the funding lines, the
/// horizon, and the run's replications and seed.
public struct EvaluationRequest: Sendable, Equatable, Codable {
    public var territory: String
    public var budgetEur: Double
    /// Shares of the budget, by funding line (they sum to at most 1).
    public var split: [FundingLine: Double]
    public var horizonMonths: Int
    public var replications: Int
    public var seed: UInt64

    /// The largest yearly budget the page takes: 10 M€, far above any local authority's support budget.
    public static let maxBudgetEur = 10_000_000.0
    /// Replications per evaluation: enough for a paired interval, few enough for a meeting.
    public static let replicationRange = 2...1_000
    public static let horizonRange = 12...120

    public init(territory: String, budgetEur: Double, split: [FundingLine: Double], horizonMonths: Int = 36,
                replications: Int = 100, seed: UInt64 = 20_180_601) {
        self.territory = territory
        self.budgetEur = budgetEur
        self.split = split
        self.horizonMonths = horizonMonths
        self.replications = replications
        self.seed = seed
    }

    /// Reads and checks a JSON body: every field by name, its type and range; unknown fields are
    /// refused (a misspelt `budget` must not silently evaluate a budget of zero). With `national`,
    /// a territory may also be a national identifier (`france/departement/29`,
    /// `france/epci/200068120`), whose code the evaluator looks up.
    /// - Throws: ``RequestError`` naming the first fault.
    public static func parse(_ body: Data, territories: Set<String>, national: Bool = false) throws -> EvaluationRequest {
        try parse(try object(body), territories: territories, national: national)
    }

    /// The body as a JSON object.
    /// - Throws: ``RequestError`` for anything else.
    static func object(_ body: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw RequestError(field: "(body)", expected: "a JSON object", found: body.isEmpty ? "an empty body" : "text that is not JSON")
        }
        guard let root = object as? [String: Any] else {
            throw RequestError(field: "(body)", expected: "a JSON object", found: describe(object))
        }
        return root
    }

    /// Reads an evaluation's fields from `root`; `also` names the other fields a caller reads
    /// itself, and without `splitRequired` a budget may come without a split.
    static func parse(_ root: [String: Any], territories: Set<String>, also: Set<String> = [], splitRequired: Bool = true,
                      national: Bool = false) throws -> EvaluationRequest {
        let known = Set(["territory", "budget_eur", "split", "horizon_months", "replications", "seed"]).union(also)
        if let unknown = root.keys.sorted().first(where: { !known.contains($0) }) {
            throw RequestError(field: unknown, expected: "one of \(known.sorted().joined(separator: ", "))", found: "an unknown field")
        }
        guard let territory = root["territory"] as? String else {
            throw RequestError(field: "territory", expected: "a territory's id (GET /api/v1/territories)", found: describe(root["territory"]))
        }
        guard territories.contains(territory) || (national && NationalTerritories.isWellFormed(territory)) else {
            let forms = national ? ", or france/departement/CODE or france/epci/SIREN (GET /api/v1/territories/search)" : ""
            throw RequestError(field: "territory", expected: "one of \(territories.sorted().joined(separator: ", "))\(forms)", found: "'\(territory.prefix(80))'")
        }
        let budget = try number(root["budget_eur"], field: "budget_eur", in: 0...maxBudgetEur, text: "a yearly budget of 0 to 10,000,000 euros")
        var split: [FundingLine: Double] = [:]
        if let raw = root["split"] {
            guard let shares = raw as? [String: Any] else { throw RequestError(field: "split", expected: "an object of shares by funding line", found: describe(raw)) }
            for key in shares.keys.sorted() {
                guard let line = FundingLine(rawValue: key) else {
                    throw RequestError(field: "split.\(key)", expected: "a funding line (\(FundingLine.allCases.map(\.rawValue).joined(separator: ", ")))",
                                       found: "an unknown line")
                }
                split[line] = try number(shares[key], field: "split.\(key)", in: 0...1, text: "a share of 0 to 1")
            }
        }
        let total = split.values.reduce(0, +)
        if total > 1 + 1e-9 { throw RequestError(field: "split", expected: "shares summing to at most 1", found: "a sum of \(total)") }
        if splitRequired && budget > 0 && total == 0 {
            throw RequestError(field: "split", expected: "a share of the budget on at least one line", found: "none: the budget would buy nothing")
        }
        var request = EvaluationRequest(territory: territory, budgetEur: budget, split: split)
        if let raw = root["horizon_months"] {
            request.horizonMonths = Int(try number(raw, field: "horizon_months", in: Double(horizonRange.lowerBound)...Double(horizonRange.upperBound),
                                                   text: "a whole number of months from 12 to 120", whole: true))
        }
        if let raw = root["replications"] {
            request.replications = Int(try number(raw, field: "replications",
                                                  in: Double(replicationRange.lowerBound)...Double(replicationRange.upperBound),
                                                  text: "a whole number of replications from 2 to 1,000", whole: true))
        }
        if let raw = root["seed"] {
            // Seeds are written as the CLI takes them: a whole number (JSON numbers above 2^53 lose digits, so a string is taken too).
            if let text = raw as? String, let value = UInt64(text) {
                request.seed = value
            } else {
                request.seed = UInt64(try number(raw, field: "seed", in: 0...9_007_199_254_740_991, text: "a whole number from 0 to 2^53 − 1 (or a string of digits)", whole: true))
            }
        }
        return request
    }

    private static func number(_ value: Any?, field: String, in range: ClosedRange<Double>, text: String, whole: Bool = false) throws -> Double {
        // JSONSerialization gives booleans as NSNumber too: refuse them by their type.
        guard let n = value as? NSNumber, !isBoolean(n) else {
            throw RequestError(field: field, expected: text, found: describe(value))
        }
        let x = n.doubleValue
        guard x.isFinite, range.contains(x), !whole || x == x.rounded() else { throw RequestError(field: field, expected: text, found: "\(n)") }
        return x
    }

    /// JSON's `true` and `false` arrive as numbers whose type is a C `char`.
    static func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    static func describe(_ value: Any?) -> String {
        switch value {
        case nil: "nothing"
        case is NSNull: "null"
        case let s as String: "the text '\(s.prefix(40))'"
        case let n as NSNumber where isBoolean(n): "a boolean"
        case let n as NSNumber: "the number \(n)"
        case is [Any]: "a list"
        case is [String: Any]: "an object"
        default: "a value of another type"
        }
    }

    /// The scenario of this try, as YAML that `maillage run` reads unchanged: the territory's file
    /// as its base, the funding, the horizon, the replications and the seed.
    func scenarioYAML(_ territory: TerritoryChoice) -> String {
        var lines = [
            "# A try made with `maillage serve` on \(territory.id): \(territory.label)",
            "# Saved in \(territory.origin == .data ? "the server's data folder" : "the Maillage folder (beside Scenarios/)"), it runs unchanged with",
            "#   maillage run <this file> --no-shapley",
            "# and gives the page's numbers (same seed, same replications).",
            "base: \(territory.base)",
            "name: \(name)",
            "description: \(Self.describe(budgetEur: budgetEur, split: split)) on \(territory.id)",
        ] + territory.territoryLines + [
            "policy:",
            "  funding:",
            "    budget_eur: \(Self.plain(budgetEur))",
        ]
        for line in FundingLine.allCases where (split[line] ?? 0) > 0 { lines.append("    \(line.rawValue): \(Self.plain(split[line]!))") }
        lines += ["simulation:", "  horizon_months: \(horizonMonths)", "  replications: \(replications)", "  seed: \(seed)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The try's scenario name: the territory and the budget.
    var name: String { "serve-\(territory.replacingOccurrences(of: "/", with: "-"))-\(Int(budgetEur.rounded()))" }

    static func describe(budgetEur: Double, split: [FundingLine: Double]) -> String {
        let parts = FundingLine.allCases.compactMap { line in
            (split[line] ?? 0) > 0 ? Words.text("serve.line_share", .en, ["share": plain(100 * split[line]!), "line": line.rawValue]) : nil
        }
        return Words.text(parts.isEmpty ? "serve.budget" : "serve.budget_split", .en, ["budget": plain(budgetEur), "split": parts.joined(separator: ", ")])
    }

    /// The budget and its split in French, for the tries table.
    static func describeFr(budgetEur: Double, split: [FundingLine: Double]) -> String {
        let parts = FundingLine.allCases.compactMap { line in
            let share = 100 * (split[line] ?? 0)
            let value = Numerals.grouped(share, decimals: share == share.rounded() ? 0 : 2, french: true)
            return share > 0 ? Words.text("serve.line_share", .fr, ["share": value, "line": line.label.fr]) : nil
        }
        let budget = Numerals.grouped(budgetEur, decimals: 0, french: true)
        return Words.text(parts.isEmpty ? "serve.budget" : "serve.budget_split", .fr, ["budget": budget, "split": parts.joined(separator: ", ")])
    }

    /// A number as YAML and JSON read it back exactly: whole numbers without a decimal point.
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    enum CodingKeys: String, CodingKey { case territory, budgetEur = "budget_eur", split, horizonMonths = "horizon_months", replications, seed }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(territory, forKey: .territory)
        try c.encode(budgetEur, forKey: .budgetEur)
        try c.encode(Dictionary(uniqueKeysWithValues: split.map { ($0.key.rawValue, $0.value) }), forKey: .split)
        try c.encode(horizonMonths, forKey: .horizonMonths)
        try c.encode(replications, forKey: .replications)
        try c.encode(String(seed), forKey: .seed)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        territory = try c.decode(String.self, forKey: .territory)
        budgetEur = try c.decode(Double.self, forKey: .budgetEur)
        let raw = try c.decode([String: Double].self, forKey: .split)
        split = Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in FundingLine(rawValue: k).map { ($0, v) } })
        horizonMonths = try c.decode(Int.self, forKey: .horizonMonths)
        replications = try c.decode(Int.self, forKey: .replications)
        seed = UInt64(try c.decode(String.self, forKey: .seed)) ?? 0
    }
}

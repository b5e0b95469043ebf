import Foundation
import MaillageFoundation
import MaillageModel

/// A study of many territories of the national files, each on its own (`Scenarios/experiments/france.yaml`,
/// `maillage study`): every département (or every EPCI) without cooperation and under a standard
/// policy whose yearly budget is the same per inhabitant everywhere, so that territories are
/// compared on what the same effort per head does there. A territory's scenario is the `base`
/// scenario (networks placed by rule, MODEL.md 6) with its territory replaced.
public struct NationalStudy: Sendable {
    /// The units a national study runs one by one.
    public enum Level: String, Sendable, CaseIterable {
        case departements, epci
    }

    /// One territory the study runs: its code, name and municipal population (INSEE 2023).
    public struct Territory: Sendable, Equatable {
        public var code: String
        public var name: String
        public var population: Int
        public var communes: Int

        public init(code: String, name: String, population: Int, communes: Int) {
            self.code = code
            self.name = name
            self.population = population
            self.communes = communes
        }
    }

    public var name: String
    /// The study file, and the base scenario its territories start from.
    public var file: String
    public var base: String
    public var level: Level
    /// The territories run, in code order.
    public var territories: [Territory]
    public var replications: Int
    public var seed: UInt64
    /// The standard policy: euros a year per inhabitant, split across the funding lines.
    public var eurosPerInhabitant: Double
    public var shares: Funding
    /// Plausible worlds per territory (draws of the priors, replications each); 0 draws: no range.
    public var plausibleDraws: Int
    public var plausibleReplications: Int
    public var confinement: Confinement

    /// Whether the YAML file at `path` is a national study (it names `territories`).
    public static func isNational(_ path: String) throws -> Bool {
        try YAMLMapping.root(of: path).mapping["territories"] != nil
    }

    /// Reads a national study; `base` is relative to the study's folder.
    /// - Throws: ``InputError`` naming the file, the field and what was expected.
    public static func load(_ path: String) throws -> NationalStudy {
        var root = try YAMLMapping.root(of: path)
        let name = try root.requiredString("name")
        let relative = try root.requiredString("base")
        let base = try root.reference(relative, field: "base", node: root.mapping["base"])
        guard FileManager.default.fileExists(atPath: base) else {
            throw root.error("base", nil, "expected an existing scenario file, found '\(relative)' (looked for \(base))")
        }
        var level = Level.departements
        try root.choice("territories", &level, Level.allCases)
        var overseas = false
        try root.flag("overseas", &overseas)
        var only: [String] = []
        if let list = try root.list("only") {
            only = try list.map { node, fieldPath in
                guard let code = node.string?.trimmingCharacters(in: .whitespaces), !code.isEmpty, code.count <= 9,
                      code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, field: fieldPath,
                                     message: "expected a département code or an EPCI SIREN, found \(describe(node, lines: root.lines))")
                }
                return code
            }
        }
        var replications = 40
        try root.int("replications", &replications, in: 2...100_000, rangeText: "at least 2 replications (the effects' intervals need two)")
        var seed = RunPlan().seed
        try root.seed("seed", &seed)
        guard var policy = try root.mapping("standard_policy") else {
            throw root.error("standard_policy", nil, "expected the standard policy: euros_per_inhabitant and the shares capacity, outreach, coordination, training")
        }
        var perInhabitant = 0.0
        try policy.double("euros_per_inhabitant", &perInhabitant, in: 0.000_001...1_000, rangeText: "a yearly budget of more than 0 and at most 1,000 euros per inhabitant")
        var shares = Funding()
        for line in FundingLine.allCases { try policy.probability(line.rawValue, &shares[line]) }
        guard shares.totalShare > 0, shares.totalShare <= 1 + 1e-9 else {
            throw policy.error("capacity", nil, "expected shares of the budget (capacity, outreach, coordination, training) summing to more than 0 and at most 1, found \(shares.totalShare)")
        }
        try policy.finish()
        var draws = 0, plausibleReplications = 4
        if var p = try root.mapping("plausible") {
            try p.int("draws", &draws, in: 0...10_000, rangeText: "0 to 10,000 draws")
            try p.int("replications", &plausibleReplications, in: 1...1_000, rangeText: "1 to 1,000 replications per draw")
            try p.finish()
        }
        let folder = try ScenarioLoader.path(&root, "data") ?? ScenarioLoader.shippedFranceData()
        guard let folder else {
            throw root.error("data", nil, "expected the folder of the national files (data: …/Scenarios/data/france): no shipped Scenarios folder beside the executable or in the working folder")
        }
        let territories = try Self.territories(level, data: folder, overseas: overseas, only: only, file: path)
        try root.finish()
        return NationalStudy(name: name, file: path, base: base, level: level, territories: territories, replications: replications, seed: seed,
                             eurosPerInhabitant: perInhabitant, shares: shares, plausibleDraws: draws, plausibleReplications: plausibleReplications,
                             confinement: root.confinement)
    }

    /// The départements or EPCI of the national files in `data`, in code order: metropolitan
    /// France (an EPCI whose communes all lie in one of its départements) unless `overseas`;
    /// only those of `only` when it is not empty, each of which must exist.
    static func territories(_ level: Level, data: String, overseas: Bool, only: [String], file: String) throws -> [Territory] {
        let france = try FranceData.shared(folder: data)
        let kind: FranceTerritoryMatch.Kind = level == .epci ? .epci : .departement
        func metropolitan(_ departement: String) -> Bool { !departement.hasPrefix("97") }
        let all = try france.catalog().filter { m in
            guard m.kind == kind else { return false }
            if overseas || !only.isEmpty { return true }
            if level == .departements { return metropolitan(m.code) }
            return france.epci[m.code]?.members.allSatisfy { france.communes[$0].map { metropolitan($0.departement) } ?? false } ?? false
        }
        let byCode = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let chosen: [FranceTerritoryMatch]
        if only.isEmpty {
            chosen = all
        } else {
            chosen = try only.map { code in
                guard let m = byCode[code] else {
                    throw InputError(file: file, field: "only", message: "expected \(level == .epci ? "the SIREN of an EPCI" : "a département code") of the national files, found '\(code)'")
                }
                return m
            }
        }
        return Set(chosen.map(\.code)).sorted().map { code in
            let m = byCode[code]!
            return Territory(code: m.code, name: m.name, population: m.population, communes: m.communes)
        }
    }

    /// The standard policy's yearly budget on `territory`, whole euros.
    public func budget(_ territory: Territory) -> Double { (eurosPerInhabitant * Double(territory.population)).rounded() }

    /// The scenario text of `territory`: the base with its territory replaced and the standard
    /// policy, read as if it were a file beside the study (`file`), so that `base:` resolves.
    public func scenarioText(_ territory: Territory) -> (text: String, file: String) {
        let folder = (file as NSString).deletingLastPathComponent
        let key = level == .epci ? "epci" : "departements"
        let baseRelative = Self.relative(base, from: folder)
        var lines = ["base: \(Self.quoted(baseRelative))",
                     "name: \(Self.quoted("\(name)-\(territory.code)"))",
                     "territory:",
                     "  name: \(Self.quoted(territory.name))",
                     "  france: {\(key): [\"\(territory.code)\"]}",
                     "policy:",
                     "  funding:",
                     "    budget_eur: \(Int(budget(territory)))"]
        for line in FundingLine.allCases where shares[line] > 0 { lines.append("    \(line.rawValue): \(shares[line])") }
        return (lines.joined(separator: "\n") + "\n", (folder.isEmpty ? "" : folder + "/") + "\(name)-\(territory.code).yaml")
    }

    /// Reads the scenario of `territory` (``scenarioText(_:)``), with `overrides` set.
    /// - Throws: ``InputError`` if the base scenario or the national files do not load.
    public func scenario(_ territory: Territory, overrides: [ParameterOverride] = []) throws -> Scenario {
        let (text, path) = scenarioText(territory)
        return try ScenarioLoader.load(node: try ScenarioLoader.compose(text, file: path), file: path, overrides: overrides,
                                       confinement: confinement, lines: YAMLMapping.lines(of: text))
    }

    /// `path` relative to `folder` when it lies inside it or beside it (`../france/…`).
    static func relative(_ path: String, from folder: String) -> String {
        let p = URL(fileURLWithPath: path).standardizedFileURL.pathComponents, f = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(p.count, f.count) && p[common] == f[common] { common += 1 }
        return (Array(repeating: "..", count: f.count - common) + p[common...]).joined(separator: "/")
    }

    /// A YAML double-quoted scalar (JSON's escapes, which YAML reads), for scenario text written
    /// by the tool (a national study's territories, the page's national tries).
    package static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

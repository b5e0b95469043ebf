import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// A territory the page offers: a scenario file, with the folder its `base:` is written from.
public struct TerritoryChoice: Sendable, Encodable, Equatable {
    /// Where it comes from: `builtin` (the three synthetic territories), `real` (the shipped real
    /// communes), `data` (a scenario in the server's `--data` folder) or `france` (a département
    /// or an EPCI of the national files, found by ``NationalTerritories/search(_:limit:)``).
    public enum Origin: String, Sendable, Codable { case builtin, real, data, france }

    /// The identifier requests name it by (`metro-lyon`, `real/metro-lyon`, `data/my-territory`).
    public let id: String
    public let origin: Origin
    /// The scenario's description (its first line), for the page.
    public let label: String
    /// The same in French: the page's default language (a data folder's scenario has only its own
    /// description, shown in both).
    public let labelFr: String
    /// The scenario file, as a path.
    let file: String
    /// The folder a try's scenario is written for: its `base:` is relative to it.
    let home: String
    /// The `base:` of a try's scenario, relative to ``home``.
    let base: String
    /// The lines of a try's scenario that name its territory, when the base's is not the one
    /// tried (a national territory on the scenario that places networks by rule).
    var territoryLines: [String] = []

    private enum CodingKeys: String, CodingKey { case id, origin, label, labelFr = "label_fr" }
}

/// The territories a server offers: the shipped scenarios (three synthetic, three real) and the
/// scenario files of the data folder, read once at start, and any département or EPCI of the
/// national files when the shipped `Scenarios/` folder holds them.
public struct Catalog: Sendable {
    public let territories: [TerritoryChoice]
    /// The départements and EPCI of the national files; nil where the files or the scenario that
    /// places networks by rule are missing.
    public let national: NationalTerritories?

    /// The shipped territories' labels in both languages (the words tables; a scenario of the
    /// folder that is not shipped is labelled by its description).
    static let shippedLabels = [
        "rural-franche-comte": Label(words: "serve.rural_franche_comte"),
        "metro-lyon": Label(words: "serve.metro_lyon"),
        "qpv-seine-saint-denis": Label(words: "serve.qpv_seine_saint_denis"),
        "real/rural-franche-comte": Label(words: "serve.real_rural_franche_comte"),
        "real/metro-lyon": Label(words: "serve.real_metro_lyon"),
        "real/qpv-seine-saint-denis": Label(words: "serve.real_qpv_seine_saint_denis"),
    ]

    /// Lists the shipped territories found in `scenarios` (a `Scenarios/` folder) and the `.yaml`
    /// files at the top of `data`. A data file that does not load is skipped with a warning
    /// (returned): the others stay usable.
    public static func load(scenarios: String, data: String?) -> (catalog: Catalog, warnings: [String]) {
        var list: [TerritoryChoice] = [], warnings: [String] = []
        let home = (scenarios as NSString).deletingLastPathComponent
        let folder = (scenarios as NSString).lastPathComponent
        func add(_ id: String, _ origin: TerritoryChoice.Origin, file: String, home: String, base: String) {
            do {
                let scenario = try ScenarioLoader.load(file)
                let described = scenario.description.isEmpty ? scenario.name : scenario.description
                let label = shippedLabels[id] ?? Label(en: described, fr: described)
                list.append(TerritoryChoice(id: id, origin: origin, label: label.en, labelFr: label.fr, file: file, home: home, base: base))
            } catch {
                warnings.append("\(file): skipped: \(error)")
            }
        }
        for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
            let file = scenarios + "/\(name).yaml"
            if FileManager.default.fileExists(atPath: file) { add(name, .builtin, file: file, home: home, base: "\(folder)/\(name).yaml") }
        }
        for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
            let file = scenarios + "/real/\(name).yaml"
            if FileManager.default.fileExists(atPath: file) {
                add("real/\(name)", .real, file: file, home: home, base: "\(folder)/real/\(name).yaml")
            }
        }
        if let data {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for name in names.prefix(200) {
                let stem = String(name.dropLast(5))
                guard stem.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                    warnings.append("\(data)/\(name): skipped: a territory's file name may hold letters, digits, '-', '_' and '.' only")
                    continue
                }
                add("data/\(stem)", .data, file: data + "/" + name, home: data, base: name)
            }
        }
        let national = NationalTerritories(scenarios: scenarios)
        return (Catalog(territories: list, national: national), warnings)
    }

    init(territories: [TerritoryChoice], national: NationalTerritories? = nil) {
        self.territories = territories
        self.national = national
    }

    /// The listed territories' identifiers.
    public var ids: Set<String> { Set(territories.map(\.id)) }

    /// The territory named `id`: one of the list, or a national one (`france/departement/29`,
    /// `france/epci/200068120`) the national files hold.
    public subscript(id id: String) -> TerritoryChoice? {
        territories.first { $0.id == id } ?? (try? national?.choice(id)) ?? nil
    }

    /// The shipped `Scenarios/` folder this process sees (beside the binary, or in the working folder).
    public static var shippedScenarios: String? { Confinement.shippedScenarios.first }
}

/// The départements and EPCI of the national files (`Scenarios/data/france`), which the page
/// finds by name and tries on `Scenarios/france/networks-by-rule.yaml`: the rural territory's
/// behaviour, the networks placed by rule on préfectures, arrondissements and urban units
/// (MODEL.md 6), no status quo. Their list is read once, at the first search.
public final class NationalTerritories: Sendable {
    /// The national files.
    let folder: String
    /// The folder a try's scenario is written for (the one holding `Scenarios/`), and its base.
    let home: String
    let base: String
    private let entries = Locked<[FranceTerritoryMatch]?>(nil)

    /// The scenario national tries start from, inside `Scenarios/`.
    static let baseScenario = "france/networks-by-rule.yaml"

    /// Nil unless `scenarios` holds both the national files and the scenario that places networks by rule.
    init?(scenarios: String) {
        let folder = scenarios + "/data/france", base = scenarios + "/" + Self.baseScenario
        guard FileManager.default.fileExists(atPath: folder + "/insee/communes.csv"), FileManager.default.fileExists(atPath: base) else { return nil }
        self.folder = folder
        home = (scenarios as NSString).deletingLastPathComponent
        self.base = (scenarios as NSString).lastPathComponent + "/" + Self.baseScenario
    }

    /// Every département and EPCI, read once.
    /// - Throws: ``InputError`` if the national files do not load.
    func all() throws -> [FranceTerritoryMatch] {
        try entries.withLock { kept in
            if let kept { return kept }
            let list = try FranceData.shared(folder: folder).catalog().filter { $0.kind == .departement || $0.kind == .epci }
            kept = list
            return list
        }
    }

    /// The départements and EPCI whose code is `text` or whose name holds it (accents, case,
    /// hyphens and apostrophes ignored), best first (``FranceData/rank(_:_:limit:)``).
    public func search(_ text: String, limit: Int) throws -> [Found] {
        FranceData.rank(try all(), text, limit: limit).map(Found.init)
    }

    /// The page's identifier of a département or an EPCI.
    static func id(_ m: FranceTerritoryMatch) -> String { "france/\(m.kind == .epci ? "epci" : "departement")/\(m.code)" }

    /// Whether `id` has the form of a national identifier (the request's check; whether the code
    /// exists is the catalog's).
    static func isWellFormed(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "france" && (parts[1] == "departement" || parts[1] == "epci")
            && (1...9).contains(parts[2].count) && parts[2].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The territory `id` names, nil if no département or EPCI has that code.
    /// - Throws: ``InputError`` if the national files do not load.
    func choice(_ id: String) throws -> TerritoryChoice? {
        guard Self.isWellFormed(id), let m = try all().first(where: { Self.id($0) == id }) else { return nil }
        let found = Found(m)
        let key = m.kind == .epci ? "epci" : "departements"
        return TerritoryChoice(id: id, origin: .france, label: found.label, labelFr: found.labelFr, file: home + "/" + base, home: home, base: base,
                               territoryLines: ["territory:", "  name: \(NationalStudy.quoted(m.name))", "  france: {\(key): [\"\(m.code)\"]}"])
    }

    /// A search's answer: a territory the page can try.
    public struct Found: Sendable, Encodable, Equatable {
        public let id: String
        /// `département` or `EPCI`.
        public let kind: String
        public let code: String
        public let name: String
        /// Municipal population (INSEE, 2023).
        public let population: Int
        public let communes: Int
        public let label: String
        public let labelFr: String

        init(_ m: FranceTerritoryMatch) {
            id = NationalTerritories.id(m)
            kind = m.kind.rawValue
            code = m.code
            name = m.name
            population = m.population
            communes = m.communes
            let epci = m.kind == .epci
            let key = epci ? "serve.national_epci" : "serve.national_departement"
            label = Words.text(key, .en, ["name": m.name, "code": m.code, "inhabitants": Numerals.count(m.population, french: false)])
            labelFr = Words.text(key, .fr, ["name": m.name, "code": m.code, "inhabitants": Numerals.count(m.population, french: true)])
        }

        private enum CodingKeys: String, CodingKey { case id, kind, code, name, population, communes, label, labelFr = "label_fr" }
    }
}

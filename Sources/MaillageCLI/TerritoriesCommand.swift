import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// `maillage territories`: finding a French territory in the national files and what it holds.
struct Territories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Finds French territories (régions, départements, EPCI, employment zones, communes) in the national files and describes them.",
        discussion: """
            Each line found ends with the scenario line that names the territory, for instance \
            territory: {france: {epci: ["200068120"]}}. The files are Scenarios/data/france \
            (IGN polygons of 2018 carried to the communes of 2025, INSEE populations of 2023).
            """,
        subcommands: [Search.self, Show.self]
    )

    struct DataOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The folder of the national files. Default: the shipped Scenarios/data/france.", valueName: "folder"))
        var data: String?

        func load() throws -> FranceData {
            guard let folder = data ?? ScenarioLoader.shippedFranceData() else {
                throw InputError(file: "Scenarios/data/france", message: "not found in the working folder or beside the executable: give it with --data")
            }
            return try FranceData.shared(folder: folder)
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists the territories whose code is TEXT or whose name contains it (accents and case ignored).")

        @Argument(help: "A code or part of a name (\"quimper\", \"29\", \"bretagne\").")
        var text: String

        @Option(help: ArgumentHelp("At most this many lines.", valueName: "n"))
        var limit = 20

        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var languageOptions: LanguageOptions

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be in 1...10000, found \(limit)") }
        }

        func run() async throws {
            let l = languageOptions.language
            try await reportingErrors {
                let found = try dataOptions.load().search(text, limit: limit)
                if found.isEmpty { print(l.words("cli.no_territorys_code_name_matches", ["text": text])) }
                for m in found {
                    let inhabitants = Numerals.count(m.population, french: l == .fr)
                    print(l.words(m.communes == 1 ? "cli.territory_one_commune" : "cli.territory_communes", ["kind": m.kind.rawValue, "code": m.code, "name": m.name, "inhabitants": inhabitants, "communes": String(m.communes), "yaml": m.yaml]))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describes one territory: population, area, communes and the mix of INSEE's density levels.",
            discussion: """
                CODE is a département (29, 2A, 974), an employment zone (4 characters, 5313), an \
                EPCI's SIREN (9 digits) or a commune (5 characters); reg:53 names a région, dep:, \
                ze:, epci: and com: the others explicitly.
                """)

        @Argument(help: "The territory's code.")
        var code: String

        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var languageOptions: LanguageOptions

        /// The selection a code names.
        static func selection(_ code: String) -> FranceSelection {
            let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
            let (kind, value) = parts.count == 2 ? (parts[0].lowercased(), parts[1]) : ("", code)
            switch kind {
            case "reg", "region", "région": return FranceSelection(regions: [value])
            case "dep", "departement", "département": return FranceSelection(departements: [value])
            case "epci": return FranceSelection(epci: [value])
            case "com", "commune": return FranceSelection(communes: [value])
            case "ze": return FranceSelection(employmentZones: [value])
            default:
                if value.count == 9, value.allSatisfy(\.isNumber) { return FranceSelection(epci: [value]) }
                if value.count == 4 { return FranceSelection(employmentZones: [value]) }
                if value.count == 5 { return FranceSelection(communes: [value]) }
                return FranceSelection(departements: [value])
            }
        }

        func run() async throws {
            let l = languageOptions.language, french = l == .fr
            try await reportingErrors {
                let data = try dataOptions.load()
                var spec = RealTerritorySpec()
                spec.france = Self.selection(code)
                spec.franceData = data.folder
                spec.scenarioFile = code
                let imported = try spec.load()
                let t = imported.territory
                let density = try data.densityLevels()
                let match = try data.catalog().first { $0.selection == spec.france }
                print(match.map { "\($0.kind.rawValue) \($0.code) \($0.name)" } ?? code)
                print(l.words("cli.inhabitants_insee_municipal", ["population": Numerals.count(t.population, french: l == .fr),
                                                                  "count": String(t.zones.count),
                                                                  "area": Numerals.grouped(t.areaKm2, decimals: 0, french: l == .fr),
                                                                  "density": Numerals.grouped(Double(t.population) / max(t.areaKm2, 1e-9), decimals: 1, french: l == .fr)]))
                print(l.words("cli.insees_density_grid_2024_level"))
                for level in 1...7 {
                    let zones = t.zones.filter { density[$0.code] == level }
                    guard !zones.isEmpty else { continue }
                    let p = zones.reduce(0) { $0 + $1.population }
                    let share = Numerals.grouped(100 * Double(p) / Double(max(t.population, 1)), decimals: 1, french: french)
                    print(l.words("cli.density_level_row", ["level": String(level), "name": l.t(Zone.densityLevelNames[level]), "communes": String(zones.count),
                                                            "inhabitants": Numerals.count(p, french: french), "share": share]))
                }
                let ungraded = t.zones.filter { density[$0.code] == nil }
                if !ungraded.isEmpty {
                    print(l.words("cli.not_grid_kind_population") + ungraded.map(\.code).joined(separator: ", "))
                }
                for line in imported.report.warnings { warn(line, l) }
                if let match { print("  " + match.yaml) }
            }
        }
    }
}

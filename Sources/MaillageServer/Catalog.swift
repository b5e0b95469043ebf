import Foundation
import MaillageFoundation
import MaillageScenario

/// A territory the page offers: a scenario file, with the folder its `base:` is written from.
public struct TerritoryChoice: Sendable, Encodable, Equatable {
    /// Where it comes from: `builtin` (the three synthetic territories), `real` (the shipped real
    /// communes) or `data` (a scenario in the server's `--data` folder).
    public enum Origin: String, Sendable, Codable { case builtin, real, data }

    /// The identifier requests name it by (`metro-lyon`, `real/metro-lyon`, `data/my-territory`).
    public let id: String
    public let origin: Origin
    /// The scenario's description (its first line), for the page.
    public let label: String
    /// The scenario file, as a path.
    let file: String
    /// The folder a try's scenario is written for: its `base:` is relative to it.
    let home: String
    /// The `base:` of a try's scenario, relative to ``home``.
    let base: String

    private enum CodingKeys: String, CodingKey { case id, origin, label }
}

/// The territories a server offers: the shipped scenarios (three synthetic, three real) and the
/// scenario files of the data folder, read once at start.
public struct Catalog: Sendable {
    public let territories: [TerritoryChoice]

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
                let label = scenario.description.isEmpty ? scenario.name : scenario.description
                list.append(TerritoryChoice(id: id, origin: origin, label: label, file: file, home: home, base: base))
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
        return (Catalog(territories: list), warnings)
    }

    init(territories: [TerritoryChoice]) { self.territories = territories }

    public subscript(id id: String) -> TerritoryChoice? { territories.first { $0.id == id } }

    /// The shipped `Scenarios/` folder this process sees (beside the binary, or in the working folder).
    public static var shippedScenarios: String? { Confinement.shippedScenarios.first }
}

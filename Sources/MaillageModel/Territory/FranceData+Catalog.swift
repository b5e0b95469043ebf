import Foundation
import MaillageFoundation

/// What `maillage territories search` finds: a région, a département, an EPCI, an employment zone
/// or a commune, with its population and the scenario form that names it.
package struct FranceTerritoryMatch: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case region = "région", departement = "département", epci = "EPCI", employmentZone = "zone d'emploi", commune
    }
    package var kind: Kind
    package var code: String
    package var name: String
    /// Municipal population (INSEE, PMUN 2023).
    package var population: Int
    package var communes: Int
    /// The selection that names it in a scenario.
    package var selection: FranceSelection

    /// The scenario's territory line that names it.
    package var yaml: String {
        let key = switch kind {
        case .region: "regions"
        case .departement: "departements"
        case .epci: "epci"
        case .employmentZone: "employment_zones"
        case .commune: "communes"
        }
        return "territory: {france: {\(key): [\"\(code)\"]}}"
    }
}

extension FranceData {
    /// Every région, département, EPCI, employment zone and commune, with its population. The
    /// zonings name no employment zone: each is named after its most populous commune, the pole
    /// INSEE usually names it by.
    package func catalog() throws -> [FranceTerritoryMatch] {
        let rows = try DelimitedText(path: file("insee/donnees_communes.csv"), delimiter: ";")
        let (population, _, _) = try populations(rows)
        var departementNames: [String: String] = [:]
        let names = file("departements.csv")
        if FileManager.default.fileExists(atPath: names) {
            let table = try DelimitedText(path: names, delimiter: ",")
            let code = try table.column("DEP"), name = try table.column("NOM")
            for row in table.rows { departementNames[row.fields[code]] = row.fields[name] }
        }
        var regionNames: [String: String] = ["06": "Mayotte"]
        if let reg = rows.optionalColumn("REG"), let name = rows.optionalColumn("Région") {
            for row in rows.rows { regionNames[row.fields[reg]] = row.fields[name] }
        }
        var result: [FranceTerritoryMatch] = []
        func add(_ kind: FranceTerritoryMatch.Kind, _ code: String, _ name: String, _ members: [String], _ selection: FranceSelection) {
            result.append(FranceTerritoryMatch(kind: kind, code: code, name: name, population: members.reduce(0) { $0 + (population[$1] ?? 0) },
                                               communes: members.count, selection: selection))
        }
        for (code, members) in Dictionary(grouping: communes.keys, by: { communes[$0]!.region }) {
            add(.region, code, regionNames[code] ?? code, members, FranceSelection(regions: [code]))
        }
        for (code, members) in Dictionary(grouping: communes.keys, by: { communes[$0]!.departement }) {
            add(.departement, code, departementNames[code] ?? code, members, FranceSelection(departements: [code]))
        }
        for (siren, e) in epci { add(.epci, siren, e.name, e.members, FranceSelection(epci: [siren])) }
        if FileManager.default.fileExists(atPath: file("zonages_2022.csv")) {
            for (code, members) in Dictionary(grouping: try employmentZones(), by: \.value).mapValues({ $0.map(\.key) }) {
                // The most populous member; between equals, the smaller code.
                let pole = members.max { (population[$0] ?? 0, $1) < (population[$1] ?? 0, $0) }.flatMap { communes[$0]?.name } ?? code
                add(.employmentZone, code, pole, members, FranceSelection(employmentZones: [code]))
            }
        }
        for (code, c) in communes { add(.commune, code, c.name, [code], FranceSelection(communes: [code])) }
        return result
    }

    /// The territories whose code is `text` or whose name contains it (accents, case, hyphens
    /// and apostrophes ignored): exact codes first, then names that start with it, then the
    /// others, each group by kind (largest first) and population.
    package func search(_ text: String, limit: Int) throws -> [FranceTerritoryMatch] {
        Self.rank(try catalog(), text, limit: limit)
    }

    /// The entries of `list` that `text` finds, in ``search(_:limit:)``'s order.
    package static func rank(_ list: [FranceTerritoryMatch], _ text: String, limit: Int) -> [FranceTerritoryMatch] {
        let key = Self.searchKey(text.trimmingCharacters(in: .whitespaces))
        guard !key.isEmpty else { return [] }
        let order = FranceTerritoryMatch.Kind.allCases
        let ranked: [(Int, FranceTerritoryMatch)] = list.compactMap { m in
            if m.code.lowercased() == key { return (0, m) }
            let name = Self.searchKey(m.name), bare = Self.searchKey(Self.withoutLegalForm(m.name))
            if name.hasPrefix(key) || bare.hasPrefix(key) { return (1, m) }
            return name.contains(key) ? (2, m) : nil
        }
        return ranked.sorted {
            ($0.0, order.firstIndex(of: $0.1.kind)!, -$0.1.population, $0.1.code) < ($1.0, order.firstIndex(of: $1.1.kind)!, -$1.1.population, $1.1.code)
        }.prefix(limit).map(\.1)
    }
}

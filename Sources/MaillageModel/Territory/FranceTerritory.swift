import Foundation
import MaillageFoundation
import Synchronization

/// A French territory named the way people name it: départements, régions, EPCI, employment zones or communes,
/// resolved through the national files shipped in `Scenarios/data/france/` (IGN polygons of 2018,
/// INSEE's geographic code, commune events and legal populations, the DGCL's EPCI and INSEE's
/// density grid). Every form given adds its communes; at least one commune must result.
public struct FranceSelection: Sendable, Equatable, Codable {
    /// Département codes (`"29"`, `"2A"`, `"974"`).
    public var departements: [String] = []
    /// Région codes of the COG (`"53"` is Bretagne).
    public var regions: [String] = []
    /// EPCI à fiscalité propre, by SIREN (9 digits) or by name (accents and case ignored).
    public var epci: [String] = []
    /// Commune codes of 2025 (a municipal arrondissement stands for its city).
    public var communes: [String] = []
    /// INSEE's employment zones of 2020 (`ZE2020`, 4 characters: `"5313"` is Quimper's).
    public var employmentZones: [String] = []

    public init(departements: [String] = [], regions: [String] = [], epci: [String] = [], communes: [String] = [], employmentZones: [String] = []) {
        self.departements = departements
        self.regions = regions
        self.epci = epci
        self.communes = communes
        self.employmentZones = employmentZones
    }

    /// Whether no form was given.
    public var isEmpty: Bool { departements.isEmpty && regions.isEmpty && epci.isEmpty && communes.isEmpty && employmentZones.isEmpty }

    enum CodingKeys: String, CodingKey { case departements, regions, epci, communes, employmentZones }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        departements = try c.decodeIfPresent([String].self, forKey: .departements) ?? []
        regions = try c.decodeIfPresent([String].self, forKey: .regions) ?? []
        epci = try c.decodeIfPresent([String].self, forKey: .epci) ?? []
        communes = try c.decodeIfPresent([String].self, forKey: .communes) ?? []
        employmentZones = try c.decodeIfPresent([String].self, forKey: .employmentZones) ?? []
    }

    /// Employment zones are written only when given, so that a scenario without them keeps the
    /// fingerprint it had before they existed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(departements, forKey: .departements)
        try c.encode(regions, forKey: .regions)
        try c.encode(epci, forKey: .epci)
        try c.encode(communes, forKey: .communes)
        if !employmentZones.isEmpty { try c.encode(employmentZones, forKey: .employmentZones) }
    }
}

/// The national files, read once per import, with what links a 2018 polygon to a 2025 commune.
package struct FranceData {
    /// A commune of the geographic code of 2025 (`TYPECOM` `COM`).
    package struct Commune { package var name: String; package var departement: String; package var region: String; package var arrondissement: String }

    package let folder: String
    package private(set) var communes: [String: Commune] = [:]
    /// A municipal arrondissement's city (Paris, Lyon, Marseille).
    package private(set) var arrondissementCity: [String: String] = [:]
    /// Commune events since 1 January 2018 (the polygons' geography) turning a code into another:
    /// old code → (date, new code).
    private var moves: [String: [(date: String, code: String)]] = [:]
    /// A commune re-established after 2018 → the commune it came out of.
    package private(set) var reestablishedFrom: [String: String] = [:]
    /// EPCI by SIREN: name and member communes.
    package private(set) var epci: [String: (name: String, members: [String])] = [:]

    /// Every file of the national data an import may read, in `folder`: the tables, and the
    /// polygons of every département (what a scenario's fingerprint covers).
    package static func files(in folder: String) -> [String] {
        let geo = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/geo")) ?? []).sorted().map { folder + "/geo/" + $0 }
        return ["insee/communes.csv", "insee/mouvements_communes.csv", "insee/donnees_communes.csv", "insee/donnees_communes_mayotte.csv",
                "epci.csv", "densite.csv"].map { folder + "/" + $0 } + geo
    }

    /// The path of one of the national files, relative to the data folder.
    package func file(_ relative: String) -> String { folder + "/" + relative }

    /// Reads the geographic code, the events and the EPCI of the data folder.
    package init(folder: String) throws {
        self.folder = folder
        let cog = try DelimitedText(path: folder + "/insee/communes.csv", delimiter: ",")
        let type = try cog.column("TYPECOM"), com = try cog.column("COM"), dep = try cog.column("DEP"), reg = try cog.column("REG")
        let label = try cog.column("LIBELLE"), parent = try cog.column("COMPARENT"), arr = try cog.column("ARR")
        for row in cog.rows {
            let code = row.fields[com]
            switch row.fields[type] {
            case "COM": communes[code] = Commune(name: row.fields[label], departement: row.fields[dep], region: row.fields[reg], arrondissement: row.fields[arr])
            case "ARM": arrondissementCity[code] = row.fields[parent]
            default: break
            }
        }
        guard !communes.isEmpty else { throw InputError(file: cog.file, field: "TYPECOM", message: "expected rows of type COM, found none") }

        let events = try DelimitedText(path: folder + "/insee/mouvements_communes.csv", delimiter: ",")
        let mod = try events.column("MOD"), date = try events.column("DATE_EFF")
        let typeBefore = try events.column("TYPECOM_AV"), before = try events.column("COM_AV")
        let typeAfter = try events.column("TYPECOM_AP"), after = try events.column("COM_AP")
        for row in events.rows {
            let f = row.fields
            guard f[typeBefore] == "COM", f[typeAfter] == "COM", f[before] != f[after], f[date] >= "2018-01-01" else { continue }
            moves[f[before], default: []].append((f[date], f[after]))
            if f[mod] == "21" { reestablishedFrom[f[after]] = f[before] }
        }

        let table = try DelimitedText(path: folder + "/epci.csv", delimiter: ",")
        let siren = try table.column("siren"), name = try table.column("raison_sociale"), member = try table.column("insee")
        for row in table.rows {
            epci[row.fields[siren], default: (row.fields[name], [])].members.append(row.fields[member])
        }
    }

    /// The département of a commune code: three characters overseas (`97…`), else two.
    package static func departement(of code: String) -> String { String(code.prefix(code.hasPrefix("97") ? 3 : 2)) }

    /// The 2025 commune a 2018 code became, following the events (the latest of each step; a
    /// split sends the rest of a commune on under its own code, which is a 2025 commune).
    package func resolve(_ code: String) -> String {
        var current = code
        for _ in 0..<20 {
            if communes[current] != nil { return current }
            guard let events = moves[current], let last = events.map(\.date).max() else { return current }
            current = events.filter { $0.date == last }.map(\.code).min()!
        }
        return current
    }

    /// Every old code that ends in one of `targets`.
    package func sources(of targets: Set<String>) -> [String] {
        moves.keys.filter { targets.contains(resolve($0)) }.sorted()
    }

    /// The polygon files of a département in `geo/` (gzipped or not).
    package func geometryFile(_ departement: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/geo")) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix("communes-\(departement)-") && ($0.hasSuffix(".geojson.gz") || $0.hasSuffix(".geojson")) }) else {
            throw InputError(file: folder + "/geo", message: "expected a polygon file communes-\(departement)-NAME.geojson.gz for département \(departement), found none")
        }
        return folder + "/geo/" + name
    }

    /// Normalised for a search: no accents, lower case, hyphens and apostrophes as spaces.
    package static func searchKey(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
            .replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "'", with: " ").replacingOccurrences(of: "’", with: " ")
    }

    /// An EPCI's name without the legal form it starts with ("CA Quimper Bretagne Occidentale" →
    /// "Quimper Bretagne Occidentale"), as people name it.
    package static func withoutLegalForm(_ name: String) -> String {
        for form in ["CC ", "CA ", "CU "] where name.hasPrefix(form) { return String(name.dropFirst(form.count)) }
        return name
    }

    /// The communes of a selection; `file` and `field` name the scenario's setting in errors.
    package func communes(of s: FranceSelection, file: String, field: String) throws -> Set<String> {
        var chosen = Set<String>()
        let departements = Set(communes.values.map(\.departement)), regions = Set(communes.values.map(\.region))
        for (k, d) in s.departements.enumerated() {
            guard departements.contains(d) else {
                throw InputError(file: file, field: "\(field).departements[\(k)]", message: "expected a département code of the COG 2025 (\"29\", \"2A\", \"974\"), found '\(d)'")
            }
            chosen.formUnion(communes.filter { $0.value.departement == d }.keys)
        }
        for (k, r) in s.regions.enumerated() {
            guard regions.contains(r) else {
                throw InputError(file: file, field: "\(field).regions[\(k)]", message: "expected a région code of the COG 2025 (\"53\" is Bretagne), found '\(r)'")
            }
            chosen.formUnion(communes.filter { $0.value.region == r }.keys)
        }
        for (k, e) in s.epci.enumerated() {
            var siren = e
            if epci[e] == nil {
                let key = Self.searchKey(e)
                let named = epci.filter { Self.searchKey($0.value.name) == key || Self.searchKey(Self.withoutLegalForm($0.value.name)) == key }.keys.sorted()
                guard named.count == 1 else {
                    throw InputError(file: file, field: "\(field).epci[\(k)]", message: named.isEmpty
                        ? "expected an EPCI's SIREN (9 digits) or its name (its legal form CC, CA or CU may be left out), found '\(e)' (maillage territories search finds names)"
                        : "expected one EPCI, found '\(e)' names \(named.count): \(named.joined(separator: ", "))")
                }
                siren = named[0]
            }
            chosen.formUnion(epci[siren]!.members)
        }
        if !s.employmentZones.isEmpty {
            let zoneOf = try shared("employment zones") { try employmentZones() }
            let known = Set(zoneOf.values)
            for (k, e) in s.employmentZones.enumerated() {
                guard known.contains(e) else {
                    throw InputError(file: file, field: "\(field).employment_zones[\(k)]", message: "expected an employment zone code of INSEE's 2020 zoning (4 characters, \"5313\" is Quimper's), found '\(e)'")
                }
                chosen.formUnion(zoneOf.filter { $0.value == e }.keys)
            }
        }
        for (k, c) in s.communes.enumerated() {
            let code = arrondissementCity[c] ?? c
            guard communes[code] != nil else {
                throw InputError(file: file, field: "\(field).communes[\(k)]", message: "expected a commune code of the COG 2025, found '\(c)'")
            }
            chosen.insert(code)
        }
        guard !chosen.isEmpty else { throw InputError(file: file, field: field, message: "expected at least one of departements, regions, epci, employment_zones, communes") }
        return chosen
    }

    /// Municipal populations (PMUN) by 2025 commune: arrondissements summed into their city,
    /// Mayotte's own file (its older layout: the code is 97 and CODCOM) added. Rows whose code is
    /// no 2025 commune are returned apart, with their population.
    /// `table` is the population file when the caller has read it already.
    package func populations(_ table: DelimitedText? = nil) throws -> (byCommune: [String: Int], names: [String: String], unknown: [(code: String, population: Int)]) {
        var byCommune: [String: Int] = [:], names: [String: String] = [:]
        var unknown: [(String, Int)] = []
        let main = try table ?? DelimitedText(path: file("insee/donnees_communes.csv"), delimiter: ";")
        for row in try PopulationTable.read(main) {
            let code = arrondissementCity[row.code] ?? row.code
            guard communes[code] != nil else { unknown.append((row.code, row.population)); continue }
            byCommune[code, default: 0] += row.population
            if arrondissementCity[row.code] == nil { names[code] = row.name }
        }
        let mayotte = file("insee/donnees_communes_mayotte.csv")
        if FileManager.default.fileExists(atPath: mayotte) {
            let table = try DelimitedText(path: mayotte, delimiter: ";")
            let commune = try table.column("CODCOM"), pmun = try table.column("PMUN")
            for row in table.rows {
                let code = "97" + row.fields[commune]
                let x = try table.number(row, pmun)
                guard x >= 0, x == x.rounded(), x <= 100_000_000 else {
                    throw InputError(file: mayotte, line: row.line, field: "PMUN", message: "expected a whole population, found \(row.fields[pmun])")
                }
                guard communes[code] != nil else { unknown.append((code, Int(x))); continue }
                if byCommune[code] == nil { byCommune[code] = Int(x) }
            }
        }
        return (byCommune, names, unknown)
    }

    /// INSEE's density level (1 to 7) by commune code (geography of 2024).
    package func densityLevels() throws -> [String: Int] {
        let table = try DelimitedText(path: file("densite.csv"), delimiter: ",")
        let code = try table.column("CODGEO"), level = try table.column("DENS")
        var result: [String: Int] = [:]
        for row in table.rows {
            guard let d = Int(row.fields[level]), (1...7).contains(d) else {
                throw InputError(file: table.file, line: row.line, field: "DENS", message: "expected a density level 1 to 7, found '\(row.fields[level])'")
            }
            result[row.fields[code]] = d
        }
        return result
    }

    /// Each 2025 commune's urban unit of 2020, from INSEE's zonings of 2022 (`zonages_2022.csv`;
    /// a code ending in `000` means outside any, and gives no entry). A commune whose code
    /// changed since 2022 takes the unit of the first of its 2022 codes, carried through the events.
    package func urbanUnits() throws -> [String: String] {
        try zoning("UU2020", width: 5, what: "an urban unit") { $0.hasSuffix("000") }
    }

    /// Each 2025 commune's employment zone of 2020 (`ZE2020` of `zonages_2022.csv`), carried
    /// through the events as ``urbanUnits()`` is.
    package func employmentZones() throws -> [String: String] {
        try zoning("ZE2020", width: 4, what: "an employment zone") { _ in false }
    }

    /// One column of INSEE's zonings by 2025 commune, without the codes `outside` rejects.
    private func zoning(_ column: String, width: Int, what: String, outside: (String) -> Bool) throws -> [String: String] {
        let table = try DelimitedText(path: file("zonages_2022.csv"), delimiter: ";")
        let code = try table.column("CODGEO"), unit = try table.column(column)
        var result: [String: String] = [:], carried: [String: String] = [:]
        for row in table.rows {
            let f = row.fields
            guard f[unit].count == width else {
                throw InputError(file: table.file, line: row.line, field: column,
                                 message: "expected \(what) code of \(width) characters for commune '\(f[code])', found '\(f[unit])'")
            }
            guard !outside(f[unit]) else { continue }
            if communes[f[code]] != nil {
                result[f[code]] = f[unit]
            } else {
                let target = resolve(f[code])
                if carried[target] == nil { carried[target] = f[unit] }
            }
        }
        return result.merging(carried) { own, _ in own }
    }

    /// Each département's préfecture (`departements.csv`, INSEE's `CHEFLIEU`), as a commune of 2025.
    package func prefectures() throws -> Set<String> {
        let table = try DelimitedText(path: file("departements.csv"), delimiter: ",")
        let seat = try table.column("CHEFLIEU")
        return Set(table.rows.map { resolve($0.fields[seat]) })
    }
}

extension RealTerritorySpec {
    /// Imports a territory of the national files: each 2025 commune of the selection is a zone
    /// whose outline is the union of the 2018 polygons that became it (carried through INSEE's
    /// events), whose population is its PMUN (arrondissements summed into Paris, Lyon and
    /// Marseille), and whose kind is rural for INSEE's density levels 5 to 7, urban for 1 to 4 (by
    /// population where the grid has no row). A commune re-established after 2018 has no polygon
    /// of its own: its inhabitants are counted in the zone it came out of, and reported.
    func loadFrance(_ selection: FranceSelection) throws -> ImportedTerritory {
        // The import is a function of the files and the selection: a process that builds the same
        // territory again (the page's plausible worlds, a study's cells) reads the files once.
        let key = [franceData, selection.departements.joined(separator: ","), selection.regions.joined(separator: ","),
                   selection.epci.joined(separator: ","), selection.communes.joined(separator: ","), selection.employmentZones.joined(separator: ","),
                   String(urbanThreshold), name].joined(separator: "\u{0}")
        if let known = Self.franceImports.withLock({ $0[key] }) { return known }
        let imported = try importFrance(selection)
        Self.franceImports.withLock {
            if $0.count >= 16 { $0.removeAll() }
            $0[key] = imported
        }
        return imported
    }

    /// The territories of the national files this process imported, by files and selection.
    private static let franceImports = Mutex<[String: ImportedTerritory]>([:])

    private func importFrance(_ selection: FranceSelection) throws -> ImportedTerritory {
        let data = try FranceData.shared(folder: franceData)
        let file = scenarioFile.isEmpty ? franceData : scenarioFile
        let chosen = try data.communes(of: selection, file: file, field: "territory.france")
        let (populations, rowNames, unknownRows) = try data.shared("populations") { try data.populations() }
        let density = try data.shared("density") { try data.densityLevels() }

        // The polygons of every département a chosen commune or one of its 2018 codes lies in.
        let oldCodes = data.sources(of: chosen)
        let departements = Set((Array(chosen) + oldCodes).map(FranceData.departement(of:))).sorted()
        var polygons: [String: [Polygon]] = [:], parts: [String: Int] = [:]
        var report = ImportReport()
        for d in departements {
            let path = try data.geometryFile(d)
            for g in try CommuneGeometry.read(path) {
                let target = data.resolve(g.code)
                if chosen.contains(target) {
                    polygons[target, default: []] += g.polygons
                    parts[target, default: 0] += 1
                } else if data.communes[target] == nil, departements.contains(FranceData.departement(of: g.code)) {
                    report.polygonsWithoutPopulation.append("\(g.code) \(g.name) (no commune of 2025)")
                }
            }
        }
        report.dissolved = parts.filter { $0.value > 1 }.map { "\($0.key) \(data.communes[$0.key]!.name) (\($0.value) polygons)" }.sorted()

        // Inhabitants per zone; a commune without a polygon goes to the one it came out of.
        var population: [String: Int] = [:]
        for code in chosen.sorted() {
            let p = populations[code] ?? 0
            report.selectedPopulation += p
            if polygons[code] != nil {
                population[code, default: 0] += p
            } else if let origin = data.reestablishedFrom[code].map(data.resolve), polygons[origin] != nil {
                population[origin, default: 0] += p
                report.reestablished.append("\(code) \(data.communes[code]!.name) (\(p)) → \(origin) \(data.communes[origin]!.name)")
            } else {
                report.unplaced.append(.init(code: code, name: data.communes[code]!.name, population: p))
            }
        }
        for code in polygons.keys where populations[code] == nil { report.polygonsWithoutPopulation.append("\(code) \(data.communes[code]!.name)") }
        report.polygonsWithoutPopulation.sort()
        let chosenDepartements = Set(chosen.map { data.communes[$0]!.departement })
        for row in unknownRows where chosenDepartements.contains(FranceData.departement(of: row.code)) {
            report.unplaced.append(.init(code: row.code, name: "no commune of the COG 2025", population: row.population))
        }
        report.aggregated = data.arrondissementCity.filter { chosen.contains($0.value) }.map { "\($0.key) → \($0.value)" }.sorted()

        let codes = polygons.keys.sorted()
        var imported = try Self.assemble(name: name, codes: codes, polygons: { polygons[$0]! }, report: report, file: franceData) { code in
            let p = population[code] ?? 0
            let kind: ZoneKind = density[code].map { $0 >= 5 ? .rural : .urban } ?? (p >= urbanThreshold ? .urban : .rural)
            return (rowNames[code] ?? data.communes[code]!.name, p, kind)
        }
        // The administrative units networks can be placed by (préfectures, sous-préfectures, urban units).
        let urbanUnits = try data.shared("urban units") { try data.urbanUnits() }, prefectures = try data.shared("prefectures") { try data.prefectures() }
        for i in imported.territory.zones.indices {
            let code = imported.territory.zones[i].code
            imported.territory.zones[i].departement = data.communes[code]?.departement
            // Mayotte's communes have no arrondissement in the COG.
            imported.territory.zones[i].arrondissement = data.communes[code].flatMap { $0.arrondissement.isEmpty ? nil : $0.arrondissement }
            imported.territory.zones[i].urbanUnit = urbanUnits[code]
            imported.territory.zones[i].isPrefecture = prefectures.contains(code)
            imported.territory.zones[i].densityLevel = density[code]
        }
        return imported
    }
}

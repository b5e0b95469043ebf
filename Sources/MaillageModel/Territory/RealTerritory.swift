import Foundation
import MaillageFoundation

/// A territory of real communes, read from the public files people download: commune polygons
/// (GeoJSON), INSEE legal populations (`donnees_communes.csv`) and, optionally, INSEE's official
/// geographic code (`communes.csv`) to select communes and aggregate municipal arrondissements.
public struct RealTerritorySpec: Sendable, Equatable, Codable {
    /// Which communes make the territory.
    public enum Selection: Sendable, Equatable, Codable {
        /// Every commune of these departments (`DEP`).
        case departments([String])
        /// Every commune of a territorial collectivity (`CTCD` in the COG; `69M` is the
        /// Métropole de Lyon). Needs the COG file.
        case collectivity(String)
        /// These INSEE codes.
        case codes([String])
    }

    public var name: String = "territory"
    /// GeoJSON files of commune polygons.
    public var geometry: [String] = []
    /// INSEE legal populations, `;`-separated, with columns COM and PMUN.
    public var populations: String = ""
    /// INSEE's official geographic code, `,`-separated (optional).
    public var cog: String?
    public var selection: Selection = .departments([])
    /// Communes with at least this many inhabitants are urban, the others rural. Default 2,000,
    /// INSEE's threshold for an urban unit.
    public var urbanThreshold: Int = 2_000
    /// The scenario file that describes the territory, for messages about its settings.
    public var scenarioFile: String = ""
    /// A territory of the national files (`territory: {france: …}`): then `geometry`,
    /// `populations`, `cog` and `selection` are not used.
    public var france: FranceSelection?
    /// The folder of the national files (`Scenarios/data/france`), for `france`.
    public var franceData: String = ""

    public init() {}

    enum CodingKeys: String, CodingKey { case name, geometry, populations, cog, selection, urbanThreshold, france }
}

/// What an import could not match: nothing is dropped without being listed here.
public struct ImportReport: Sendable, Equatable, Codable {
    /// A population row with no polygon: its inhabitants are left out of the territory.
    public struct UnplacedPopulation: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        public var population: Int
    }

    /// Population rows with no polygon (their population is not in the territory).
    public var unplaced: [UnplacedPopulation] = []
    /// Polygons of the selection with no population row (kept with population 0: communes
    /// merged since the geometry's vintage, usually).
    public var polygonsWithoutPopulation: [String] = []
    /// Municipal arrondissements aggregated into their commune: "69381 → 69123".
    public var aggregated: [String] = []
    /// Population rows matched to a polygon by name because their codes differ (a commune
    /// renumbered after a merger): "69114 → 69159 Porte des Pierres Dorées".
    public var matchedByName: [String] = []
    /// Sum of PMUN over the selected population rows.
    public var selectedPopulation: Int = 0
    /// Communes re-established since the polygons' vintage, without a polygon of their own, whose
    /// inhabitants are counted in the zone they came out of: "15031 Celles (250) → 15141 …".
    public var reestablished: [String] = []
    /// Communes made of several polygons of the geometry's vintage, dissolved into one zone.
    public var dissolved: [String] = []

    /// Warnings for the user, one line each, in English and French.
    public var warnings: [Label] {
        var lines: [Label] = []
        if !unplaced.isEmpty {
            let total = unplaced.reduce(0) { $0 + $1.population }
            let rows = unplaced.map { "\($0.code) \($0.name) (\($0.population))" }.joined(separator: ", ")
            lines.append(Label(words: "import.population_rows_without_polygon", en: ["count": String(unplaced.count), "inhabitants": String(total), "rows": rows],
                               fr: ["count": String(unplaced.count), "inhabitants": Numerals.count(total, french: true), "rows": rows]))
        }
        if !polygonsWithoutPopulation.isEmpty {
            let codes = polygonsWithoutPopulation.joined(separator: ", ")
            lines.append(Label(words: "import.polygons_without_population", ["count": String(polygonsWithoutPopulation.count), "codes": codes]))
        }
        if !reestablished.isEmpty {
            let rows = reestablished.joined(separator: ", ")
            lines.append(Label(words: "import.communes_reestablished", ["count": String(reestablished.count), "rows": rows]))
        }
        if !matchedByName.isEmpty {
            let pairs = matchedByName.joined(separator: ", ")
            lines.append(Label(words: "import.matched_by_name", ["pairs": pairs]))
        }
        return lines
    }

    /// What the import did that loses nothing, for the record: arrondissements summed into their
    /// commune.
    public var notes: [Label] {
        var lines: [Label] = []
        if !aggregated.isEmpty {
            lines.append(Label(words: "import.municipal_arrondissements", ["count": String(aggregated.count)]))
        }
        if !dissolved.isEmpty {
            lines.append(dissolved.count == 1
                ? Label(words: "import.1_commune_merged_since_polygons")
                : Label(words: "import.communes_merged_since_polygons", ["count": String(dissolved.count)]))
        }
        return lines
    }
}

/// The outline of each zone, in the territory's km plane, for maps.
public struct ZoneOutline: Sendable {
    public var code: String
    public var polygons: [Polygon]
}

/// A territory imported from real data, with its report, its outlines and the projection used.
public struct ImportedTerritory: Sendable {
    public var territory: Territory
    public var report: ImportReport
    public var outlines: [ZoneOutline]
    public var projection: LocalProjection
}

extension RealTerritorySpec {
    /// Imports the territory.
    ///
    /// Each zone is a commune of the selection: its population is the INSEE PMUN (municipal
    /// arrondissements summed into their commune through the COG's COMPARENT), its point the
    /// area centroid of its polygons on a local projection, its area theirs. Rows and polygons
    /// that do not match are reported, never dropped silently.
    public func load() throws -> ImportedTerritory {
        if let france { return try loadFrance(france) }
        // Populations.
        let rows = try PopulationTable.read(populations)

        // The official geographic code: collectivities and arrondissements' parents.
        let code = try cog.map { try GeographicCode.read($0) } ?? GeographicCode()
        let collectivity = code.collectivity, parent = code.parent

        // Selection, on the population rows.
        func selected(_ code: String, department: String) -> Bool {
            switch selection {
            case .departments(let deps): return deps.contains(department)
            case .collectivity(let c): return collectivity[code] == c
            case .codes(let codes): return codes.contains(code) || parent[code].map(codes.contains) == true
            }
        }
        if case .collectivity = selection, cog == nil {
            throw InputError(file: scenarioFile.isEmpty ? populations : scenarioFile, field: "territory.select.collectivity",
                             message: "expected a COG file (territory.cog) to select by collectivity")
        }
        typealias Row = PopulationTable.Row
        let chosen = rows.filter { selected($0.code, department: $0.department) }
        guard !chosen.isEmpty else {
            throw InputError(file: scenarioFile.isEmpty ? populations : scenarioFile, field: "territory.select",
                             message: "expected the selection to match some communes of \(populations), found none")
        }
        // Every code or department listed must select something: a typo would otherwise shrink
        // the territory silently.
        switch selection {
        case .codes(let codes):
            let known = Set(rows.map(\.code)).union(parent.values)
            for (k, c) in codes.enumerated() where !known.contains(c) {
                throw InputError(file: scenarioFile.isEmpty ? populations : scenarioFile, field: "territory.select.codes[\(k)]",
                                 message: "expected an INSEE commune code of \(populations), found '\(c)', which matches no row")
            }
        case .departments(let deps):
            let known = Set(rows.map(\.department))
            for (k, d) in deps.enumerated() where !known.contains(d) {
                throw InputError(file: scenarioFile.isEmpty ? populations : scenarioFile, field: "territory.select.departments[\(k)]",
                                 message: "expected a department of \(populations) (its DEP column), found '\(d)', which matches no row")
            }
        case .collectivity:
            break
        }

        // Geometry.
        var geometries: [String: CommuneGeometry] = [:]
        var order: [String] = []
        for file in geometry {
            for (k, g) in try CommuneGeometry.read(file).enumerated() {
                guard geometries[g.code] == nil else {
                    throw InputError(file: file, field: "features[\(k)].properties.code", message: "expected each commune code once, found \(g.code) again")
                }
                geometries[g.code] = g
                order.append(g.code)
            }
        }

        // Match rows to polygons: by code, through an arrondissement's parent, then by name.
        var report = ImportReport()
        report.selectedPopulation = chosen.reduce(0) { $0 + $1.population }
        var populationByPolygon: [String: Int] = [:]
        var rowNames: [String: String] = [:]
        var unmatched: [Row] = []
        for row in chosen {
            if geometries[row.code] != nil {
                populationByPolygon[row.code, default: 0] += row.population
                rowNames[row.code] = row.name
            } else if let up = parent[row.code], geometries[up] != nil {
                populationByPolygon[up, default: 0] += row.population
                report.aggregated.append("\(row.code) → \(up)")
            } else {
                unmatched.append(row)
            }
        }
        func normalized(_ s: String) -> String {
            s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
                .replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "'", with: " ")
        }
        // Polygons that belong to the selection but received no row yet.
        func polygonSelected(_ code: String) -> Bool {
            if populationByPolygon[code] != nil { return true }
            switch selection {
            case .departments(let deps): return deps.contains(String(code.prefix(code.hasPrefix("97") ? 3 : 2)))
            case .collectivity(let c): return collectivity[code] == c
            case .codes(let codes): return codes.contains(code)
            }
        }
        var orphanPolygons = order.filter { populationByPolygon[$0] == nil && polygonSelected($0) }
        for row in unmatched {
            let key = normalized(row.name)
            if let k = orphanPolygons.firstIndex(where: { normalized(geometries[$0]!.name) == key && String($0.prefix(2)) == row.department }) {
                let code = orphanPolygons.remove(at: k)
                populationByPolygon[code, default: 0] += row.population
                rowNames[code] = row.name
                report.matchedByName.append("\(row.code) → \(code) \(row.name)")
            } else {
                report.unplaced.append(.init(code: row.code, name: row.name, population: row.population))
            }
        }
        report.polygonsWithoutPopulation = orphanPolygons.map { "\($0) \(geometries[$0]!.name)" }
        let zoneCodes = order.filter { populationByPolygon[$0] != nil || orphanPolygons.contains($0) }
        return try Self.assemble(name: name, codes: zoneCodes, polygons: { geometries[$0]!.polygons }, report: report,
                                 file: geometry.joined(separator: ", ")) { code in
            let population = populationByPolygon[code] ?? 0
            return (rowNames[code] ?? geometries[code]!.name, population, population >= urbanThreshold ? .urban : .rural)
        }
    }

    /// The territory of zones `codes`, each the polygons `polygons` gives (longitude, latitude)
    /// with the name, population and kind `describe` gives, projected around the mean vertex:
    /// each zone's point is its area centroid, the territory's area the sum of the zones'.
    static func assemble(name: String, codes: [String], polygons: (String) -> [Polygon], report: ImportReport, file: String,
                         describe: (String) -> (name: String, population: Int, kind: ZoneKind)) throws -> ImportedTerritory {
        var lon = 0.0, lat = 0.0, n = 0.0
        for code in codes {
            for polygon in polygons(code) { for p in polygon.rings[0] { lon += p.x; lat += p.y; n += 1 } }
        }
        let projection = LocalProjection(longitude0: lon / max(n, 1), latitude0: lat / max(n, 1))
        var zones: [Zone] = []
        var outlines: [ZoneOutline] = []
        var area = 0.0
        for code in codes {
            let projected = polygons(code).map { Polygon(rings: $0.rings.map { $0.map { projection.project(longitude: $0.x, latitude: $0.y) } }) }
            let (a, x, y) = PlanarGeometry.areaAndCentroid(projected)
            guard a > 0 else {
                throw InputError(file: file, field: "commune \(code)", message: "expected a polygon with an area, found a degenerate one")
            }
            area += a
            let d = describe(code)
            zones.append(Zone(code: code, name: d.name, x: x, y: y, population: d.population, kind: d.kind))
            outlines.append(ZoneOutline(code: code, polygons: projected))
        }
        return ImportedTerritory(territory: Territory(name: name, zones: zones, areaKm2: area), report: report,
                                 outlines: outlines, projection: projection)
    }
}

/// INSEE's legal populations (`donnees_communes.csv`): `;`-separated, with at least the columns
/// COM (the commune's code) and PMUN (its municipal population).
package enum PopulationTable {
    package struct Row { package var code: String; var name: String; var department: String; var population: Int }

    package static func read(_ path: String) throws -> [Row] {
        try read(try DelimitedText(path: path, delimiter: ";"))
    }

    /// Reads the rows of a table already split.
    package static func read(_ table: DelimitedText) throws -> [Row] {
        let path = table.file
        let codeColumn = try table.column("COM"), popColumn = try table.column("PMUN")
        let nameColumn = table.optionalColumn("Commune"), depColumn = table.optionalColumn("DEP")
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let code = row.fields[codeColumn].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw InputError(file: path, line: row.line, field: "COM", message: "expected an INSEE code, found an empty field") }
            let x = try table.number(row, popColumn)
            guard x >= 0, x == x.rounded(), x <= 100_000_000 else {
                throw InputError(file: path, line: row.line, field: "PMUN", message: "expected a whole population in 0...100000000, found \(row.fields[popColumn])")
            }
            if let previous = seen[code] {
                throw InputError(file: path, line: row.line, field: "COM", message: "expected each code once, found \(code) again (first on line \(previous))")
            }
            seen[code] = row.line
            rows.append(Row(code: code, name: nameColumn.map { row.fields[$0] } ?? code,
                            department: depColumn.map { row.fields[$0] } ?? String(code.prefix(2)), population: Int(x)))
        }
        return rows
    }
}

/// INSEE's official geographic code (`communes.csv`): `,`-separated, with columns TYPECOM and
/// COM, and optionally CTCD (territorial collectivity) and COMPARENT (an arrondissement's commune).
package struct GeographicCode {
    var collectivity: [String: String] = [:]
    var parent: [String: String] = [:]

    package static func read(_ path: String) throws -> GeographicCode {
        try read(try DelimitedText(path: path, delimiter: ","))
    }

    /// Reads a table already split.
    package static func read(_ c: DelimitedText) throws -> GeographicCode {
        let path = c.file
        let com = try c.column("COM"), type = try c.column("TYPECOM"), ctcd = c.optionalColumn("CTCD"), up = c.optionalColumn("COMPARENT")
        var result = GeographicCode()
        var seen = Set<String>()
        for row in c.rows {
            let code = row.fields[com]
            guard !code.isEmpty else { throw InputError(file: path, line: row.line, field: "COM", message: "expected a code, found an empty field") }
            guard seen.insert(row.fields[type] + code).inserted else {
                throw InputError(file: path, line: row.line, field: "COM", message: "expected each code once per type, found \(code) again")
            }
            if let ctcd { result.collectivity[code] = row.fields[ctcd] }
            if row.fields[type] == "ARM", let up, !row.fields[up].isEmpty { result.parent[code] = row.fields[up] }
        }
        return result
    }
}

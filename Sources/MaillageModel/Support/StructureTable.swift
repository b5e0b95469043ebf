import Foundation
import MaillageFoundation

/// Support structures listed in a CSV file: `name, ecosystem, stages, capacity_per_year`, and a
/// location given either as `commune` (a zone code), or `lon, lat` (degrees, real territories),
/// or `x_km, y_km` (synthetic territories). Stages are separated by `|`, as in
/// `emergence|creation`. Optional columns: `family` (a ``NetworkFamily``; by default the one its
/// name says, else its ecosystem's: ``NetworkFamily/inferred(networkNamed:ecosystem:)``),
/// `opens_month` and `closes_month` (from the start of the horizon).
package enum StructureTable {
    /// Reads the table; with `territory` nil (a file checked on its own) locations are read but
    /// not placed.
    package static func read(_ path: String, territory: Territory?, outlines: [ZoneOutline]?, projection: LocalProjection?,
                     contains: (Double, Double) -> Bool, firstId: Int) throws -> [SupportStructure] {
        try read(try DelimitedText(path: path, delimiter: ","), territory: territory, outlines: outlines, projection: projection,
                 contains: contains, firstId: firstId)
    }

    /// Reads a table already split.
    package static func read(_ table: DelimitedText, territory: Territory?, outlines: [ZoneOutline]?, projection: LocalProjection?,
                             contains: (Double, Double) -> Bool, firstId: Int) throws -> [SupportStructure] {
        let path = table.file
        let name = try table.column("name"), ecosystem = try table.column("ecosystem"), stages = try table.column("stages")
        let capacity = try table.column("capacity_per_year")
        let commune = table.optionalColumn("commune")
        let lon = table.optionalColumn("lon"), lat = table.optionalColumn("lat")
        let xKm = table.optionalColumn("x_km"), yKm = table.optionalColumn("y_km")
        let familyColumn = table.optionalColumn("family")
        let opens = table.optionalColumn("opens_month"), closes = table.optionalColumn("closes_month")
        let zones = territory?.zones ?? []
        let zoneIndex = zones.indexByCode()
        var structures: [SupportStructure] = []
        for row in table.rows {
            let label = row.fields[name].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw InputError(file: path, line: row.line, field: "name", message: "expected a name, found an empty field") }
            guard let eco = Ecosystem(rawValue: row.fields[ecosystem].trimmingCharacters(in: .whitespaces)) else {
                throw InputError(file: path, line: row.line, field: "ecosystem", message: "expected classic or ess, found '\(row.fields[ecosystem])'")
            }
            var served: [Stage] = []
            for part in row.fields[stages].split(separator: "|") {
                guard let stage = Stage(name: part.trimmingCharacters(in: .whitespaces)) else {
                    throw InputError(file: path, line: row.line, field: "stages",
                                     message: "expected stages among emergence, creation, financing, growth separated by '|', found '\(row.fields[stages])'")
                }
                served.append(stage)
            }
            guard !served.isEmpty else { throw InputError(file: path, line: row.line, field: "stages", message: "expected at least one stage") }
            let cap = try table.number(row, capacity)
            guard (0...10_000_000).contains(cap) else {
                throw InputError(file: path, line: row.line, field: "capacity_per_year", message: "expected a capacity of 0 to 10,000,000 holders a year, found \(cap)")
            }

            var x = 0.0, y = 0.0, zoneCode = ""
            if let commune, !row.fields[commune].isEmpty {
                let code = row.fields[commune].trimmingCharacters(in: .whitespaces)
                if territory == nil {
                    zoneCode = code
                } else {
                    guard let z = zoneIndex[code] else {
                        throw InputError(file: path, line: row.line, field: "commune", message: "expected a commune code of the territory, found '\(code)'")
                    }
                    (x, y, zoneCode) = (zones[z].x, zones[z].y, code)
                }
            } else if territory == nil, let lon, let lat {
                let (a, b) = (try table.number(row, lon), try table.number(row, lat))
                guard (-180...180).contains(a), (-90...90).contains(b) else {
                    throw InputError(file: path, line: row.line, field: "lon", message: "expected longitude and latitude in degrees, found \(a), \(b)")
                }
                zoneCode = "?"
            } else if let lon, let lat, let projection {
                let p = projection.project(longitude: try table.number(row, lon), latitude: try table.number(row, lat))
                (x, y) = (p.x, p.y)
            } else if let xKm, let yKm {
                (x, y) = (try table.number(row, xKm), try table.number(row, yKm))
            } else {
                throw InputError(file: path, line: row.line, message: "expected a location: a commune code, or lon and lat (real territories), or x_km and y_km")
            }
            if zoneCode.isEmpty && territory == nil {
                zoneCode = "?"
            } else if zoneCode.isEmpty {
                if let outlines {
                    guard let home = outlines.first(where: { PlanarGeometry.contains($0.polygons, x: x, y: y) }) else {
                        throw InputError(file: path, line: row.line, message: "expected a location inside the territory, found one outside every commune of it")
                    }
                    zoneCode = home.code
                } else {
                    guard contains(x, y) else {
                        throw InputError(file: path, line: row.line, message: "expected a location inside the territory, found (\(x), \(y)) km")
                    }
                    zoneCode = zones.min { hypot($0.x - x, $0.y - y) < hypot($1.x - x, $1.y - y) }?.code ?? ""
                }
            }
            let familyText = familyColumn.map { row.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            let family: NetworkFamily
            if !familyText.isEmpty {
                guard let f = NetworkFamily(name: familyText) else {
                    throw InputError(file: path, line: row.line, field: "family",
                                     message: "expected one of \(NetworkFamily.allCases.map(\.rawValue).joined(separator: ", ")), found '\(DelimitedText.excerpt(familyText))'")
                }
                family = f
            } else {
                family = NetworkFamily.inferred(networkNamed: label, ecosystem: eco)
            }
            func month(_ column: Int?) throws -> Int? {
                guard let column, !row.fields[column].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
                let x = try table.number(row, column)
                guard x == x.rounded(), (-600...600).contains(x) else {
                    throw InputError(file: path, line: row.line, field: table.header[column], message: "expected a whole month in -600...600, found \(x)")
                }
                return Int(x)
            }
            var structure = SupportStructure(id: firstId + structures.count, name: label, ecosystem: eco, stages: StageSet(served),
                                             capacityPerYear: cap, x: x, y: y, zoneCode: zoneCode, family: family)
            structure.opensMonth = try month(opens)
            structure.closesMonth = try month(closes)
            structures.append(structure)
        }
        return structures
    }
}

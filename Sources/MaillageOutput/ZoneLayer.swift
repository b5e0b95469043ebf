import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Each zone's shape in longitude and latitude, for `zones.geojson` and the maps.
///
/// A real territory's communes keep their polygons (from the IGN outlines the territory was
/// imported from). A synthetic territory has no place on Earth: its zones become the Voronoi cells
/// of their points, clipped to the territory's extent, drawn around 46.5° N 3° E (the origin of
/// Lambert-93, in the middle of France) so that GIS tools open the layer; its `synthetic` property
/// says so.
public struct ZoneLayer: Sendable {
    /// The longitude and latitude of each zone's point.
    public var points: [(longitude: Double, latitude: Double)]
    /// Each zone's polygons, rings of (longitude, latitude), outer ring counter-clockwise and
    /// closed; empty when the zone's outline is unknown.
    public var shapes: [[[[(longitude: Double, latitude: Double)]]]]
    /// True when the territory is synthetic (Voronoi cells at a nominal place).
    public var synthetic: Bool

    /// Where a synthetic territory is drawn.
    public static let nominalPlace = LocalProjection(longitude0: 3, latitude0: 46.5)

    /// The layer of a territory: its outlines and projection when it was imported, else Voronoi
    /// cells of its zones.
    public init(territory: Territory, outlines: [ZoneOutline]?, projection: LocalProjection?) {
        self.init(zones: territory.zones, outlines: outlines, projection: projection)
    }

    /// The layer of some zones (the outlines are looked up by zone code).
    public init(zones: [Zone], outlines: [ZoneOutline]?, projection: LocalProjection?) {
        let projection = projection ?? Self.nominalPlace
        synthetic = outlines == nil
        points = zones.map { projection.unproject(x: $0.x, y: $0.y) }
        func toDegrees(_ ring: Ring) -> [(longitude: Double, latitude: Double)] { ring.map { projection.unproject(x: $0.x, y: $0.y) } }
        if let outlines {
            let byCode = Dictionary(outlines.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            shapes = zones.map { z in
                (byCode[z.code]?.polygons ?? []).map { polygon in
                    polygon.rings.enumerated().compactMap { r, ring in Self.closed(toDegrees(ring), counterClockwise: r == 0) }
                }.filter { !$0.isEmpty }
            }
        } else {
            shapes = Self.voronoi(zones.map { ($0.x, $0.y) }).map { cell in
                cell.count >= 3 ? [[Self.closed(toDegrees(cell), counterClockwise: true)].compactMap { $0 }] : []
            }
        }
    }

    /// A layer of shapes given in degrees (a national study's territories), one point each.
    public init(points: [(longitude: Double, latitude: Double)], shapes: [[[[(longitude: Double, latitude: Double)]]]]) {
        self.points = points
        self.shapes = shapes
        synthetic = false
    }

    /// A ring closed (last point = first) and oriented; nil when it has fewer than three points.
    static func closed(_ ring: [(longitude: Double, latitude: Double)], counterClockwise: Bool) -> [(longitude: Double, latitude: Double)]? {
        var r = ring
        if let f = r.first, let l = r.last, f.longitude == l.longitude && f.latitude == l.latitude { r.removeLast() }
        guard r.count >= 3 else { return nil }
        var area = 0.0
        for i in r.indices {
            let p = r[i], q = r[(i + 1) % r.count]
            area += p.longitude * q.latitude - q.longitude * p.latitude
        }
        if (area > 0) != counterClockwise { r.reverse() }
        r.append(r[0])
        return r
    }

    /// The Voronoi cell of every point, clipped to the points' bounding box widened by 5% (at
    /// least 1 km): each cell is the box cut by the half-plane nearer its point than each other
    /// point (Sutherland–Hodgman on a convex polygon).
    ///
    /// The other points are taken nearest first, through a grid of about one point per square,
    /// ring of squares by ring, and the cutting stops once the next ring lies farther than twice
    /// the cell's radius (the farthest corner from its point): no point beyond can cut it. Each
    /// cell then costs about the same whatever the number of points, so the whole is linear
    /// in them (a territory of 100,000 communes takes seconds, not hours). Each ring starts at its
    /// lowest corner, so that the cells written do not depend on the order of the cuts.
    static func voronoi(_ points: [(x: Double, y: Double)]) -> [Ring] {
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return [] }
        let mx = max(1, 0.05 * (maxX - minX)), my = max(1, 0.05 * (maxY - minY))
        let box: Ring = [(minX - mx, minY - my), (maxX + mx, minY - my), (maxX + mx, maxY + my), (minX - mx, maxY + my)]
        let grid = PointGrid(points, x: (minX - mx, maxX + mx), y: (minY - my, maxY + my))
        var nearby: [(distance: Double, index: Int)] = []
        return points.indices.map { i in
            var cell = box
            let p = points[i]
            var radius2 = Self.radius2(cell, p)
            let (cx, cy) = grid.square(p)
            for ring in 0...max(grid.columns, grid.rows) where !cell.isEmpty {
                // Every point of this ring of squares is at least (ring − 1) squares away.
                let reach = Double(max(ring - 1, 0)) * grid.size
                guard reach * reach <= 4 * radius2 else { break }
                nearby.removeAll(keepingCapacity: true)
                grid.forEachInRing(ring, aroundColumn: cx, row: cy) { j in
                    guard j != i else { return }
                    let dx: Double = points[j].x - p.x, dy: Double = points[j].y - p.y
                    nearby.append((dx * dx + dy * dy, j))
                }
                nearby.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
                for (d2, j) in nearby where !cell.isEmpty && d2 > 0 && d2 <= 4 * radius2 {
                    cell = Self.clip(cell, nearer: p, than: points[j])
                    radius2 = Self.radius2(cell, p)
                }
            }
            // Starting from its lowest corner (then the westmost), whatever order cut it.
            guard let first = cell.indices.min(by: { (cell[$0].y, cell[$0].x) < (cell[$1].y, cell[$1].x) }) else { return cell }
            return Array(cell[first...] + cell[..<first])
        }
    }

    /// The square of the distance from `p` to the farthest corner of `cell`.
    static func radius2(_ cell: Ring, _ p: (x: Double, y: Double)) -> Double {
        var r2 = 0.0
        for v in cell {
            let dx = v.x - p.x, dy = v.y - p.y
            r2 = max(r2, dx * dx + dy * dy)
        }
        return r2
    }

    /// The part of the convex polygon `cell` nearer `p` than `q`.
    static func clip(_ cell: Ring, nearer p: (x: Double, y: Double), than q: (x: Double, y: Double)) -> Ring {
        let nx = q.x - p.x, ny = q.y - p.y
        let c = (q.x * q.x + q.y * q.y - p.x * p.x - p.y * p.y) / 2
        // Keep the side where nx·x + ny·y ≤ c.
        var kept: Ring = []
        kept.reserveCapacity(cell.count + 1)
        for k in cell.indices {
            let a = cell[k], b = cell[(k + 1) % cell.count]
            let fa = nx * a.x + ny * a.y - c, fb = nx * b.x + ny * b.y - c
            if fa <= 0 { kept.append(a) }
            if (fa < 0 && fb > 0) || (fa > 0 && fb < 0) {
                let t = fa / (fa - fb)
                kept.append((a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
            }
        }
        return kept
    }

    /// An RFC 7946 feature collection: one feature per zone, its polygons (a MultiPolygon) or its
    /// point when its outline is unknown, and the table's row as properties. `text` names the
    /// columns kept as text; other fields are numbers, `NA` becoming null.
    public func geoJSON(header: [String], rows: [[String]], text: Set<String>) -> String {
        func coordinate(_ p: (longitude: Double, latitude: Double)) -> String {
            "[" + Self.degrees(p.longitude) + "," + Self.degrees(p.latitude) + "]"
        }
        var features: [String] = []
        for (z, row) in rows.enumerated() {
            let geometry: String
            if shapes[z].isEmpty {
                geometry = "{\"type\":\"Point\",\"coordinates\":" + coordinate(points[z]) + "}"
            } else {
                let polygons = shapes[z].map { rings in "[" + rings.map { "[" + $0.map(coordinate).joined(separator: ",") + "]" }.joined(separator: ",") + "]" }
                geometry = "{\"type\":\"MultiPolygon\",\"coordinates\":[" + polygons.joined(separator: ",") + "]}"
            }
            var properties = zip(header, row).map { key, value -> String in
                let v: String
                if text.contains(key) { v = Self.string(value) } else if value == "NA" || Double(value) == nil { v = "null" } else { v = value }
                return Self.string(key) + ":" + v
            }
            properties.append("\"longitude\":" + Self.degrees(points[z].longitude))
            properties.append("\"latitude\":" + Self.degrees(points[z].latitude))
            properties.append("\"synthetic\":" + (synthetic ? "true" : "false"))
            features.append("{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{" + properties.joined(separator: ",") + "}}")
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// `zones.csv` and `zones.geojson` from the same rows: the one way every command makes its
    /// zones.
    func zoneFiles(header: [String], rows: [[String]], text: Set<String>, into files: inout FileSet) {
        var table = CSVTable(header: header)
        for row in rows { table.append(row) }
        files.add("zones.csv", table.text)
        files.add("zones.geojson", geoJSON(header: header, rows: rows, text: text))
    }

    /// Writes ``zoneFiles(header:rows:text:into:)`` into `folder`.
    func writeZones(header: [String], rows: [[String]], text: Set<String>, to folder: String) throws {
        var files = FileSet()
        zoneFiles(header: header, rows: rows, text: text, into: &files)
        try files.write(to: folder)
    }

    /// An RFC 7946 collection of points (structures or new sites) at (x, y) km of `place`, each
    /// with its properties as (key, JSON value) pairs.
    static func points(_ points: [(x: Double, y: Double, properties: [(key: String, json: String)])], place: LocalProjection) -> String {
        let features = points.map { point -> String in
            let p = place.unproject(x: point.x, y: point.y)
            return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + degrees(p.longitude) + "," + degrees(p.latitude)
                + "]},\"properties\":{" + point.properties.map { string($0.key) + ":" + $0.json }.joined(separator: ",") + "}}"
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// Degrees to 6 decimals (about 10 cm), as RFC 7946 suggests.
    static func degrees(_ x: Double) -> String { FixedDecimal.text(x, decimals: 6) }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// France's official projection, Lambert-93 (EPSG:2154): Lambert conformal conic on the GRS80
/// ellipsoid, standard parallels 44° and 49° N, origin 46.5° N 3° E, false easting 700 km and
/// northing 6,600 km. Maps are drawn in it, so that shapes and distances look as on IGN's maps.
public enum Lambert93 {
    static let a = 6_378_137.0
    static let e = 0.081_819_191_042_815_8
    static let lambda0 = 3.0 * Double.pi / 180
    static let x0 = 700_000.0, y0 = 6_600_000.0

    static func m(_ phi: Double) -> Double { cos(phi) / (1 - e * e * sin(phi) * sin(phi)).squareRoot() }
    static func t(_ phi: Double) -> Double { tan(.pi / 4 - phi / 2) / pow((1 - e * sin(phi)) / (1 + e * sin(phi)), e / 2) }

    static let phi1 = 44.0 * Double.pi / 180, phi2 = 49.0 * Double.pi / 180, phi0 = 46.5 * Double.pi / 180
    /// The cone's constant n.
    public static let n = (log(m(phi1)) - log(m(phi2))) / (log(t(phi1)) - log(t(phi2)))
    /// a·F, the radius scale (IGN's C).
    public static let c = a * m(phi1) / (n * pow(t(phi1), n))
    static let rho0 = c * pow(t(phi0), n)

    /// Easting and northing in metres of a longitude and latitude in degrees.
    public static func project(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let phi = latitude * .pi / 180, theta = n * (longitude * .pi / 180 - lambda0)
        let rho = c * pow(t(phi), n)
        return (x0 + rho * sin(theta), y0 + rho0 - rho * cos(theta))
    }
}

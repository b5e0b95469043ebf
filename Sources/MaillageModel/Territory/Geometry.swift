import Foundation
import MaillageFoundation

/// A polygon ring: a closed line of (x, y) points (the last point may repeat the first).
public typealias Ring = [(x: Double, y: Double)]

/// A polygon: an outer ring and holes.
public struct Polygon: Sendable {
    public var rings: [Ring]
    public init(rings: [Ring]) { self.rings = rings }
}

extension Polygon {
    /// The outline of the union of `polygons` that tile a region (neighbours share their border
    /// vertex for vertex, as the communes of IGN's Admin Express do): every edge two rings share
    /// cancels out, the edges left are chained into rings, and each ring keeps a point only once
    /// it lies `spacingKm` or more from the last one kept (rings left with fewer than three
    /// points are dropped). A ring inside an odd number of others is a hole of the innermost of
    /// them. Linear in the vertices, then quadratic in the (few) rings left.
    public static func outline(of polygons: [Polygon], spacingKm: Double) -> [Polygon] {
        struct Key: Hashable { var x: UInt64, y: UInt64 }
        func key(_ p: (x: Double, y: Double)) -> Key { Key(x: p.x.bitPattern, y: p.y.bitPattern) }
        // Each undirected edge once, in the order first met, with how many rings use it.
        var edgeIndex: [Key: [Int]] = [:]
        var edges: [(a: (x: Double, y: Double), b: (x: Double, y: Double), count: Int)] = []
        for polygon in polygons {
            for var ring in polygon.rings {
                if let f = ring.first, let l = ring.last, ring.count > 1, key(f) == key(l) { ring.removeLast() }
                guard ring.count >= 3 else { continue }
                for i in ring.indices {
                    let a = ring[i], b = ring[(i + 1) % ring.count]
                    guard key(a) != key(b) else { continue }
                    let ka = key(a), kb = key(b)
                    if let e = edgeIndex[ka]?.first(where: { key(edges[$0].a) == kb && key(edges[$0].b) == ka || key(edges[$0].a) == ka && key(edges[$0].b) == kb }) {
                        edges[e].count += 1
                    } else {
                        edgeIndex[ka, default: []].append(edges.count)
                        edgeIndex[kb, default: []].append(edges.count)
                        edges.append((a, b, 1))
                    }
                }
            }
        }
        var used = edges.map { $0.count % 2 == 0 }
        var rings: [Ring] = []
        for start in edges.indices where !used[start] {
            used[start] = true
            var ring: Ring = [edges[start].a]
            var at = edges[start].b
            let origin = key(edges[start].a)
            while key(at) != origin {
                ring.append(at)
                guard let next = edgeIndex[key(at)]?.first(where: { !used[$0] }) else { break }
                used[next] = true
                at = key(edges[next].a) == key(at) ? edges[next].b : edges[next].a
            }
            var kept: Ring = [ring[0]]
            for p in ring.dropFirst() where hypot(p.x - kept[kept.count - 1].x, p.y - kept[kept.count - 1].y) >= spacingKm { kept.append(p) }
            if kept.count >= 3 { rings.append(kept) }
        }
        let containers = rings.indices.map { i in
            rings.indices.filter { $0 != i && PlanarGeometry.contains([Polygon(rings: [rings[$0]])], x: rings[i][0].x, y: rings[i][0].y) }
        }
        var result: [Polygon] = [], shellOf: [Int: Int] = [:]
        for i in rings.indices where containers[i].count % 2 == 0 {
            shellOf[i] = result.count
            result.append(Polygon(rings: [rings[i]]))
        }
        for i in rings.indices where containers[i].count % 2 == 1 {
            // The innermost container: the one inside the most others.
            if let shell = containers[i].max(by: { containers[$0].count < containers[$1].count }), let k = shellOf[shell] {
                result[k].rings.append(rings[i])
            }
        }
        return result
    }
}

/// An equirectangular projection to km around a reference point: accurate to a fraction of a
/// percent over a region the size of a French department or region, which is all a commune's
/// area and centroid need.
public struct LocalProjection: Sendable {
    public let longitude0: Double
    public let latitude0: Double
    static let earthRadiusKm = 6_371.0088

    public init(longitude0: Double, latitude0: Double) {
        self.longitude0 = longitude0
        self.latitude0 = latitude0
    }

    /// (x, y) in km east and north of the reference point.
    public func project(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let k = Double.pi / 180 * Self.earthRadiusKm
        return ((longitude - longitude0) * k * cos(latitude0 * .pi / 180), (latitude - latitude0) * k)
    }

    /// The longitude and latitude (degrees) of the point (x, y) km east and north of the
    /// reference point: the inverse of ``project(longitude:latitude:)``.
    public func unproject(x: Double, y: Double) -> (longitude: Double, latitude: Double) {
        let k = Double.pi / 180 * Self.earthRadiusKm
        return (longitude0 + x / (k * cos(latitude0 * .pi / 180)), latitude0 + y / k)
    }
}

enum PlanarGeometry {
    /// Signed area (shoelace) and the first moments of a ring.
    static func moments(_ ring: Ring) -> (area: Double, mx: Double, my: Double) {
        var a = 0.0, mx = 0.0, my = 0.0
        guard ring.count >= 3 else { return (0, 0, 0) }
        for i in 0..<ring.count {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            let cross = p.x * q.y - q.x * p.y
            a += cross
            mx += (p.x + q.x) * cross
            my += (p.y + q.y) * cross
        }
        return (a / 2, mx / 6, my / 6)
    }

    /// Area and area centroid of polygons with holes: outer rings add, holes subtract, whatever
    /// the rings' orientation.
    static func areaAndCentroid(_ polygons: [Polygon]) -> (area: Double, x: Double, y: Double) {
        var area = 0.0, mx = 0.0, my = 0.0
        for polygon in polygons {
            for (k, ring) in polygon.rings.enumerated() {
                let m = moments(ring)
                let sign: Double = (k == 0 ? 1 : -1) * (m.area < 0 ? -1 : 1)
                area += sign * m.area
                mx += sign * m.mx
                my += sign * m.my
            }
        }
        guard area > 0 else { return (0, .nan, .nan) }
        return (area, mx / area, my / area)
    }
}

extension PlanarGeometry {
    /// Whether (x, y) lies inside the polygons (even–odd rule over every ring, so holes are out).
    static func contains(_ polygons: [Polygon], x: Double, y: Double) -> Bool {
        var inside = false
        for polygon in polygons {
            for ring in polygon.rings where ring.count >= 3 {
                var j = ring.count - 1
                for i in 0..<ring.count {
                    let a = ring[i], b = ring[j]
                    if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                    j = i
                }
            }
        }
        return inside
    }
}

extension PlanarGeometry {
    /// The index of the first edge of `ring` that crosses another edge (edges sharing a point
    /// are not crossings), or nil for a simple ring. A closing point repeating the first is
    /// allowed.
    ///
    /// - Complexity: O(n²) for n points; rings of simplified commune boundaries have tens to a
    ///   few hundred points.
    static func selfIntersection(_ ring: Ring) -> Int? {
        var points = ring
        if let first = points.first, let last = points.last, points.count > 1, first == last { points.removeLast() }
        let n = points.count
        guard n >= 4 else { return nil }
        func orientation(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ c: (x: Double, y: Double)) -> Double {
            (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
        }
        for i in 0..<n {
            let a = points[i], b = points[(i + 1) % n]
            // Edges that share a point with edge i: its neighbours; compare with the others only.
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                let c = points[j], d = points[(j + 1) % n]
                let o1 = orientation(a, b, c), o2 = orientation(a, b, d), o3 = orientation(c, d, a), o4 = orientation(c, d, b)
                if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) { return i }
            }
        }
        return nil
    }
}

import Foundation
import MaillageFoundation

/// A polygon ring: a closed line of (x, y) points (the last point may repeat the first).
public typealias Ring = [(x: Double, y: Double)]

/// A polygon: an outer ring and holes.
public struct Polygon: Sendable {
    public var rings: [Ring]
    public init(rings: [Ring]) { self.rings = rings }
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

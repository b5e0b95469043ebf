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

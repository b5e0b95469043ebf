import Foundation
import MaillageFoundation

/// Commune polygons read from a GeoJSON FeatureCollection (Polygon and MultiPolygon geometries,
/// WGS84 longitude/latitude; properties `code` and `nom`).
package struct CommuneGeometry {
    package var code: String
    var name: String
    /// Polygons in longitude/latitude.
    var polygons: [Polygon]

    /// Reads every feature of `path`.
    package static func read(_ path: String) throws -> [CommuneGeometry] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such file (the commune geometry: a GeoJSON FeatureCollection of commune polygons; Scenarios/data/README.md describes the shipped ones)")
        }
        return try parse(try TextFile.bytes(path, maxBytes: Limits.geoJSONBytes), file: path)
    }

    /// Reads every feature of GeoJSON `data` read from `file`.
    package static func parse(_ data: Data, file path: String) throws -> [CommuneGeometry] {
        guard !data.isEmpty else {
            throw InputError(file: path, message: "expected a GeoJSON FeatureCollection, found an empty file")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputError(file: path, message: "expected GeoJSON, found text that is not JSON (truncated, or another format)")
        }
        guard let root = json as? [String: Any], root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [Any] else {
            throw InputError(file: path, field: "type", message: "expected a FeatureCollection with a 'features' list")
        }
        guard !features.isEmpty else {
            throw InputError(file: path, field: "features", message: "expected at least one commune, found an empty FeatureCollection")
        }
        return try features.enumerated().map { i, item in
            let at = "features[\(i)]"
            guard let feature = item as? [String: Any], let properties = feature["properties"] as? [String: Any] else {
                throw InputError(file: path, field: at, message: "expected a Feature with properties")
            }
            guard let code = (properties["code"] as? String) ?? (properties["code"] as? NSNumber)?.stringValue, !code.isEmpty else {
                throw InputError(file: path, field: "\(at).properties.code", message: "expected the commune's INSEE code")
            }
            let name = properties["nom"] as? String ?? code
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                  let coordinates = geometry["coordinates"] as? [Any] else {
                throw InputError(file: path, field: "\(at).geometry", message: "expected a geometry with a type and coordinates")
            }
            let polygons: [Polygon]
            switch type {
            case "Polygon": polygons = [try polygon(coordinates, file: path, field: "\(at).geometry.coordinates")]
            case "MultiPolygon":
                guard !coordinates.isEmpty else {
                    throw InputError(file: path, field: "\(at).geometry.coordinates", message: "expected at least one polygon, found none")
                }
                polygons = try coordinates.enumerated().map { k, p in
                    guard let rings = p as? [Any] else {
                        throw InputError(file: path, field: "\(at).geometry.coordinates[\(k)]", message: "expected a polygon's rings")
                    }
                    return try polygon(rings, file: path, field: "\(at).geometry.coordinates[\(k)]")
                }
            default:
                throw InputError(file: path, field: "\(at).geometry.type", message: "expected Polygon or MultiPolygon, found \(type)")
            }
            return CommuneGeometry(code: code, name: name, polygons: polygons)
        }
    }

    private static func polygon(_ rings: [Any], file: String, field: String) throws -> Polygon {
        guard !rings.isEmpty else {
            throw InputError(file: file, field: field, message: "expected a polygon with an outer ring, found no ring")
        }
        let polygon = Polygon(rings: try rings.enumerated().map { r, ring in
            guard let points = ring as? [Any], points.count >= 3 else {
                throw InputError(file: file, field: "\(field)[\(r)]", message: "expected a ring of at least 3 points")
            }
            return try points.enumerated().map { k, point in
                guard let pair = point as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue,
                      let lat = (pair[1] as? NSNumber)?.doubleValue, lon.isFinite, lat.isFinite,
                      (-180...180).contains(lon), (-90...90).contains(lat) else {
                    throw InputError(file: file, field: "\(field)[\(r)][\(k)]", message: "expected [longitude, latitude] in degrees")
                }
                return (lon, lat)
            }
        })
        for (r, ring) in polygon.rings.enumerated() {
            if let k = PlanarGeometry.selfIntersection(ring) {
                throw InputError(file: file, field: "\(field)[\(r)]",
                                 message: "expected a simple ring, found one whose edges cross (at its point \(k)): repair the geometry, for instance with QGIS's 'Fix geometries'")
            }
        }
        return polygon
    }
}

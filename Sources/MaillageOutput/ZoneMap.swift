import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Choropleth maps of a results folder's `zones.geojson`, drawn as SVG by the tool itself (no GIS
/// library): zones in Lambert-93, a colour-blind-safe palette (viridis for levels, purple–orange
/// for differences), one legend per figure shared by its panels, the names of the most populous
/// zones, a scale bar and a north arrow.
public struct ZoneMap {
    /// A zone as drawn: its rings in Lambert-93 metres, or its point when it has no shape.
    struct Feature {
        var rings: [[(x: Double, y: Double)]]
        var point: (x: Double, y: Double)
        var name: String
        var population: Double
    }

    /// A structure's place and ecosystem (classic, ess or joint).
    struct Site { var x: Double; var y: Double; var ecosystem: String }

    /// One panel: a title and a value per zone (NaN: no value).
    public struct Panel {
        public var title: String
        public var values: [Double]
    }

    /// How values become colours.
    public enum Scale {
        /// Viridis from `low` to `high`.
        case sequential(low: Double, high: Double)
        /// Purple (negative) to orange (positive), symmetric around 0.
        case diverging(maxAbs: Double)
    }

    var features: [Feature]
    /// The zones' numeric properties by name, one value per feature (NaN where absent or not a
    /// number).
    var numbers: [String: [Double]] = [:]
    var sites: [Site] = []
    let synthetic: Bool

    /// Reads `zones.geojson` (and the structures' points from `structures.geojson`, or a
    /// placement's new sites from `sites.geojson`, when present).
    /// - Throws: ``InputError`` naming the file when it is not a feature collection of zones.
    public init(folder: String) throws {
        let points = FileManager.default.fileExists(atPath: folder + "/structures.geojson") ? "/structures.geojson" : "/sites.geojson"
        try self.init(zones: try TextFile.read(folder + "/zones.geojson", maxBytes: Limits.geoJSONBytes),
                      points: try? TextFile.read(folder + points, maxBytes: Limits.geoJSONBytes), path: folder + "/zones.geojson")
    }

    /// Reads a zone layer's GeoJSON text, and the structures' or sites' points when given; `path`
    /// names the layer in errors.
    /// - Throws: ``InputError`` naming `path` when it is not a feature collection of zones.
    public init(zones data: String, points: String?, path: String) throws {
        guard let layer = try? JSONDecoder().decode(GeoJSON.Collection.self, from: Data(data.utf8)) else {
            throw InputError(file: path, message: "expected a GeoJSON feature collection, found something else")
        }
        func point(_ c: [Double]) -> (x: Double, y: Double)? {
            c.count >= 2 ? Lambert93.project(longitude: c[0], latitude: c[1]) : nil
        }
        var synthetic = false
        var numbers: [String: [Double]] = [:]
        features = try layer.features.enumerated().map { i, f in
            guard let properties = f.properties, let geometry = f.geometry,
                  let longitude = properties["longitude"]?.number, let latitude = properties["latitude"]?.number else {
                throw InputError(file: path, field: "features[\(i)]", message: "expected a zone with a geometry, a longitude and a latitude")
            }
            if case .flag(true) = properties["synthetic"] { synthetic = true }
            for (key, value) in properties {
                guard let x = value.number else { continue }
                numbers[key, default: Array(repeating: .nan, count: layer.features.count)][i] = x
            }
            var rings: [[(x: Double, y: Double)]] = []
            if geometry.type == "MultiPolygon", case .polygons(let polygons)? = geometry.coordinates {
                for polygon in polygons { for ring in polygon { rings.append(ring.compactMap(point)) } }
            }
            var name = ""
            if case .text(let t)? = properties["name"] { name = t }
            return Feature(rings: rings, point: Lambert93.project(longitude: longitude, latitude: latitude),
                           name: name, population: properties["population"]?.number ?? 0)
        }
        self.numbers = numbers
        self.synthetic = synthetic
        // The structures of a run or coverage, or the new sites of a placement.
        if let text = points, let layer = try? JSONDecoder().decode(GeoJSON.Collection.self, from: Data(text.utf8)) {
            sites = layer.features.compactMap { f in
                guard case .point(let c)? = f.geometry?.coordinates, let p = point(c),
                      case .text(let e)? = f.properties?["ecosystem"] else { return nil }
                return Site(x: p.x, y: p.y, ecosystem: e)
            }
        }
    }

    /// A zone property as numbers (NaN where null or absent); with `where`, NaN also where that
    /// other property is 0 (travel times of zones with nothing within reach).
    public func values(_ property: String, where condition: String? = nil) -> [Double] {
        var values = numbers[property] ?? Array(repeating: .nan, count: features.count)
        if let condition, let gate = numbers[condition] {
            for z in values.indices where gate[z] == 0 { values[z] = .nan }
        }
        return values
    }

    // MARK: Colours

    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140), (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
    ]
    static let purpleOrange: [(Double, Double, Double)] = [
        (84, 39, 136), (153, 142, 195), (216, 218, 235), (247, 247, 247), (254, 224, 182), (241, 163, 64), (179, 88, 6),
    ]
    static let noData = "#d9d9d9"

    static func interpolate(_ stops: [(Double, Double, Double)], _ t: Double) -> String {
        let u = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(u), stops.count - 2), f = u - Double(i)
        let a = stops[i], b = stops[i + 1]
        func c(_ x: Double, _ y: Double) -> Int { Int((x + f * (y - x)).rounded()) }
        return String(format: "#%02x%02x%02x", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    }

    static func colour(_ v: Double, _ scale: Scale) -> String {
        guard v.isFinite else { return noData }
        switch scale {
        case .sequential(let low, let high): return interpolate(viridis, high > low ? (v - low) / (high - low) : 0.5)
        case .diverging(let m): return interpolate(purpleOrange, m > 0 ? 0.5 + v / (2 * m) : 0.5)
        }
    }

    static func stops(_ scale: Scale) -> [(Double, Double, Double)] {
        switch scale { case .sequential: viridis; case .diverging: purpleOrange }
    }

    // MARK: Drawing

    /// An SVG figure: `panels` side by side on the same zones, one legend under them.
    public func svg(title: String, panels: [Panel], scale: Scale, legend: String, format: (Double) -> String, language l: Language) -> String {
        let all = features.flatMap { f in f.rings.flatMap { $0 } + [f.point] }
        let minX = all.map(\.x).min() ?? 0, maxX = all.map(\.x).max() ?? 1
        let minY = all.map(\.y).min() ?? 0, maxY = all.map(\.y).max() ?? 1
        let spanX = max(maxX - minX, 1), spanY = max(maxY - minY, 1)
        let panelWidth = panels.count > 2 ? 420.0 : 520.0
        let mapHeight = min(max(panelWidth * spanY / spanX, 260), 620)
        let k = min(panelWidth / spanX, mapHeight / spanY)
        let offsetX = (panelWidth - spanX * k) / 2, offsetY = (mapHeight - spanY * k) / 2
        let top = 56.0, gap = 24.0, bottom = 96.0, left = 16.0
        let panelsWidth = Double(panels.count) * panelWidth + Double(panels.count - 1) * gap
        let width = left * 2 + max(panelsWidth, Double(title.count) * 9 + 20, 560)
        let start = (width - panelsWidth) / 2
        let height = top + 24 + mapHeight + bottom
        func f(_ x: Double) -> String { FixedDecimal.text(x, decimals: 1) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(f(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\">\(Page.escape(title))</text>\n"
        // The most populous zones are named on the first panel.
        let named = features.indices.filter { features[$0].population > 0 }.sorted {
            (features[$0].population, features[$1].name) > (features[$1].population, features[$0].name)
        }.prefix(synthetic ? 0 : 6)
        for (p, panel) in panels.enumerated() {
            let ox = start + Double(p) * (panelWidth + gap), oy = top + 24
            func sx(_ x: Double) -> Double { ox + offsetX + (x - minX) * k }
            func sy(_ y: Double) -> Double { oy + offsetY + (maxY - y) * k }
            svg += "<text x=\"\(f(ox + panelWidth / 2))\" y=\"\(f(top + 10))\" text-anchor=\"middle\" font-size=\"14\">\(Page.escape(panel.title))</text>\n"
            svg += "<g stroke=\"#ffffff\" stroke-width=\"0.4\" stroke-linejoin=\"round\">\n"
            for (z, feature) in features.enumerated() {
                let fill = Self.colour(panel.values[z], scale)
                if feature.rings.isEmpty {
                    svg += "<circle cx=\"\(f(sx(feature.point.x)))\" cy=\"\(f(sy(feature.point.y)))\" r=\"3\" fill=\"\(fill)\"/>\n"
                    continue
                }
                var d = ""
                for ring in feature.rings {
                    var last: (Double, Double)? = nil
                    var points: [String] = []
                    for q in ring {
                        let s = (sx(q.x), sy(q.y))
                        if let l = last, abs(s.0 - l.0) + abs(s.1 - l.1) < 0.8 { continue }
                        points.append(f(s.0) + "," + f(s.1))
                        last = s
                    }
                    if points.count >= 3 { d += "M" + points.joined(separator: "L") + "Z" }
                }
                if !d.isEmpty { svg += "<path d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\"/>\n" }
            }
            svg += "</g>\n"
            for site in sites {
                let (x, y) = (sx(site.x), sy(site.y))
                switch site.ecosystem {
                case "ess": svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.2\" fill=\"white\" stroke=\"black\" stroke-width=\"1.2\"/>\n"
                case "joint": svg += "<rect x=\"\(f(x - 3))\" y=\"\(f(y - 3))\" width=\"6\" height=\"6\" fill=\"#ffd92f\" stroke=\"black\" stroke-width=\"1\"/>\n"
                default: svg += "<path d=\"M\(f(x)),\(f(y - 4))L\(f(x + 3.5)),\(f(y + 2.5))L\(f(x - 3.5)),\(f(y + 2.5))Z\" fill=\"black\"/>\n"
                }
            }
            if p == 0 {
                for z in named {
                    let q = features[z].point
                    svg += "<text x=\"\(f(sx(q.x)))\" y=\"\(f(sy(q.y) - 5))\" text-anchor=\"middle\" font-size=\"11\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(Page.escape(features[z].name))</text>\n"
                }
            }
            // Scale bar: a round length near a fifth of the panel.
            let target = panelWidth / 5 / k
            let length = [500.0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000].last { $0 <= target } ?? 500
            let bx = ox + 8, by = oy + mapHeight - 10
            svg += "<rect x=\"\(f(bx))\" y=\"\(f(by - 4))\" width=\"\(f(length * k))\" height=\"4\" fill=\"black\"/>\n"
            svg += "<text x=\"\(f(bx))\" y=\"\(f(by - 8))\" font-size=\"11\">\(Page.escape(l.number(length / 1000, decimals: length < 1000 ? 1 : 0) + " km"))</text>\n"
            // North arrow (Lambert-93's grid north, within a degree of true north over France).
            let nx = ox + panelWidth - 18, ny = oy + 8
            svg += "<path d=\"M\(f(nx)),\(f(ny))L\(f(nx + 6)),\(f(ny + 18))L\(f(nx)),\(f(ny + 14))L\(f(nx - 6)),\(f(ny + 18))Z\" fill=\"black\"/>\n"
            svg += "<text x=\"\(f(nx))\" y=\"\(f(ny + 31))\" text-anchor=\"middle\" font-size=\"11\">N</text>\n"
        }
        // One legend for the figure.
        let ly = top + 24 + mapHeight + 26, lx = width / 2 - 160
        svg += "<defs><linearGradient id=\"ramp\">"
        let stops = Self.stops(scale)
        for (i, s) in stops.enumerated() {
            svg += String(format: "<stop offset=\"%.3f\" stop-color=\"#%02x%02x%02x\"/>", Double(i) / Double(stops.count - 1), Int(s.0), Int(s.1), Int(s.2))
        }
        svg += "</linearGradient></defs>\n"
        svg += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"320\" height=\"12\" fill=\"url(#ramp)\" stroke=\"#555\" stroke-width=\"0.5\"/>\n"
        let (low, high): (Double, Double) = {
            switch scale { case .sequential(let a, let b): (a, b); case .diverging(let m): (-m, m) }
        }()
        for i in 0...4 {
            let v = low + Double(i) / 4 * (high - low)
            svg += "<text x=\"\(f(lx + Double(i) * 80))\" y=\"\(f(ly + 27))\" text-anchor=\"middle\" font-size=\"11\">\(Page.escape(format(v)))</text>\n"
        }
        svg += "<text x=\"\(f(lx + 160))\" y=\"\(f(ly - 6))\" text-anchor=\"middle\" font-size=\"12\">\(Page.escape(legend))</text>\n"
        svg += "<rect x=\"\(f(lx + 340))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" fill=\"\(Self.noData)\"/>"
        svg += "<text x=\"\(f(lx + 358))\" y=\"\(f(ly + 10))\" font-size=\"11\">\(Page.escape(l.words("map.no_value")))</text>\n"
        if !sites.isEmpty {
            let sy = ly + 46
            svg += "<path d=\"M\(f(lx)),\(f(sy - 4))L\(f(lx + 3.5)),\(f(sy + 2.5))L\(f(lx - 3.5)),\(f(sy + 2.5))Z\" fill=\"black\"/>"
            svg += "<text x=\"\(f(lx + 8))\" y=\"\(f(sy + 3))\" font-size=\"11\">\(Page.escape(l.words("map.classic_structure")))</text>\n"
            svg += "<circle cx=\"\(f(lx + 130))\" cy=\"\(f(sy))\" r=\"3.2\" fill=\"white\" stroke=\"black\" stroke-width=\"1.2\"/>"
            svg += "<text x=\"\(f(lx + 138))\" y=\"\(f(sy + 3))\" font-size=\"11\">\(Page.escape(l.words("map.ess_structure")))</text>\n"
            svg += "<rect x=\"\(f(lx + 237))\" y=\"\(f(sy - 3))\" width=\"6\" height=\"6\" fill=\"#ffd92f\" stroke=\"black\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(f(lx + 248))\" y=\"\(f(sy + 3))\" font-size=\"11\">\(Page.escape(l.words("map.joint_permanence")))</text>\n"
        }
        if synthetic {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">\(Page.escape(l.words("map.synthetic_territory_voronoi")))</text>\n"
        }
        return svg + "</svg>\n"
    }
}

extension ZoneMap {
    /// A map figure: its chart name and its SVG.
    public struct Figure: Sendable {
        public var name: String
        public var svg: String
    }

    /// The maps of a results folder with `zones.geojson`: for a run, coverage without and with
    /// the policy and the change; for coverage, travel time, coverage and the 2SFCA index. The
    /// report embeds them and `maillage charts` writes them.
    public static func figures(_ folder: String, kind: Manifest.Kind, _ l: Language, prefix: String = "map") throws -> [Figure] {
        try figures(try ZoneMap(folder: folder), kind: kind, l, prefix: prefix)
    }

    /// The maps of a run's zone layers held in memory (``CoverageOutput/effectFiles(_:outlines:projection:settings:)``)
    /// in each of `languages`: the layer is read once and the languages are drawn at the same time
    /// (the page's answer waits for them).
    public static func figures(_ files: FileSet, kind: Manifest.Kind, languages: [Language], prefix: String = "map") async throws -> [Language: [Figure]] {
        guard let zones = files["zones.geojson"] else { throw OutputError(path: "zones.geojson", message: "expected a zone layer, found none") }
        let map = try ZoneMap(zones: zones, points: files["structures.geojson"], path: "zones.geojson")
        return try await withThrowingTaskGroup(of: (Language, [Figure]).self) { group in
            for l in languages { group.addTask { (l, try figures(map, kind: kind, l, prefix: prefix)) } }
            var drawn: [Language: [Figure]] = [:]
            for try await (l, figures) in group { drawn[l] = figures }
            return drawn
        }
    }

    static func figures(_ map: ZoneMap, kind: Manifest.Kind, _ l: Language, prefix: String) throws -> [Figure] {
        switch kind {
        case .run:
            let change = map.values("coverage_change")
            let largest = change.filter(\.isFinite).map(abs).max() ?? 0
            return [
                Figure(name: prefix + "-coverage", svg: map.svg(
                    title: l.words("map.coverage_zone"),
                    panels: [Panel(title: l.words("map.without_policy"), values: map.values("coverage_before")),
                             Panel(title: l.words("map.policy"), values: map.values("coverage_after"))],
                    scale: .sequential(low: 0, high: 1), legend: l.words("map.share_needs_covered"),
                    format: { l.percent($0, decimals: 0) }, language: l)),
                Figure(name: prefix + "-coverage-change", svg: map.svg(
                    title: l.words("map.what_policy_changes"),
                    panels: [Panel(title: l.words("map.change_coverage"), values: change)],
                    scale: .diverging(maxAbs: max(largest, 0.01)), legend: l.words("map.change_percentage_points"),
                    format: { l.signed(100 * $0, decimals: 0) }, language: l)),
            ]
        case .coverage:
            let classic = map.values("classic_creation_minutes", where: "classic_creation_covered")
            let ess = map.values("ess_creation_minutes", where: "ess_creation_covered")
            let longest = (classic + ess).filter(\.isFinite).max() ?? 30
            let index = zip(map.values("classic_creation_2sfca"), map.values("ess_creation_2sfca")).map { (1000 * $0, 1000 * $1) }
            let high = index.flatMap { [$0.0, $0.1] }.filter(\.isFinite).max() ?? 1
            return [
                Figure(name: prefix + "-minutes", svg: map.svg(
                    title: l.words("map.minutes_nearest_fitting"),
                    panels: [Panel(title: l.words("map.classic_projects"), values: classic),
                             Panel(title: l.words("map.ess_projects"), values: ess)],
                    scale: .sequential(low: 0, high: max(5, (longest / 5).rounded(.up) * 5)),
                    legend: l.words("map.minutes_no_value_none_within"),
                    format: { l.number($0, decimals: 0) }, language: l)),
                Figure(name: prefix + "-coverage", svg: map.svg(
                    title: l.words("map.share_needs_project_type_stage"),
                    panels: [Panel(title: l.words("map.all_needs"), values: map.values("coverage_share"))],
                    scale: .sequential(low: 0, high: 1), legend: l.words("map.share_needs_covered"),
                    format: { l.percent($0, decimals: 0) }, language: l)),
                Figure(name: prefix + "-2sfca", svg: map.svg(
                    title: l.words("map.two_step_floating_catchment"),
                    panels: [Panel(title: l.words("map.classic_projects"), values: index.map(\.0)),
                             Panel(title: l.words("map.ess_projects"), values: index.map(\.1))],
                    scale: .sequential(low: 0, high: max(high, 1e-9)), legend: l.words("map.places_year_per_1_000"),
                    format: { l.number($0, decimals: 1) }, language: l)),
            ]
        case .placement:
            // 0: beyond reach after the new sites, 1: brought within reach by them, 2: within reach before.
            let before = map.values("covered_before"), after = map.values("covered_after")
            let state = zip(before, after).map { b, a in b.isFinite && a.isFinite ? a + b : .nan }
            let names = [l.words("map.beyond_reach"), l.words("map.newly_within_reach"),
                         l.words("map.within_reach_before")]
            return [Figure(name: prefix + "-placement", svg: map.svg(
                title: l.words("map.where_new_sites_bring_support"),
                panels: [Panel(title: l.words("map.after_new_sites"), values: state)],
                scale: .sequential(low: 0, high: 2), legend: l.words("map.zones"),
                format: { $0 == $0.rounded() ? names[Int($0)] : "" }, language: l))]
        case .national:
            let effect = map.values("jobs_per_100k_eur")
            let largest = effect.filter(\.isFinite).map(abs).max() ?? 0
            return [
                Figure(name: prefix + "-effect", svg: map.svg(
                    title: l.words("map.net_jobs_added_per_100_k"),
                    panels: [Panel(title: l.words("map.mean_replications"), values: effect)],
                    scale: .diverging(maxAbs: max(largest, 0.01)), legend: l.words("map.jobs_per_100_k"),
                    format: { l.signed($0, decimals: 1) }, language: l)),
                Figure(name: prefix + "-coverage", svg: map.svg(
                    title: l.words("map.coverage_without_cooperation"),
                    panels: [Panel(title: l.words("map.share_needs_covered"), values: map.values("coverage_rate_no_cooperation"))],
                    scale: .sequential(low: 0, high: 1), legend: l.words("map.share_populations_needs"),
                    format: { l.percent($0, decimals: 0) }, language: l)),
            ]
        default:
            return []
        }
    }
}

extension ZoneMap: Sendable {}
extension ZoneMap.Feature: Sendable {}
extension ZoneMap.Site: Sendable {}

/// The parts of a GeoJSON layer the maps read: each feature's properties (numbers, flags, text)
/// and its geometry's coordinates (a point or polygons; other geometries are kept without them).
enum GeoJSON {
    struct Collection: Decodable { var features: [Feature] }

    /// A feature whose properties or geometry do not read is kept without them, so that the
    /// error names it.
    struct Feature: Decodable {
        var properties: [String: Property]?
        var geometry: Geometry?

        enum CodingKeys: String, CodingKey { case properties, geometry }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            properties = try? c.decode([String: Property].self, forKey: .properties)
            geometry = try? c.decode(Geometry.self, forKey: .geometry)
        }
    }

    enum Property: Decodable {
        case number(Double), flag(Bool), text(String), other

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let x = try? c.decode(Double.self) { self = .number(x) }
            else if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let t = try? c.decode(String.self) { self = .text(t) }
            else { self = .other }
        }

        var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    }

    struct Geometry: Decodable {
        var type: String
        var coordinates: Coordinates?

        enum Coordinates {
            case point([Double])
            case polygons([[[[Double]]]])
        }

        enum CodingKeys: String, CodingKey { case type, coordinates }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            switch type {
            case "Point": coordinates = (try? c.decode([Double].self, forKey: .coordinates)).map { .point($0) }
            case "MultiPolygon": coordinates = (try? c.decode([[[[Double]]]].self, forKey: .coordinates)).map { .polygons($0) }
            default: coordinates = nil
            }
        }
    }
}

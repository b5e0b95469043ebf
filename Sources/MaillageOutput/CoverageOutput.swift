import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Writes a scenario's accessibility: `zones.csv`, `coverage_summary.csv` (and
/// `coverage_by_density.csv` on a territory of the national files), `structures.csv`,
/// and with costs `costs.csv`, so that anyone can recompute the indices.
public enum CoverageOutput {
    static var needs: [(type: ProjectType, stage: Stage)] {
        ProjectType.allCases.flatMap { t in Stage.allCases.map { (t, $0) } }
    }

    /// One row per zone: code, name, population, position and kind (and density level on a
    /// territory of the national files), the share of needs covered,
    /// then for each need its minutes to the nearest fitting structure, covered (0/1), 2SFCA,
    /// E2SFCA (steps) and E2SFCA (Gaussian).
    /// Whether the zones carry INSEE's density level (a territory of the national files): the
    /// zone tables then have a `density_level` column after `kind` (NA where the grid has no row).
    static func hasDensity(_ territory: Territory) -> Bool { territory.zones.contains { $0.densityLevel != nil } }
    static func densityCell(_ zone: Zone, _ shown: Bool) -> [String] { shown ? [zone.densityLevel.map(String.init) ?? "NA"] : [] }

    public static func zonesRows(_ inputs: CoverageInputs, _ access: [[NeedAccessibility]]) -> (header: [String], rows: [[String]]) {
        let density = hasDensity(inputs.territory)
        var header = ["code", "name", "population", "x_km", "y_km", "kind"] + (density ? ["density_level"] : []) + ["coverage_share"]
        for (t, s) in needs {
            let p = "\(t.name)_\(s.name)"
            header += ["\(p)_minutes", "\(p)_covered", "\(p)_2sfca", "\(p)_e2sfca_step", "\(p)_e2sfca_gaussian"]
        }
        var rows: [[String]] = []
        for (z, zone) in inputs.territory.zones.enumerated() {
            var row = [zone.code, zone.name, String(zone.population), CSVTable.number(zone.x), CSVTable.number(zone.y), zone.kind.rawValue]
                + densityCell(zone, density) + [CSVTable.number(coveredShare(access[z]))]
            for a in access[z] {
                row += [a.nearestMinutes.isFinite ? CSVTable.number(a.nearestMinutes) : "NA", a.covered ? "1" : "0",
                        CSVTable.number(a.twoStep), CSVTable.number(a.enhancedStep), CSVTable.number(a.enhancedGaussian)]
            }
            rows.append(row)
        }
        return (header, rows)
    }

    /// The share of a zone's needs (project type × stage) with a fitting structure within reach:
    /// the zone's part of `coverage_rate`.
    static func coveredShare(_ needs: [NeedAccessibility]) -> Double {
        needs.isEmpty ? .nan : Double(needs.filter(\.covered).count) / Double(needs.count)
    }

    /// The columns of `zones.csv` kept as text in `zones.geojson`.
    static let textColumns: Set<String> = ["code", "name", "kind"]

    /// `zones.csv` and `zones.geojson` from the same rows, and `structures.geojson`.
    static func writeZones(header: [String], rows: [[String]], structures: [SupportStructure], layer: ZoneLayer, projection: LocalProjection?,
                           to folder: String) throws {
        try zoneFiles(header: header, rows: rows, structures: structures, layer: layer, projection: projection).write(to: folder)
    }

    /// The files of ``writeZones(header:rows:structures:layer:projection:to:)``.
    static func zoneFiles(header: [String], rows: [[String]], structures: [SupportStructure], layer: ZoneLayer, projection: LocalProjection?) -> FileSet {
        var files = FileSet()
        layer.zoneFiles(header: header, rows: rows, text: textColumns, into: &files)
        let points = structures.map { s in
            (x: s.x, y: s.y, properties: [("name", ZoneLayer.string(s.name)),
                                          ("ecosystem", ZoneLayer.string(s.isJointOutreach ? "joint" : s.ecosystem.rawValue)),
                                          ("stages", ZoneLayer.string(s.stages.stages.map(\.name).joined(separator: "|"))),
                                          ("zone", ZoneLayer.string(s.zoneCode)), ("capacity_per_year", CSVTable.number(s.capacityPerYear))]
                .map { (key: $0.0, json: $0.1) })
        }
        files.add("structures.geojson", ZoneLayer.points(points, place: projection ?? ZoneLayer.nominalPlace))
        return files
    }

    /// Population-weighted totals per need: covered population and share, mean minutes (over
    /// zones with a fitting structure anywhere) and mean indices.
    public static func summaryTable(_ inputs: CoverageInputs, _ access: [[NeedAccessibility]]) -> CSVTable {
        var table = CSVTable(header: summaryHeader)
        for row in summaryRows(inputs.territory.zones, indices: Array(inputs.territory.zones.indices), access) { table.append(row) }
        return table
    }

    static let summaryHeader = ["project_type", "stage", "population", "covered_population", "coverage_rate", "mean_minutes",
                                "mean_2sfca", "mean_e2sfca_step", "mean_e2sfca_gaussian"]

    /// One row per need over the zones `indices`, population-weighted.
    static func summaryRows(_ zones: [Zone], indices: [Int], _ access: [[NeedAccessibility]]) -> [[String]] {
        let total = Double(indices.reduce(0) { $0 + zones[$1].population })
        return needs.enumerated().map { k, need in
            var covered = 0, minutes = 0.0, reached = 0.0, a2 = 0.0, aStep = 0.0, aGauss = 0.0
            for z in indices {
                let a = access[z][k], p = Double(zones[z].population)
                if a.covered { covered += zones[z].population }
                if a.nearestMinutes.isFinite { minutes += p * a.nearestMinutes; reached += p }
                a2 += p * a.twoStep; aStep += p * a.enhancedStep; aGauss += p * a.enhancedGaussian
            }
            return [need.type.name, need.stage.name, String(Int(total)), String(covered), CSVTable.number(total > 0 ? Double(covered) / total : .nan),
                    CSVTable.number(reached > 0 ? minutes / reached : .nan), CSVTable.number(total > 0 ? a2 / total : .nan),
                    CSVTable.number(total > 0 ? aStep / total : .nan), CSVTable.number(total > 0 ? aGauss / total : .nan)]
        }
    }

    /// The summary's rows for each of INSEE's density levels in the territory (1 densest to 7 most
    /// scattered; NA for zones the grid does not list), with the level's name and its zones: how
    /// coverage differs between urban and rural communes. For territories of the national files.
    public static func densityTable(_ inputs: CoverageInputs, _ access: [[NeedAccessibility]]) -> CSVTable {
        var table = CSVTable(header: ["density_level", "density_name", "zones"] + summaryHeader)
        let zones = inputs.territory.zones
        let byLevel = Dictionary(grouping: zones.indices, by: { zones[$0].densityLevel ?? 0 })
        for level in byLevel.keys.sorted(by: { ($0 == 0 ? 8 : $0) < ($1 == 0 ? 8 : $1) }) {
            let indices = byLevel[level]!
            let head = [level == 0 ? "NA" : String(level), level == 0 ? "not in the grid" : Zone.densityLevelNames[level].en, String(indices.count)]
            for row in summaryRows(zones, indices: indices, access) { table.append(head + row) }
        }
        return table
    }

    /// The structures the indices use: id, name, ecosystem, stages, capacity, zone and position.
    public static func structuresTable(_ inputs: CoverageInputs) -> CSVTable {
        var table = CSVTable(header: ["id", "name", "ecosystem", "stages", "capacity_per_year", "zone", "x_km", "y_km"])
        for (s, structure) in inputs.structures.enumerated() {
            table.append([String(s), structure.name, structure.isJointOutreach ? "joint" : structure.ecosystem.rawValue,
                          structure.stages.stages.map(\.name).joined(separator: "|"), CSVTable.number(inputs.capacityPerYear[s]),
                          structure.zoneCode, CSVTable.number(structure.x), CSVTable.number(structure.y)])
        }
        return table
    }

    /// Every zone–structure travel time (the territory's structures: candidates apart); for a
    /// model without a travel-time table, or coverage without a model, the pairs within the
    /// indices' cutoff, which are all the indices read.
    public static func costsTable(_ inputs: CoverageInputs) -> CSVTable {
        var table = CSVTable(header: ["zone", "structure", "minutes"])
        for (z, zone) in inputs.territory.zones.enumerated() {
            if let (minutes, S) = inputs.allMinutes {
                for s in inputs.structures.indices {
                    let m = minutes[z * S + s]
                    table.append([zone.code, String(s), m.isFinite ? CSVTable.number(m) : "NA"])
                }
            } else {
                let costs = inputs.costs
                for k in costs.start[z]..<costs.start[z + 1] { table.append([zone.code, String(costs.structure[k]), CSVTable.number(costs.minutes[k])]) }
            }
        }
        return table
    }

    /// Commune outlines in the territory's km plane, for maps: one row per ring point.
    public static func outlinesTable(_ outlines: [ZoneOutline]) -> CSVTable {
        var table = CSVTable(header: ["zone", "polygon", "ring", "x_km", "y_km"])
        for outline in outlines {
            for (p, polygon) in outline.polygons.enumerated() {
                for (r, ring) in polygon.rings.enumerated() {
                    for point in ring {
                        table.append([outline.code, String(p), String(r), FixedDecimal.text(point.x, decimals: 3), FixedDecimal.text(point.y, decimals: 3)])
                    }
                }
            }
        }
        return table
    }

    /// Writes the files into `folder`: `zones.csv` and the same rows as `zones.geojson` (with each
    /// zone's polygon, see ``ZoneLayer``), `structures.geojson`, `outlines.csv` when the territory
    /// has outlines, and the manifest. `access` is ``Accessibility/compute(_:settings:)-(CoverageInputs,_)`` when the caller has it.
    public static func write(_ inputs: CoverageInputs, scenario: String, outlines: [ZoneOutline]? = nil, projection: LocalProjection? = nil,
                             settings: AccessibilitySettings = AccessibilitySettings(), access known: [[NeedAccessibility]]? = nil,
                             costs: Bool, to folder: String) throws {
        let access = known ?? Accessibility.compute(inputs, settings: settings)
        let (header, rows) = zonesRows(inputs, access)
        try writeZones(header: header, rows: rows, structures: inputs.structures,
                       layer: ZoneLayer(territory: inputs.territory, outlines: outlines, projection: projection), projection: projection, to: folder)
        try summaryTable(inputs, access).write(to: folder + "/coverage_summary.csv")
        if hasDensity(inputs.territory) { try densityTable(inputs, access).write(to: folder + "/coverage_by_density.csv") }
        try structuresTable(inputs).write(to: folder + "/structures.csv")
        if costs { try costsTable(inputs).write(to: folder + "/costs.csv") }
        if let outlines { try outlinesTable(outlines).write(to: folder + "/outlines.csv") }
        try Manifest(kind: .coverage, scenarios: [scenario]).write(to: folder)
    }

    /// Writes ``effectFiles(_:outlines:projection:settings:)`` into `folder`.
    public static func writeEffect(_ model: SimulationModel, outlines: [ZoneOutline]?, projection: LocalProjection?,
                                   settings: AccessibilitySettings = AccessibilitySettings(), to folder: String) throws {
        try effectFiles(model, outlines: outlines, projection: projection, settings: settings).write(to: folder)
    }

    /// A run's zones: for each zone its share of needs covered and its mean Gaussian E2SFCA index
    /// (places a year per 1,000 inhabitants, over needs) without the policy (the same world with no
    /// cooperation) and with it, and the difference: what the policy changes where. Made as
    /// `zones.csv` and `zones.geojson`, with `structures.geojson` (the policy's structures).
    public static func effectFiles(_ model: SimulationModel, outlines: [ZoneOutline]?, projection: LocalProjection?,
                                   settings: AccessibilitySettings = AccessibilitySettings()) throws -> FileSet {
        let after = try Accessibility.compute(model, settings: settings)
        // Without the policy: the model's own no-cooperation world when it has one; a policy
        // that does nothing changes no structure, so the model itself.
        let before = model.policy.isActive
            ? try Accessibility.compute(model.baseline ?? model.with(CooperationPolicy()), settings: settings) : after
        let density = hasDensity(model.territory)
        let header = ["code", "name", "population", "x_km", "y_km", "kind"] + (density ? ["density_level"] : [])
            + ["coverage_before", "coverage_after", "coverage_change", "access_before", "access_after", "access_change"]
        let rows = model.territory.zones.enumerated().map { z, zone -> [String] in
            let c0 = coveredShare(before[z]), c1 = coveredShare(after[z]), a0 = Accessibility.zoneIndex(before[z]), a1 = Accessibility.zoneIndex(after[z])
            return [zone.code, zone.name, String(zone.population), CSVTable.number(zone.x), CSVTable.number(zone.y), zone.kind.rawValue]
                + densityCell(zone, density)
                + [CSVTable.number(c0), CSVTable.number(c1), CSVTable.number(c1 - c0), CSVTable.number(a0), CSVTable.number(a1), CSVTable.number(a1 - a0)]
        }
        return zoneFiles(header: header, rows: rows, structures: Array(model.territoryStructures),
                         layer: ZoneLayer(territory: model.territory, outlines: outlines, projection: projection), projection: projection)
    }
}

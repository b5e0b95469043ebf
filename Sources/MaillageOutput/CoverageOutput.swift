import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Writes a scenario's accessibility: `zones.csv`, `coverage_summary.csv`, `structures.csv`,
/// and with costs `costs.csv`, so that anyone can recompute the indices.
public enum CoverageOutput {
    static var needs: [(type: ProjectType, stage: Stage)] {
        ProjectType.allCases.flatMap { t in Stage.allCases.map { (t, $0) } }
    }

    /// One row per zone: code, name, population, then for each need its minutes to the nearest
    /// fitting structure, covered (0/1), 2SFCA, E2SFCA (steps) and E2SFCA (Gaussian).
    public static func zonesTable(_ model: SimulationModel, _ access: [[NeedAccessibility]]) -> CSVTable {
        var header = ["code", "name", "population", "x_km", "y_km", "kind"]
        for (t, s) in needs {
            let p = "\(t.name)_\(s.name)"
            header += ["\(p)_minutes", "\(p)_covered", "\(p)_2sfca", "\(p)_e2sfca_step", "\(p)_e2sfca_gaussian"]
        }
        var table = CSVTable(header: header)
        for (z, zone) in model.territory.zones.enumerated() {
            var row = [zone.code, zone.name, String(zone.population), CSVTable.number(zone.x), CSVTable.number(zone.y), zone.kind.rawValue]
            for a in access[z] {
                row += [a.nearestMinutes.isFinite ? CSVTable.number(a.nearestMinutes) : "NA", a.covered ? "1" : "0",
                        CSVTable.number(a.twoStep), CSVTable.number(a.enhancedStep), CSVTable.number(a.enhancedGaussian)]
            }
            table.append(row)
        }
        return table
    }

    /// Population-weighted totals per need: covered population and share, mean minutes (over
    /// zones with a fitting structure anywhere) and mean indices.
    public static func summaryTable(_ model: SimulationModel, _ access: [[NeedAccessibility]]) -> CSVTable {
        var table = CSVTable(header: ["project_type", "stage", "population", "covered_population", "coverage_rate", "mean_minutes",
                                      "mean_2sfca", "mean_e2sfca_step", "mean_e2sfca_gaussian"])
        let zones = model.territory.zones
        let total = Double(model.territory.population)
        for (k, (t, s)) in needs.enumerated() {
            var covered = 0, minutes = 0.0, reached = 0.0, a2 = 0.0, aStep = 0.0, aGauss = 0.0
            for (z, zone) in zones.enumerated() {
                let a = access[z][k], p = Double(zone.population)
                if a.covered { covered += zone.population }
                if a.nearestMinutes.isFinite { minutes += p * a.nearestMinutes; reached += p }
                a2 += p * a.twoStep; aStep += p * a.enhancedStep; aGauss += p * a.enhancedGaussian
            }
            table.append([t.name, s.name, String(Int(total)), String(covered), CSVTable.number(total > 0 ? Double(covered) / total : .nan),
                          CSVTable.number(reached > 0 ? minutes / reached : .nan), CSVTable.number(total > 0 ? a2 / total : .nan),
                          CSVTable.number(total > 0 ? aStep / total : .nan), CSVTable.number(total > 0 ? aGauss / total : .nan)])
        }
        return table
    }

    /// The structures the indices use: id, name, ecosystem, stages, capacity, zone and position.
    public static func structuresTable(_ model: SimulationModel) -> CSVTable {
        var table = CSVTable(header: ["id", "name", "ecosystem", "stages", "capacity_per_year", "zone", "x_km", "y_km"])
        for (s, structure) in model.structures.enumerated() {
            table.append([String(s), structure.name, structure.isJointOutreach ? "joint" : structure.ecosystem.rawValue,
                          structure.stages.stages.map(\.name).joined(separator: "|"), CSVTable.number(model.monthlyCapacity[s] * 12),
                          structure.zoneCode, CSVTable.number(structure.x), CSVTable.number(structure.y)])
        }
        return table
    }

    /// Every zone–structure travel time.
    public static func costsTable(_ model: SimulationModel) -> CSVTable {
        var table = CSVTable(header: ["zone", "structure", "minutes"])
        let S = model.structures.count
        for (z, zone) in model.territory.zones.enumerated() {
            for s in 0..<S {
                let m = model.minutes[z * S + s]
                table.append([zone.code, String(s), m.isFinite ? CSVTable.number(m) : "NA"])
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
                        table.append([outline.code, String(p), String(r), String(format: "%.3f", point.x), String(format: "%.3f", point.y)])
                    }
                }
            }
        }
        return table
    }

    /// Writes the files into `folder`, with `outlines.csv` when the territory has outlines.
    public static func write(_ model: SimulationModel, outlines: [ZoneOutline]? = nil, settings: AccessibilitySettings = AccessibilitySettings(),
                             costs: Bool, to folder: String) throws {
        let access = Accessibility.compute(model, settings: settings)
        try zonesTable(model, access).write(to: folder + "/zones.csv")
        try summaryTable(model, access).write(to: folder + "/coverage_summary.csv")
        try structuresTable(model).write(to: folder + "/structures.csv")
        if costs { try costsTable(model).write(to: folder + "/costs.csv") }
        if let outlines { try outlinesTable(outlines).write(to: folder + "/outlines.csv") }
    }
}

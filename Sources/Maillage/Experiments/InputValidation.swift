import Foundation
import Yams

/// `maillage validate`: recognises an input file by its name and contents, and checks it the way
/// the command that reads it would, without running anything.
public enum InputValidation {
    /// The kinds of input Maillage reads.
    public enum Kind: String, Sendable {
        case scenario, study
        case sweepPlan = "sweep plan"
        case calibrationTargets = "calibration targets"
        case structureTable = "structure table"
        case travelMatrix = "travel-time matrix"
        case geoJSON = "commune geometry (GeoJSON)"
        case populations = "INSEE populations"
        case geographicCode = "INSEE geographic code"
    }

    /// Checks `path`; returns its kind and a short description, or throws the first problem.
    public static func validate(_ path: String) throws -> (kind: Kind, detail: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            let communes = try CommuneGeometry.read(path)
            var seen = Set<String>()
            for (k, c) in communes.enumerated() where !seen.insert(c.code).inserted {
                throw InputError(file: path, field: "features[\(k)].properties.code", message: "expected each commune code once, found \(c.code) again")
            }
            return (.geoJSON, "\(communes.count) communes")
        }
        if lower.hasSuffix(".csv") {
            let text = try ScenarioLoader.readText(path)
            let header = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
            if header.contains("PMUN") {
                return (.populations, "\(try PopulationTable.read(path).count) communes")
            }
            if header.contains("TYPECOM") {
                _ = try GeographicCode.read(path)
                return (.geographicCode, "read")
            }
            let columns = Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            if columns.isSuperset(of: ["origin", "destination", "minutes"]) {
                let matrix = try TravelTimes.readMatrix(path, zoneCodes: nil)
                return (.travelMatrix, "\(matrix.values.reduce(0) { $0 + $1.count }) pairs")
            }
            if columns.isSuperset(of: ["name", "ecosystem", "stages", "capacity_per_year"]) {
                let structures = try StructureTable.read(path, territory: nil, outlines: nil, projection: nil, contains: { _, _ in true }, firstId: 0)
                return (.structureTable, "\(structures.count) structures")
            }
            throw InputError(file: path, line: 1, message: "expected the header of a structure table (name, ecosystem, stages, capacity_per_year, …), a travel-time matrix (origin, destination, minutes), INSEE populations (… PMUN …) or INSEE's geographic code (TYPECOM, COM, …), found '\(header)'")
        }
        let text = try ScenarioLoader.readText(path)
        let node = try ScenarioLoader.compose(text, file: path)
        guard case .mapping(let m) = node else {
            throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, message: "expected a YAML mapping, found \(describe(node))")
        }
        if m["targets"] != nil {
            let c = try Calibration.load(path)
            return (.calibrationTargets, "\(c.parameters.count) parameters, \(c.targets.count) targets")
        }
        if m["method"] != nil || (m["parameters"] != nil && m["scenario"] != nil) {
            let plan = try SweepPlan.load(path)
            return (.sweepPlan, "\(try plan.points().count) points of \(plan.design.rawValue)")
        }
        if m["policies"] != nil || m["scenarios"] != nil {
            let study = try Study.load(path)
            for scenario in study.scenarios { _ = try scenario.world() }
            return (.study, "\(study.scenarios.count) scenarios × \(study.policies.count) policies")
        }
        let scenario = try ScenarioLoader.load(path)
        let world = try scenario.world()
        let model = try scenario.build(world)
        return (.scenario, "\(world.territory.zones.count) zones, \(model.structures.count) structures, \(world.territory.population) inhabitants")
    }
}

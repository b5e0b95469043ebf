import Foundation
import Yams
import MaillageFoundation
import MaillageModel

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

    /// What checking a file found: its kind, a short description, and warnings (what a real-data
    /// import could not match, money that buys nothing), none of which stops a run.
    public struct Result: Sendable {
        public var kind: Kind
        public var detail: String
        public var warnings: [Message] = []
    }

    /// Checks `path`; returns its kind, a short description and its warnings, or throws the first
    /// problem.
    public static func validate(_ path: String) throws -> Result {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            let communes = try CommuneGeometry.read(path)
            var seen = Set<String>()
            for (k, c) in communes.enumerated() where !seen.insert(c.code).inserted {
                throw InputError(file: path, field: "features[\(k)].properties.code", message: "expected each commune code once, found \(c.code) again")
            }
            return Result(kind: .geoJSON, detail: "\(communes.count) communes")
        }
        if lower.hasSuffix(".csv") {
            let text = try TextFile.read(path, maxBytes: Limits.csvBytes)
            let header = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
            if header.contains("PMUN") {
                return Result(kind: .populations, detail: "\(try PopulationTable.read(path).count) communes")
            }
            if header.contains("TYPECOM") {
                _ = try GeographicCode.read(path)
                return Result(kind: .geographicCode, detail: "read")
            }
            let columns = Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let semicolon = Set(header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            if semicolon.isSuperset(of: ["origin", "destination", "minutes"]) || semicolon.isSuperset(of: ["name", "ecosystem", "stages", "capacity_per_year"]) {
                throw InputError(file: path, line: 1, message: "expected fields separated by ',', found a header separated by ';': convert the file (or check that it is the right one)")
            }
            if columns.isSuperset(of: ["origin", "destination", "minutes"]) {
                let matrix = try TravelTimes.readMatrix(path, zoneCodes: nil)
                return Result(kind: .travelMatrix, detail: "\(matrix.values.reduce(0) { $0 + $1.count }) pairs")
            }
            if columns.isSuperset(of: ["name", "ecosystem", "stages", "capacity_per_year"]) {
                let structures = try StructureTable.read(path, territory: nil, outlines: nil, projection: nil, contains: { _, _ in true }, firstId: 0)
                return Result(kind: .structureTable, detail: "\(structures.count) structures")
            }
            throw InputError(file: path, line: 1, message: "expected the header of a structure table (name, ecosystem, stages, capacity_per_year, …), a travel-time matrix (origin, destination, minutes), INSEE populations (… PMUN …) or INSEE's geographic code (TYPECOM, COM, …), found '\(DelimitedText.excerpt(String(header)))'")
        }
        let text = try TextFile.read(path)
        let node = try ScenarioLoader.compose(text, file: path)
        guard case .mapping(let m) = node else {
            throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, message: "expected a YAML mapping, found \(describe(node, lines: YAMLMapping.lines(of: text)))")
        }
        if m["targets"] != nil {
            let c = try Calibration.load(path)
            return Result(kind: .calibrationTargets, detail: "\(c.parameters.count) parameters, \(c.targets.count) targets")
        }
        if m["method"] != nil || (m["parameters"] != nil && m["scenario"] != nil) {
            let plan = try SweepPlan.load(path)
            return Result(kind: .sweepPlan, detail: "\(try plan.points().count) points of \(plan.design.rawValue), each checked")
        }
        if m["policies"] != nil || m["scenarios"] != nil {
            let study = try Study.load(path)
            var warnings: [Message] = []
            for scenario in study.scenarios {
                let world = try scenario.world()
                for named in study.policies {
                    var cell = scenario
                    cell.policy = named.policy
                    for line in try cell.build(world).warnings.map({ $0.prefixed(scenario.name) }) where !warnings.contains(line) {
                        warnings.append(line)
                    }
                }
            }
            return Result(kind: .study, detail: "\(study.scenarios.count) scenarios × \(study.policies.count) policies", warnings: warnings)
        }
        let scenario = try ScenarioLoader.load(path)
        let world = try scenario.world()
        let model = try scenario.build(world)
        let notes = world.report?.notes.map { "; " + $0 }.joined() ?? ""
        return Result(kind: .scenario, detail: "\(world.territory.zones.count) zones, \(model.structures.count) structures, \(world.territory.population) inhabitants\(notes)",
                      warnings: model.warnings)
    }
}

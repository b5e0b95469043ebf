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
        case nationalStudy = "national study"
        case sweepPlan = "sweep plan"
        case calibrationTargets = "calibration targets"
        case structureTable = "structure table"
        case travelMatrix = "travel-time matrix"
        case geoJSON = "commune geometry (GeoJSON)"
        case populations = "INSEE populations"
        case geographicCode = "INSEE geographic code"

        /// The kind's name for a reader, in English and French.
        public var label: Label {
            switch self {
            case .scenario: Label(words: "validation.kind_scenario")
            case .study: Label(words: "validation.kind_study")
            case .nationalStudy: Label(words: "validation.kind_national_study")
            case .sweepPlan: Label(words: "validation.kind_sweep_plan")
            case .calibrationTargets: Label(words: "validation.kind_calibration_targets")
            case .structureTable: Label(words: "validation.kind_structure_table")
            case .travelMatrix: Label(words: "validation.kind_travel_matrix")
            case .geoJSON: Label(words: "validation.kind_geo_json")
            case .populations: Label(words: "validation.kind_populations")
            case .geographicCode: Label(words: "validation.kind_geographic_code")
            }
        }
    }

    /// What checking a file found: its kind, a short description, and warnings (what a real-data
    /// import could not match, money that buys nothing), none of which stops a run.
    public struct Result: Sendable {
        public var kind: Kind
        public var detail: Label
        public var warnings: [Label] = []
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
            return Result(kind: .geoJSON, detail: Label(words: "validation.communes", ["count": String(communes.count)]))
        }
        if lower.hasSuffix(".csv") {
            let text = try TextFile.read(path, maxBytes: Limits.csvBytes)
            let header = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
            if header.contains("PMUN") {
                let count = try PopulationTable.read(path).count
                return Result(kind: .populations, detail: Label(words: "validation.communes", ["count": String(count)]))
            }
            if header.contains("TYPECOM") {
                _ = try GeographicCode.read(path)
                return Result(kind: .geographicCode, detail: Label(words: "validation.read"))
            }
            let columns = Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let semicolon = Set(header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            if semicolon.isSuperset(of: ["origin", "destination", "minutes"]) || semicolon.isSuperset(of: ["name", "ecosystem", "stages", "capacity_per_year"]) {
                throw InputError(file: path, line: 1, message: "expected fields separated by ',', found a header separated by ';': convert the file (or check that it is the right one)")
            }
            if columns.isSuperset(of: ["origin", "destination", "minutes"]) {
                let matrix = try TravelTimes.readMatrix(path, zoneCodes: nil)
                let pairs = matrix.values.reduce(0) { $0 + $1.count }
                return Result(kind: .travelMatrix, detail: Label(words: "validation.pairs", ["pairs": String(pairs)]))
            }
            if columns.isSuperset(of: ["name", "ecosystem", "stages", "capacity_per_year"]) {
                let structures = try StructureTable.read(path, territory: nil, outlines: nil, projection: nil, contains: { _, _ in true }, firstId: 0)
                return Result(kind: .structureTable, detail: Label(words: "validation.structures", ["count": String(structures.count)]))
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
            return Result(kind: .calibrationTargets, detail: Label(words: "validation.parameters_targets", ["parameters": String(c.parameters.count), "targets": String(c.targets.count)]))
        }
        if m["method"] != nil || (m["parameters"] != nil && m["scenario"] != nil) {
            let plan = try SweepPlan.load(path)
            let points = try plan.points().count, design = plan.design.rawValue
            return Result(kind: .sweepPlan, detail: Label(words: "validation.points_each_checked", ["points": String(points), "design": design]))
        }
        if m["territories"] != nil {
            // Every territory's scenario is read (its base, the standard policy); none is imported.
            let study = try NationalStudy.load(path)
            for t in study.territories { _ = try study.scenario(t) }
            let people = study.territories.reduce(0) { $0 + $1.population }
            return Result(kind: .nationalStudy, detail: Label(words: study.level == .epci ? "validation.national_epci" : "validation.national_departements", en: ["count": String(study.territories.count), "inhabitants": Numerals.count(people, french: false), "replications": String(study.replications)], fr: ["count": String(study.territories.count), "inhabitants": Numerals.count(people, french: true), "replications": String(study.replications)]))
        }
        if m["policies"] != nil || m["scenarios"] != nil {
            let study = try Study.load(path)
            var warnings: [Label] = []
            for scenario in study.scenarios {
                let world = try scenario.world()
                for named in study.policies {
                    var cell = scenario
                    named.apply(to: &cell)
                    for line in try cell.build(world).warnings.map({ $0.prefixed(scenario.name) }) where !warnings.contains(line) {
                        warnings.append(line)
                    }
                }
            }
            let scenarios = study.scenarios.count, policies = study.policies.count
            return Result(kind: .study, detail: Label(words: "validation.scenarios_policies", ["scenarios": String(scenarios), "policies": String(policies)]),
                          warnings: warnings)
        }
        let scenario = try ScenarioLoader.load(path)
        let world = try scenario.world()
        let model = try scenario.build(world)
        let notes = world.report?.notes ?? []
        let zones = world.territory.zones.count, structures = model.territoryStructures.count, people = world.territory.population
        let detail = Label(
            en: "\(zones) zones, \(structures) structures, \(people) inhabitants" + notes.map { "; " + $0.en }.joined(),
            fr: "\(zones) zones, \(structures) structures, \(Numerals.count(people, french: true)) habitants" + notes.map { " ; " + $0.fr }.joined())
        return Result(kind: .scenario, detail: detail, warnings: model.warnings)
    }
}

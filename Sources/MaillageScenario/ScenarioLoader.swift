import Foundation
import Yams
import MaillageFoundation
import MaillageModel

/// Reads scenarios from YAML files, checking every field.
///
/// Every key is optional but `name` and `territory`; a missing key keeps its documented default
/// (MODEL.md). Unknown keys, wrong types and values out of range are ``InputError``s that name
/// the file, the line and column, and the field.
public enum ScenarioLoader {
    /// Reads and checks the scenario in `path`; the files it names must lie in its folder tree or
    /// the shipped scenarios (``Confinement``).
    public static func load(_ path: String) throws -> Scenario {
        try load(path, depth: 0, confinement: Confinement(topLevel: path))
    }

    /// Reads the scenario in `path` as named by another file, within that file's confinement.
    static func load(_ path: String, depth: Int, confinement: Confinement) throws -> Scenario {
        let text = try TextFile.read(path)
        var root = try YAMLMapping.root(text: text, file: path, confinement: confinement)
        let scenario = try read(&root, depth: depth)
        try root.finish()
        return scenario
    }

    /// Parses YAML text into a root node, mapping YAML syntax errors to ``InputError``.
    static func compose(_ text: String, file: String) throws -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        guard let node else { throw InputError(file: file, message: "expected a YAML mapping, found an empty file") }
        return node
    }

    static func yamlError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return InputError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(file: file, line: context.mark.line, column: context.mark.column,
                              message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return InputError(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// Parses scenario text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Scenario {
        try parse(text, file: file, depth: 0)
    }

    static func parse(_ text: String, file: String, depth: Int) throws -> Scenario {
        var root = try YAMLMapping.root(text: text, file: file)
        let scenario = try read(&root, depth: depth)
        try root.finish()
        return scenario
    }

    /// Reads the scenario's keys from a mapping. With `base: FILE` (relative to this file) the
    /// scenario starts from that one and this file's keys override it; lists are replaced whole.
    static func read(_ root: inout YAMLMapping, depth: Int) throws -> Scenario {
        var scenario: Scenario
        if root.has("base") {
            let relative = try root.requiredString("base")
            let path = try root.reference(relative, field: "base", node: root.mapping["base"])
            guard depth < 8 else { throw root.error("base", nil, "expected a chain of at most 8 base scenarios, found a longer one (a cycle?)") }
            guard FileManager.default.fileExists(atPath: path) else {
                throw root.error("base", nil, "expected an existing scenario file, found '\(relative)' (looked for \(path))")
            }
            scenario = try load(path, depth: depth + 1, confinement: root.confinement)
            try root.string("name", &scenario.name)
        } else {
            scenario = Scenario(name: try root.requiredString("name"))
            guard root.has("territory") else { throw root.error("territory", nil, "required mapping is missing") }
        }
        try root.string("description", &scenario.description)
        if var territory = try root.mapping("territory") { try readTerritory(&territory, into: &scenario.territory) }
        if var m = try root.mapping("travel") { try readTravel(&m, into: &scenario.travel, matrix: &scenario.travelMatrix) }
        if var m = try root.mapping("structures") {
            try readStructures(&m, into: &scenario.structures, table: &scenario.structureTable)
        }
        if var m = try root.mapping("holders") { try readHolders(&m, into: &scenario.holders) }
        if var m = try root.mapping("journey") { try readJourney(&m, into: &scenario.journey) }
        if var m = try root.mapping("outcomes") { try readOutcomes(&m, into: &scenario.outcomes) }
        if var m = try root.mapping("families") { try readFamilies(&m, into: &scenario.families) }
        if var m = try root.mapping("offer") { try readOffer(&m, into: &scenario) }
        if var m = try root.mapping("policy") { try readPolicy(&m, into: &scenario.policy) }
        // `status_quo: none` removes a base scenario's status quo (a territory where the study
        // found no cooperation).
        if root.mapping["status_quo"]?.string == "none" {
            _ = root.has("status_quo")
            scenario.statusQuo = nil
        } else if var m = try root.mapping("status_quo") {
            var policy = scenario.statusQuo ?? CooperationPolicy()
            try readPolicy(&m, into: &policy)
            scenario.statusQuo = policy
        }
        if var m = try root.mapping("entry") { try readEntry(&m, into: &scenario.entry) }
        if var m = try root.mapping("lever_costs") { try readDeclared(&m, Levers.costDeclarations, into: &scenario.leverCosts) }
        if var m = try root.mapping("lever_effects") { try readDeclared(&m, Levers.effectDeclarations, into: &scenario.leverEffects) }
        if var m = try root.mapping("simulation") { try readSimulation(&m, into: &scenario.plan, policyStart: &scenario.policyStart) }
        if var m = try root.mapping("accessibility") { try readAccessibility(&m, into: &scenario.accessibility) }
        return scenario
    }

    /// A path as written in `m`'s file, resolved against that file's folder.
    static func path(_ m: inout YAMLMapping, _ key: String) throws -> String? {
        var text = ""
        try m.string(key, &text)
        guard !text.isEmpty else { return nil }
        return try m.reference(text, field: m.path.isEmpty ? key : m.path + "." + key, node: m.mapping[key])
    }

    /// `text` as a path: absolute as is, else relative to `file`'s folder. Relative stays
    /// relative, so files that record paths are the same in every checkout.
    static func resolve(_ text: String, relativeTo file: String) -> String {
        if text.hasPrefix("/") { return text }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? text : (folder as NSString).appendingPathComponent(text)
    }

    static func readTerritory(_ m: inout YAMLMapping, into source: inout TerritorySource) throws {
        if var f = try m.mapping("france") {
            var spec = RealTerritorySpec()
            if case .real(let current) = source, current.france != nil { spec = current }
            try readFrance(&f, into: &spec)
            try m.string("name", &spec.name)
            try m.int("urban_threshold", &spec.urbanThreshold, in: 0...100_000_000)
            try m.finish()
            source = .real(spec)
            return
        }
        var generator: String
        switch source {
        case .synthetic: generator = "synthetic"
        case .real: generator = "real"
        }
        try m.string("generator", &generator)
        switch generator {
        case "synthetic":
            var spec: SyntheticTerritorySpec
            if case .synthetic(let current) = source { spec = current } else { spec = SyntheticTerritorySpec() }
            try readSynthetic(&m, into: &spec)
            source = .synthetic(spec)
        case "real":
            var spec: RealTerritorySpec
            if case .real(let current) = source, current.france == nil { spec = current } else { spec = RealTerritorySpec() }
            try readReal(&m, into: &spec)
            source = .real(spec)
        default:
            throw m.error("generator", nil, "expected 'synthetic' or 'real', found '\(generator)'")
        }
    }

    static func readReal(_ m: inout YAMLMapping, into t: inout RealTerritorySpec) throws {
        t.scenarioFile = m.file
        try m.string("name", &t.name)
        if let files = try m.list("geometry") {
            t.geometry = try files.map { node, fieldPath in
                guard let text = node.string, !text.isEmpty else {
                    throw InputError(file: m.file, line: node.mark?.line, column: node.mark?.column, field: fieldPath, message: "expected a GeoJSON file name")
                }
                return try m.reference(text, field: fieldPath, node: node)
            }
        }
        if let p = try path(&m, "populations") { t.populations = p }
        if let p = try path(&m, "cog") { t.cog = p }
        try m.int("urban_threshold", &t.urbanThreshold, in: 0...100_000_000)
        if var s = try m.mapping("select") {
            var chosen: [RealTerritorySpec.Selection] = []
            if let deps = try s.list("departments") { chosen.append(.departments(deps.compactMap { $0.node.string })) }
            if s.has("collectivity") { chosen.append(.collectivity(try s.requiredString("collectivity"))) }
            if let codes = try s.list("codes") { chosen.append(.codes(codes.compactMap { $0.node.string })) }
            guard chosen.count == 1 else {
                throw s.error("departments", nil, "expected exactly one of departments, collectivity, codes; found \(chosen.count)")
            }
            t.selection = chosen[0]
            try s.finish()
        }
        try m.finish()
        guard !t.geometry.isEmpty else { throw m.error("geometry", nil, "expected a list of GeoJSON files") }
        guard !t.populations.isEmpty else { throw m.error("populations", nil, "expected the INSEE population file") }
    }

    /// The shipped national files: `Scenarios/data/france` in the working folder (relative, as the
    /// results record it, the same in every checkout), else beside the executable.
    package static func shippedFranceData() -> String? {
        let marker = "/data/france/insee/communes.csv"
        if FileManager.default.fileExists(atPath: "Scenarios" + marker) { return "Scenarios/data/france" }
        return Confinement.shippedScenarios.first { FileManager.default.fileExists(atPath: $0 + marker) }.map { $0 + "/data/france" }
    }

    /// `territory: {france: {departements: […], regions: […], epci: […], employment_zones: […], communes: […], data: FOLDER}}`:
    /// a territory of the national files, by default those of the shipped `Scenarios/data/france`.
    static func readFrance(_ m: inout YAMLMapping, into t: inout RealTerritorySpec) throws {
        t.scenarioFile = m.file
        var selection = FranceSelection()
        func codes(_ key: String) throws -> [String] {
            try (m.list(key) ?? []).map { node, fieldPath in
                guard let text = node.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                    throw InputError(file: m.file, line: node.mark?.line, column: node.mark?.column, field: fieldPath, message: "expected a code or a name, found nothing")
                }
                return text
            }
        }
        selection.departements = try codes("departements")
        selection.regions = try codes("regions")
        selection.epci = try codes("epci")
        selection.communes = try codes("communes")
        selection.employmentZones = try codes("employment_zones")
        guard !selection.isEmpty else {
            throw m.error("departements", nil, "expected at least one of departements, regions, epci, employment_zones, communes (lists of codes)")
        }
        if let folder = try path(&m, "data") {
            t.franceData = folder
        } else if let shipped = shippedFranceData() {
            t.franceData = shipped
        } else {
            throw m.error("data", nil, "expected the folder of the national files (data: …/Scenarios/data/france): no shipped Scenarios folder beside the executable or in the working folder")
        }
        try m.finish()
        t.france = selection
        var parts: [String] = []
        if !selection.departements.isEmpty { parts.append("départements " + selection.departements.joined(separator: ", ")) }
        if !selection.regions.isEmpty { parts.append("régions " + selection.regions.joined(separator: ", ")) }
        if !selection.epci.isEmpty { parts.append("EPCI " + selection.epci.joined(separator: ", ")) }
        if !selection.employmentZones.isEmpty { parts.append("zones d'emploi " + selection.employmentZones.joined(separator: ", ")) }
        if !selection.communes.isEmpty { parts.append("communes " + selection.communes.joined(separator: ", ")) }
        t.name = parts.joined(separator: "; ")
    }

    static func readSynthetic(_ m: inout YAMLMapping, into t: inout SyntheticTerritorySpec) throws {
        try m.string("name", &t.name)
        try m.seed("seed", &t.seed)
        try m.choice("shape", &t.shape, [.square, .disc])
        try m.double("area_km2", &t.areaKm2, in: 0.01...10_000_000, rangeText: "an area of 0.01 to 10,000,000 km²")
        try m.int("population", &t.population, in: 0...100_000_000, rangeText: "a population in 0...100000000")
        try m.int("communes", &t.communes, in: 1...100_000, rangeText: "a number of communes in 1...100000")
        try m.double("commune_population_sigma", &t.communePopulationSigma, in: 0...5, rangeText: "a σ in [0, 5]")
        try m.double("centre_gradient_km", &t.centreGradientKm, in: 0...10_000, rangeText: "0 to 10,000 km")
        try m.int("urban_threshold", &t.urbanThreshold, in: 0...100_000_000)
        if var q = try m.mapping("priority_neighbourhoods") {
            try q.double("share", &t.priorityNeighbourhoodShare, in: 0...0.99, rangeText: "a share in [0, 0.99]")
            try q.int("communes", &t.priorityNeighbourhoodCommunes, in: 0...100_000)
            try q.probability("max_share_of_commune", &t.priorityNeighbourhoodMaxShare)
            try q.finish()
        }
        if let towns = try m.list("towns") {
            t.towns = []
            for (node, path) in towns {
                var town = try YAMLMapping(node, in: m, path: path)
                var value = SyntheticTerritorySpec.Town(name: try town.requiredString("name"), population: 0, xKm: 0, yKm: 0)
                try town.int("population", &value.population, in: 0...100_000_000)
                try town.double("x_km", &value.xKm, in: -1e4...1e4)
                try town.double("y_km", &value.yKm, in: -1e4...1e4)
                if !t.contains(xKm: value.xKm, yKm: value.yKm) {
                    throw town.error("x_km", node, "expected a point inside the territory (\(t.shape.rawValue) of \(t.areaKm2) km² centred on 0, 0), found (\(value.xKm), \(value.yKm))")
                }
                try town.finish()
                t.towns.append(value)
            }
        }
        try m.finish()
        let townPopulation = t.towns.reduce(0) { $0 + $1.population }
        if t.towns.count > t.communes {
            throw m.error("towns", nil, "expected at most 'communes' (\(t.communes)) towns, found \(t.towns.count)")
        }
        if townPopulation > t.population {
            throw m.error("towns", nil, "expected towns holding at most the territory's population (\(t.population)), found \(townPopulation)")
        }
        if t.population > 0 && t.towns.count == t.communes && townPopulation != t.population {
            throw m.error("population", nil, "expected the towns' total (\(townPopulation)) when every commune is a town, found \(t.population)")
        }
    }

    static func readTravel(_ m: inout YAMLMapping, into t: inout TravelModel, matrix: inout String?) throws {
        if let p = try path(&m, "matrix") { matrix = p }
        try m.double("detour_factor", &t.detourFactor, in: 1...5, rangeText: "a detour factor in [1, 5]")
        try m.double("rural_speed_kmh", &t.ruralSpeedKmh, in: 1...300, rangeText: "a speed of 1 to 300 km/h")
        try m.double("urban_speed_kmh", &t.urbanSpeedKmh, in: 1...300, rangeText: "a speed of 1 to 300 km/h")
        try m.double("priority_neighbourhood_speed_kmh", &t.priorityNeighbourhoodSpeedKmh, in: 1...300, rangeText: "a speed of 1 to 300 km/h")
        try m.double("reach_minutes", &t.reachMinutes, in: 0...600, rangeText: "0 to 600 minutes")
        try m.finish()
    }

    static func readStructures(_ m: inout YAMLMapping, into p: inout StructurePlacement, table: inout String?) throws {
        p.scenarioFile = m.file
        try m.seed("seed", &p.seed)
        let csv = try path(&m, "csv")
        if let csv { table = csv }
        // A structure table given here replaces the networks a base scenario placed, unless this
        // file says `networks: keep` (or lists its own networks).
        if let keep = m.mapping["networks"], case .scalar = keep {
            _ = m.has("networks")
            guard keep.string == "keep" else {
                throw m.error("networks", keep, "expected a list of networks, or 'keep' (with csv) to keep the base scenario's, found \(describe(keep, lines: m.lines))")
            }
            guard csv != nil else { throw m.error("networks", keep, "expected 'keep' only beside a structure table (csv)") }
        } else if let networks = try m.list("networks") {
            p.networks = []
            for (node, path) in networks {
                var n = try YAMLMapping(node, in: m, path: path)
                var spec = NetworkSpec(name: try n.requiredString("name"), ecosystem: .classic, stages: [],
                                       capacityPerYear: 0, count: 1, placement: .largest)
                guard n.has("ecosystem") else { throw n.error("ecosystem", node, "required (classic or ess) is missing") }
                try n.choice("ecosystem", &spec.ecosystem, Ecosystem.allCases)
                guard let stages = try n.list("stages"), !stages.isEmpty else {
                    throw n.error("stages", node, "expected a non-empty list of stages (emergence, creation, financing, growth)")
                }
                for (stageNode, stagePath) in stages {
                    guard let name = stageNode.string, let stage = Stage(name: name) else {
                        throw InputError(file: m.file, line: stageNode.mark?.line, column: stageNode.mark?.column, field: stagePath,
                                         message: "expected one of emergence, creation, financing, growth, found \(describe(stageNode, lines: m.lines))")
                    }
                    spec.stages.append(stage)
                }
                try n.double("capacity_per_year", &spec.capacityPerYear, in: 0...1e7, rangeText: "a capacity ≥ 0 holders per year")
                try n.int("count", &spec.count, in: 0...100_000, rangeText: "a number of sites ≥ 0")
                try n.choice("placement", &spec.placement, [.largest, .populationWeighted, .zones, .departements, .arrondissements, .urbanUnits])
                if n.has("min_population") {
                    guard spec.placement == .urbanUnits else {
                        throw n.error("min_population", node, "expected only with placement 'urban_units', found placement '\(spec.placement.rawValue)'")
                    }
                    var least = 0
                    try n.int("min_population", &least, in: 0...100_000_000, rangeText: "a number of inhabitants ≥ 0")
                    spec.minPopulation = least
                }
                if let zones = try n.list("zones") {
                    spec.zones = try zones.map { zoneNode, zonePath in
                        guard let code = zoneNode.string, !code.isEmpty else {
                            throw InputError(file: m.file, line: zoneNode.mark?.line, column: zoneNode.mark?.column, field: zonePath,
                                             message: "expected a zone code, found \(describe(zoneNode, lines: m.lines))")
                        }
                        return code
                    }
                }
                if spec.placement == .zones && spec.zones.isEmpty {
                    throw n.error("zones", node, "expected zone codes for placement 'zones'")
                }
                spec.family = NetworkFamily.inferred(networkNamed: spec.name, ecosystem: spec.ecosystem)
                var familyName = ""
                try n.string("family", &familyName)
                if !familyName.isEmpty {
                    guard let f = NetworkFamily(name: familyName) else {
                        throw n.error("family", nil, "expected one of \(NetworkFamily.allCases.map(\.rawValue).joined(separator: ", ")), found '\(familyName)'")
                    }
                    spec.family = f
                }
                spec.opensMonth = try n.optionalMonth("opens_month")
                spec.closesMonth = try n.optionalMonth("closes_month")
                if let o = spec.opensMonth, let c = spec.closesMonth, c <= o {
                    throw n.error("closes_month", node, "expected a closing month after the opening month (\(o)), found \(c)")
                }
                try n.finish()
                p.networks.append(spec)
            }
        } else if csv != nil {
            p.networks = []
        }
        try m.finish()
    }

    static let stageNames = Stage.allCases.map(\.name)

    static func readAccessibility(_ m: inout YAMLMapping, into a: inout AccessibilitySettings) throws {
        func numbers(_ key: String) throws -> [Double]? {
            guard let list = try m.list(key) else { return nil }
            return try list.map { node, path in
                guard let text = node.string, let x = DecimalNumber.parse(text), (0...600).contains(x) else {
                    throw InputError(file: m.file, line: node.mark?.line, column: node.mark?.column, field: path, message: "expected a number of 0 to 600, found \(describe(node, lines: m.lines))")
                }
                return x
            }
        }
        let minutes = try numbers("step_minutes"), weights = try numbers("step_weights")
        if let minutes { a.stepMinutes = minutes }
        if let weights { a.stepWeights = weights }
        guard a.stepMinutes.count == a.stepWeights.count, !a.stepMinutes.isEmpty, zip(a.stepMinutes, a.stepMinutes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw m.error("step_minutes", nil, "expected as many increasing step bounds as weights, found \(a.stepMinutes.count) bounds and \(a.stepWeights.count) weights")
        }
        try m.double("gaussian_sigma_minutes", &a.gaussianSigmaMinutes, in: 0.1...600, rangeText: "0.1 to 600 minutes")
        try m.finish()
    }

    static func readSimulation(_ m: inout YAMLMapping, into s: inout RunPlan, policyStart: inout PolicyStart) throws {
        try m.int("horizon_months", &s.horizonMonths, in: 1...600, rangeText: "a horizon of 1 to 600 months")
        try m.int("warm_up_months", &s.warmUpMonths, in: 0...120, rangeText: "a warm-up of 0 to 120 months")
        try m.int("replications", &s.replications, in: 1...10_000_000, rangeText: "at least 1 replication")
        try m.seed("seed", &s.seed)
        try m.choice("policy_starts", &policyStart, PolicyStart.allCases)
        try m.finish()
    }

    /// Reads `offer:`: a whole table of the scenario's (`csv: FILE`), then rows overridden by
    /// family, project type and stage (`FAMILY: {TYPE: {STAGE: {offer: …, penalty: …}}}`).
    static func readOffer(_ m: inout YAMLMapping, into scenario: inout Scenario) throws {
        if let file = try path(&m, "csv") {
            scenario.offer = try OfferTable(text: try TextFile.read(file, maxBytes: Limits.csvBytes), file: file)
            scenario.offerTable = file
        }
        for family in NetworkFamily.allCases {
            guard var f = try m.mapping(family.rawValue) else { continue }
            for type in ProjectType.allCases {
                guard var t = try f.mapping(type.name) else { continue }
                for stage in Stage.allCases {
                    guard var row = try t.mapping(stage.name) else { continue }
                    var offer = scenario.offer[family, type, stage]
                    try row.choice("offer", &offer.offer, OfferTable.Offer.allCases)
                    var penalty = ""
                    try row.string("penalty", &penalty)
                    if !penalty.isEmpty {
                        offer.penalty = try OfferTable.penalty(penalty, offer: offer.offer) { row.error("penalty", nil, $0) }
                    }
                    offer.source = "the scenario's"
                    try row.finish()
                    scenario.offer[family, type, stage] = offer
                }
                try t.finish()
            }
            try f.finish()
        }
        try m.finish()
    }
}

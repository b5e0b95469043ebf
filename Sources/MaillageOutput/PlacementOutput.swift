import Foundation
import MaillageFoundation
import MaillageModel
import MaillageExperiments

/// The files of `maillage optimise placement`: `sites.csv`, `placement.json`, `zones.csv`
/// (every zone covered before and after) and `zones.geojson` (the same rows with each zone's
/// shape), `sites.geojson` (the new sites as points), `placement-map.svg`, a scenario with
/// the sites added (`with-sites.yaml` and `with-sites-structures.csv`), and with
/// `--export-instance` the problem itself (`instance.json`) for an independent solver.
public enum PlacementOutput {
    /// Where the placement came from and where its files go.
    public struct Context: Sendable {
        public var scenario: String
        /// The scenario's file, which the scenario with the sites added takes as its base.
        public var scenarioPath: String
        /// The folder the files end up in (they are written into its staging copy).
        public var destination: String
        public var reachMinutes: Double
        /// A real territory's projection, for the GeoJSON layers; nil for a synthetic territory
        /// (drawn at ``ZoneLayer/nominalPlace``).
        public var projection: LocalProjection?
        /// The scenario's structure table, if it has one: the scenario with the sites added
        /// keeps its rows.
        public var structureTable: String?
        /// Holders a year a permanence supports.
        public var permanenceCapacity: Double
        /// A real territory's commune outlines, for the polygons of `zones.geojson`.
        public var outlines: [ZoneOutline]?

        public init(scenario: String, scenarioPath: String, destination: String, reachMinutes: Double, projection: LocalProjection?,
                    structureTable: String?, permanenceCapacity: Double, outlines: [ZoneOutline]? = nil) {
            self.outlines = outlines
            self.scenario = scenario
            self.scenarioPath = scenarioPath
            self.destination = destination
            self.reachMinutes = reachMinutes
            self.projection = projection
            self.structureTable = structureTable
            self.permanenceCapacity = permanenceCapacity
        }
    }

    struct Document: Encodable {
        var scenario: String
        var toolVersion: String
        var site: String
        var objective: String
        var sitesAdded: Int
        var candidates: Int
        var demandZones: Int
        var reachMinutes: Double
        var population: Int
        var coveredPopulationBefore: Int
        var coveredPopulationAfter: Int
        /// What the covered populations count: inhabitants, or inhabitants weighted by project type.
        var populationUnit: String
        var method: String
        var solverStatus: String
        var gap: Double?
        var sites: [String]
        var greedy: Greedy
    }

    struct Greedy: Encodable {
        var coveredPopulationAfter: Int
        var sites: [String]
    }

    struct Instance: Encodable {
        var description: String
        var k: Int
        var weights: [Double]
        var demandZones: [String]
        var candidateZones: [String]
        var covers: [[Int]]
    }

    /// Writes the results of placing `k` sites into `folder`. `exact` is nil when GLPK was not
    /// available (the greedy solution is then the answer, and `placement.json` says so).
    public static func write(_ placement: PermanencePlacement, k: Int, exact: CoveringSolution?, greedy: CoveringSolution,
                             context: Context, exportInstance: Bool, to folder: String) throws {
        let scenario = context.scenario, reachMinutes = context.reachMinutes
        let zones = placement.zones
        let answer = exact ?? greedy
        // Each site's gain, in the order that adds the most first (the greedy order over the chosen sites).
        let order = placement.problem.gainOrder(answer.sites)
        var table = CSVTable(header: ["rank", "zone", "name", "x_km", "y_km", "population_covered_added"])
        var covered = Set<Int>()
        for (rank, site) in order.enumerated() {
            let z = zones[placement.candidates[site]]
            var gain = 0
            for (i, c) in placement.problem.covers.enumerated() where c.contains(site) && !covered.contains(i) {
                gain += Int(placement.problem.weights[i])
                covered.insert(i)
            }
            table.append([String(rank + 1), z.code, z.name, CSVTable.number(z.x), CSVTable.number(z.y), String(gain)])
        }
        try table.write(to: folder + "/sites.csv")
        let status: String
        if let exact { status = exact.optimal ? "optimal" : "feasible (time limit reached)" } else { status = "not solved: GLPK unavailable" }
        let document = Document(
            scenario: scenario, toolVersion: maillageVersion, site: placement.site.description, objective: placement.objective.rawValue, sitesAdded: k,
            candidates: placement.candidates.count, demandZones: placement.demand.count, reachMinutes: reachMinutes,
            population: placement.population, coveredPopulationBefore: placement.coveredBefore,
            coveredPopulationAfter: placement.coveredBefore + Int(answer.value),
            populationUnit: placement.objective == .coverage ? "inhabitants with any structure within reach"
                : "inhabitants weighted by the project types' shares, with a structure fitting their type at the creation stage within reach",
            method: exact == nil ? "greedy (GLPK unavailable)" : "maximal covering integer programme, GLPK branch and cut",
            solverStatus: status, gap: exact?.gap,
            sites: answer.sites.map { zones[placement.candidates[$0]].code },
            greedy: Greedy(coveredPopulationAfter: placement.coveredBefore + Int(greedy.value),
                           sites: greedy.sites.map { zones[placement.candidates[$0]].code }))
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/placement.json")
        try writeLayers(placement, order: order, context: context, to: folder)
        try Manifest(kind: .placement, scenarios: [scenario]).write(to: folder)
        if exportInstance {
            let instance = Instance(
                description: "maximal covering: choose k candidate zones to maximise the weight of demand zones covered; covers[i] lists the candidates (indices into candidate_zones) covering demand zone i",
                k: k, weights: placement.problem.weights, demandZones: placement.demand.map { zones[$0].code },
                candidateZones: placement.candidates.map { zones[$0].code }, covers: placement.problem.covers)
            try AtomicFile.write(try AtomicFile.json(instance), to: folder + "/instance.json")
        }
    }

    /// `zones.csv`, `zones.geojson`, `sites.geojson` and the scenario with the sites added.
    static func writeLayers(_ placement: PermanencePlacement, order: [Int], context: Context, to folder: String) throws {
        let zones = placement.zones
        let rankOfZone = Dictionary(order.enumerated().map { (placement.candidates[$1], $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let open = Set(order)
        var coveredAfter = Set<Int>()
        for (d, c) in placement.problem.covers.enumerated() where c.contains(where: open.contains) { coveredAfter.insert(placement.demand[d]) }
        let uncoveredBefore = Set(placement.demand)
        let zoneHeader = ["zone", "name", "x_km", "y_km", "population", "covered_before", "covered_after", "site_rank"]
        let zoneRows = zones.enumerated().map { i, z -> [String] in
            let before = !uncoveredBefore.contains(i) && z.population > 0
            let after = before || coveredAfter.contains(i)
            return [z.code, z.name, CSVTable.number(z.x), CSVTable.number(z.y), String(z.population),
                    before ? "1" : "0", after ? "1" : "0", rankOfZone[i].map(String.init) ?? ""]
        }
        // zones.csv and the same rows with each zone's shape; the new sites as points (a synthetic
        // territory's at its nominal place, as in zones.geojson).
        try ZoneLayer(zones: zones, outlines: context.outlines, projection: context.projection)
            .writeZones(header: zoneHeader, rows: zoneRows, text: ["zone", "name"], to: folder)
        let sites = order.enumerated().map { rank, site in
            let z = zones[placement.candidates[site]]
            return (x: z.x, y: z.y, properties: [(key: "rank", json: String(rank + 1)), (key: "zone", json: ZoneLayer.string(z.code)),
                                                 (key: "name", json: ZoneLayer.string(z.name)), (key: "ecosystem", json: "\"joint\"")])
        }
        try AtomicFile.write(ZoneLayer.points(sites, place: context.projection ?? ZoneLayer.nominalPlace), to: folder + "/sites.geojson")

        // The scenario with the sites added: permanences as structures of its table.
        var header = ["name", "ecosystem", "stages", "capacity_per_year", "commune", "family"]
        var rows: [[String]] = []
        if let path = context.structureTable {
            let base = try DelimitedText(path: path, delimiter: ",")
            header = base.header + header.filter { !base.header.contains($0) }
            rows = base.rows.map { $0.fields + Array(repeating: "", count: header.count - base.header.count) }
        }
        for (rank, site) in order.enumerated() {
            let z = zones[placement.candidates[site]]
            var row = Array(repeating: "", count: header.count)
            let name: String
            switch placement.site {
            case .permanence: name = "Outreach permanence \(rank + 1) (\(z.name))"
            case .network(let network): name = "\(network) \(rank + 1) (\(z.name))"
            }
            let values = ["name": name, "ecosystem": placement.site.ecosystem.rawValue, "stages": "emergence|creation",
                          "capacity_per_year": CSVTable.number(context.permanenceCapacity), "commune": z.code, "family": placement.site.family.rawValue]
            for (key, value) in values { row[header.firstIndex(of: key)!] = value }
            rows.append(row)
        }
        var structures = CSVTable(header: header)
        for row in rows { structures.append(row) }
        try structures.write(to: folder + "/with-sites-structures.csv")
        let base = BudgetOutput.relativePath(from: context.destination, to: context.scenarioPath)
        var text = "# \(context.scenario) with the \(order.count) sites maillage optimise placement chose, as structures of its table\n"
        text += "# (coaching, emergence and creation, \(CSVTable.number(context.permanenceCapacity)) holders a year each, at no cost to a policy).\n"
        text += "# Its base is outside this folder: a scenario outside the shipped Scenarios/ needs `--allow-outside`.\n"
        text += "base: \(base)\nname: \(context.scenario)-with-\(order.count)-sites\n"
        text += "structures:\n  csv: with-sites-structures.csv\n  networks: keep\n"
        try AtomicFile.write(text, to: folder + "/with-sites.yaml")
    }
}

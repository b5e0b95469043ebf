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

        try writeScenarioWithSites(order.map { zones[placement.candidates[$0]] }, site: placement.site, context: context, to: folder)
    }

    /// The scenario with the sites added (`with-sites.yaml`, `with-sites-structures.csv`): each
    /// site a structure of the scenario's table, in `sites`' order.
    static func writeScenarioWithSites(_ sites: [Zone], site: PlacementSite, context: Context, to folder: String) throws {
        // The scenario with the sites added: permanences as structures of its table.
        var header = ["name", "ecosystem", "stages", "capacity_per_year", "commune", "family"]
        var rows: [[String]] = []
        if let path = context.structureTable {
            let base = try DelimitedText(path: path, delimiter: ",")
            header = base.header + header.filter { !base.header.contains($0) }
            rows = base.rows.map { $0.fields + Array(repeating: "", count: header.count - base.header.count) }
        }
        for (rank, z) in sites.enumerated() {
            var row = Array(repeating: "", count: header.count)
            let name: String
            switch site {
            case .permanence: name = "Outreach permanence \(rank + 1) (\(z.name))"
            case .network(let network): name = "\(network) \(rank + 1) (\(z.name))"
            }
            let values = ["name": name, "ecosystem": site.ecosystem.rawValue, "stages": "emergence|creation",
                          "capacity_per_year": CSVTable.number(context.permanenceCapacity), "commune": z.code, "family": site.family.rawValue]
            for (key, value) in values { row[header.firstIndex(of: key)!] = value }
            rows.append(row)
        }
        var structures = CSVTable(header: header)
        for row in rows { structures.append(row) }
        try structures.write(to: folder + "/with-sites-structures.csv")
        let base = BudgetOutput.relativePath(from: context.destination, to: context.scenarioPath)
        var text = "# \(context.scenario) with the \(sites.count) sites maillage optimise placement chose, as structures of its table\n"
        text += "# (coaching, emergence and creation, \(CSVTable.number(context.permanenceCapacity)) holders a year each, at no cost to a policy).\n"
        text += "# Its base is outside this folder: a scenario outside the shipped Scenarios/ needs `--allow-outside`.\n"
        text += "base: \(base)\nname: \(context.scenario)-with-\(sites.count)-sites\n"
        text += "structures:\n  csv: with-sites-structures.csv\n  networks: keep\n"
        try AtomicFile.write(text, to: folder + "/with-sites.yaml")
    }
}

extension PlacementOutput {
    struct Interval: Encodable {
        var mean: Double?, low: Double?, high: Double?, n: Int
        init(_ e: Estimate) {
            func f(_ x: Double) -> Double? { x.isFinite ? x : nil }
            mean = f(e.mean); low = f(e.low); high = f(e.high); n = e.n
        }
    }

    struct SimulatedDocument: Encodable {
        var scenario: String
        var toolVersion: String
        var site: String
        var objective: String
        var unit: String
        var sitesAdded: Int
        var candidates: [String]
        var candidatesScreened: Bool
        var method: String
        var replications: Int?
        var seed: UInt64?
        var evaluations: Int
        var before: Interval
        var after: Interval
        /// After minus before (paired): jobs gained, or the change of the spread of access (negative is better).
        var change: Interval
        var sites: [String]
        var greedySites: [String]
        /// Inhabitants with a structure within reach, without and with the final sites.
        var coveredPopulationBefore: Int
        var coveredPopulationAfter: Int
    }

    /// Writes the results of a simulated placement (`access_2sfca`, `jobs_added`) into `folder`:
    /// `sites.csv` (the final sites), `steps.csv` (each greedy step's paired change with its 95%
    /// interval), `swaps.csv` (the interchanges kept), `placement.json`, `sites.geojson`, the
    /// zones brought within reach by the final sites (`zones.csv`, `zones.geojson`), the scenario
    /// with the sites added (`with-sites.yaml`) and the manifest.
    public static func writeSimulated(_ placement: SimulatedPlacement, result: SimulatedPlacement.Result, k: Int, context: Context,
                                      to folder: String) throws {
        let zones = placement.world.territory.zones
        let simulated = placement.objective == .jobsAdded
        var sites = CSVTable(header: ["rank", "zone", "name", "x_km", "y_km"])
        for (rank, z) in result.chosen.enumerated() {
            sites.append([String(rank + 1), zones[z].code, zones[z].name, CSVTable.number(zones[z].x), CSVTable.number(zones[z].y)])
        }
        try sites.write(to: folder + "/sites.csv")
        var steps = CSVTable(header: ["step", "zone", "name", "objective_mean", "objective_ci95_low", "objective_ci95_high",
                                      "change_mean", "change_ci95_low", "change_ci95_high"])
        for (i, s) in result.steps.enumerated() {
            steps.append([String(i + 1), zones[s.zone].code, zones[s.zone].name, CSVTable.number(s.value.mean), CSVTable.number(s.value.low),
                          CSVTable.number(s.value.high), CSVTable.number(s.gain.mean), CSVTable.number(s.gain.low), CSVTable.number(s.gain.high)])
        }
        try steps.write(to: folder + "/steps.csv")
        var swaps = CSVTable(header: ["swap", "removed_zone", "added_zone", "change_mean", "change_ci95_low", "change_ci95_high"])
        for (i, s) in result.swaps.enumerated() {
            swaps.append([String(i + 1), zones[s.removed].code, zones[s.added].code, CSVTable.number(s.gain.mean), CSVTable.number(s.gain.low),
                          CSVTable.number(s.gain.high)])
        }
        try swaps.write(to: folder + "/swaps.csv")
        let method = (simulated ? "greedy on common random numbers, then interchange (a swap kept when its paired gain's 95% interval is above zero)"
                                : "greedy on the exact index, then interchange (a swap kept when it raises the index)")
            + (placement.screened ? "; candidates screened to the \(placement.candidates.count) zones with the most inhabitants within reach" : "")
        let reach = try PermanencePlacement(world: placement.world, candidateCodes: result.chosen.map { zones[$0].code },
                                            site: placement.site, file: context.scenarioPath)
        let newlyCovered = zip(reach.problem.weights, reach.problem.covers).reduce(0.0) { $0 + ($1.1.isEmpty ? 0 : $1.0) }
        let document = SimulatedDocument(
            scenario: context.scenario, toolVersion: maillageVersion, site: placement.site.description, objective: placement.objective.rawValue,
            unit: placement.objective.unit, sitesAdded: k, candidates: placement.candidates.map { zones[$0].code },
            candidatesScreened: placement.screened, method: method, replications: simulated ? placement.plan.replications : nil,
            seed: simulated ? placement.plan.seed : nil, evaluations: result.evaluations, before: Interval(result.before),
            after: Interval(result.after), change: Interval(result.gain), sites: result.chosen.map { zones[$0].code },
            greedySites: result.steps.map { zones[$0.zone].code }, coveredPopulationBefore: reach.coveredBefore,
            coveredPopulationAfter: reach.coveredBefore + Int(newlyCovered.rounded()))
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/placement.json")
        // Who the final sites bring within reach, as the covering objectives show it (zones.csv,
        // zones.geojson, the before/after map), and the scenario with the sites added.
        try writeLayers(reach, order: Array(result.chosen.indices), context: context, to: folder)
        try Manifest(kind: .placement, scenarios: [context.scenario], seed: simulated ? placement.plan.seed : nil,
                     replications: simulated ? placement.plan.replications : nil).write(to: folder)
    }
}

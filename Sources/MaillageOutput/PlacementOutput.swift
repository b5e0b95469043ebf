import Foundation
import MaillageFoundation
import MaillageModel
import MaillageExperiments

/// The files of `maillage optimise placement`: `sites.csv`, `placement.json`, and with
/// `--export-instance` the problem itself (`instance.json`) for an independent solver.
public enum PlacementOutput {
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
                             scenario: String, reachMinutes: Double, exportInstance: Bool, to folder: String) throws {
        let zones = placement.zones
        let answer = exact ?? greedy
        // Each site's gain, in the order that adds the most first (the greedy order over the chosen sites).
        let ordered = CoveringSolver.greedy(CoveringProblem(weights: placement.problem.weights,
                                                            covers: placement.problem.covers.map { $0.filter(answer.sites.contains) },
                                                            sites: placement.problem.sites), k: answer.sites.count)
        var order = ordered.sites
        order += answer.sites.filter { !order.contains($0) }
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
            scenario: scenario, toolVersion: maillageVersion, site: "permanence", objective: "coverage", sitesAdded: k,
            candidates: placement.candidates.count, demandZones: placement.demand.count, reachMinutes: reachMinutes,
            population: placement.population, coveredPopulationBefore: placement.coveredBefore,
            coveredPopulationAfter: placement.coveredBefore + Int(answer.value),
            method: exact == nil ? "greedy (GLPK unavailable)" : "maximal covering integer programme, GLPK branch and cut",
            solverStatus: status, gap: exact?.gap,
            sites: answer.sites.map { zones[placement.candidates[$0]].code },
            greedy: Greedy(coveredPopulationAfter: placement.coveredBefore + Int(greedy.value),
                           sites: greedy.sites.map { zones[placement.candidates[$0]].code }))
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/placement.json")
        if exportInstance {
            let instance = Instance(
                description: "maximal covering: choose k candidate zones to maximise the weight of demand zones covered; covers[i] lists the candidates (indices into candidate_zones) covering demand zone i",
                k: k, weights: placement.problem.weights, demandZones: placement.demand.map { zones[$0].code },
                candidateZones: placement.candidates.map { zones[$0].code }, covers: placement.problem.covers)
            try AtomicFile.write(try AtomicFile.json(instance), to: folder + "/instance.json")
        }
    }
}

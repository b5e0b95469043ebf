import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// Where K new outreach permanences should go: the maximal covering problem of the population
/// that no structure reaches, with candidate sites at zones, solved exactly (GLPK) and greedily.
public struct PermanencePlacement: Sendable {
    /// The zones of the territory.
    public let zones: [Zone]
    /// Candidate sites (zone indices).
    public let candidates: [Int]
    /// Demand points: the inhabited zones (indices) with no structure in reach.
    public let demand: [Int]
    /// The problem over `demand` and `candidates`.
    public let problem: CoveringProblem
    /// Inhabitants with a structure in reach before any site is added.
    public let coveredBefore: Int
    /// All inhabitants.
    public let population: Int

    /// The problem on `world`: a site at zone j covers zone i when i is within the accepted
    /// travel time of j's point. `candidateCodes` (zone codes) restricts the sites; nil: every zone.
    /// - Throws: ``InputError`` naming an unknown code.
    public init(world: Scenario.World, candidateCodes: [String]? = nil, file: String) throws {
        let zones = world.territory.zones
        let travel = world.travel, reach = travel.reachMinutes
        let candidates: [Int]
        if let codes = candidateCodes {
            let index = Dictionary(zones.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
            candidates = try codes.map { code in
                guard let z = index[code] else { throw InputError(file: file, message: "--candidates: no zone has the code \(code)") }
                return z
            }
        } else {
            candidates = Array(zones.indices)
        }
        let structures = world.structures
        let reached = zones.map { z in structures.contains { travel.minutes(from: z, toX: $0.x, y: $0.y, code: $0.zoneCode) <= reach } }
        let demand = zones.indices.filter { !reached[$0] && zones[$0].population > 0 }
        let sites = candidates.map { zones[$0] }
        problem = CoveringProblem(weights: demand.map { Double(zones[$0].population) },
                                  covers: demand.map { i in
                                      sites.indices.filter { travel.minutes(from: zones[i], toX: sites[$0].x, y: sites[$0].y, code: sites[$0].code) <= reach }
                                  },
                                  sites: candidates.count)
        coveredBefore = zones.indices.reduce(0) { reached[$1] ? $0 + zones[$1].population : $0 }
        population = zones.reduce(0) { $0 + $1.population }
        self.zones = zones
        self.candidates = candidates
        self.demand = demand
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// What a new site is: an outreach permanence (joint, fitting every project type), or a structure
/// of a named network, which fits the types its ecosystem supports (classic projects for a
/// classic network; ESS and social-utility projects for an ESS one).
public enum PlacementSite: Sendable, Equatable, CustomStringConvertible {
    case permanence
    case network(String)

    /// Reads `permanence` or `network:NAME`.
    public init?(_ text: String) {
        if text == "permanence" { self = .permanence; return }
        guard text.hasPrefix("network:") else { return nil }
        let name = text.dropFirst("network:".count).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, NetworkFamily.of(networkNamed: name) != nil else { return nil }
        self = .network(name)
    }

    public var description: String {
        switch self { case .permanence: "permanence"; case .network(let n): "network:\(n)" }
    }

    /// The network's family (coaching for a permanence, run by a classic network's staff).
    public var family: NetworkFamily {
        switch self { case .permanence: .coaching; case .network(let n): NetworkFamily.of(networkNamed: n) ?? .coaching }
    }

    /// The ecosystem of the site's network.
    public var ecosystem: Ecosystem {
        switch self {
        case .permanence: .classic
        case .network: family.ecosystem
        }
    }

    /// The project types a new site supports: those its family's offer fits at the creation stage.
    public var types: [ProjectType] {
        switch self {
        case .permanence: ProjectType.allCases
        case .network: ProjectType.allCases.filter { OfferTable.shipped[family, $0, .creation].offer == .fit }
        }
    }
}

/// What a placement maximises, among the objectives solved exactly.
public enum PlacementObjective: String, Sendable, CaseIterable {
    /// Inhabitants with a structure of any kind within reach.
    case coverage
    /// Inhabitants, weighted by the project types' shares of would-be creators, with a structure
    /// that fits their type at the creation stage within reach.
    case coverageByType = "coverage_by_type"
}

/// Where K new sites should go: the maximal covering problem of the population that no
/// structure reaches (or, by type, that no fitting structure reaches), with candidate sites at
/// zones, solved exactly (GLPK) and greedily.
public struct PermanencePlacement: Sendable {
    /// The zones of the territory.
    public let zones: [Zone]
    /// Candidate sites (zone indices).
    public let candidates: [Int]
    /// Demand points' zones (indices): the inhabited zones with no structure in reach (by type:
    /// one point per zone and type not reached, so a zone may appear up to three times).
    public let demand: [Int]
    /// The problem over `demand` and `candidates`.
    public let problem: CoveringProblem
    /// Inhabitants (by type: type-weighted inhabitants, rounded) with a structure in reach before
    /// any site is added.
    public let coveredBefore: Int
    /// All inhabitants.
    public let population: Int
    public let objective: PlacementObjective
    public let site: PlacementSite

    /// The problem on `world`: a site at zone j covers zone i when i is within the accepted
    /// travel time of j's point. `candidateCodes` (zone codes) restricts the sites; nil: every zone.
    /// For ``PlacementObjective/coverageByType``, `model` (the scenario's model on this world) says
    /// which structure fits which type and the types' shares.
    /// - Throws: ``InputError`` naming an unknown code, or a by-type objective without a model.
    public init(world: Scenario.World, model: SimulationModel? = nil, candidateCodes: [String]? = nil,
                objective: PlacementObjective = .coverage, site: PlacementSite = .permanence, file: String) throws {
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
        let sites = candidates.map { zones[$0] }
        func siteCovers(_ i: Int) -> [Int] {
            sites.indices.filter { travel.minutes(from: zones[i], toX: sites[$0].x, y: sites[$0].y, code: sites[$0].code) <= reach }
        }
        switch objective {
        case .coverage:
            let structures = world.structures
            let reached = zones.map { z in structures.contains { travel.minutes(from: z, toX: $0.x, y: $0.y, code: $0.zoneCode) <= reach } }
            let demand = zones.indices.filter { !reached[$0] && zones[$0].population > 0 }
            problem = CoveringProblem(weights: demand.map { Double(zones[$0].population) }, covers: demand.map(siteCovers), sites: candidates.count)
            coveredBefore = zones.indices.reduce(0) { reached[$1] ? $0 + zones[$1].population : $0 }
            self.demand = demand
        case .coverageByType:
            guard let model else { throw InputError(file: file, message: "the objective coverage_by_type needs the scenario's model") }
            let S = model.structures.count, shares = model.holders.typeShares(month: 0)
            var demand: [Int] = [], weights: [Double] = [], covers: [[Int]] = [], before = 0.0
            for (i, zone) in zones.enumerated() where zone.population > 0 {
                var reachable: [Int]? = nil
                for type in ProjectType.allCases {
                    let need = type.rawValue * Stage.allCases.count + Stage.creation.rawValue
                    let weight = Double(zone.population) * shares[type.rawValue]
                    if (0..<S).contains(where: { model.fits[need * S + $0] && model.times[i, $0] <= reach }) {
                        before += weight
                    } else if site.types.contains(type) {
                        if reachable == nil { reachable = siteCovers(i) }
                        demand.append(i); weights.append(weight); covers.append(reachable!)
                    }
                }
            }
            problem = CoveringProblem(weights: weights, covers: covers, sites: candidates.count)
            coveredBefore = Int(before.rounded())
            self.demand = demand
        }
        population = zones.reduce(0) { $0 + $1.population }
        self.zones = zones
        self.candidates = candidates
        self.objective = objective
        self.site = site
    }
}

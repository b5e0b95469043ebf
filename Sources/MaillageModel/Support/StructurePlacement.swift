import MaillageFoundation

/// A network of support structures to place on a territory: its sites share an ecosystem,
/// stages and a capacity per site.
public struct NetworkSpec: Sendable, Equatable, Codable {
    /// How the sites of a network are placed.
    public enum Placement: String, Sendable, Codable {
        /// In the most populous zones, one site per zone.
        case largest
        /// In zones drawn with probability proportional to population (`gsl_ran_discrete`),
        /// without repeating a zone.
        case populationWeighted = "population_weighted"
        /// In the zones listed by code.
        case zones
        /// By rule, on a territory of the national files: one site in each département, at its
        /// préfecture (at its most populous commune in the territory when the préfecture is not in it).
        case departements
        /// One site in each arrondissement: at the préfecture in its arrondissement, elsewhere at
        /// the most populous commune (standing for the sous-préfecture, which the files do not name).
        case arrondissements
        /// One site in each urban unit of at least ``NetworkSpec/minPopulation`` inhabitants
        /// within the territory, at its most populous commune.
        case urbanUnits = "urban_units"

        /// Whether the placement needs the national files' administrative units.
        public var isAdministrative: Bool { self == .departements || self == .arrondissements || self == .urbanUnits }
    }

    /// Network name, such as "BGE".
    public var name: String
    public var ecosystem: Ecosystem
    public var stages: [Stage]
    /// Holders each site can take in per year.
    public var capacityPerYear: Double
    /// Number of sites (ignored with `zones` placement, which places one per listed zone).
    public var count: Int
    public var placement: Placement
    /// Zone codes, for `zones` placement.
    public var zones: [String]
    /// For `urban_units` placement: the smallest urban unit (inhabitants within the territory)
    /// that gets a site (nil: every urban unit).
    public var minPopulation: Int?
    /// The family of the network, which sets its support's outcomes.
    public var family: NetworkFamily
    /// The month its sites open and close, from the start of the horizon (nil: always open).
    public var opensMonth: Int?
    public var closesMonth: Int?

    public init(name: String, ecosystem: Ecosystem, stages: [Stage], capacityPerYear: Double, count: Int,
                placement: Placement, zones: [String] = [], family: NetworkFamily = .coaching) {
        self.name = name; self.ecosystem = ecosystem; self.stages = stages
        self.capacityPerYear = capacityPerYear; self.count = count; self.placement = placement; self.zones = zones
        self.family = family
    }
}

/// Places networks' sites on a territory, reproducibly from a seed.
public struct StructurePlacement: Sendable, Equatable, Codable {
    /// Seed of the placement draws.
    public var seed: UInt64 = 1
    /// Networks, placed in order.
    public var networks: [NetworkSpec] = []
    /// The scenario file that lists the networks, for messages about them.
    public var scenarioFile: String = ""

    public init() {}

    enum CodingKeys: String, CodingKey { case seed, networks }

    /// The structures, numbered in network order.
    /// - Throws: ``InputError`` when a network names a zone the territory does not have;
    ///   ``GSLError`` if GSL fails.
    public func place(on territory: Territory) throws -> [SupportStructure] {
        let random = try RandomStream(seed: seed)
        let zones = territory.zones
        let byPopulation = zones.indicesByPopulation()
        let populated = zones.filter { $0.population > 0 }.count
        let populationTable = populated > 0 ? try DiscreteDistribution(weights: zones.map { Double(max($0.population, 0)) }) : nil
        var structures: [SupportStructure] = []
        let zoneIndex = zones.indexByCode()
        for (n, network) in networks.enumerated() {
            var sites: [Int] = []
            switch network.placement {
            case .largest:
                sites = Array(byPopulation.prefix(network.count))
            case .populationWeighted:
                guard let populationTable else { break }
                var used = Set<Int>()
                let wanted = min(network.count, populated)
                while sites.count < wanted {
                    let z = random.index(from: populationTable)
                    if used.insert(z).inserted { sites.append(z) }
                }
            case .departements, .arrondissements, .urbanUnits:
                sites = try Self.administrativeSites(network, zones: zones, file: scenarioFile, index: n)
            case .zones:
                sites = try network.zones.map { code in
                    guard let z = zoneIndex[code] else {
                        throw InputError(file: scenarioFile, field: "structures.networks[\(n)].zones",
                                         message: "expected zone codes of the territory (T001… for towns, C0001… for communes, Q001… for "
                                             + "priority neighbourhoods of a synthetic one; INSEE codes of a real one), found '\(code)'")
                    }
                    return z
                }
            }
            for (k, z) in sites.enumerated() {
                let zone = zones[z]
                let label = sites.count > 1 ? "\(network.name) \(k + 1)" : network.name
                var structure = SupportStructure(id: structures.count, name: label, ecosystem: network.ecosystem,
                                                 stages: StageSet(network.stages), capacityPerYear: network.capacityPerYear,
                                                 x: zone.x, y: zone.y, zoneCode: zone.code, family: network.family)
                structure.opensMonth = network.opensMonth
                structure.closesMonth = network.closesMonth
                structures.append(structure)
            }
        }
        return structures
    }

    /// The sites of a network placed by administrative rule: in each unit (département,
    /// arrondissement, urban unit large enough) its most populous zone, or for a département or
    /// an arrondissement its préfecture when it has one; units by population, largest first.
    static func administrativeSites(_ network: NetworkSpec, zones: [Zone], file: String, index n: Int) throws -> [Int] {
        // The préfecture first (for départements and arrondissements), then the most populous
        // zone, then the smaller code.
        let seatFirst = network.placement != .urbanUnits
        func better(_ a: Int, than b: Int) -> Bool {
            let seatA = seatFirst && zones[a].isPrefecture, seatB = seatFirst && zones[b].isPrefecture
            if seatA != seatB { return seatA }
            if zones[a].population != zones[b].population { return zones[a].population > zones[b].population }
            return zones[a].code < zones[b].code
        }
        var units: [String: (population: Int, site: Int)] = [:]
        for (z, zone) in zones.enumerated() {
            let unit: String?
            switch network.placement {
            case .departements: unit = zone.departement
            case .arrondissements: unit = zone.arrondissement
            default: unit = zone.urbanUnit
            }
            guard zone.departement != nil else {
                throw InputError(file: file, field: "structures.networks[\(n)].placement",
                                 message: "expected a territory of the national files (territory: {france: …}) for placement '\(network.placement.rawValue)', "
                                     + "found zone '\(zone.code)' without administrative units; list the zones (placement: zones) instead")
            }
            guard let unit else { continue }
            let site = units[unit].map { old in better(z, than: old.site) ? z : old.site } ?? z
            units[unit] = ((units[unit]?.population ?? 0) + zone.population, site)
        }
        let kept = units.filter { network.placement != .urbanUnits || $0.value.population >= (network.minPopulation ?? 0) }
        return kept.sorted { ($0.value.population, $1.key) > ($1.value.population, $0.key) }.map(\.value.site)
    }
}

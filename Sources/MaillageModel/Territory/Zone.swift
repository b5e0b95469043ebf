import MaillageFoundation

/// What kind of place a zone is; it sets how fast people travel from it.
public enum ZoneKind: String, CaseIterable, Sendable, Codable {
    /// A rural commune.
    case rural
    /// An urban commune (a town or part of a city).
    case urban
    /// A priority neighbourhood of urban policy (quartier prioritaire de la politique de la
    /// ville, QPV).
    case priorityNeighbourhood = "priority_neighbourhood"
}

/// A zone of a territory: a commune, or a priority neighbourhood within one, reduced to a point.
public struct Zone: Sendable, Equatable {
    /// A stable identifier (an INSEE code for real communes, a generated one otherwise).
    public var code: String
    /// A readable name.
    public var name: String
    /// East coordinate of the zone's point, in km on a local plane.
    public var x: Double
    /// North coordinate of the zone's point, in km on a local plane.
    public var y: Double
    /// Resident population (inhabitants).
    public var population: Int
    /// The zone's kind.
    public var kind: ZoneKind
    /// For a priority neighbourhood carved out of a commune, that commune's code.
    public var parent: String?
    /// For a commune of the national files: its département and arrondissement (the COG of 2025)
    /// and urban unit of 2020 (`UU2020`; nil outside any urban unit), for placing networks by rule
    /// (``NetworkSpec/Placement``). Nil on synthetic territories and users' own files.
    public var departement: String?
    public var arrondissement: String?
    public var urbanUnit: String?
    /// The commune is its département's préfecture (chef-lieu), for placing networks by rule.
    public var isPrefecture = false
    /// INSEE's communal density level (1 densest to 7 most scattered, grid of 2024), for a
    /// commune of the national files that the grid lists; its kind (rural for 5–7) comes from it.
    public var densityLevel: Int?

    /// INSEE's names of the density levels 1 to 7 (grille communale de densité, 2024), with an
    /// English rendering; index 0 is unused.
    public static let densityLevelNames = [
        Label(en: "", fr: ""),
        Label(words: "density.large_urban_centres"),
        Label(words: "density.intermediate_urban_centres"),
        Label(words: "density.small_towns"),
        Label(words: "density.urban_belts"),
        Label(words: "density.rural_towns"),
        Label(words: "density.dispersed_rural"),
        Label(words: "density.very_dispersed_rural"),
    ]

    public init(code: String, name: String, x: Double, y: Double, population: Int, kind: ZoneKind, parent: String? = nil) {
        self.code = code
        self.name = name
        self.x = x
        self.y = y
        self.population = population
        self.kind = kind
        self.parent = parent
    }
}

/// A territory: the zones where people live, on a local plane in km.
public struct Territory: Sendable {
    /// The territory's name.
    public var name: String
    /// Its zones.
    public var zones: [Zone]
    /// Its area in km².
    public var areaKm2: Double

    public init(name: String, zones: [Zone], areaKm2: Double) {
        self.name = name
        self.zones = zones
        self.areaKm2 = areaKm2
    }

    /// Total resident population.
    public var population: Int { zones.reduce(0) { $0 + $1.population } }

    /// Each commune's population, its priority neighbourhoods included, by commune code.
    public var communePopulations: [String: Int] {
        zones.reduce(into: [:]) { $0[$1.parent ?? $1.code, default: 0] += $1.population }
    }
}

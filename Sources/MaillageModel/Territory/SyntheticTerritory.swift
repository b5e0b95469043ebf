import Foundation
import MaillageFoundation

/// Parameters of a synthetic territory, generated reproducibly from its own seed.
///
/// Anchor towns are placed where the scenario says; the other communes are spread uniformly over
/// the territory's shape with log-normal population weights, optionally concentrated towards the
/// centre, and scaled so that the total population is exact. Priority neighbourhoods (QPV) are
/// carved out of the most populous communes until they hold the requested share.
public struct SyntheticTerritorySpec: Sendable, Equatable, Codable {
    /// The outline of the territory.
    public enum Shape: String, Sendable, Codable { case square, disc }

    /// A town placed explicitly.
    public struct Town: Sendable, Equatable, Codable {
        public var name: String
        /// Inhabitants.
        public var population: Int
        /// East offset from the territory's centre, km.
        public var xKm: Double
        /// North offset from the territory's centre, km.
        public var yKm: Double
        public init(name: String, population: Int, xKm: Double, yKm: Double) {
            self.name = name; self.population = population; self.xKm = xKm; self.yKm = yKm
        }
    }

    /// Territory's name.
    public var name: String = "territory"
    /// Seed of the generator (independent of the run's seed: the territory is an input).
    public var seed: UInt64 = 1
    /// Outline.
    public var shape: Shape = .square
    /// Area, km².
    public var areaKm2: Double = 100
    /// Total population, inhabitants.
    public var population: Int = 100_000
    /// Number of communes, anchor towns included.
    public var communes: Int = 10
    /// Towns placed explicitly.
    public var towns: [Town] = []
    /// σ of the log-normal weights of the other communes' populations. Larger gives more
    /// unequal communes.
    public var communePopulationSigma: Double = 1.0
    /// If positive, weights are multiplied by exp(−distance to centre / this), km: a dense core.
    public var centreGradientKm: Double = 0
    /// Communes with at least this many inhabitants are urban; the others rural.
    public var urbanThreshold: Int = 5_000
    /// Share of the population living in priority neighbourhoods, in [0, 1).
    public var priorityNeighbourhoodShare: Double = 0
    /// Number of communes (the most populous) that hold a priority neighbourhood.
    public var priorityNeighbourhoodCommunes: Int = 0
    /// Most a priority neighbourhood may take of its commune's population.
    public var priorityNeighbourhoodMaxShare: Double = 0.8

    public init() {}

    /// Half the side of the square, or the disc's radius, km.
    var halfExtentKm: Double {
        switch shape {
        case .square: areaKm2.squareRoot() / 2
        case .disc: (areaKm2 / Double.pi).squareRoot()
        }
    }

    /// Whether (x, y), relative to the centre, lies inside the outline.
    public func contains(xKm x: Double, yKm y: Double) -> Bool {
        let h = halfExtentKm
        switch shape {
        case .square: return abs(x) <= h && abs(y) <= h
        case .disc: return x * x + y * y <= h * h
        }
    }

    /// Generates the territory.
    /// - Throws: ``GSLError`` if GSL fails.
    public func generate() throws -> Territory {
        let random = try RandomStream(seed: seed)
        let h = halfExtentKm
        var zones: [Zone] = []
        zones.reserveCapacity(communes + priorityNeighbourhoodCommunes)
        for (i, town) in towns.enumerated() {
            zones.append(Zone(code: String(format: "T%03d", i + 1), name: town.name, x: town.xKm, y: town.yKm,
                              population: town.population, kind: .urban))
        }
        let others = communes - towns.count
        let remaining = population - towns.reduce(0) { $0 + $1.population }
        var points: [(Double, Double)] = []
        var weights: [Double] = []
        points.reserveCapacity(others)
        weights.reserveCapacity(others)
        while points.count < others {
            let x = random.uniform(-h, h), y = random.uniform(-h, h)
            guard contains(xKm: x, yKm: y) else { continue }
            var w = random.lognormal(zeta: 0, sigma: communePopulationSigma)
            if centreGradientKm > 0 { w *= exp(-(x * x + y * y).squareRoot() / centreGradientKm) }
            points.append((x, y))
            weights.append(w)
        }
        let populations = Self.apportion(total: remaining, weights: weights)
        for i in 0..<others {
            zones.append(Zone(code: String(format: "C%04d", i + 1), name: "Commune \(i + 1)", x: points[i].0, y: points[i].1,
                              population: populations[i], kind: .rural))
        }
        for i in zones.indices where zones[i].population >= urbanThreshold { zones[i].kind = .urban }
        carvePriorityNeighbourhoods(&zones, random: random)
        return Territory(name: name, zones: zones, areaKm2: areaKm2)
    }

    /// Splits `total` into integers proportional to `weights`, exactly (largest remainder).
    static func apportion(total: Int, weights: [Double]) -> [Int] {
        guard total > 0, !weights.isEmpty else { return Array(repeating: 0, count: weights.count) }
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var result = exact.map { Int($0.rounded(.down)) }
        var left = total - result.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(result[$0]), $1) > (exact[$1] - Double(result[$1]), $0) }
        var k = 0
        while left > 0 {
            result[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        return result
    }

    private func carvePriorityNeighbourhoods(_ zones: inout [Zone], random: RandomStream) {
        guard priorityNeighbourhoodShare > 0, priorityNeighbourhoodCommunes > 0 else { return }
        let hosts = zones.indicesByPopulation().prefix(priorityNeighbourhoodCommunes)
        let hostPopulation = hosts.reduce(0) { $0 + zones[$1].population }
        guard hostPopulation > 0 else { return }
        let target = Double(population) * priorityNeighbourhoodShare
        let fraction = min(priorityNeighbourhoodMaxShare, target / Double(hostPopulation))
        for (k, i) in hosts.enumerated() {
            let moved = Int((Double(zones[i].population) * fraction).rounded())
            guard moved > 0 else { continue }
            zones[i].population -= moved
            // A neighbourhood sits within a kilometre or so of its commune's point.
            let angle = random.uniform(0, 2 * Double.pi), radius = random.uniform(0.3, 1.2)
            zones.append(Zone(code: String(format: "Q%03d", k + 1), name: "QPV \(zones[i].name)",
                              x: zones[i].x + radius * cos(angle), y: zones[i].y + radius * sin(angle),
                              population: moved, kind: .priorityNeighbourhood, parent: zones[i].code))
        }
    }
}

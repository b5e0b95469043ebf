/// Maximal covering: where sites go to cover the most weight (Church and ReVelle 1974). The
/// outreach lever places its permanences with it and `maillage optimise placement` answers
/// with it, exactly (``CoveringSolver/exact(_:k:timeLimit:)``, GLPK) and greedily.

/// A maximal covering location problem (Church and ReVelle 1974): demand points with weights,
/// candidate sites, and for each point the sites that would cover it; choose k sites to cover
/// the most weight.
public struct CoveringProblem: Sendable, Hashable {
    /// Weight of each demand point (inhabitants).
    public var weights: [Double]
    /// For each demand point, the candidate sites (indices) that cover it, ascending.
    public var covers: [[Int]]
    /// Number of candidate sites.
    public var sites: Int

    public init(weights: [Double], covers: [[Int]], sites: Int) {
        precondition(weights.count == covers.count)
        self.weights = weights
        self.covers = covers
        self.sites = sites
    }

    /// The weight covered by the sites `chosen`.
    public func value(_ chosen: [Int]) -> Double {
        let open = Set(chosen)
        return zip(weights, covers).reduce(0) { $0 + ($1.1.contains(where: open.contains) ? $1.0 : 0) }
    }

    /// For each site, the demand points it covers.
    package var reach: [[Int]] {
        var r = Array(repeating: [Int](), count: sites)
        for (i, c) in covers.enumerated() { for j in c { r[j].append(i) } }
        return r
    }

    /// `chosen` in the order that adds the most first: the greedy order among them, then any
    /// that add nothing once the others are open.
    public func gainOrder(_ chosen: [Int]) -> [Int] {
        let among = CoveringProblem(weights: weights, covers: covers.map { $0.filter(chosen.contains) }, sites: sites)
        let ordered = CoveringSolver.greedy(among, k: chosen.count).sites
        return ordered + chosen.filter { !ordered.contains($0) }
    }
}

/// What a placement method found.
public struct CoveringSolution: Sendable {
    /// The chosen sites, in the order a greedy method chose them (ascending for the exact one).
    public var sites: [Int]
    /// The weight they cover.
    public var value: Double
    /// Whether the solver proved the solution optimal (always false for the greedy heuristic).
    public var optimal: Bool
    /// The relative gap to the best bound when the solver stopped; nil when unknown.
    public var gap: Double?

    public init(sites: [Int], value: Double, optimal: Bool, gap: Double?) {
        self.sites = sites
        self.value = value
        self.optimal = optimal
        self.gap = gap
    }
}

/// Solvers for ``CoveringProblem``.
public enum CoveringSolver {
    /// Greedy maximal covering: each site added covers the most weight not yet covered (ties to
    /// the lowest index); stops early when no site adds anything. Guarantees 1 − 1/e of the
    /// optimum.
    public static func greedy(_ p: CoveringProblem, k: Int) -> CoveringSolution {
        let reach = p.reach
        var covered = Array(repeating: false, count: p.weights.count)
        var chosen: [Int] = [], value = 0.0
        while chosen.count < k {
            var best = -1, bestGain = 0.0
            for j in 0..<p.sites {
                let gain = reach[j].reduce(0.0) { covered[$1] ? $0 : $0 + p.weights[$1] }
                if gain > bestGain { best = j; bestGain = gain }
            }
            guard best >= 0 else { break }
            chosen.append(best)
            value += bestGain
            for i in reach[best] { covered[i] = true }
        }
        return CoveringSolution(sites: chosen, value: value, optimal: false, gap: nil)
    }
}

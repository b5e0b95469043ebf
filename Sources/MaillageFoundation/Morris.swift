import Foundation

/// Morris's elementary-effects screening (Morris 1991, with Campolongo et al.'s μ*): r
/// trajectories of k + 1 points on a p-level grid of [0, 1]^k, each moving one factor at a time
/// by Δ = p / (2(p − 1)).
public struct MorrisDesign: Sendable, Equatable {
    public let factors: Int
    public let trajectories: Int
    public let levels: Int
    /// The points in level space ([0, 1], multiples of 1/(p − 1)), trajectory after trajectory:
    /// the layout SALib's `morris.analyze` reads.
    public let points: [[Double]]

    /// The step between a factor's two values in a trajectory.
    public var delta: Double { Double(levels) / (2 * Double(levels - 1)) }

    /// Random trajectories: each factor starts at a level from which it can move by Δ, moves up or
    /// down with equal chance, and the factors move in a random order (a permutation per
    /// trajectory); draws from `random`.
    public init(factors k: Int, trajectories r: Int, levels p: Int = 4, random: RandomStream) {
        precondition(k >= 1 && r >= 1 && p >= 2 && p % 2 == 0)
        factors = k
        trajectories = r
        levels = p
        let step = 1 / Double(p - 1), delta = Double(p) / (2 * Double(p - 1))
        let bases = p / 2   // levels 0 … (p/2 − 1) can move up by Δ
        var points: [[Double]] = []
        for _ in 0..<r {
            var x = [Double](repeating: 0, count: k), direction = [Double](repeating: 1, count: k)
            for i in 0..<k {
                let base = Double(Int(random.uniform() * Double(bases))) * step
                direction[i] = random.uniform() < 0.5 ? 1 : -1
                x[i] = direction[i] > 0 ? base : base + delta
            }
            points.append(x)
            for i in random.shuffled(Array(0..<k)) {
                x[i] += direction[i] * delta
                x[i] = (x[i] * Double(p - 1)).rounded() / Double(p - 1)   // exactly on the grid
                points.append(x)
            }
        }
        self.points = points
    }

    /// The points mapped to the middle of each level's stratum of [0, 1): level j of p becomes
    /// (j + ½) / p, so that a prior's quantile is never taken at 0 or 1.
    public var unitPoints: [[Double]] {
        points.map { $0.map { (($0 * Double(levels - 1)).rounded() + 0.5) / Double(levels) } }
    }
}

/// The elementary-effects statistics of each factor.
public struct MorrisIndices: Sendable, Equatable {
    /// Mean elementary effect, mean absolute effect (μ*) and standard deviation (σ, n − 1), per factor.
    public let mu: [Double]
    public let muStar: [Double]
    public let sigma: [Double]
    /// Each factor's elementary effects, in the design's order.
    public let effects: [[Double]]

    /// The statistics of `outputs` (one per point of `design`, in its order). Each step of a
    /// trajectory gives the effect of the factor it moved: (y after − y before) / Δ, signed by
    /// the move's direction, as SALib computes it.
    public init(_ design: MorrisDesign, outputs y: [Double]) {
        precondition(y.count == design.points.count)
        let k = design.factors
        var effects = Array(repeating: [Double](), count: k)
        for t in 0..<design.trajectories {
            let first = t * (k + 1)
            for s in 0..<k {
                let a = design.points[first + s], b = design.points[first + s + 1]
                guard let i = (0..<k).first(where: { a[$0] != b[$0] }) else { continue }
                let up = b[i] > a[i]
                let ee = (up ? y[first + s + 1] - y[first + s] : y[first + s] - y[first + s + 1]) / design.delta
                effects[i].append(ee)
            }
        }
        self.effects = effects
        mu = effects.map { $0.isEmpty ? .nan : $0.reduce(0, +) / Double($0.count) }
        muStar = effects.map { $0.isEmpty ? .nan : $0.reduce(0) { $0 + abs($1) } / Double($0.count) }
        sigma = effects.map { e in
            guard e.count > 1 else { return .nan }
            let m = e.reduce(0, +) / Double(e.count)
            return (e.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(e.count - 1)).squareRoot()
        }
    }

    /// The half-width of each μ*'s 95% interval, as SALib's `mu_star_conf`: the effects of a
    /// factor resampled with replacement `resamples` times, μ* recomputed on each, and 1.96 times
    /// the standard deviation (n − 1) of those μ*. NaN for a factor with fewer than two effects.
    public func muStarHalfWidth(resamples: Int = 1000, random: RandomStream) -> [Double] {
        effects.map { e in
            guard e.count > 1, resamples > 1 else { return .nan }
            var values = [Double](repeating: 0, count: resamples)
            for b in 0..<resamples {
                var total = 0.0
                for _ in 0..<e.count { total += abs(e[min(e.count - 1, Int(random.uniform() * Double(e.count)))]) }
                values[b] = total / Double(e.count)
            }
            let m = values.reduce(0, +) / Double(resamples)
            let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(resamples - 1)).squareRoot()
            return 1.959963984540054 * sd
        }
    }
}

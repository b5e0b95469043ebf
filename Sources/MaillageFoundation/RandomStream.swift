import _MaillageGSL

/// One stream of pseudo-random numbers from one of GSL's generators: the Mersenne Twister
/// (`gsl_rng_mt19937`) by default, L'Ecuyer's combined Tausworthe generator (`gsl_rng_taus2`)
/// for the replications' streams, where draws are the hot loop's largest cost.
///
/// Each replication owns its streams; a stream is never shared between threads. Every draw in
/// the model goes through one of these methods, so the sequence of draws, and hence every
/// result, depends only on the seed.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    /// GSL's generators the model uses.
    public enum Generator: Sendable {
        /// Matsumoto and Nishimura's Mersenne Twister: territories, placements, designs, orders.
        case mt19937
        /// L'Ecuyer's maximally equidistributed combined Tausworthe generator (period 2⁸⁸),
        /// about twice as fast as mt19937 in GSL: the replications' population and behaviour
        /// streams.
        case taus2
        /// taus2 counting its draws (``draws``), with taus2's numbers: for measuring.
        case countingTaus2
    }

    /// Creates a generator of kind `generator` seeded with `seed`.
    ///
    /// Both generators use the low 32 bits of the seed (see ``SeedDerivation``).
    /// - Throws: ``GSLError`` when GSL cannot allocate the generator.
    public init(seed: UInt64, generator: Generator = .mt19937) throws {
        GSL.prepare()
        let s = UInt(truncatingIfNeeded: seed)
        let made: UnsafeMutablePointer<gsl_rng>?
        switch generator {
        case .mt19937: made = maillage_rng_mt19937(s)
        case .taus2: made = maillage_rng_taus2(s)
        case .countingTaus2: made = maillage_rng_taus2_counting(s)
        }
        counting = generator == .countingTaus2
        guard let r = made else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a random generator")
        }
        rng = r
    }

    deinit { gsl_rng_free(rng) }

    private let counting: Bool

    /// The numbers drawn since seeding, for a ``Generator/countingTaus2`` stream; nil otherwise.
    public var draws: Int? { counting ? Int(maillage_rng_draws(rng)) : nil }

    /// A uniform draw in [0, 1).
    @inlinable public func uniform() -> Double { maillage_uniform(rng) }

    /// A uniformly random order of `values` (`gsl_ran_shuffle`).
    public func shuffled(_ values: [Int]) -> [Int] {
        var copy = values
        copy.withUnsafeMutableBufferPointer { b in
            if let base = b.baseAddress, b.count > 1 { gsl_ran_shuffle(rng, base, b.count, MemoryLayout<Int>.stride) }
        }
        return copy
    }

    /// A uniform draw in [a, b).
    @inlinable public func uniform(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(rng, a, b) }

    /// A Poisson draw with mean `mu` (`gsl_ran_poisson`); 0 when `mu` ≤ 0.
    @inlinable public func poisson(_ mu: Double) -> Int {
        mu > 0 ? Int(gsl_ran_poisson(rng, mu)) : 0
    }

    /// A Poisson draw with mean `mu`, given `expMinusMu` = exp(−`mu`) computed once for a mean
    /// drawn from again and again: the very number `gsl_ran_poisson` gives, from the same uniforms.
    /// For a mean of at most 10 GSL multiplies uniforms until their product falls to exp(−mu)
    /// (Knuth's method) and computes that exponential on every call; this does the same product
    /// without it. Above 10 it is `gsl_ran_poisson` itself. 0 when `mu` ≤ 0 (no draw).
    @inlinable public func poisson(_ mu: Double, expMinusMu: Double) -> Int {
        guard mu > 0 else { return 0 }
        guard mu <= 10 else { return Int(gsl_ran_poisson(rng, mu)) }
        var product = 1.0, k = 0
        repeat {
            product *= uniform()
            k += 1
        } while product > expMinusMu
        return k - 1
    }

    /// A binomial draw: successes among `n` trials of probability `p` (`gsl_ran_binomial`).
    @inlinable public func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        return Int(gsl_ran_binomial(rng, p, UInt32(n)))
    }

    /// How many of `draws` items taken without replacement from `good` + `bad` are good
    /// (`gsl_ran_hypergeometric`).
    @inlinable public func hypergeometric(good: Int, bad: Int, draws: Int) -> Int {
        if draws <= 0 || good <= 0 { return 0 }
        if bad <= 0 { return min(good, draws) }
        return Int(gsl_ran_hypergeometric(rng, UInt32(good), UInt32(bad), UInt32(draws)))
    }

    /// A log-normal draw with parameters `zeta` and `sigma` (`gsl_ran_lognormal`).
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, zeta, sigma)
    }

    /// Cumulative Poisson(mu) probabilities P(X ≤ k) from `gsl_cdf_poisson_P`, up to the k where
    /// they reach 1 to double precision: the table ``inverseCumulative(_:_:)`` inverts.
    public static func poissonCumulative(_ mu: Double) -> [Double] {
        guard mu > 0 else { return [1] }
        var table: [Double] = []
        var k: UInt32 = 0
        // Up to where the remaining tail is below double precision; the last entry is then 1.
        repeat {
            table.append(gsl_cdf_poisson_P(k, mu))
            k += 1
        } while table[table.count - 1] < 1 - 1e-15 && k < 10_000
        table[table.count - 1] = 1
        return table
    }

    /// The smallest k with cumulative[k] > u (the last index when none is): the inverse of a
    /// discrete distribution function, for a uniform drawn in advance.
    @inlinable @inline(__always)
    public static func inverseCumulative(_ u: Double, _ cumulative: UnsafeBufferPointer<Double>) -> Int {
        var k = 0
        while k < cumulative.count - 1 && u >= cumulative[k] { k += 1 }
        return k
    }

    /// An index drawn from a ``DiscreteDistribution`` (`gsl_ran_discrete`).
    @inlinable public func index(from table: DiscreteDistribution) -> Int {
        Int(gsl_ran_discrete(rng, table.table))
    }
}

/// A preprocessed table for drawing indices with given weights (`gsl_ran_discrete_preproc`,
/// Walker's alias method: each draw is O(1)).
///
/// Drawing only reads the table, so one table can be shared by all replications and threads.
public final class DiscreteDistribution: @unchecked Sendable {
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// Number of categories.
    public let count: Int

    /// Preprocesses `weights` (non-negative, not all zero).
    /// - Throws: ``GSLError`` when GSL rejects the weights (negative, or all zero).
    public init(weights: [Double]) throws {
        GSL.prepare()
        guard !weights.isEmpty, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw GSLError(code: Int32(GSL_EINVAL), context: "building a discrete distribution from \(weights.count) weights")
        }
        let made = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
        guard let made else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "building a discrete distribution")
        }
        table = made
        count = weights.count
    }

    /// Walker's alias table as GSL built it, category `c` standing for `values[c]`: a copy that
    /// can sit beside other tables in one array, drawn with ``Swift/UnsafeBufferPointer/draw(_:_:)``
    /// exactly as `gsl_ran_discrete` draws.
    /// - Precondition: `values` has one element per category.
    public func aliasEntries(standingFor values: ArraySlice<Int32>) -> [AliasEntry] {
        precondition(values.count == count, "one value per category")
        let g = table.pointee, first = values.startIndex
        return (0..<count).map { c in AliasEntry(threshold: g.F[c], own: values[first + c], alias: values[first + Int(g.A[c])]) }
    }

    deinit { gsl_ran_discrete_free(table) }
}

/// One category of a copied alias table (``DiscreteDistribution/aliasEntries(standingFor:)``):
/// GSL's threshold, the value the category stands for, and its alias's value.
public struct AliasEntry: BitwiseCopyable, Sendable {
    public var threshold: Double
    public var own: Int32
    public var alias: Int32
}

/// Where a copied alias table's entries are in an array of them; `count` 0 for no table.
public struct AliasSpan: BitwiseCopyable, Sendable {
    public var start: Int
    public var count: Int

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }
}

extension UnsafeBufferPointer where Element == AliasEntry {
    /// The value the table at `span` draws for the uniform `u` in [0, 1): the lookup
    /// `gsl_ran_discrete` makes after drawing its uniform, so that a choice can come from a
    /// uniform drawn in advance (common random numbers).
    @inlinable @inline(__always)
    public func draw(_ span: AliasSpan, _ u: Double) -> Int32 {
        var c = Int(u * Double(span.count))
        if c >= span.count { c = span.count - 1 }
        let e = self[span.start + c]
        return e.threshold == 1.0 || u < e.threshold ? e.own : e.alias
    }
}

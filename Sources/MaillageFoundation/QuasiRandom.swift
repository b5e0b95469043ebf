import _MaillageGSL

/// Low-discrepancy sequences for experimental designs.
public enum QuasiRandom {
    /// `count` points of GSL's Sobol sequence (`gsl_qrng_sobol`) in [0, 1)^dimension, after
    /// skipping the first `skip`.
    /// - Throws: ``GSLError`` when GSL rejects the dimension (1 to 40) or fails.
    public static func sobol(dimension: Int, count: Int, skip: Int = 0) throws -> [[Double]] {
        GSL.prepare()
        guard dimension >= 1, let q = maillage_qrng_sobol_alloc(UInt32(dimension)) else {
            throw GSLError(code: Int32(GSL_EINVAL), context: "allocating a Sobol sequence in \(dimension) dimensions")
        }
        defer { gsl_qrng_free(q) }
        var x = Array(repeating: 0.0, count: dimension)
        var points: [[Double]] = []
        points.reserveCapacity(count)
        for i in 0..<(count + skip) {
            let status = x.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
            guard status == GSL_SUCCESS else { throw GSLError(code: status, context: "drawing the Sobol sequence") }
            if i >= skip { points.append(x) }
        }
        return points
    }

    /// Saltelli's design for first-order and total Sobol indices of k factors in [0, 1)^k, in
    /// SALib's order: A and B are the two halves of a 2k-dimensional Sobol sequence (its first
    /// point skipped), `samples` rows each; each row gives A, then A with column i from B for each
    /// i, then B: `samples` × (k + 2) points. k is at most 20 (GSL's 40 dimensions).
    public static func saltelli(factors k: Int, samples: Int) throws -> [[Double]] {
        let base = try sobol(dimension: 2 * k, count: samples, skip: 1)
        var points: [[Double]] = []
        points.reserveCapacity(samples * (k + 2))
        for row in base {
            let a = Array(row[0..<k]), b = Array(row[k..<(2 * k)])
            points.append(a)
            for i in 0..<k {
                var ab = a
                ab[i] = b[i]
                points.append(ab)
            }
            points.append(b)
        }
        return points
    }
}

/// Latin hypercube designs of [0, 1)^k.
public enum LatinHypercube {
    /// `count` points: each dimension's [0, 1) cut into `count` strata, one point in each at a
    /// uniform place within it, strata permuted independently per dimension (Fisher–Yates on
    /// `random`), dimension after dimension.
    public static func points(count: Int, dimensions k: Int, random: RandomStream) -> [[Double]] {
        var columns: [[Double]] = []
        for _ in 0..<k {
            var strata = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) { strata.swapAt(i, Int(random.uniform() * Double(i + 1))) }
            columns.append(strata.map { (Double($0) + random.uniform()) / Double(count) })
        }
        return (0..<count).map { d in (0..<k).map { columns[$0][d] } }
    }
}

import Foundation

/// Runs a sweep plan point by point, keeping every finished point on disk so that an
/// interrupted sweep resumes where it stopped, and a sharded one merges into the same files.
///
/// Layout of the output folder: `samples.csv` (every point's inputs), `points/NNNNNN.csv` (each
/// finished point's estimates, exact), `points/fingerprint` (which plan they belong to), and
/// once every point is done, `results.csv` and, for `method: sobol`, `sensitivity.csv` and the
/// SALib exports (`salib_problem.json`, `salib_samples.csv`, `salib_outputs.csv`).
public struct Sweep: Sendable {
    public let plan: SweepPlan
    public let points: [[Double]]

    public init(plan: SweepPlan) throws {
        self.plan = plan
        points = try plan.points()
    }

    static func pointFile(_ folder: String, _ i: Int) -> String { folder + "/points/" + String(format: "%06d.csv", i) }

    /// Checks that `folder` holds points of this plan (or none), and marks it. A point whose
    /// writing was killed left only a temporary file, which ``AtomicFile`` removes: it runs again.
    func claim(_ folder: String) throws {
        AtomicFile.removeStaleTemporaries(in: folder + "/points")
        let path = folder + "/points/fingerprint"
        if let data = FileManager.default.contents(atPath: path) {
            let found = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard found == plan.fingerprint else {
                throw InputError(file: path, message: "expected points of this plan (\(plan.fingerprint)), found those of another plan or version (\(found)): use another --out, or delete the folder")
            }
        } else {
            try AtomicFile.write(plan.fingerprint + "\n", to: path)
        }
    }

    /// Whether point `i` is already done in `folder`.
    func isDone(_ folder: String, _ i: Int) -> Bool { FileManager.default.fileExists(atPath: Self.pointFile(folder, i)) }

    /// Runs the points of `shard` (all when nil) not already in `folder`; then, when not a shard
    /// and every point is done, writes the final files. `progress(done, total)` counts points.
    public func run(to folder: String, shard: Shard?, jobs: Int, progress: ((Int, Int) -> Void)? = nil) async throws {
        try claim(folder)
        try samplesTable().write(to: folder + "/samples.csv")
        let mine = points.indices.filter { shard?.contains($0) ?? true }
        var done = mine.filter { isDone(folder, $0) }.count
        progress?(done, mine.count)
        for i in mine where !isDone(folder, i) {
            let scenario = try plan.scenario(at: points[i])
            let result = try await MonteCarlo.run(try scenario.build(), replications: plan.replications, seed: plan.seed, jobs: jobs)
            var table = CSVTable(header: ["metric", "mean", "sd", "ci95_low", "ci95_high", "n"])
            for (metric, e) in result.summary {
                table.append([metric.name, exactNumber(e.mean), exactNumber(e.sd), exactNumber(e.low), exactNumber(e.high), String(e.n)])
            }
            try table.write(to: Self.pointFile(folder, i))
            done += 1
            progress?(done, mine.count)
        }
        if let shard {
            try AtomicFile.write(try AtomicFile.json(Description(plan: plan.file, shard: shard.index, of: shard.count,
                                                                   fingerprint: plan.fingerprint)), to: folder + "/shard.json")
        } else {
            try assemble(folder)
        }
    }

    struct Description: Codable {
        var kind = "sweep"
        var plan: String
        var shard: Int
        var of: Int
        var fingerprint: String
    }

    func samplesTable() -> CSVTable {
        var table = CSVTable(header: ["point"] + plan.parameters.map(\.path))
        for (i, p) in points.enumerated() { table.append([String(i)] + p.map(CSVTable.number)) }
        return table
    }

    /// Reads every point's estimates from `folder`.
    func readPoints(_ folder: String) throws -> [[Estimate]] {
        try points.indices.map { i in
            let path = Self.pointFile(folder, i)
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(file: path, message: "expected every point to be done; point \(i) is missing (rerun the sweep to finish it)")
            }
            let table = try DelimitedText(path: path, delimiter: ",")
            guard table.rows.map({ $0.fields[0] }) == Metric.allCases.map(\.name) else {
                throw InputError(file: path, message: "expected one row per metric of this version of maillage")
            }
            return try table.rows.map { row in
                let x = try row.fields[1...4].map { text -> Double in
                    guard let x = parseExact(text) else { throw InputError(file: path, line: row.line, message: "expected a number, found '\(text)'") }
                    return x
                }
                return Estimate(mean: x[0], sd: x[1], low: x[2], high: x[3], n: Int(row.fields[5]) ?? 0)
            }
        }
    }

    /// Writes the final files from the point files.
    public func assemble(_ folder: String) throws {
        let estimates = try readPoints(folder)
        var header = ["point"] + plan.parameters.map(\.path)
        for m in Metric.allCases { header += ["\(m.name)_mean", "\(m.name)_ci95_low", "\(m.name)_ci95_high"] }
        var results = CSVTable(header: header)
        for (i, p) in points.enumerated() {
            var row = [String(i)] + p.map(CSVTable.number)
            for e in estimates[i] { row += [CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high)] }
            results.append(row)
        }
        try results.write(to: folder + "/results.csv")
        if plan.design == .sobol { try writeSensitivity(estimates, to: folder) }
    }

    func writeSensitivity(_ estimates: [[Estimate]], to folder: String) throws {
        let k = plan.parameters.count
        var table = CSVTable(header: ["metric", "parameter", "S1", "S1_ci95_low", "S1_ci95_high", "ST", "ST_ci95_low", "ST_ci95_high"])
        for (m, metric) in Metric.allCases.enumerated() {
            let y = estimates.map { $0[m].mean }
            let indices = try SobolIndices(outputs: y, parameters: k, bootstrap: plan.bootstrap, seed: plan.designSeed)
            for (i, p) in plan.parameters.enumerated() {
                table.append([metric.name, p.path] + [indices.first[i], indices.firstLow[i], indices.firstHigh[i],
                                                      indices.total[i], indices.totalLow[i], indices.totalHigh[i]].map(CSVTable.number))
            }
        }
        try table.write(to: folder + "/sensitivity.csv")
        // For SALib: sobol.analyze(problem, Y, calc_second_order=False) with Y a column of outputs.
        struct Problem: Encodable { var numVars: Int; var names: [String]; var bounds: [[Double]] }
        try AtomicFile.write(try AtomicFile.json(Problem(numVars: k, names: plan.parameters.map(\.path),
                                                           bounds: plan.parameters.map { [$0.low, $0.high] })),
                             to: folder + "/salib_problem.json")
        var samples = CSVTable(header: plan.parameters.map(\.path))
        for p in points { samples.append(p.map(exactNumber)) }
        try samples.write(to: folder + "/salib_samples.csv")
        var outputs = CSVTable(header: Metric.allCases.map(\.name))
        for e in estimates { outputs.append(e.map { exactNumber($0.mean) }) }
        try outputs.write(to: folder + "/salib_outputs.csv")
    }

    /// Merges sweep shards: copies their point files into `out` and writes the final files.
    static func merge(_ folders: [String], descriptions: [Data], to out: String) throws {
        let ds = try RunShard.decode(Description.self, folders, descriptions, kind: "sweep")
        let first = ds[0]
        for (folder, d) in zip(folders, ds) where d.plan != first.plan || d.fingerprint != first.fingerprint || d.of != first.of {
            throw InputError(file: folder + "/shard.json", message: "expected a shard of the same sweep as \(folders[0])")
        }
        let present = Set(ds.map(\.shard))
        guard present.count == ds.count, present == Set(1...first.of) else {
            throw InputError(file: folders[0], message: "expected the \(first.of) shards of the sweep once each")
        }
        let sweep = try Sweep(plan: try SweepPlan.load(first.plan))
        guard sweep.plan.fingerprint == first.fingerprint else {
            throw InputError(file: first.plan, message: "expected the plan the shards ran, found it changed since")
        }
        try sweep.claim(out)
        try sweep.samplesTable().write(to: out + "/samples.csv")
        for (folder, d) in zip(folders, ds) {
            let shard = Shard(index: d.shard, count: d.of)
            for i in sweep.points.indices where shard.contains(i) {
                guard let data = FileManager.default.contents(atPath: pointFile(folder, i)) else {
                    throw InputError(file: pointFile(folder, i), message: "expected shard \(shard)'s point \(i); is the shard finished?")
                }
                try AtomicFile.write(String(decoding: data, as: UTF8.self), to: pointFile(out, i))
            }
        }
        try sweep.assemble(out)
    }
}

/// First-order and total Sobol indices from Saltelli's design, with bootstrap intervals.
///
/// Outputs come in rows of k + 2: f(A), f(AB₁) … f(AB_k), f(B). With V the variance of the
/// f(A) and f(B) together: first order Sᵢ = mean(f(B)(f(ABᵢ) − f(A))) / V (Saltelli et al. 2010),
/// total STᵢ = mean((f(A) − f(ABᵢ))²) / 2V (Jansen 1999), as SALib computes them, on outputs
/// centred on their mean. Intervals are
/// the 2.5 and 97.5 percentiles of the indices over `bootstrap` resamples of the rows.
public struct SobolIndices: Sendable {
    public var first: [Double], firstLow: [Double], firstHigh: [Double]
    public var total: [Double], totalLow: [Double], totalHigh: [Double]

    public init(outputs raw: [Double], parameters k: Int, bootstrap: Int, seed: UInt64) throws {
        let rows = raw.count / (k + 2)
        precondition(rows * (k + 2) == raw.count)
        // Outputs are centred on their grand mean first, as SALib does (it standardises them):
        // the first-order estimator is not invariant to a shift of the outputs.
        let grand = raw.reduce(0, +) / Double(max(raw.count, 1))
        let y = raw.map { $0 - grand }
        func indices(_ sample: [Int]) -> (s1: [Double], st: [Double]) {
            let a = sample.map { y[$0 * (k + 2)] }, b = sample.map { y[$0 * (k + 2) + k + 1] }
            let all = a + b
            let mean = all.reduce(0, +) / Double(all.count)
            let v = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)
            var s1: [Double] = [], st: [Double] = []
            for i in 0..<k {
                let ab = sample.map { y[$0 * (k + 2) + 1 + i] }
                var f = 0.0, t = 0.0
                for r in 0..<sample.count {
                    f += b[r] * (ab[r] - a[r])
                    t += (a[r] - ab[r]) * (a[r] - ab[r])
                }
                s1.append(v > 0 ? f / Double(sample.count) / v : .nan)
                st.append(v > 0 ? t / Double(sample.count) / 2 / v : .nan)
            }
            return (s1, st)
        }
        let point = indices(Array(0..<rows))
        first = point.s1
        total = point.st
        let random = try RandomStream(seed: seed)
        var boot1 = Array(repeating: [Double](), count: k), bootT = Array(repeating: [Double](), count: k)
        for _ in 0..<bootstrap {
            let sample = (0..<rows).map { _ in min(rows - 1, Int(random.uniform() * Double(rows))) }
            let r = indices(sample)
            for i in 0..<k {
                boot1[i].append(r.s1[i])
                bootT[i].append(r.st[i])
            }
        }
        func percentile(_ xs: [Double], _ p: Double) -> Double {
            let s = xs.filter { !$0.isNaN }.sorted()
            guard !s.isEmpty else { return .nan }
            return s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))]
        }
        firstLow = boot1.map { percentile($0, 0.025) }
        firstHigh = boot1.map { percentile($0, 0.975) }
        totalLow = bootT.map { percentile($0, 0.025) }
        totalHigh = bootT.map { percentile($0, 0.975) }
    }
}

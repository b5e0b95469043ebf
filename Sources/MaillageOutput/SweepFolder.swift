import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A sweep's output folder, which keeps every finished point on disk so that an interrupted
/// sweep resumes where it stopped, and a sharded one merges into the same files.
///
/// Layout: `samples.csv` (every point's inputs), `points/NNNNNN.csv` (each finished point's
/// estimates, exact), `points/fingerprint` (which plan they belong to), and once every point is
/// done, `results.csv` and, for `method: sobol`, `sensitivity.csv` and the SALib exports
/// (`salib_problem.json`, `salib_samples.csv`, `salib_outputs.csv`). A shard also leaves
/// `shard.json` for `maillage merge`.
public final class SweepFolder: SweepPointStore {
    public let sweep: Sweep
    public let folder: String
    /// The folder is this process's while it lives: a second writer is refused.
    private let lock: FolderLock
    /// For a finished `sobol` plan, each metric's indices and noise ratio, for ``sensitivityNote(_:)``.
    private var sensitivityRows: [(metric: Metric, indices: SobolIndices, noiseRatio: Double)]?

    /// For a finished `sobol` plan, what its indices can be trusted for, in a few lines of
    /// `language`: the metrics refused for noise and the indices whose intervals reach beyond
    /// [−0.05, 1.05]. Nil for other plans.
    public func sensitivityNote(_ language: Language = .en) -> String? {
        sensitivityRows.map { Self.note($0, parameters: sweep.plan.parameters.map(\.path), language) }
    }

    /// The folder for `sweep`: takes its lock, checks that it holds points of this plan (or
    /// none), and marks it. A point whose writing was killed left only a temporary file, which
    /// ``AtomicFile`` removes: it runs again.
    public init(_ sweep: Sweep, at folder: String) throws {
        self.sweep = sweep
        self.folder = folder
        lock = try FolderLock(folder)
        AtomicFile.removeStaleTemporaries(in: folder + "/points")
        let path = folder + "/points/fingerprint"
        let fingerprint = sweep.plan.fingerprint
        if let data = FileManager.default.contents(atPath: path) {
            let found = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard found == fingerprint else {
                throw InputError(file: path, message: "expected points of this plan (\(fingerprint)), found those of another plan or version (\(found)): use another --out, or delete the folder")
            }
        } else {
            try AtomicFile.write(fingerprint + "\n", to: path)
        }
    }

    static func pointFile(_ folder: String, _ i: Int) -> String { folder + "/points/" + String(format: "%06d.csv", i) }

    public func isDone(_ i: Int) -> Bool { FileManager.default.fileExists(atPath: Self.pointFile(folder, i)) }

    public func save(_ i: Int, _ estimates: [Estimate]) throws {
        var table = CSVTable(header: RunOutput.summaryHeader())
        for row in RunOutput.summaryRows(Array(zip(Metric.all, estimates)).map { ($0, $1) }, number: ExactText.number) { table.append(row) }
        try table.write(to: Self.pointFile(folder, i))
    }

    /// Writes `samples.csv`, every point's inputs: the first file of a sweep's folder.
    public func writeSamples() throws {
        try samplesTable().write(to: folder + "/samples.csv")
    }

    /// Once the points of `shard` (all of them without one) are done: `shard.json` for a
    /// shard, or the final files.
    public func finish(shard: Shard?) throws {
        if let shard {
            try AtomicFile.write(try AtomicFile.json(Description(plan: sweep.plan.file, shard: shard.index, of: shard.count,
                                                                   fingerprint: sweep.plan.fingerprint)), to: folder + "/shard.json")
            try Manifest(kind: .shard, scenarios: [((sweep.plan.file as NSString).lastPathComponent as NSString).deletingPathExtension],
                         seed: sweep.plan.seed, replications: sweep.plan.replications).write(to: folder)
        } else {
            try assemble()
        }
    }

    /// What a sweep's shard leaves for `maillage merge`.
    struct Description: Codable, ShardDescription {
        var kind = "sweep"
        var plan: String
        var shard: Int
        var of: Int
        var fingerprint: String
    }

    func samplesTable() -> CSVTable {
        var table = CSVTable(header: ["point"] + sweep.plan.parameters.map(\.path))
        for (i, p) in sweep.points.enumerated() { table.append([String(i)] + p.map(CSVTable.number)) }
        return table
    }

    /// Reads every point's estimates.
    func readPoints() throws -> [[Estimate]] {
        try sweep.points.indices.map { i in
            let path = Self.pointFile(folder, i)
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(file: path, message: "expected every point to be done; point \(i) is missing (rerun the sweep to finish it)")
            }
            let table = try DelimitedText(path: path, delimiter: ",")
            guard table.rows.map({ $0.fields[0] }) == Metric.all.map(\.name) else {
                throw InputError(file: path, message: "expected one row per metric of this version of maillage (a point cut short, or another version's): delete the file and run the sweep again to redo the point")
            }
            return try table.rows.map { row in
                let x = try row.fields[1...4].map { text -> Double in
                    guard let x = ExactText.parse(text) else { throw InputError(file: path, line: row.line, message: "expected a number, found '\(text)'") }
                    return x
                }
                return Estimate(mean: x[0], sd: x[1], low: x[2], high: x[3], n: Int(row.fields[5]) ?? 0)
            }
        }
    }

    /// Writes the final files from the point files.
    public func assemble() throws {
        let plan = sweep.plan
        let estimates = try readPoints()
        var header = ["point"] + plan.parameters.map(\.path)
        for m in Metric.all { header += ["\(m.name)_mean", "\(m.name)_ci95_low", "\(m.name)_ci95_high"] }
        var results = CSVTable(header: header)
        for (i, p) in sweep.points.enumerated() {
            var row = [String(i)] + p.map(CSVTable.number)
            for e in estimates[i] { row += [CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high)] }
            results.append(row)
        }
        try results.write(to: folder + "/results.csv")
        if plan.design == .sobol { try writeSensitivity(estimates) }
        try Manifest(kind: .sweep, scenarios: [((plan.file as NSString).lastPathComponent as NSString).deletingPathExtension], seed: plan.seed, replications: plan.replications).write(to: folder)
    }

    func writeSensitivity(_ estimates: [[Estimate]]) throws {
        let plan = sweep.plan
        let rows = try sweep.sensitivity(estimates).enumerated().map { m, row in
            (row.metric, row.indices, Sweep.noiseRatio(estimates.map { $0[m] }))
        }
        try SobolFiles.table(rows, parameters: plan.parameters.map(\.path)).write(to: folder + "/sensitivity.csv")
        sensitivityRows = rows
        // For SALib: sobol.analyze(problem, Y, calc_second_order=False) with Y a column of outputs.
        try SobolFiles.writeProblem(names: plan.parameters.map(\.path), bounds: plan.parameters.map { [$0.low, $0.high] }, to: folder)
        var samples = CSVTable(header: plan.parameters.map(\.path))
        for p in sweep.points { samples.append(p.map(ExactText.number)) }
        try samples.write(to: folder + "/salib_samples.csv")
        var outputs = CSVTable(header: Metric.all.map(\.name))
        for e in estimates { outputs.append(e.map { ExactText.number($0.mean) }) }
        try outputs.write(to: folder + "/salib_outputs.csv")
    }

    /// The sensitivity note of `rows` (see ``sensitivityNote(_:)``): metrics by their names in
    /// English, by their labels in French.
    static func note(_ rows: [(metric: Metric, indices: SobolIndices, noiseRatio: Double)], parameters: [String], _ l: Language = .en) -> String {
        let given = rows.filter { $0.noiseRatio < Sweep.noiseRatioLimit }
        let refused = rows.filter { !($0.noiseRatio < Sweep.noiseRatioLimit) }
        func name(_ m: Metric) -> String { l == .en ? m.name : l.metric(m).name }
        var out = l.words("sweep.sobol_indices_given_metrics", ["given": String(given.count), "metrics": String(rows.count)])
        if !refused.isEmpty {
            out += l.words("sweep.refused_where_monte_carlo_noise")
                + refused.map {
                    $0.noiseRatio.isFinite ? "\(name($0.metric)) (\(l.percent($0.noiseRatio, decimals: 0)))"
                        : "\(name($0.metric)) (\(l.words("sweep.no_spread_noise_unknown")))"
                }.joined(separator: ", ")
        }
        out += "\n"
        let wide = given.flatMap { row in parameters.indices.filter { !row.indices.withinBounds($0) }.map { "\(name(row.metric))/\(parameters[$0])" } }
        if !wide.isEmpty {
            let list = wide.prefix(8).joined(separator: ", ") + (wide.count > 8 ? ", …" : "")
            out += l.words(wide.count == 1 ? "sweep.bootstrap_beyond_one" : "sweep.bootstrap_beyond_many", ["count": String(wide.count)])
                + list + "\n"
        }
        return out
    }

    /// Merges sweep shards: copies their point files into `out` and writes the final files.
    static func merge(_ folders: [String], descriptions: [Data], to out: String) throws {
        let ds = try ShardFiles.decode(Description.self, folders, descriptions, kind: "sweep")
        let first = ds[0]
        for (folder, d) in zip(folders, ds) where d.plan != first.plan || d.fingerprint != first.fingerprint || d.of != first.of {
            throw InputError(file: folder + "/shard.json", message: "expected a shard of the same sweep as \(folders[0])")
        }
        try ShardFiles.checkComplete(ds, folders, of: "sweep")
        let sweep = try Sweep(plan: try SweepPlan.load(first.plan))
        guard sweep.plan.fingerprint == first.fingerprint else {
            throw InputError(file: first.plan, message: "expected the plan the shards ran, found it changed since")
        }
        let merged = try SweepFolder(sweep, at: out)
        try merged.samplesTable().write(to: out + "/samples.csv")
        for (folder, d) in zip(folders, ds) {
            let shard = Shard(index: d.shard, count: d.of)
            for i in sweep.points.indices where shard.contains(i) {
                guard let data = FileManager.default.contents(atPath: pointFile(folder, i)) else {
                    throw InputError(file: pointFile(folder, i), message: "expected shard \(shard)'s point \(i); is the shard finished?")
                }
                try AtomicFile.write(String(decoding: data, as: UTF8.self), to: pointFile(out, i))
            }
        }
        try merged.assemble()
    }
}

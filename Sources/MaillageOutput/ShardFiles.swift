import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// What a shard of a run leaves for `maillage merge` (`shard.json` and its replications'
/// values written exactly in `values.csv`), and the merge of shard folders, of runs, sweeps or
/// uncertainty analyses (``UncertaintyShard``), into the files one process would have written.
public enum ShardFiles {
    struct Description: Codable, ShardDescription {
        var kind = "run"
        var scenario: String
        var seed: UInt64
        var replications: Int
        var shard: Int
        var of: Int
        var toolVersion: String
        /// The scenario's fingerprint (``Scenario/fingerprint()``) when the shard ran.
        var fingerprint: String
    }

    /// Writes `shard.json` and `values.csv` into `folder` for a shard of the run of `scenario`,
    /// whose file is `scenarioPath`.
    public static func write(_ result: RunResult, scenario: Scenario, scenarioPath: String, shard: Shard, to folder: String) throws {
        let d = Description(scenario: scenarioPath, seed: result.plan.seed, replications: result.plan.replications, shard: shard.index,
                            of: shard.count, toolVersion: maillageVersion, fingerprint: try scenario.fingerprint())
        try RunOutput.replicationsTable(result, number: ExactText.number).write(to: folder + "/values.csv")
        if DensityLevelOutput.applies(result) { try DensityLevelOutput.shardTable(result).write(to: folder + "/density.csv") }
        try AtomicFile.write(try AtomicFile.json(d), to: folder + "/shard.json")
        try Manifest(kind: .shard, scenarios: [scenario.name], seed: result.plan.seed, replications: result.plan.replications).write(to: folder)
    }

    /// Decodes each shard's description as `T`, naming the folder whose description is not one.
    static func decode<T: Decodable & ShardDescription>(_ type: T.Type, _ folders: [String], _ descriptions: [Data], kind: String) throws -> [T] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try zip(folders, descriptions).map { folder, data in
            let d: T
            do { d = try decoder.decode(T.self, from: data) } catch {
                throw InputError(file: folder + "/shard.json", message: "expected a \(kind) shard's description (kind, shard, of, fingerprint …), found JSON that is not one")
            }
            // An edited description must not drive the merge outside its bounds.
            guard (1...Limits.shards).contains(d.of), (1...d.of).contains(d.shard) else {
                throw InputError(file: folder + "/shard.json", field: "of", message: "expected shard K of N with 1 ≤ K ≤ N ≤ \(Limits.shards), found \(d.shard) of \(d.of)")
            }
            return d
        }
    }

    /// Checks that `ds` are the N shards of one piece of work, each once (`what`: run, sweep…).
    static func checkComplete(_ ds: [some ShardDescription], _ folders: [String], of what: String) throws {
        let n = ds[0].of
        let present = Set(ds.map(\.shard))
        guard present.count == ds.count, present == Set(1...n) else {
            let missing = Set(1...n).subtracting(present).sorted()
            throw InputError(file: folders[0], message: "expected the \(n) shards of the \(what) once each; missing \(missing.map(String.init).joined(separator: ", ")), or repeated")
        }
    }

    static func readDescription(_ folder: String) throws -> (kind: String, data: Data) {
        let path = folder + "/shard.json"
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such file: is \(folder) a shard's output folder?")
        }
        let data = try TextFile.bytes(path, maxBytes: 1 << 20)
        struct Kind: Decodable { var kind: String }
        do {
            return (try JSONDecoder().decode(Kind.self, from: data).kind, data)
        } catch {
            throw InputError(file: path, message: "expected a shard description (JSON with a kind), found something else")
        }
    }

    /// Merges run shards: checks they are the N shards of one run, reads their exact values,
    /// rebuilds the model, and writes what one process would have written.
    static func mergeRuns(_ folders: [String], descriptions: [Data], to out: String) throws {
        let ds = try decode(Description.self, folders, descriptions, kind: "run")
        let first = ds[0]
        guard (1...Limits.replications).contains(first.replications) else {
            throw InputError(file: folders[0] + "/shard.json", field: "replications",
                             message: "expected 1 to \(Limits.replications) replications, found \(first.replications)")
        }
        for (folder, d) in zip(folders, ds) where d.scenario != first.scenario || d.seed != first.seed || d.replications != first.replications
            || d.of != first.of || d.toolVersion != first.toolVersion || d.fingerprint != first.fingerprint {
            throw InputError(file: folder + "/shard.json", message: "expected a shard of the same run as \(folders[0]) (scenario, seed, replications, shard count, version)")
        }
        try checkComplete(ds, folders, of: "run")
        var scenario = try ScenarioLoader.load(first.scenario)
        guard try scenario.fingerprint() == first.fingerprint else {
            throw InputError(file: first.scenario, message: "expected the scenario the shards ran, found it (or a base or data file it reads) changed since: rerun the shards, or restore it")
        }
        scenario.plan.replications = first.replications
        scenario.plan.seed = first.seed
        let world = try scenario.world()
        let model = try scenario.build(world)
        var replications: [ReplicationResult?] = Array(repeating: nil, count: first.replications)
        // On a territory with density levels, each shard also left its counts by level.
        let byLevel = model.territory.zones.contains { $0.densityLevel != nil }
        for folder in folders {
            let levels = byLevel ? try DensityLevelOutput.readShard(folder + "/density.csv", replications: first.replications) : [:]
            func counts(_ i: Int) -> (ReplicationCounts, ReplicationCounts?) {
                var own = ReplicationCounts()
                guard let (mine, base) = levels[i] else { return (own, nil) }
                own.byDensityLevel = mine
                return (own, base.map { var b = ReplicationCounts(); b.byDensityLevel = $0; return b })
            }
            let table = try DelimitedText(path: folder + "/values.csv", delimiter: ",")
            guard table.header == ["replication", "seed"] + Metric.all.map(\.name) else {
                throw InputError(file: folder + "/values.csv", line: 1, message: "expected the metrics of this version of maillage")
            }
            for row in table.rows {
                guard let i = Int(row.fields[0]), replications.indices.contains(i), replications[i] == nil, let seed = UInt64(row.fields[1]) else {
                    throw InputError(file: folder + "/values.csv", line: row.line, field: "replication", message: "expected a replication index below \(first.replications), each once, found '\(DelimitedText.excerpt(row.fields[0]))'")
                }
                let values = try row.fields.dropFirst(2).map { text -> Double in
                    guard let x = ExactText.parse(text), !x.isInfinite else {
                        throw InputError(file: folder + "/values.csv", line: row.line, message: "expected a number, found '\(text)'")
                    }
                    return x
                }
                // Outputs are written from the values; a shard carries no other raw counts.
                guard !byLevel || levels[i] != nil else {
                    throw InputError(file: folder + "/density.csv", message: "expected the counts by density level of replication \(i), found none")
                }
                let (own, base) = counts(i)
                replications[i] = ReplicationResult(index: i, seed: seed, counts: own, baselineCounts: base, values: values)
            }
        }
        if let missing = replications.firstIndex(where: { $0 == nil }) {
            throw InputError(file: folders[0], message: "expected every replication; replication \(missing) is missing (an unfinished shard?)")
        }
        let result = RunResult(model: model, plan: scenario.plan, replications: replications.map { $0! })
        let folder = try ResultsFolder(out)
        try RunOutput.write(result, scenario: scenario, to: folder.staging)
        try CoverageOutput.writeEffect(model, outlines: world.outlines, projection: world.projection, settings: scenario.accessibility,
                                       to: folder.staging)
        try folder.commit()
    }
}

extension ShardFiles {
    /// `maillage merge`: combines shard folders, of a run, a sweep or an uncertainty analysis,
    /// into the files one process would have written.
    public static func merge(_ folders: [String], to out: String) throws {
        guard !folders.isEmpty else { throw InputError(file: out, message: "expected shard folders to merge") }
        let described = try folders.map { try readDescription($0) }
        let kinds = Set(described.map(\.kind))
        guard kinds.count == 1, let kind = kinds.first else {
            throw InputError(file: folders[0], message: "expected shards of one kind, found \(kinds.sorted().joined(separator: " and "))")
        }
        switch kind {
        case "run": try mergeRuns(folders, descriptions: described.map(\.data), to: out)
        case "sweep": try SweepFolder.merge(folders, descriptions: described.map(\.data), to: out)
        case "uncertainty": try UncertaintyShard.merge(folders, descriptions: described.map(\.data), to: out)
        case "national": try NationalShard.merge(folders, descriptions: described.map(\.data), to: out)
        default: throw InputError(file: folders[0] + "/shard.json", message: "expected kind run, sweep, uncertainty or national, found \(kind)")
        }
    }
}

/// What both kinds of shard descriptions say about which shard they are.
protocol ShardDescription {
    var shard: Int { get }
    var of: Int { get }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A shard of a national study (`maillage study FRANCE.yaml --shard K/N`: the territories whose
/// index in code order is K − 1 modulo N, each run on the study's seed as in one process) and its
/// merge: `shard.json` says which study and slice it is, `rows.json` holds its territories' rows
/// exactly; `maillage merge` puts the rows of the N shards back in code order and writes the files
/// one process writes.
public enum NationalShard {
    struct Description: Codable, ShardDescription {
        var kind = "national"
        var study: String
        var name: String
        /// The study file's fingerprint when the shard ran.
        var fingerprint: String
        var seed: UInt64
        var replications: Int
        /// Every territory of the study, in code order (the manifest names them all).
        var territories: [String]
        var shard: Int
        var of: Int
        var toolVersion: String
    }

    static let rowsFile = "rows.json"

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// Writes a shard's files into `folder`.
    public static func write(_ rows: [NationalRun.Row], study: NationalStudy, shard: Shard, to folder: String) throws {
        let d = Description(study: study.file, name: study.name, fingerprint: ExactText.fingerprint(try TextFile.read(study.file)), seed: study.seed,
                            replications: study.replications, territories: study.territories.map(\.code), shard: shard.index, of: shard.count,
                            toolVersion: maillageVersion)
        try AtomicFile.write(String(decoding: try encoder().encode(rows), as: UTF8.self) + "\n", to: folder + "/" + rowsFile)
        try AtomicFile.write(try AtomicFile.json(d), to: folder + "/shard.json")
        try Manifest(kind: .shard, scenarios: [study.name], seed: study.seed, replications: study.replications).write(to: folder)
    }

    /// Merges the shards in `folders` (their descriptions read already) into `out`.
    /// - Throws: ``InputError`` naming the shard that is not of the same study, is missing or
    ///   repeated, or whose rows do not read.
    static func merge(_ folders: [String], descriptions: [Data], to out: String) throws {
        let ds = try ShardFiles.decode(Description.self, folders, descriptions, kind: "national study")
        let first = ds[0]
        for (folder, d) in zip(folders, ds) where d.study != first.study || d.fingerprint != first.fingerprint || d.seed != first.seed
            || d.replications != first.replications || d.territories != first.territories || d.of != first.of || d.toolVersion != first.toolVersion {
            throw InputError(file: folder + "/shard.json", message: "expected a shard of the same national study as \(folders[0]) (study file, seed, replications, territories, shard count, version)")
        }
        try ShardFiles.checkComplete(ds, folders, of: "national study")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var byCode: [String: NationalRun.Row] = [:]
        for (folder, d) in zip(folders, ds) {
            let path = folder + "/" + rowsFile
            let rows: [NationalRun.Row]
            do {
                rows = try decoder.decode([NationalRun.Row].self, from: try TextFile.bytes(path, maxBytes: Limits.geoJSONBytes))
            } catch let e as InputError {
                throw e
            } catch {
                throw InputError(file: path, message: "expected the rows a national study's shard writes, found something else")
            }
            let expected = first.territories.enumerated().filter { Shard(index: d.shard, count: d.of).contains($0.offset) }.map(\.element)
            guard rows.map(\.territory.code) == expected else {
                throw InputError(file: path, message: "expected the territories of shard \(d.shard) of \(d.of) (\(expected.prefix(3).joined(separator: ", "))…), found others")
            }
            for r in rows { byCode[r.territory.code] = r }
        }
        let rows = first.territories.compactMap { byCode[$0] }
        let folder = try ResultsFolder(out)
        try NationalOutput.files(rows).write(to: folder.staging)
        try Manifest(kind: .national, scenarios: first.territories, seed: first.seed, replications: first.replications).write(to: folder.staging)
        try folder.commit()
    }
}

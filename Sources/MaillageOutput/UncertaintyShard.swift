import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A shard of `maillage uncertainty` (the draws d with d mod N = K − 1) and the merge of the N
/// shards into the files one process would have written.
///
/// Every draw's replications are seeded by the run's seed and the replication's index alone, and
/// its parameters by the design seed and the draw's index, so a draw gives the same values in
/// whichever shard runs it. A shard writes `shard.json` (what it ran, with the fingerprints of the
/// scenario, the priors and the posterior) and `values.csv`, every (draw, replication) row's values
/// written exactly; the merge checks that the shards are the N shards of one analysis and that
/// nothing they read has changed, then writes the analysis's files.
public enum UncertaintyShard {
    struct Description: Codable, Equatable, ShardDescription {
        var kind = "uncertainty"
        var scenario: String
        var priors: String
        var priorsFingerprint: String
        var posterior: String?
        var posteriorFingerprint: String?
        var seed: UInt64
        var designSeed: UInt64
        var draws: Int
        var replications: Int
        var interEcosystem: Bool
        /// Whether the policy did anything in one of this shard's draws.
        var policyActive: Bool
        var shard: Int
        var of: Int
        var toolVersion: String
        /// The scenario's fingerprint (``Scenario/fingerprint()``) when the shard ran.
        var fingerprint: String
    }

    /// The values file's columns after draw and replication: the policy world's metrics, the
    /// effects, the no-cooperation world's metrics.
    static func header(interEcosystem: Bool) -> [String] {
        ["draw", "replication"] + UncertaintyAnalysis.metrics.map { "value:" + $0.name }
            + UncertaintyAnalysis.effectMetrics(interEcosystem: interEcosystem).map { "effect:" + $0.name }
            + UncertaintyAnalysis.metrics.map { "baseline:" + $0.name }
    }

    /// Writes shard `shard`'s files: `result` holds the draws `draws` (in order) of `analysis`,
    /// run on the scenario in `scenarioPath`; nil when the shard has no draw.
    public static func write(_ result: UncertaintyResult?, draws: [Int], analysis: UncertaintyAnalysis, scenario: Scenario,
                             scenarioPath: String, shard: Shard, to folder: String) throws {
        var table = CSVTable(header: header(interEcosystem: analysis.interEcosystem))
        if let result {
            for (k, d) in draws.enumerated() {
                for r in 0..<analysis.replications {
                    table.append([String(d), String(r)] + (result.values[k][r] + result.effects[k][r] + result.baselineValues[k][r]).map(ExactText.number))
                }
            }
        }
        let p = analysis.priors
        let description = Description(scenario: scenarioPath, priors: p.file, priorsFingerprint: p.fingerprint, posterior: p.posterior?.file,
                                      posteriorFingerprint: p.posterior?.fingerprint, seed: analysis.seed, designSeed: analysis.designSeed,
                                      draws: analysis.draws, replications: analysis.replications, interEcosystem: analysis.interEcosystem,
                                      policyActive: result?.policyActive ?? false, shard: shard.index, of: shard.count,
                                      toolVersion: maillageVersion, fingerprint: try scenario.fingerprint())
        try table.write(to: folder + "/values.csv")
        try AtomicFile.write(try AtomicFile.json(description), to: folder + "/shard.json")
        try Manifest(kind: .shard, scenarios: [scenario.name], seed: analysis.seed, replications: analysis.replications).write(to: folder)
    }

    /// Merges uncertainty shards into `out`.
    static func merge(_ folders: [String], descriptions: [Data], to out: String) throws {
        let ds = try ShardFiles.decode(Description.self, folders, descriptions, kind: "uncertainty")
        let first = ds[0]
        guard (1...100_000).contains(first.draws), (1...Limits.replications).contains(first.replications),
              first.draws.multipliedReportingOverflow(by: first.replications).partialValue <= Limits.replications,
              !first.draws.multipliedReportingOverflow(by: first.replications).overflow else {
            throw InputError(file: folders[0] + "/shard.json", field: "draws",
                             message: "expected 1 to 100000 draws and at most \(Limits.replications) replications in all, found \(first.draws) draws of \(first.replications)")
        }
        for (folder, d) in zip(folders, ds) {
            var same = d
            same.shard = first.shard
            same.policyActive = first.policyActive
            guard same == first else {
                throw InputError(file: folder + "/shard.json", message: "expected a shard of the same analysis as \(folders[0]) (scenario, priors, posterior, seeds, draws, replications, shard count, version)")
            }
        }
        try ShardFiles.checkComplete(ds, folders, of: "analysis")
        var priors = try PriorSet.load(first.priors)
        guard priors.fingerprint == first.priorsFingerprint else {
            throw InputError(file: first.priors, message: "expected the priors the shards drew from, found the file changed since: rerun the shards, or restore it")
        }
        if let path = first.posterior {
            let posterior = try Posterior.load(path)
            guard posterior.fingerprint == first.posteriorFingerprint else {
                throw InputError(file: path, message: "expected the posterior the shards drew from, found the file changed since: rerun the shards, or restore it")
            }
            priors = priors.with(posterior)
        }
        let confinement = Confinement(topLevel: first.scenario)
        let base = try ScenarioLoader.load(first.scenario, overrides: [], confinement: confinement)
        guard try base.fingerprint() == first.fingerprint else {
            throw InputError(file: first.scenario, message: "expected the scenario the shards ran, found it (or a base or data file it reads) changed since: rerun the shards, or restore it")
        }
        let analysis = UncertaintyAnalysis(priors: priors, draws: first.draws, replications: first.replications, seed: first.seed,
                                           designSeed: first.designSeed, interEcosystem: first.interEcosystem)
        let metrics = UncertaintyAnalysis.metrics.count
        let effects = UncertaintyAnalysis.effectMetrics(interEcosystem: first.interEcosystem).count
        var rows: [[[Double]]?] = Array(repeating: nil, count: first.draws * first.replications)
        let expected = header(interEcosystem: first.interEcosystem)
        for (folder, d) in zip(folders, ds) {
            let file = folder + "/values.csv"
            let table = try DelimitedText(path: file, delimiter: ",")
            guard table.header == expected else { throw InputError(file: file, line: 1, message: "expected the columns of this version of maillage") }
            let shard = Shard(index: d.shard, count: d.of)
            for row in table.rows {
                guard let draw = Int(row.fields[0]), (0..<first.draws).contains(draw), shard.contains(draw),
                      let r = Int(row.fields[1]), (0..<first.replications).contains(r), rows[draw * first.replications + r] == nil else {
                    throw InputError(file: file, line: row.line, field: "draw",
                                     message: "expected a draw of shard \(shard) below \(first.draws) and a replication below \(first.replications), each pair once, found '\(DelimitedText.excerpt(row.fields[0]))', '\(DelimitedText.excerpt(row.fields[1]))'")
                }
                let values = try row.fields.dropFirst(2).map { text -> Double in
                    guard let x = ExactText.parse(text), !x.isInfinite else {
                        throw InputError(file: file, line: row.line, message: "expected a number, found '\(DelimitedText.excerpt(text))'")
                    }
                    return x
                }
                rows[draw * first.replications + r] = [Array(values[0..<metrics]), Array(values[metrics..<(metrics + effects)]),
                                                       Array(values[(metrics + effects)...])]
            }
        }
        if let missing = rows.firstIndex(where: { $0 == nil }) {
            throw InputError(file: folders[0], message: "expected every draw's replications; draw \(missing / first.replications) replication \(missing % first.replications) is missing (an unfinished shard?)")
        }
        func table(_ part: Int) -> [[[Double]]] {
            (0..<first.draws).map { d in (0..<first.replications).map { r in rows[d * first.replications + r]![part] } }
        }
        let result = UncertaintyResult(metrics: UncertaintyAnalysis.metrics,
                                       effectMetrics: UncertaintyAnalysis.effectMetrics(interEcosystem: first.interEcosystem),
                                       policyActive: ds.contains { $0.policyActive }, values: table(0), effects: table(1),
                                       baselineValues: table(2), replications: first.replications)
        let drawn = try analysis.scenarios(path: first.scenario, confinement: confinement)
        let folder = try ResultsFolder(out)
        try UncertaintyOutput.write(result, analysis: analysis, overrides: drawn.map(\.overrides), scenario: base.name, to: folder.staging)
        try folder.commit()
    }
}

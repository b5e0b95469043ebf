import Foundation
import MaillageFoundation
import MaillageModel
import MaillageExperiments

/// A run's holders, supports, firms and jobs split by the INSEE density level of the holders'
/// zones (territories of the national files): `by_density.csv`, and the per-replication counts a
/// shard leaves for the merge (`density.csv`).
public enum DensityLevelOutput {
    /// The level of a zone in ``DensityLevelCounts`` (0: not in the grid).
    static func level(_ zone: Zone) -> Int { zone.densityLevel.map { (1...7).contains($0) ? $0 : 0 } ?? 0 }

    /// Whether a run writes the file: its territory's zones carry density levels and its
    /// replications were kept.
    public static func applies(_ result: RunResult) -> Bool {
        !result.isSummaryOnly && result.model.territory.zones.contains { $0.densityLevel != nil }
    }

    /// Per density level present (1 to 7, then the zones the grid does not list): its zones and
    /// inhabitants, and for each metric the mean over replications with its 95% interval.
    /// Holders, firms and jobs are counts over the horizon; `uncovered_share` is over the holders
    /// who arrived, `supported_share` over the holders whose path ended (as the run's
    /// `supported_share`). With a policy, `jobs_at_horizon_without_policy` is the no-cooperation
    /// world on the same seeds, and `jobs_added` the paired difference.
    public static func table(_ result: RunResult) -> CSVTable {
        var table = CSVTable(header: ["density_level", "density_name", "zones", "population", "metric", "mean", "low", "high", "replications"])
        let zones = result.model.territory.zones
        let byLevel = Dictionary(grouping: zones, by: level)
        let paired = !result.replications.isEmpty && result.replications.allSatisfy { $0.baselineCounts != nil }
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        for l in byLevel.keys.sorted(by: { ($0 == 0 ? 8 : $0) < ($1 == 0 ? 8 : $1) }) {
            let members = byLevel[l]!
            let head = [l == 0 ? "NA" : String(l), l == 0 ? "not in the grid" : Zone.densityLevelNames[l].en, String(members.count),
                        String(members.reduce(0) { $0 + $1.population })]
            var metrics: [(String, (ReplicationResult) -> Double)] = [
                ("holders", { Double($0.counts.byDensityLevel.holders[l]) }),
                ("uncovered_share", { ratio($0.counts.byDensityLevel.uncovered[l], $0.counts.byDensityLevel.holders[l]) }),
                ("supported_share", { ratio($0.counts.byDensityLevel.supported[l], $0.counts.byDensityLevel.pathsEnded[l]) }),
                ("firms_created", { Double($0.counts.byDensityLevel.firmsCreated[l]) }),
                ("jobs_at_horizon", { Double($0.counts.byDensityLevel.jobs[l]) }),
            ]
            if paired {
                metrics.append(("jobs_at_horizon_without_policy", { Double($0.baselineCounts!.byDensityLevel.jobs[l]) }))
                metrics.append(("jobs_added", { Double($0.counts.byDensityLevel.jobs[l] - $0.baselineCounts!.byDensityLevel.jobs[l]) }))
            }
            for (name, value) in metrics {
                let e = Estimate(values: result.replications.map(value))
                table.append(head + [name, CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high), String(e.n)])
            }
        }
        return table
    }

    /// The lanes of one world's counts, in the order of ``shardHeader``.
    static func lanes(_ c: DensityLevelCounts) -> [Int] {
        var out: [Int] = []
        for l in 0..<8 {
            let lane: [Int] = [c.holders[l], c.uncovered[l], c.pathsEnded[l], c.supported[l], c.firmsCreated[l], c.jobs[l]]
            out += lane
        }
        return out
    }

    static let laneNames = ["holders", "uncovered", "paths_ended", "supported", "firms_created", "jobs"]

    /// `replication`, then every lane of the run's world, then of the no-cooperation world.
    static var shardHeader: [String] {
        let names = (0..<8).flatMap { l in laneNames.map { "\($0)_\(l)" } }
        return ["replication"] + names + names.map { "baseline_\($0)" }
    }

    /// Each replication's counts by level, exactly, for `maillage merge` (baseline lanes empty
    /// without a policy).
    public static func shardTable(_ result: RunResult) -> CSVTable {
        var table = CSVTable(header: shardHeader)
        for r in result.replications {
            table.append([String(r.index)] + lanes(r.counts.byDensityLevel).map(String.init)
                         + (r.baselineCounts.map { lanes($0.byDensityLevel).map(String.init) } ?? Array(repeating: "", count: 48)))
        }
        return table
    }

    /// Reads a shard's `density.csv`: per replication index, the run's and the baseline's counts.
    static func readShard(_ path: String, replications: Int) throws -> [Int: (DensityLevelCounts, DensityLevelCounts?)] {
        let table = try DelimitedText(path: path, delimiter: ",")
        guard table.header == shardHeader else {
            throw InputError(file: path, line: 1, message: "expected the density-level counts of this version of maillage")
        }
        func counts(_ fields: ArraySlice<String>, line: Int) throws -> DensityLevelCounts {
            let v = try fields.map { text -> Int in
                guard let x = Int(text), (0...Int(Limits.holdersPerReplication) * 100).contains(x) else {
                    throw InputError(file: path, line: line, message: "expected a count, found '\(DelimitedText.excerpt(text))'")
                }
                return x
            }
            var c = DensityLevelCounts()
            for l in 0..<8 {
                let k = l * 6
                c.holders[l] = v[k]
                c.uncovered[l] = v[k + 1]
                c.pathsEnded[l] = v[k + 2]
                c.supported[l] = v[k + 3]
                c.firmsCreated[l] = v[k + 4]
                c.jobs[l] = v[k + 5]
            }
            return c
        }
        var read: [Int: (DensityLevelCounts, DensityLevelCounts?)] = [:]
        for row in table.rows {
            guard let i = Int(row.fields[0]), (0..<replications).contains(i), read[i] == nil else {
                throw InputError(file: path, line: row.line, field: "replication",
                                 message: "expected a replication index below \(replications), each once, found '\(DelimitedText.excerpt(row.fields[0]))'")
            }
            let own = try counts(row.fields[1...48], line: row.line)
            let base = row.fields[49...].allSatisfy(\.isEmpty) ? nil : try counts(row.fields[49...96], line: row.line)
            read[i] = (own, base)
        }
        return read
    }
}

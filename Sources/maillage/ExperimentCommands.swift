import ArgumentParser
import Foundation
import Maillage

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs scenarios on common random numbers and reports each metric's difference to the first, paired and unpaired."
    )

    @Argument(help: "Two or more scenario files; the first is the reference.")
    var scenarios: [String]

    @Option(help: "Replications (default: the first scenario's).")
    var replications: Int?

    @Option(help: "The seed shared by every scenario (default: the first scenario's).")
    var seed: UInt64?

    @Option(help: "Replications run at once (default: one per core).")
    var jobs: Int = defaultJobs

    @Option(help: "Output folder (default: Output/compare).")
    var out: String = "Output/compare"

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if scenarios.count < 2 { throw ValidationError("compare needs at least two scenarios") }
        if let replications, replications < 2 { throw ValidationError("--replications must be at least 2 to compare") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let loaded = try scenarios.map { try ScenarioLoader.load($0) }
            let n = replications ?? loaded[0].simulation.replications
            let s = seed ?? loaded[0].simulation.seed
            var results: [RunResult] = []
            for scenario in loaded {
                let progress = Progress(scenario.name, quiet: quiet)
                let model = try scenario.build(loadWorld(scenario))
                results.append(try await MonteCarlo.run(model, replications: n, seed: s, jobs: jobs) { progress.update($0, of: n) })
            }
            let comparison = Comparison(labels: loaded.map(\.name), results: results)
            try comparison.table().write(to: out + "/compare.csv")
            print("difference to \(loaded[0].name): paired 95% interval [unpaired]; \(n) replications, seed \(s)")
            var rows = [["metric"] + loaded.dropFirst().map(\.name)]
            for metric in Metric.allCases {
                rows.append([metric.name] + (1..<loaded.count).map { k in
                    let (p, u) = comparison.difference(k, metric)
                    return "\(RunOutput.format(p.mean, metric)) [\(RunOutput.format(p.low, metric)), \(RunOutput.format(p.high, metric))]"
                        + " [\(RunOutput.format(u.low, metric)), \(RunOutput.format(u.high, metric))]"
                })
            }
            print(TextTable.render(rows, rightAligned: Set(1..<loaded.count)), terminator: "")
            print("written to \(out)/compare.csv")
        }
    }
}

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Varies scenario parameters over a grid, a Latin hypercube or a Sobol sequence, or estimates Sobol indices; resumes when run again."
    )

    @Argument(help: "The sweep plan (YAML).")
    var plan: String

    @Option(help: "Output folder (default: Output/<plan file name>).")
    var out: String?

    @Option(help: "Replications run at once (default: one per core).")
    var jobs: Int = defaultJobs

    @Option(help: "Run only the K-th of N disjoint slices of the points (K/N), for `maillage merge`.")
    var shard: Shard?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        try await reportingErrors {
            let plan = try SweepPlan.load(self.plan)
            let sweep = try Sweep(plan: plan)
            let folder = out ?? "Output/" + URL(fileURLWithPath: self.plan).deletingPathExtension().lastPathComponent
            let progress = Progress("points", quiet: quiet)
            try await sweep.run(to: folder, shard: shard, jobs: jobs) { progress.update($0, of: $1) }
            let what = shard.map { "shard \($0) of" } ?? "all"
            print("\(what) \(sweep.points.count) points of \(plan.design.rawValue), \(plan.replications) replications each; written to \(folder)/")
        }
    }
}

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combines the output folders of a run's or a sweep's shards into the files one process would have written."
    )

    @Argument(help: "The shards' output folders.")
    var shards: [String]

    @Option(help: "Output folder.")
    var out: String

    func run() async throws {
        try await reportingErrors {
            try ShardMerge.merge(shards, to: out)
            print("merged \(shards.count) shards into \(out)/")
        }
    }
}

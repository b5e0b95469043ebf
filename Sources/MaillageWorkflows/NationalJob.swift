import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// A national study (`maillage study` on a file that names `territories`): every territory
/// without cooperation and under the standard policy, one table, the comparison across density
/// classes, the regression and the map of France.
public struct NationalJob: Sendable {
    public var study: NationalStudy
    /// Replications run at once.
    public var jobs: Int
    public var force: Bool
    /// The priors (and posterior) the plausible worlds draw from; nil: no plausible range.
    public var plausible: PlausibleSettings?
    /// Only this slice of the territories (their index in code order), written for `maillage merge`.
    public var shard: Shard?

    public init(study: NationalStudy, jobs: Int, force: Bool = false, plausible: PlausibleSettings? = nil, shard: Shard? = nil) {
        self.study = study
        self.jobs = jobs
        self.force = force
        self.plausible = plausible
        self.shard = shard
    }

    /// The study as this job runs it: a shard's territories only. Each territory runs on the
    /// study's seed whatever runs beside it, so a shard's rows are those of one process.
    var slice: NationalStudy {
        guard let shard else { return study }
        var s = study
        s.territories = study.territories.enumerated().filter { shard.contains($0.offset) }.map(\.element)
        return s
    }

    /// The study's work: each territory's replications with the policy and its counterfactual
    /// worlds, and its plausible worlds (two worlds each).
    public func work() throws -> Work {
        try slice.territories.reduce(Work()) { total, t in
            let scenario = try study.scenario(t)
            var w = total + Work(scenario, population: t.population, replications: study.replications)
            if plausible != nil && study.plausibleDraws > 0 {
                w = w + Work(scenario, population: t.population, replications: study.plausibleDraws * study.plausibleReplications, worlds: 2)
            }
            return w
        }
    }

    /// Checks the work, runs every territory (or the shard's) and writes the folder `destination`.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (rows: [NationalRun.Row], written: Written) {
        let work = try work()
        try work.check(force: force, file: study.file)
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        var advance: (Int, Int) -> Void = { _, _ in }
        let rows = try await NationalRun.run(slice, jobs: jobs, priors: plausible?.priors, progress: { event in
            switch event {
            case .territory(let k, let n, let name): advance = progress.stage("territory \(k) of \(n) (\(name))")
            case .warning(let line): progress(.warning(line))
            }
        }, replications: { advance($0, $1) })
        if let shard {
            try NationalShard.write(rows, study: study, shard: shard, to: folder.staging)
        } else {
            try NationalOutput.files(rows).write(to: folder.staging)
            try Manifest(kind: .national, scenarios: study.territories.map(\.code), seed: study.seed, replications: study.replications)
                .write(to: folder.staging)
        }
        return (rows, try folder.committed())
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// A sweep plan's points (`maillage sweep`, the shipped sweeps of `regenerate`): a grid, a Latin
/// hypercube, a Sobol sequence or Saltelli's design, each point kept on disk as soon as it is
/// done, so that an interrupted sweep resumes where it stopped and shards merge.
public struct SweepJob: Sendable {
    public var sweep: Sweep
    /// The plan's file, named in errors.
    public var path: String
    /// Replications run at once within a point.
    public var jobs: Int
    /// One slice of the points, for `maillage merge`.
    public var shard: Shard?
    public var force: Bool

    public init(sweep: Sweep, path: String, jobs: Int, shard: Shard? = nil, force: Bool = false) {
        self.sweep = sweep
        self.path = path
        self.jobs = jobs
        self.shard = shard
        self.force = force
    }

    /// Checks the work, then runs the points the folder `destination` does not hold yet and
    /// writes the sweep's files (or the shard's description).
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (folder: SweepFolder, written: Written) {
        let work = try sweep.work(shard: shard)
        try work.check(force: force, file: path)
        progress(.work(work))
        let store = try SweepFolder(sweep, at: destination)
        try store.writeSamples()
        try await sweep.run(store: store, shard: shard, jobs: jobs, progress: progress.stage("points"))
        try store.finish(shard: shard)
        return (store, Written(destination))
    }
}

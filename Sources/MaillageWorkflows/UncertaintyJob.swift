import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// Two-level uncertainty (`maillage uncertainty`, the shipped study's plausible worlds):
/// parameter draws from the priors, replications within each draw, for one scenario (whole or
/// one shard of its draws) or every scenario and policy of a study with its findings.
public struct UncertaintyJob: Sendable {
    /// What the analysis runs on.
    public enum Subject: Sendable {
        case scenario(Scenario)
        case study(Study)

        /// The scenario's or the study's name.
        public var name: String {
            switch self {
            case .scenario(let s): s.name
            case .study(let s): s.name
            }
        }

        /// Reads `path` as a study when it is one, else as a scenario confined to its folder.
        public static func load(_ path: String) throws -> Subject {
            if try Study.isStudy(path) { return .study(try Study.load(path)) }
            return .scenario(try ScenarioLoader.load(path, overrides: [], confinement: Confinement(topLevel: path)))
        }
    }

    public var subject: Subject
    /// The file the subject was read from.
    public var path: String
    /// The priors, the calibrated parameters' posterior already applied when one is used.
    public var priors: PriorSet
    public var draws: Int
    public var replications: Int
    /// The run's seed; nil: the scenario's or study's.
    public var seed: UInt64?
    /// The design's seed (Latin hypercube and structural seeds).
    public var designSeed: UInt64
    /// Whether the effects' parts that need both ecosystems are computed too (twice the work).
    public var interEcosystem: Bool
    /// One slice of a scenario's draws, for `maillage merge`.
    public var shard: Shard?
    public var jobs: Int
    public var force: Bool

    public init(subject: Subject, path: String, priors: PriorSet, draws: Int, replications: Int, seed: UInt64? = nil, designSeed: UInt64,
                interEcosystem: Bool = false, shard: Shard? = nil, jobs: Int, force: Bool = false) {
        self.subject = subject
        self.path = path
        self.priors = priors
        self.draws = draws
        self.replications = replications
        self.seed = seed
        self.designSeed = designSeed
        self.interEcosystem = interEcosystem
        self.shard = shard
        self.jobs = jobs
        self.force = force
    }

    /// What the analysis found.
    public enum Outcome: Sendable {
        case scenario(UncertaintyResult, UncertaintyAnalysis)
        case study(StudyUncertainty, UncertaintyAnalysis)
        /// A shard ran `draws` of the analysis's.
        case shard(draws: [Int], of: Int)
    }

    var worldsPerReplication: Int { interEcosystem ? 4 : 2 }

    /// Checks the priors and the work, runs the draws and writes the folder `destination`.
    /// - Throws: ``InputError`` for priors that do not fit the scenarios, a study given a shard,
    ///   or work over the limit.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (outcome: Outcome, written: Written) {
        switch subject {
        case .scenario(let base): return try await runScenario(base, to: destination, progress: progress)
        case .study(let study): return try await runStudy(study, to: destination, progress: progress)
        }
    }

    func analysis(seed fallback: UInt64, draws: Int? = nil) -> UncertaintyAnalysis {
        UncertaintyAnalysis(priors: priors, draws: draws ?? self.draws, replications: replications, seed: seed ?? fallback,
                            designSeed: designSeed, interEcosystem: interEcosystem)
    }

    func runScenario(_ base: Scenario, to destination: String, progress: JobProgress) async throws -> (outcome: Outcome, written: Written) {
        let confinement = Confinement(topLevel: path)
        try priors.check(scenario: path, confinement: confinement)
        let analysis = analysis(seed: base.plan.seed)
        let work = Work(base, population: try base.population(), replications: draws * replications, worlds: worldsPerReplication)
        try work.check(force: force, file: path)
        progress(.work(work))
        let drawn = try analysis.scenarios(path: path, confinement: confinement)
        let folder = try ResultsFolder(destination)
        if let shard {
            // The shard's draws, each as the whole analysis would run it.
            let mine = (0..<draws).filter(shard.contains)
            let part = self.analysis(seed: analysis.seed, draws: max(mine.count, 1))
            let result = mine.isEmpty ? nil : try await part.run(mine.map { drawn[$0].scenario }, jobs: jobs,
                                                                 progress: progress.stage("\(base.name) uncertainty", of: mine.count * replications))
            try UncertaintyShard.write(result, draws: mine, analysis: analysis, scenario: base, scenarioPath: path, shard: shard, to: folder.staging)
            return (.shard(draws: mine, of: draws), try folder.committed())
        }
        let result = try await analysis.run(drawn.map(\.scenario), jobs: jobs,
                                            progress: progress.stage("\(base.name) uncertainty", of: draws * replications))
        try UncertaintyOutput.write(result, analysis: analysis, overrides: drawn.map(\.overrides), scenario: base.name, to: folder.staging)
        return (.scenario(result, analysis), try folder.committed())
    }

    func runStudy(_ study: Study, to destination: String, progress: JobProgress) async throws -> (outcome: Outcome, written: Written) {
        guard shard == nil else {
            throw InputError(file: path, message: "expected one scenario with --shard, found a study: run each scenario's uncertainty in shards, or the study in one process")
        }
        try StudyUncertainty.check(priors, against: study, file: path)
        let analysis = analysis(seed: study.seed)
        var work = Work()
        for base in study.scenarios {
            for named in study.policies where ResolvedPolicy(named.policy(for: base), costs: base.leverCosts, effects: base.leverEffects).isActive {
                work = work + Work(base, population: try base.population(), replications: draws * replications, worlds: worldsPerReplication)
            }
        }
        guard work.replications > 0 else {
            throw InputError(file: path, field: "policies", message: "expected a policy that does something, found none: there is no effect to weigh")
        }
        try work.check(force: force, file: path)
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        let result = try await StudyUncertainty.run(study, analysis: analysis, jobs: jobs,
                                                    progress: progress.stage("\(study.name) uncertainty", of: work.replications))
        try UncertaintyOutput.write(result, analysis: analysis, name: study.name, baselineName: study.baselinePolicyName, to: folder.staging)
        return (.study(result, analysis), try folder.committed())
    }
}

/// Morris screening of every prior on one scenario (`uncertainty --morris`): elementary effects
/// of the priors on a metric (the policy's effect on it when the scenario has a policy).
public struct MorrisJob: Sendable {
    public var scenario: Scenario
    public var path: String
    public var priors: PriorSet
    public var metric: Metric
    public var trajectories: Int
    public var replications: Int
    public var seed: UInt64?
    public var designSeed: UInt64
    public var jobs: Int
    public var force: Bool

    public init(scenario: Scenario, path: String, priors: PriorSet, metric: Metric, trajectories: Int, replications: Int, seed: UInt64? = nil,
                designSeed: UInt64, jobs: Int, force: Bool = false) {
        self.scenario = scenario
        self.path = path
        self.priors = priors
        self.metric = metric
        self.trajectories = trajectories
        self.replications = replications
        self.seed = seed
        self.designSeed = designSeed
        self.jobs = jobs
        self.force = force
    }

    /// Checks the priors and the work, screens, and writes the folder `destination`.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (screening: MorrisScreening, written: Written) {
        let confinement = Confinement(topLevel: path)
        try priors.check(scenario: path, confinement: confinement)
        let work = Work(scenario, population: try scenario.population(), replications: trajectories * (priors.priors.count + 1) * replications, worlds: 2)
        try work.check(force: force, file: path)
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        let screening = try await MorrisScreening.run(path: path, confinement: confinement, priors: priors, metric: metric, trajectories: trajectories,
                                                      replications: replications, seed: seed ?? scenario.plan.seed, designSeed: designSeed, jobs: jobs,
                                                      progress: progress.stage("\(scenario.name) Morris", of: work.replications))
        try MorrisOutput.write(screening, scenario: scenario.name, to: folder.staging)
        return (screening, try folder.committed())
    }
}

/// First-order and total Sobol indices of a metric over the priors a Morris screening kept
/// (`uncertainty --sobol --screened`): Saltelli's design in the priors' quantile space.
public struct SobolJob: Sendable {
    public var scenario: Scenario
    public var path: String
    /// The priors, every one of them: the screening's folder says which are kept.
    public var priors: PriorSet
    /// The Morris screening's folder, and the most priors to keep from it.
    public var screened: String
    public var top: Int
    public var metric: Metric
    public var samples: Int
    public var replications: Int
    public var bootstrap: Int
    public var seed: UInt64?
    public var designSeed: UInt64
    public var jobs: Int
    public var force: Bool

    public init(scenario: Scenario, path: String, priors: PriorSet, screened: String, top: Int, metric: Metric, samples: Int, replications: Int,
                bootstrap: Int, seed: UInt64? = nil, designSeed: UInt64, jobs: Int, force: Bool = false) {
        self.scenario = scenario
        self.path = path
        self.priors = priors
        self.screened = screened
        self.top = top
        self.metric = metric
        self.samples = samples
        self.replications = replications
        self.bootstrap = bootstrap
        self.seed = seed
        self.designSeed = designSeed
        self.jobs = jobs
        self.force = force
    }

    /// Keeps the screened priors, checks them and the work, computes the indices and writes the
    /// folder `destination`.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (indices: PriorSensitivity, written: Written) {
        let kept = try PriorSensitivityOutput.screened(screened, top: top)
        let set = try priors.restricted(to: kept, screening: screened)
        let confinement = Confinement(topLevel: path)
        try set.check(scenario: path, confinement: confinement)
        let points = samples * (kept.count + 2)
        let work = Work(scenario, population: try scenario.population(), replications: points * replications, worlds: 2)
        try work.check(force: force, file: path)
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        let result = try await PriorSensitivity.run(path: path, confinement: confinement, priors: set, metric: metric, samples: samples,
                                                    replications: replications, bootstrap: bootstrap, seed: seed ?? scenario.plan.seed,
                                                    designSeed: designSeed, jobs: jobs,
                                                    progress: progress.stage("\(scenario.name) Sobol", of: points * replications))
        try PriorSensitivityOutput.write(result, scenario: scenario.name, to: folder.staging)
        return (result, try folder.committed())
    }
}

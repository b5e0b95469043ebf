import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// `maillage regenerate` (`make charts`): the job of each folder ``ShippedOutput`` lists, run on
/// its input from the repository, then the charts and the reports. Deterministic: the same code
/// gives the same CSV, JSON, GeoJSON and SVG files, and a folder is written by the very job its
/// command runs (`maillage run`, `study`, `sweep`…), so both write the same files.
public struct Regeneration: Sendable {
    /// The results folder (`Output`).
    public var root: String
    /// The repository the inputs are read from.
    public var repository: String
    public var jobs: Int
    /// The reports' date.
    public var date: Date
    /// When set, the calibration's ABC simulates again only one draw in this many, checks them
    /// against the folder's `abc_draws.csv` and takes the others from it (CI's regeneration).
    public var abcCheckEvery: Int?
    /// The worlds without a policy of the plausible ranges, shared by every entry: the funding
    /// runs of a territory and the studies' cells on it draw the same worlds.
    let sharedDraws = UncertaintyAnalysis.SharedDraws()

    public init(root: String, repository: String = ".", jobs: Int, date: Date, abcCheckEvery: Int? = nil) {
        self.root = root
        self.repository = repository
        self.jobs = jobs
        self.date = date
        self.abcCheckEvery = abcCheckEvery
    }

    func inRepository(_ relative: String) -> String { repository == "." ? relative : repository + "/" + relative }

    /// Entries regenerated at once.
    static let entriesAtOnce = 2

    /// The entries named `folders` (every entry when nil), in the shipped order.
    /// - Throws: ``InputError`` for a name that is not a shipped folder.
    public static func entries(_ folders: [String]?) throws -> [ShippedOutput.Entry] {
        guard let folders else { return ShippedOutput.all }
        for name in folders where !ShippedOutput.all.contains(where: { $0.folder == name }) {
            throw InputError(file: name, message: "expected a shipped results folder (\(ShippedOutput.all.prefix(3).map(\.folder).joined(separator: ", "))…), found '\(name)'")
        }
        return ShippedOutput.all.filter { folders.contains($0.folder) }
    }

    /// Regenerates `entries`; with every entry, also the manifest, the charts (gnuplot) and the
    /// reports. `progress` hears of each folder (as a stage) and of the models' warnings.
    public func run(_ entries: [ShippedOutput.Entry] = ShippedOutput.all, progress: JobProgress = .silent) async throws {
        // Two entries at a time, in the shipped order: each entry's replications already share
        // the cores, and the second fills what the first leaves idle (a model build, the end of a
        // batch, writing). Each entry writes its own folder from its own seeds, so the files do
        // not depend on which runs beside which.
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                let e = entries[next]
                next += 1
                progress(.stage("\(e.kind.rawValue): \(e.folder)"))
                group.addTask {
                    let clock = ContinuousClock(), start = clock.now
                    try await regenerate(e, progress: progress.warningsOnly)
                    // The folder's wall time (beside another folder): where CI's regeneration goes.
                    let seconds = (clock.now - start) / .milliseconds(100) / 10
                    progress(.stage("\(e.folder) written in \(FixedDecimal.text(seconds, decimals: 1)) s"))
                }
            }
            while next < min(Self.entriesAtOnce, entries.count) { start() }
            while try await group.next() != nil {
                if next < entries.count { start() }
            }
        }
        guard entries.count == ShippedOutput.all.count else { return }
        try Manifest(kind: .shipped, scenarios: ShippedOutput.all.map(\.folder)).write(to: root)
        for language in Language.allCases {
            progress(.stage("charts (\(language.rawValue))"))
            _ = try Charts.render(results: root, language: language, to: root + "/" + ShippedOutput.chartsFolder(language))
        }
        for language in Language.allCases {
            progress(.stage("report (\(language.rawValue))"))
            try Report.write(results: root, language: language, to: root + "/" + ShippedOutput.report(language), date: date)
        }
    }

    /// Runs the job that writes one entry's folder.
    func regenerate(_ e: ShippedOutput.Entry, progress: JobProgress) async throws {
        let out = root + "/" + e.folder, input = inRepository(e.input)
        switch e.kind {
        case .study:
            var plausible = try PlausibleSettings.shipped(repository: repository, design: .run)
            plausible.shared = sharedDraws
            _ = try await StudyJob(study: try Study.load(input), path: input, jobs: jobs, plausible: plausible).run(to: out, progress: progress)
        case .run:
            var scenario = try ScenarioLoader.load(input)
            if let r = e.replications { scenario.plan.replications = r }
            scenario.plan.jobs = jobs
            let mode = e.precision.map { RunJob.Mode.precision($0.value, maxReplications: $0.maxReplications) } ?? .replications
            // As `maillage run` does by default: the range over plausible worlds from the shipped priors and posterior.
            var plausible = try PlausibleSettings.shipped(repository: repository, design: .run)
            plausible.shared = sharedDraws
            _ = try await RunJob(scenario: scenario, path: input, mode: mode, plausible: plausible).run(to: out, progress: progress)
        case .sweep:
            // From scratch: points a previous regeneration kept are not reused.
            try? FileManager.default.removeItem(atPath: out)
            _ = try await SweepJob(sweep: try Sweep(plan: try SweepPlan.load(input)), path: input, jobs: jobs).run(to: out, progress: progress)
        case .coverage:
            _ = try CoverageJob(scenario: try ScenarioLoader.load(input)).run(to: out, progress: progress)
        case .calibration:
            let calibration = try Calibration.load(input)
            let abc = ShippedOutput.abcDesign, drawsFile = root + "/" + ShippedOutput.abcDrawsFile
            // The draws to check against are read first, so that a missing or foreign file stops
            // the folder before the fit writes anything.
            let check = try abcCheckEvery.map { every in
                CalibrationJob.Check(record: try calibration.record(drawsFile, draws: abc.draws, designSeed: abc.seed), every: every)
            }
            _ = try await CalibrationJob(calibration: calibration, method: .simplex, jobs: jobs)
                .run(to: root + "/" + ShippedOutput.fittedFile, progress: progress)
            _ = try await CalibrationJob(calibration: calibration, method: .abc(draws: abc.draws, accept: abc.accept, designSeed: abc.seed, adjust: abc.adjust),
                                         jobs: jobs, check: check)
                .run(to: root + "/" + ShippedOutput.posteriorFile, drawsFile: drawsFile, progress: progress)
        case .studyUncertainty:
            let study = try Study.load(input)
            let design = ShippedOutput.uncertaintyDesign
            // As `maillage uncertainty` does by default: the calibrated parameters from the shipped posterior.
            let priors = try PriorSet.load(inRepository(ShippedOutput.priorDesign.priors)).with(try Posterior.load(inRepository(PlausibleSettings.shippedPosterior)))
            let job = UncertaintyJob(subject: .study(study), path: input, priors: priors,
                                     draws: design.draws, replications: e.replications ?? study.replications, designSeed: design.designSeed, jobs: jobs)
            _ = try await job.run(to: out, progress: progress)
        case .priorSensitivity:
            // The Morris screening of every prior into `morris/`, then the Sobol indices of the
            // priors it keeps into `sobol/`, as `uncertainty --morris` and `--sobol --screened` write them.
            let d = ShippedOutput.priorDesign
            let priors = try PriorSet.load(inRepository(d.priors))
            let scenario = try ScenarioLoader.load(input, overrides: [], confinement: Confinement(topLevel: input))
            let replications = e.replications ?? scenario.plan.replications
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            _ = try await MorrisJob(scenario: scenario, path: input, priors: priors, metric: d.metric, trajectories: d.trajectories,
                                    replications: replications, designSeed: d.designSeed, jobs: jobs).run(to: out + "/morris", progress: progress)
            _ = try await SobolJob(scenario: scenario, path: input, priors: priors, screened: out + "/morris", top: d.top, metric: d.metric,
                                   samples: d.samples, replications: replications, bootstrap: d.bootstrap, designSeed: d.designSeed, jobs: jobs)
                .run(to: out + "/sobol", progress: progress)
        }
    }
}

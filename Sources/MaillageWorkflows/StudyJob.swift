import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// Every scenario of a study under each of its policies, on one seed (`maillage study`, the
/// shipped studies of `regenerate`): each cell's files, the cells side by side, each policy's
/// effects and, with `shapley`, their lever shares.
public struct StudyJob: Sendable {
    /// The study, its replications set as the cells should run.
    public var study: Study
    public var path: String
    /// Replications run at once.
    public var jobs: Int
    public var shapley: Bool
    public var force: Bool
    /// Where each active cell's range over plausible worlds draws from; nil: no range.
    public var plausible: PlausibleSettings?

    public init(study: Study, path: String, jobs: Int, shapley: Bool = true, force: Bool = false, plausible: PlausibleSettings? = nil) {
        self.study = study
        self.path = path
        self.jobs = jobs
        self.shapley = shapley
        self.force = force
        self.plausible = plausible
    }

    /// Checks the work, runs every cell and writes the folder `destination`: each cell's files,
    /// with `plausible`, the effects of each active cell over plausible worlds
    /// (`<scenario>/<policy>/plausible.csv`, the same worlds in every cell: ``StudyUncertainty``'s).
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (cells: [Study.Cell], written: Written) {
        var work = try study.work(shapley: shapley)
        var plausibleReplications = 0
        if let plausible {
            try StudyUncertainty.check(plausible.priors, against: study, file: path)
            for base in study.scenarios {
                for named in study.policies where !named.isStatusQuo
                    && ResolvedPolicy(named.policy(for: base), costs: base.leverCosts, effects: base.leverEffects).isActive {
                    let n = plausible.design.draws * plausible.design.replications
                    work = work + Work(base, population: try base.population(), replications: n, worlds: 2)
                    plausibleReplications += n
                }
            }
        }
        try work.check(force: force, file: path)
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        var advance: (Int, Int) -> Void = { _, _ in }
        let cells = try await study.run(jobs: jobs, shapley: shapley, progress: { event in
            switch event {
            case .warning(let line): progress(.warning(line))
            case .cell(let k, let n, _): advance = progress.stage("cell \(k) of \(n): replications")
            case .shapley(let k, let n): advance = progress.stage("cell \(k) of \(n): lever shares")
            }
        }, replications: { advance($0, $1) })
        try study.write(cells, to: folder.staging)
        if let plausible {
            let d = plausible.design
            let analysis = UncertaintyAnalysis(priors: plausible.priors, draws: d.draws, replications: d.replications, seed: study.seed,
                                               designSeed: d.designSeed)
            let worlds = try await StudyUncertainty.run(study, analysis: analysis, jobs: jobs, shared: plausible.shared,
                                                        progress: progress.stage("plausible worlds", of: plausibleReplications))
            for drawn in worlds.cells {
                guard let cell = cells.first(where: { $0.scenario.name == drawn.scenario && $0.policyName == drawn.policy }) else { continue }
                var range = try PlausibleRange(drawn.result, priors: plausible.priors, design: d)
                range.priorsFile = plausible.priorsLabel
                range.posteriorFile = plausible.posteriorLabel
                try PlausibleOutput.table(range, run: cell.result).write(to: "\(folder.staging)/\(drawn.scenario)/\(drawn.policy)/plausible.csv")
            }
        }
        return (cells, try folder.committed())
    }
}

/// Scenarios run on common random numbers, each metric's difference to the first
/// (`maillage compare`).
public struct CompareJob: Sendable {
    public var scenarios: [Scenario]
    /// The scenarios' files, the first named in errors.
    public var paths: [String]
    /// The plan every scenario follows: the first scenario's horizon, the replications and seed.
    public var plan: RunPlan
    public var force: Bool

    public init(scenarios: [Scenario], paths: [String], plan: RunPlan, force: Bool = false) {
        self.scenarios = scenarios
        self.paths = paths
        self.plan = plan
        self.force = force
    }

    /// Builds every model (reporting their warnings), checks the work, runs them and writes
    /// `compare.csv` into the folder `destination`.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (comparison: Comparison, written: Written) {
        let work = try scenarios.reduce(Work()) { $0 + Work($1, population: try $1.population(), replications: plan.replications) }
        try work.check(force: force, file: paths[0])
        progress(.work(work))
        let folder = try ResultsFolder(destination)
        var results: [RunResult] = []
        for scenario in scenarios {
            let model = try scenario.build()
            for line in model.warnings { progress(.warning(line.prefixed(scenario.name))) }
            results.append(try await MonteCarlo.run(model, plan: plan, progress: progress.stage(scenario.name, of: plan.replications)))
        }
        let comparison = Comparison(labels: scenarios.map(\.name), results: results)
        try comparison.write(seed: plan.seed, to: folder.staging)
        return (comparison, try folder.committed())
    }
}

/// A scenario's accessibility (`maillage coverage`, the shipped maps): each zone's travel time
/// to the nearest fitting structure, coverage and 2SFCA/E2SFCA indices, and the summaries.
public struct CoverageJob: Sendable {
    public var scenario: Scenario
    /// Whether to write every zone–structure travel time (`costs.csv`).
    public var costs: Bool
    /// How the travel times are held.
    public var route: Route

    /// A model builds the worlds (and runs a pilot); without a policy, a territory too large for
    /// a model's travel-time table (more than ``Limits/zoneStructurePairs`` pairs: a région, all
    /// of France) needs none and keeps the pairs within reach only. Both give the same files.
    public enum Route: Sendable {
        /// A model when the territory fits one or the policy needs one; reachable pairs otherwise.
        case automatic
        /// Always a model (the levers' structures and capacity, every pair).
        case model
        /// The scenario's own structures and the pairs within reach; refused with an active policy.
        case reachable
    }

    /// What the terminal summary reads.
    public struct Summary: Sendable {
        public var inputs: CoverageInputs
        /// Share of the population with a fitting structure within reach, overall and per project type.
        public var coverage: Double
        public var coverageByType: [Double]
        /// Whether the reachable pairs alone were kept (no model was built).
        public var reachableOnly: Bool
    }

    public init(scenario: Scenario, costs: Bool = false, route: Route = .automatic) {
        self.scenario = scenario
        self.costs = costs
        self.route = route
    }

    /// Builds the model or the reachable pairs (reporting the warnings) and writes the folder
    /// `destination`.
    public func run(to destination: String, progress: JobProgress = .silent) throws -> (summary: Summary, written: Written) {
        let world = try scenario.world()
        let active = ResolvedPolicy(scenario.policy, costs: scenario.leverCosts, effects: scenario.leverEffects).isActive
        let reachable: Bool
        switch route {
        case .model: reachable = false
        case .automatic: reachable = !active && world.territory.zones.count * world.structures.count > Limits.zoneStructurePairs
        case .reachable:
            guard !active else {
                throw InputError(file: scenario.name, field: "policy",
                                 message: "expected no cooperation policy for coverage from the reachable pairs alone, found an active one")
            }
            reachable = true
        }
        let summary: Summary, access: [[NeedAccessibility]]
        if reachable {
            let inputs = try CoverageInputs(territory: world.territory, structures: world.structures, travel: world.travel, journey: scenario.journey,
                                            offer: scenario.offer, holders: scenario.holders, settings: scenario.accessibility,
                                            warnings: world.report?.warnings ?? [], file: scenario.name)
            access = Accessibility.compute(inputs, settings: scenario.accessibility)
            summary = Summary(inputs: inputs, coverage: inputs.coverage(access), coverageByType: inputs.coverageByType(access), reachableOnly: true)
        } else {
            let model = try scenario.build(world)
            let inputs = try CoverageInputs(model, settings: scenario.accessibility)
            access = Accessibility.compute(inputs, settings: scenario.accessibility)
            summary = Summary(inputs: inputs, coverage: model.coverage, coverageByType: model.coverageByType, reachableOnly: false)
        }
        for line in summary.inputs.warnings { progress(.warning(line.prefixed(scenario.name))) }
        let folder = try ResultsFolder(destination)
        try CoverageOutput.write(summary.inputs, scenario: scenario.name, outlines: world.outlines, projection: world.projection,
                                 settings: scenario.accessibility, access: access, costs: costs, to: folder.staging)
        return (summary, try folder.committed())
    }
}

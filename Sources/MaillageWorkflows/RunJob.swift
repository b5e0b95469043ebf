import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// A scenario's Monte Carlo replications (`maillage run`, the shipped runs of `regenerate`, the
/// web application's tries): the model built and its warnings reported, the work checked, the
/// replications run (all kept, summarised as they go, added until a precision, or one shard),
/// the policy's effect shared over its levers, and the zone layers without and with the policy.
public struct RunJob: Sendable {
    /// How the replications are run and kept.
    public enum Mode: Sendable {
        /// The plan's replications, every one kept (`replications.csv`).
        case replications
        /// The plan's replications summarised as they finish: memory stays flat.
        case summaryOnly
        /// Replications added until every headline metric's 95% half-width is under the
        /// precision × its mean, or the cap.
        case precision(Double, maxReplications: Int)
        /// One slice of the plan's replications, for `maillage merge`.
        case shard(Shard)
    }

    /// The scenario, its plan (replications, seed, jobs) set as the run should follow it.
    public var scenario: Scenario
    /// The file it was read from: shards record it, errors name it.
    public var path: String
    public var mode: Mode
    /// Whether a policy's effect is shared out over its levers (`shapley.csv`).
    public var shapley: Bool
    /// Whether the lever shares also share out the inter-ecosystem part of the effects.
    public var interEcosystemShares: Bool
    /// Whether to run above the work limit.
    public var force: Bool
    /// Where the range over plausible worlds draws from, and how many worlds; nil: no range.
    public var plausible: PlausibleSettings?

    public init(scenario: Scenario, path: String, mode: Mode = .replications, shapley: Bool = true, interEcosystemShares: Bool = false,
                force: Bool = false, plausible: PlausibleSettings? = nil) {
        self.scenario = scenario
        self.path = path
        self.mode = mode
        self.shapley = shapley
        self.interEcosystemShares = interEcosystemShares
        self.force = force
        self.plausible = plausible
    }

    /// What the run computed, before anything is written.
    public struct Product: Sendable {
        public var scenario: Scenario
        public var model: SimulationModel
        public var result: RunResult
        /// The world without the policy run on the same seeds, when the run took it from
        /// ``SharedBaselines``.
        public var baseline: RunResult?
        /// The path to the precision, for ``Mode/precision(_:maxReplications:)``.
        public var convergence: Convergence?
        /// The replications a shard ran.
        public var shardIndices: [Int]?
        /// The zone layers (`zones.csv`, `zones.geojson`, `structures.geojson`): coverage and
        /// access without and with the policy.
        public var zones: FileSet
        /// The policy's effects over plausible worlds (``PlausibleRange``), when asked for and
        /// the policy does something.
        public var plausible: PlausibleRange?
    }

    /// The replications the mode runs (at most, for a precision).
    var plannedReplications: Int {
        let n = scenario.plan.replications
        switch mode {
        case .replications, .summaryOnly: return n
        case .precision(_, let cap): return cap
        case .shard(let shard): return (0..<n).filter(shard.contains).count
        }
    }

    /// Whether the replications are summarised as they finish rather than kept.
    var summarises: Bool {
        if case .summaryOnly = mode { return true }
        return false
    }

    /// Whether lever shares are computed: asked for, and meaningful for the mode.
    var sharesLevers: Bool {
        switch mode {
        case .replications, .summaryOnly: return shapley
        case .precision, .shard: return false
        }
    }

    /// Whether the run computes its range over plausible worlds: asked for, a mode that keeps the
    /// whole run (not a shard), and a policy that does something.
    func rangesPlausibly(_ model: SimulationModel) -> Bool {
        guard plausible != nil, model.policy.isActive else { return false }
        if case .shard = mode { return false }
        return true
    }

    /// A scenario's world and model, built and checked before anything is written.
    public struct Prepared: Sendable {
        public var world: Scenario.World
        public var model: SimulationModel
    }

    /// Builds the model (from `world` when the caller keeps worlds), reports its warnings and
    /// checks the work against the limit.
    /// - Throws: ``InputError`` for a scenario that does not build, or work over the limit.
    public func prepare(world: Scenario.World? = nil, progress: JobProgress = .silent) throws -> Prepared {
        let world = try world ?? scenario.world()
        let model = try scenario.build(world)
        for line in model.warnings { progress(.warning(line.prefixed(scenario.name))) }
        var work = Work(scenario, population: model.territory.population, replications: plannedReplications, shapley: sharesLevers,
                        interEcosystem: interEcosystemShares, reusingRun: !summarises)
        if let plausible, rangesPlausibly(model) {
            work = work + Work(scenario, population: model.territory.population, replications: plausible.design.draws * plausible.design.replications,
                               worlds: 2)
        }
        try work.check(force: force, file: path)
        progress(.work(work))
        return Prepared(world: world, model: model)
    }

    /// Runs the prepared model. With `shared`, the worlds without the policy come from that
    /// cache under its key (the plain mode only, without lever shares: the web application's
    /// tries).
    /// - Throws: `CancellationError` when the task is cancelled; what a replication throws.
    public func compute(_ prepared: Prepared, shared: (baselines: SharedBaselines, key: String)? = nil,
                        progress: JobProgress = .silent) async throws -> Product {
        let (world, model) = (prepared.world, prepared.model)
        let plan = scenario.plan
        var product = Product(scenario: scenario, model: model, result: RunResult(model: model, plan: plan, replications: []), baseline: nil,
                              convergence: nil, shardIndices: nil, zones: FileSet())
        switch mode {
        case .replications where shared != nil:
            let (baselines, key) = shared!
            (product.result, product.baseline) = try await baselines.run(model, plan: plan, key: key)
        case .replications:
            product.result = try await MonteCarlo.run(model, plan: plan, progress: progress.stage("replications", of: plan.replications))
        case .summaryOnly:
            product.result = try await MonteCarlo.summarise(model, plan: plan, progress: progress.stage("replications", of: plan.replications))
        case .precision(let precision, let cap):
            let advance = progress.stage("replications")
            let c = try await Convergence.run(model, plan: plan, precision: precision, cap: cap) { advance($0, max($0, cap)) }
            product.result = c.result
            product.convergence = c
        case .shard(let shard):
            let indices = (0..<plan.replications).filter(shard.contains)
            product.result = try await MonteCarlo.run(model, plan: plan, indices: indices, progress: progress.stage("replications", of: indices.count))
            product.shardIndices = indices
        }
        if sharesLevers && shared == nil {
            product.result.shapley = try await ShapleyDecomposition.run(model, plan: plan, summarise: summarises, known: product.result,
                                                                        interEcosystem: interEcosystemShares, progress: progress.stage("lever shares"))
        }
        if let plausible, rangesPlausibly(model) {
            try Task.checkCancellation()
            let d = plausible.design
            product.plausible = try await PlausibleRange.compute(text: try TextFile.read(path), file: path, confinement: Confinement(topLevel: path),
                                                                 priors: plausible.priors, design: d, seed: plan.seed, jobs: plan.jobs, shared: plausible.shared,
                                                                 progress: progress.stage("plausible worlds", of: d.draws * d.replications))
            product.plausible?.priorsFile = plausible.priorsLabel
            product.plausible?.posteriorFile = plausible.posteriorLabel
        }
        if product.shardIndices == nil {
            try Task.checkCancellation()
            product.zones = try CoverageOutput.effectFiles(model, outlines: world.outlines, projection: world.projection,
                                                           settings: scenario.accessibility)
        }
        return product
    }

    /// Writes the run's files into `folder` (a staging folder): a shard's values and
    /// description, or the run's replications, summaries, lever shares, zone layers and, to a
    /// precision, `convergence.csv`.
    public func write(_ product: Product, to folder: String) throws {
        if case .shard(let shard) = mode {
            try ShardFiles.write(product.result, scenario: scenario, scenarioPath: path, shard: shard, to: folder)
            return
        }
        try RunOutput.write(product.result, scenario: scenario, to: folder)
        try product.zones.write(to: folder)
        if let p = product.plausible { try PlausibleOutput.table(p, run: product.result).write(to: folder + "/plausible.csv") }
        if let c = product.convergence { try c.table().write(to: folder + "/convergence.csv") }
    }

    /// Computes and writes the run into the folder `destination`, replaced as a whole once done.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (product: Product, written: Written) {
        let prepared = try prepare(progress: progress)
        let folder = try ResultsFolder(destination)
        let product = try await compute(prepared, progress: progress)
        try write(product, to: folder.staging)
        return (product, try folder.committed())
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// The split of a yearly budget over the funding lines that maximises an objective
/// (`maillage optimise budget`; the web page's search runs ``compute(world:progress:)``).
public struct BudgetJob: Sendable {
    public var scenario: Scenario
    public var path: String
    /// One budget, or several for a frontier, euros a year.
    public var budgets: [Double]
    public var lines: [FundingLine]
    public var objective: BudgetObjective
    public var settings: BudgetSearchSettings
    public var seed: UInt64
    public var jobs: Int
    public var force: Bool

    public init(scenario: Scenario, path: String, budgets: [Double], lines: [FundingLine], objective: BudgetObjective,
                settings: BudgetSearchSettings, seed: UInt64, jobs: Int, force: Bool = false) {
        self.scenario = scenario
        self.path = path
        self.budgets = budgets
        self.lines = lines
        self.objective = objective
        self.settings = settings
        self.seed = seed
        self.jobs = jobs
        self.force = force
    }

    /// What the searches found.
    public struct Product: Sendable {
        public var problem: BudgetOptimisation
        public var answers: [BudgetAnswer]
    }

    /// The work: each candidate-replication runs one world, the no-cooperation world once per index.
    public var work: Work {
        get throws {
            try Work(scenario, population: scenario.population(),
                     replications: settings.maximumReplications * budgets.count + 2 * settings.replications, worlds: 1)
        }
    }

    /// Searches each budget on the scenario's world (or `world`, when the caller keeps worlds),
    /// every budget on the same no-cooperation replications.
    public func compute(world: Scenario.World? = nil, progress: JobProgress = .silent) async throws -> Product {
        let problem = try BudgetOptimisation(scenario: scenario, world: try world ?? scenario.world(), lines: lines, objective: objective,
                                             seed: seed, jobs: jobs)
        let baselines = BudgetOptimisation.Baselines()
        var answers: [BudgetAnswer] = []
        for b in budgets {
            let total = settings.maximumReplications
            let advance = progress.stage("\(scenario.name) \(Int(b)) €")
            answers.append(try await problem.optimise(budget: b, settings: settings, baselines: baselines) { advance(min($0, total), total) })
            advance(total, total)
        }
        return Product(problem: problem, answers: answers)
    }

    /// Checks the work, searches and writes the folder `destination`: `budget.json`,
    /// `candidates.csv`, a scenario of each best split, and with several budgets the frontier
    /// and its chart (a chart gnuplot could not draw is a warning, not a failure).
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (product: Product, written: Written) {
        let work = try self.work
        try work.check(force: force, file: path)
        progress(.work(work))
        let world = try scenario.world()
        let folder = try ResultsFolder(destination)
        let product = try await compute(world: world, progress: progress)
        try BudgetOutput.write(product.answers, problem: product.problem, scenarioPath: path, destination: destination, to: folder.staging)
        if product.answers.count > 1 {
            do { try Charts.drawFrontier(folder.staging + "/frontier.csv", objective: objective.metric, language: .en, to: folder.staging) }
            catch let e as OutputError { progress(.warning(Label(words: "cli.frontier_chart_not_drawn", ["error": "\(e)"]))) }
        }
        return (product, try folder.committed())
    }
}

/// Where K new sites go (`maillage optimise placement`): the maximal covering problem solved
/// exactly with GLPK beside the greedy placement, or for a simulated objective (the spread of
/// the E2SFCA index, jobs at the horizon) greedy steps and interchanges on common random numbers.
public struct PlacementJob: Sendable {
    public enum Objective: Sendable {
        /// Exact: `coverage` or `coverage_by_type`, with the solver's time limit in seconds.
        case covering(PlacementObjective, timeLimit: Double)
        /// Simulated: the plan's replications a candidate set, the N most promising zones as candidates.
        case simulated(SimulatedPlacement.Objective, plan: RunPlan, screen: Int)
    }

    public var scenario: Scenario
    public var path: String
    /// Sites to add.
    public var add: Int
    public var site: PlacementSite
    public var objective: Objective
    /// Candidate zones' codes; nil: every zone.
    public var candidates: [String]?
    /// Whether to write the exact problem for an independent solver.
    public var exportInstance: Bool
    /// The language of the map drawn into the folder.
    public var language: Language
    public var force: Bool

    public init(scenario: Scenario, path: String, add: Int, site: PlacementSite, objective: Objective, candidates: [String]? = nil,
                exportInstance: Bool = false, language: Language = .en, force: Bool = false) {
        self.scenario = scenario
        self.path = path
        self.add = add
        self.site = site
        self.objective = objective
        self.candidates = candidates
        self.exportInstance = exportInstance
        self.language = language
        self.force = force
    }

    /// What the placement found.
    public enum Outcome: Sendable {
        case covering(PermanencePlacement, exact: CoveringSolution, greedy: CoveringSolution)
        case simulated(SimulatedPlacement, SimulatedPlacement.Result, plan: RunPlan)
    }

    /// Solves and writes the folder `destination` with its before/after map.
    /// - Throws: ``InputError`` for more sites than candidates, a missing GLPK or a failed solve.
    public func run(to destination: String, progress: JobProgress = .silent) async throws -> (outcome: Outcome, world: Scenario.World, written: Written) {
        let world = try scenario.world()
        let context = PlacementOutput.Context(
            scenario: scenario.name, scenarioPath: path, destination: destination, reachMinutes: world.travel.reachMinutes,
            projection: world.projection, structureTable: scenario.structureTable,
            permanenceCapacity: scenario.leverEffects[OutreachPermanences.capacity], outlines: world.outlines)
        let outcome: Outcome
        let folder: ResultsFolder
        switch objective {
        case .covering(let objective, let timeLimit):
            let model = objective == .coverageByType ? try scenario.build(world) : nil
            let placement = try PermanencePlacement(world: world, model: model, candidateCodes: candidates, objective: objective, site: site, file: path)
            try checkSites(placement.candidates.count)
            let glpk = CoveringSolver.glpk
            guard glpk.available else { throw InputError(file: path, message: "the exact placement needs GLPK: \(glpk.reason)") }
            let greedy = CoveringSolver.greedy(placement.problem, k: add)
            let exact: CoveringSolution
            do {
                exact = try CoveringSolver.exact(placement.problem, k: add, timeLimit: timeLimit)
            } catch let e as CoveringSolver.Unavailable {
                throw InputError(file: path, message: "the exact placement failed: \(e)")
            }
            folder = try ResultsFolder(destination)
            try PlacementOutput.write(placement, k: add, exact: exact, greedy: greedy, context: context, exportInstance: exportInstance, to: folder.staging)
            outcome = .covering(placement, exact: exact, greedy: greedy)
        case .simulated(let objective, let plan, let screen):
            let placement = try SimulatedPlacement(scenario: scenario, world: world, site: site, objective: objective, candidateCodes: candidates,
                                                   screen: screen, plan: plan, file: path)
            try checkSites(placement.candidates.count)
            // Candidate sets: the base, k greedy steps over the remaining candidates, then up to 3 rounds of interchanges.
            let C = placement.candidates.count
            let sets = 1 + (0..<add).reduce(0) { $0 + (C - $1) } + 3 * add * (C - add)
            let perSet = objective == .jobsAdded ? plan.replications : 1
            let work = Work(scenario, population: world.territory.population, replications: sets * perSet, shapley: false)
            try work.check(force: force, file: path)
            progress(.work(work))
            folder = try ResultsFolder(destination)
            let result = try await placement.run(k: add, progress: progress.stage("candidate sets (at most)", of: sets))
            try PlacementOutput.writeSimulated(placement, result: result, k: add, context: context, to: folder.staging)
            outcome = .simulated(placement, result, plan: plan)
        }
        // The map is drawn by the tool itself (no gnuplot): a failure is the job's.
        try Charts.drawPlacement(folder.staging, language: language)
        return (outcome, world, try folder.committed())
    }

    func checkSites(_ candidates: Int) throws {
        guard add <= candidates else {
            throw InputError(file: path, message: "--add: expected at most \(candidates) sites (the candidate zones), found \(add)")
        }
    }
}

/// Behavioural parameters fitted to published figures (`maillage calibrate`, the shipped
/// calibration): a GSL simplex, or a posterior sample by approximate Bayesian computation.
public struct CalibrationJob: Sendable {
    public enum Method: Sendable {
        case simplex
        /// D prior draws, the `accept` share nearest the targets kept, then adjusted by
        /// regression unless `adjust` is false.
        case abc(draws: Int, accept: Double, designSeed: UInt64, adjust: Bool)
    }

    /// An ABC run checked against the draws an earlier run wrote (read beforehand with
    /// ``Calibration/record(_:draws:designSeed:)``): only one draw in `every` is simulated again
    /// (and must equal the record), the others are taken from it.
    public struct Check: Sendable {
        public var record: Calibration.ABCRecord
        public var every: Int
        public init(record: Calibration.ABCRecord, every: Int) {
            self.record = record
            self.every = every
        }

        /// How many of `draws` are simulated again: draws 0, `every`, 2·`every`…
        func simulated(of draws: Int) -> Int { (draws + every - 1) / every }
    }

    public var calibration: Calibration
    public var method: Method
    public var jobs: Int
    public var force: Bool
    /// With ABC, the earlier draws to check against and take from (nil: every draw is simulated).
    public var check: Check?

    public init(calibration: Calibration, method: Method, jobs: Int, force: Bool = false, check: Check? = nil) {
        self.calibration = calibration
        self.method = method
        self.jobs = jobs
        self.force = force
        self.check = check
    }

    /// What the calibration found.
    public enum Outcome: Sendable {
        case fit(Calibration.Fit, report: String)
        case abc(Calibration.ABCSample)
    }

    /// The work: every fitted territory at each evaluation, the held-out ones once.
    public var work: Work {
        get throws {
            let start = calibration.parameters.map { $0.start ?? ($0.low + $0.high) / 2 }
            // The simplex evaluates about twice per iteration, after n + 1 evaluations to start.
            let evaluations: Int
            switch method {
            case .simplex: evaluations = 2 * calibration.maxIterations + calibration.parameters.count + 3
            case .abc(let draws, _, _, _): evaluations = check?.simulated(of: draws) ?? draws
            }
            var work = Work()
            for k in calibration.territories.indices {
                let scenario = try calibration.scenario(start, territory: k)
                let runs = calibration.territories[k].heldOut ? 1 : evaluations
                work = work + Work(scenario, population: try scenario.population(), replications: calibration.replications * runs)
            }
            return work
        }
    }

    /// Checks the work, calibrates, and writes `file`: the fitted parameters' report, or the
    /// posterior sample (with every draw in `abc_draws.csv` beside it when `draws` is set).
    public func run(to file: String, drawsFile: String? = nil, progress: JobProgress = .silent) async throws -> (outcome: Outcome, written: Written) {
        let work = try self.work
        try work.check(force: force, file: calibration.file)
        progress(.work(work))
        switch method {
        case .simplex:
            let advance = progress.stage("simplex")
            let fit = try calibration.fit(jobs: jobs) { iteration, _ in advance(iteration, calibration.maxIterations) }
            let report = calibration.report(fit)
            try AtomicFile.write(report, to: file)
            return (.fit(fit, report: report), Written(file))
        case .abc(let draws, let accept, let designSeed, let adjust):
            let advance = progress.stage("ABC")
            let simulated = check?.simulated(of: draws) ?? draws
            let sample = try calibration.abc(draws: draws, accept: accept, designSeed: designSeed, jobs: jobs, adjust: adjust,
                                             reusing: check?.record, checkEvery: check?.every ?? 1) { advance($0, simulated) }
            if let drawsFile { try calibration.drawsTable(sample).write(to: drawsFile) }
            try calibration.posteriorTable(sample).write(to: file)
            return (.abc(sample), Written(file))
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct Optimise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Optimises a territory's support: how to split a budget, and where the next sites should go.",
        subcommands: [Budget.self, Placement.self]
    )

    struct Placement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chooses where K new sites (outreach permanences, or structures of a network) go to cover the most inhabitants no structure reaches.",
            discussion: """
                Solves the maximal covering location problem exactly, as an integer programme with GLPK (whose library \
                must be installed: libglpk40 on Debian), and reports the greedy placement beside it. With --objective \
                access_2sfca or jobs_added, no exact method exists: sites are added greedily, then swapped while a swap \
                helps (for jobs_added, only when its paired gain's 95% interval is above zero), every candidate set on the \
                same replication seeds; steps.csv and swaps.csv give each gain with its interval. Candidate sites are \
                every zone unless --candidates lists zone codes. With --objective coverage_by_type, inhabitants count by \
                project type, covered when a structure fitting their type at the creation stage is within reach; \
                --site network:NAME adds structures of that network, which fit its ecosystem's types only. Writes \
                sites.csv, placement.json, zones.csv and zones.geojson (every zone covered before and after), \
                sites.geojson, with-sites.yaml (the scenario with the sites \
                added, which maillage run accepts) and the before/after map (and instance.json with --export-instance) \
                into Output/<scenario name>/placement/ unless --out says otherwise.
                """
        )

        @Argument(help: "The scenario file (YAML).")
        var scenario: String

        @Option(help: ArgumentHelp("Number of sites to add.", valueName: "K"))
        var add: Int

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Candidate zones (codes); default: every zone.", valueName: "code"))
        var candidates: [String] = []

        @Option(help: ArgumentHelp("Longest time the exact solver may search, in seconds.", valueName: "seconds"))
        var timeLimit: Double = 60

        @Flag(help: "Also write instance.json: the problem, for an independent solver.")
        var exportInstance = false

        @Option(help: ArgumentHelp("What a new site is: permanence (fits every project type) or network:NAME (a structure of that network, e.g. network:BGE, network:France Active, which fits its ecosystem's project types).", valueName: "site"))
        var site: String = "permanence"

        @Option(help: ArgumentHelp("coverage (inhabitants with any structure within reach) or coverage_by_type (inhabitants weighted by project type, with a structure fitting their type at the creation stage within reach), solved exactly; access_2sfca (the population-weighted E2SFCA index) or jobs_added (jobs at the horizon, simulated on common random numbers), by greedy and interchange.", valueName: "objective"))
        var objective: String = "coverage"

        @Option(help: ArgumentHelp("With a simulated objective and no --candidates: keep the N zones with the most inhabitants within reach as candidates.", valueName: "N"))
        var screen: Int = 30

        @OptionGroup var plan: PlanOptions
        @OptionGroup var parallel: ParallelOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var safety: SafetyOptions
        @OptionGroup var languageOptions: LanguageOptions

        var simulatedObjective: SimulatedPlacement.Objective? { SimulatedPlacement.Objective(rawValue: objective) }

        func validate() throws {
            guard add >= 1 else { throw ValidationError("--add must be at least 1, found \(add)") }
            guard timeLimit > 0, timeLimit <= 86_400 else { throw ValidationError("--time-limit must be in (0, 86400] seconds, found \(timeLimit)") }
            guard PlacementSite(site) != nil else {
                throw ValidationError("--site must be permanence or network:NAME with a network the study names (BGE, Initiative, ADIE, CAE, URSCOP, France Active, ESS incubator, Réseau Entreprendre, DLA…), found '\(site)'")
            }
            guard PlacementObjective(rawValue: objective) != nil || simulatedObjective != nil else {
                throw ValidationError("--objective must be coverage, coverage_by_type, access_2sfca or jobs_added, found '\(objective)'")
            }
            guard (1...500).contains(screen) else { throw ValidationError("--screen must be 1 to 500 zones, found \(screen)") }
            if let r = plan.replications, !(2...10_000).contains(r) { throw ValidationError("--replications must be 2 to 10000, found \(r)") }
        }

        func run() async throws {
            safety.apply()
            try await reportingErrors {
                let scenario = try ScenarioLoader.load(self.scenario)
                let l = languageOptions.language
                let objective: PlacementJob.Objective
                if let simulated = simulatedObjective {
                    var runPlan = scenario.plan
                    runPlan.replications = plan.replications ?? 20
                    if let seed = plan.seed { runPlan.seed = seed.value }
                    runPlan.jobs = parallel.count
                    objective = .simulated(simulated, plan: runPlan, screen: screen)
                } else {
                    objective = .covering(PlacementObjective(rawValue: self.objective)!, timeLimit: timeLimit)
                }
                let job = PlacementJob(scenario: scenario, path: self.scenario, add: add, site: PlacementSite(site)!, objective: objective,
                                       candidates: candidates.isEmpty ? nil : candidates, exportInstance: exportInstance, language: l, force: safety.force)
                let (outcome, world, written) = try await job.run(to: output.folder(or: "Output/\(scenario.name)/placement"),
                                                                  progress: .terminal(quiet: parallel.quiet, language: l))
                switch outcome {
                case .simulated(let placement, let result, let runPlan):
                    printSimulated(scenario, world: world, placement: placement, result: result, plan: runPlan, written: written)
                    return
                case .covering(let placement, let exact, let greedy):
                    printCovering(scenario, world: world, placement: placement, exact: exact, greedy: greedy, written: written)
                }
            }
        }

        func printCovering(_ scenario: Scenario, world: Scenario.World, placement: PermanencePlacement, exact: CoveringSolution,
                           greedy: CoveringSolution, written: Written) {
            let objective = PlacementObjective(rawValue: self.objective)!
            let l = languageOptions.language
            let before = placement.coveredBefore, total = max(placement.population, 1)
            func share(_ n: Int) -> String { l.percent(Double(n) / Double(total), decimals: 2) }
            func n(_ x: Double) -> String { l.number(x, decimals: 0) }
            let byType = objective == .coverageByType
            let what = byType ? l.words("cli.type_weighted_inhabitants") : l.words("cli.inhabitants")
            let sites = l.words(add == 1 ? "cli.site_one" : "cli.sites", ["count": String(add)]), candidates = placement.candidates.count
            let minutes = Int(world.travel.reachMinutes), uncovered = n(Double(placement.population - before)), pairs = placement.demand.count
            print(l.words(byType ? "cli.placement_among_by_type" : "cli.placement_among", ["scenario": scenario.name, "sites": sites, "site": site, "candidates": String(candidates),
                                                                                "uncovered": uncovered, "what": what, "minutes": String(minutes), "pairs": String(pairs)]))
            let gained = n(exact.value), reached = share(before + Int(exact.value))
            print(l.words("cli.exact_glpk_more_covered", ["status": l.words(exact.optimal ? "cli.optimal" : "cli.stopped_at_time_limit"),
                                                          "gained": gained, "what": what, "reached": reached]))
            print(l.words("cli.greedy_more_covered_fewer_than", ["gained": n(greedy.value), "what": what, "gap": n(exact.value - greedy.value)]))
            print(l.writtenTo(written.path + "/"))
        }

        /// What `access_2sfca` and `jobs_added` found: greedy steps and interchanges, each candidate set on the same seeds.
        func printSimulated(_ scenario: Scenario, world: Scenario.World, placement: SimulatedPlacement, result: SimulatedPlacement.Result,
                            plan runPlan: RunPlan, written: Written) {
            let objective = simulatedObjective!, C = placement.candidates.count
            let zones = world.territory.zones, l = languageOptions.language
            func text(_ e: Estimate) -> String {
                e.n > 1 ? "\(l.number(e.mean, decimals: 1)) [\(l.number(e.low, decimals: 1)); \(l.number(e.high, decimals: 1))]" : l.number(e.mean, decimals: 4)
            }
            let sites = l.words(add == 1 ? "cli.site_one" : "cli.sites", ["count": String(add)]), name = objective.rawValue, r = runPlan.replications, seed = runPlan.seed
            let screened = !placement.screened ? "" : l.words(objective == .access2sfca ? "cli.screened_by_shortfall" : "cli.screened", ["candidates": String(C)])
            let draws = objective == .jobsAdded ? l.words("cli.replications_a_set", ["replications": String(r), "seed": String(seed)]) : ""
            print(l.words("cli.placement_for", ["scenario": scenario.name, "sites": sites, "site": site, "name": name, "candidates": String(C),
                                                "screened": screened, "replications": draws]))
            for (i, step) in result.steps.enumerated() {
                let zone = zones[step.zone]
                print(l.words("cli.step_change", ["step": String(i + 1), "code": zone.code, "name": zone.name, "gain": text(step.gain)]))
            }
            for swap in result.swaps {
                let out = zones[swap.removed].code, into = zones[swap.added].code
                print(l.words("cli.swap_out_change", ["out": out, "into": into, "gain": text(swap.gain)]))
            }
            let unit = l.t(objective.unitLabel)
            let evaluated = result.evaluations
            print(l.words("cli.without_new_sites_them_change", ["before": text(result.before), "after": text(result.after), "gain": text(result.gain),
                                                                "unit": unit, "evaluated": String(evaluated)]))
            print(l.writtenTo(written.path + "/"))
        }
    }

    struct Budget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Finds the split of a yearly budget over the funding lines that maximises an objective.",
            discussion: """
                Every split is the scenario's policy with its funding replaced, run on the same replication seeds (common \
                random numbers). The search races a grid of the simplex (shares in steps of 1/--grid) by successive halving, \
                runs every single-line allocation in full, refines locally around the best, and checks the best, the \
                runner-up and the best single line again on replications the search did not use. Writes budget.json, \
                candidates.csv and best-<budget>.yaml (a scenario of the best split) into Output/<scenario name>/budget/ \
                unless --out says otherwise; with several --budgets, also frontier.csv and its chart.
                """
        )

        @Argument(help: "The scenario file (YAML).")
        var scenario: String

        @Option(help: ArgumentHelp("Yearly budget, euros.", valueName: "euros"))
        var budget: Double?

        @Option(help: ArgumentHelp("Several yearly budgets, comma-separated: the frontier of best splits.", valueName: "euros,euros,…"))
        var budgets: String?

        @Option(help: ArgumentHelp("What to maximise: \(BudgetObjective.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "metric"))
        var objective: String = BudgetObjective.jobsAddedNet.rawValue

        @Option(help: ArgumentHelp("Funding lines to split over, comma-separated (\(FundingLine.allCases.map(\.rawValue).joined(separator: ", "))).",
                                   valueName: "lines"))
        var lines: String = FundingLine.allCases.map(\.rawValue).joined(separator: ",")

        @Option(help: ArgumentHelp("Replications of every finalist (the race starts with an eighth of them).", valueName: "n"))
        var replications: Int = 100

        @Option(parsing: .unconditional, help: ArgumentHelp("The run's seed. Default: the scenario's.", valueName: "seed"))
        var seed: SeedArgument?

        @Option(help: ArgumentHelp("Grid steps per budget: shares are first tried in multiples of 1/n.", valueName: "n"))
        var grid: Int = 4

        @OptionGroup var parallel: ParallelOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var safety: SafetyOptions
        @OptionGroup var languageOptions: LanguageOptions

        /// The budgets asked for, checked.
        func budgetList() throws -> [Double] {
            switch (budget, budgets) {
            case (nil, nil): throw ValidationError("give --budget EUR, or --budgets EUR,EUR,… for a frontier")
            case (.some, .some): throw ValidationError("give --budget or --budgets, not both")
            case (let b?, nil): return [b]
            case (nil, let list?):
                var values: [Double] = []
                for part in list.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = part.trimmingCharacters(in: .whitespaces)
                    guard let v = Double(text), v.isFinite else { throw ValidationError("--budgets: expected numbers of euros, found '\(text)'") }
                    values.append(v)
                }
                guard values.count <= 20 else { throw ValidationError("--budgets: expected at most 20 budgets, found \(values.count)") }
                guard Set(values).count == values.count else { throw ValidationError("--budgets: expected distinct budgets, found a repeated one") }
                return values.sorted()
            }
        }

        /// The funding lines asked for, checked.
        func lineList() throws -> [FundingLine] {
            var out: [FundingLine] = []
            for part in lines.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let line = FundingLine(rawValue: name) else {
                    throw ValidationError("--lines: expected funding lines among \(FundingLine.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'")
                }
                guard !out.contains(line) else { throw ValidationError("--lines: '\(name)' is given twice") }
                out.append(line)
            }
            return out
        }

        func validate() throws {
            for b in try budgetList() where !(b > 0 && b <= 1e10) {
                throw ValidationError("a budget must be more than 0 and at most 10,000,000,000 euros a year, found \(CSVTable.number(b))")
            }
            _ = try lineList()
            guard BudgetObjective(rawValue: objective) != nil else {
                throw ValidationError("--objective: expected one of \(BudgetObjective.allCases.map(\.rawValue).joined(separator: ", ")), found '\(objective)'")
            }
            guard (2...Limits.replications).contains(replications) else {
                throw ValidationError("--replications must be 2 to \(Limits.replications), found \(replications)")
            }
            guard (1...12).contains(grid) else { throw ValidationError("--grid must be 1 to 12, found \(grid)") }
        }

        func run() async throws {
            safety.apply()
            try await reportingErrors {
                let budgets = try budgetList(), lines = try lineList(), objective = BudgetObjective(rawValue: objective)!
                let scenario = try ScenarioLoader.load(self.scenario)
                var settings = BudgetSearchSettings(lines: lines.count)
                settings.gridSteps = grid
                settings.replications = replications
                let job = BudgetJob(scenario: scenario, path: self.scenario, budgets: budgets, lines: lines, objective: objective, settings: settings,
                                    seed: seed?.value ?? scenario.plan.seed, jobs: parallel.count, force: safety.force)
                let (product, written) = try await job.run(to: output.folder(or: "Output/\(scenario.name)/budget"),
                                                           progress: .terminal(quiet: parallel.quiet, language: languageOptions.language))
                let (answers, problem) = (product.answers, product.problem)
                print(BudgetOutput.summary(answers, problem: problem, language: languageOptions.language))
                print(languageOptions.language.writtenTo(written.path + "/"))
            }
        }
    }
}

import Foundation

/// A study: several scenarios, each run under several cooperation policies, side by side.
///
/// The default study (`Scenarios/default-study.yaml`, run by `make run`) puts the three
/// territories without and with full cooperation.
public struct Study: Sendable {
    /// A named cooperation policy; it replaces each scenario's own policy.
    public struct NamedPolicy: Sendable {
        public var name: String
        public var policy: CooperationPolicy
    }

    public var name: String
    public var scenarios: [Scenario]
    public var policies: [NamedPolicy]
    /// Replications per scenario and policy.
    public var replications: Int
    /// The run seed shared by every cell, so that cells differ only by what they set.
    public var seed: UInt64

    /// Reads a study file; scenario paths are relative to the study file's folder.
    public static func load(_ path: String) throws -> Study {
        let text = try ScenarioLoader.readText(path)
        var root = try YAMLMapping(try ScenarioLoader.compose(text, file: path), file: path, path: "")
        let name = try root.requiredString("name")
        var replications = SimulationSettings().replications
        var seed = SimulationSettings().seed
        try root.int("replications", &replications, in: 1...10_000_000, rangeText: "at least 1 replication")
        try root.seed("seed", &seed)
        guard let scenarioNodes = try root.list("scenarios"), !scenarioNodes.isEmpty else {
            throw root.error("scenarios", nil, "expected a non-empty list of scenario files")
        }
        var scenarios: [Scenario] = []
        for (node, fieldPath) in scenarioNodes {
            guard let relative = node.string, !relative.isEmpty else {
                throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, field: fieldPath,
                                 message: "expected a scenario file name, found \(describe(node))")
            }
            let file = ScenarioLoader.resolve(relative, relativeTo: path)
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, field: fieldPath,
                                 message: "expected an existing scenario file, found '\(relative)' (looked for \(file))")
            }
            scenarios.append(try ScenarioLoader.load(file))
        }
        guard var policyMap = try root.mapping("policies") else {
            throw root.error("policies", nil, "expected a mapping of policy names to policies")
        }
        var policies: [NamedPolicy] = []
        for (key, _) in policyMap.mapping {
            guard let policyName = key.string else { continue }
            var policy = CooperationPolicy()
            if var m = try policyMap.mapping(policyName) {
                try ScenarioLoader.readPolicy(&m, into: &policy)
            }
            policies.append(NamedPolicy(name: policyName, policy: policy))
        }
        guard !policies.isEmpty else { throw root.error("policies", nil, "expected at least one policy") }
        try root.finish()
        return Study(name: name, scenarios: scenarios, policies: policies, replications: replications, seed: seed)
    }

    /// One cell of the study.
    public struct Cell: Sendable {
        public var scenario: Scenario
        public var policyName: String
        public var result: RunResult
    }

    /// What a study's run reports as it goes.
    public enum Event: Sendable {
        /// Cell k (1-based) of n starts: "scenario / policy: R replications".
        case cell(Int, Int, String)
        /// A warning of the cell's model, prefixed with the scenario's name.
        case warning(String)
    }

    /// Runs every scenario under every policy, in file order. `progress` hears of each cell and
    /// its warnings; `replications` of each replication done in the current cell.
    public func run(jobs: Int, progress: (Event) -> Void = { _ in },
                    replications onReplication: ((Int, Int) -> Void)? = nil) async throws -> [Cell] {
        var cells: [Cell] = []
        let total = scenarios.count * policies.count
        for base in scenarios {
            for named in policies {
                var scenario = base
                scenario.policy = named.policy
                scenario.simulation.replications = replications
                scenario.simulation.seed = seed
                progress(.cell(cells.count + 1, total, "\(scenario.name) / \(named.name): \(replications) replications"))
                let model = try scenario.build()
                for line in model.warnings { progress(.warning("\(scenario.name): \(line)")) }
                let n = replications
                let result = try await MonteCarlo.run(model, replications: n, seed: seed, jobs: jobs) { onReplication?($0, n) }
                cells.append(Cell(scenario: scenario, policyName: named.name, result: result))
            }
        }
        return cells
    }

    /// Writes each cell's files into `folder/<scenario>/<policy>/` and the side-by-side
    /// `comparison.csv` into `folder`.
    public func write(_ cells: [Cell], to folder: String) throws {
        var table = CSVTable(header: ["scenario", "policy", "metric", "mean", "sd", "ci95_low", "ci95_high", "n"])
        for cell in cells {
            try RunOutput.write(cell.result, scenario: cell.scenario, seed: seed,
                                to: "\(folder)/\(cell.scenario.name)/\(cell.policyName)")
            for (metric, e) in cell.result.summary {
                table.append([cell.scenario.name, cell.policyName, metric.name, CSVTable.number(e.mean), CSVTable.number(e.sd),
                              CSVTable.number(e.low), CSVTable.number(e.high), String(e.n)])
            }
        }
        try table.write(to: folder + "/comparison.csv")
        try effectsTable(cells).write(to: folder + "/effects.csv")
    }

    /// Each policy's effect on each scenario: the difference of every metric to the first policy
    /// on the same scenario, with paired (common random numbers) and unpaired 95% intervals.
    public func effectsTable(_ cells: [Cell]) -> CSVTable {
        var table = CSVTable(header: ["scenario", "policy", "metric", "reference", "effect", "paired_low", "paired_high",
                                      "unpaired_low", "unpaired_high", "relative_effect", "n"])
        for scenario in scenarios.map(\.name) {
            let mine = cells.filter { $0.scenario.name == scenario }
            guard let reference = mine.first else { continue }
            let comparison = Comparison(labels: mine.map(\.policyName), results: mine.map(\.result))
            for k in 1..<max(mine.count, 1) {
                for metric in Metric.allCases {
                    let (p, u) = comparison.difference(k, metric)
                    let base = reference.result.estimate(metric).mean
                    table.append([scenario, mine[k].policyName, metric.name, reference.policyName, CSVTable.number(p.mean),
                                  CSVTable.number(p.low), CSVTable.number(p.high), CSVTable.number(u.low), CSVTable.number(u.high),
                                  CSVTable.number(base != 0 ? p.mean / base : .nan), String(p.n)])
                }
            }
        }
        return table
    }

    /// A readable side-by-side table: one row per metric, one column per scenario and policy.
    public static func readableTable(_ cells: [Cell], metrics: [Metric] = Metric.allCases) -> String {
        var rows = [["metric"] + cells.map { "\($0.scenario.name) / \($0.policyName)" }]
        for metric in metrics {
            rows.append([metric.name] + cells.map { cell in
                let e = cell.result.estimate(metric)
                return "\(RunOutput.format(e.mean, metric)) ± \(RunOutput.format(e.halfWidth, metric))"
            })
        }
        return TextTable.render(rows, rightAligned: Set(1..<(cells.count + 1)))
    }
}

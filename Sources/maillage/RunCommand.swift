import ArgumentParser
import Foundation
import Maillage

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a scenario's Monte Carlo replications and writes replications.csv, summary.csv and summary.json."
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Number of replications (default: the scenario's).")
    var replications: Int?

    @Option(help: "The run's seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Replications run at once (default: one per core). Results do not depend on it.")
    var jobs: Int = defaultJobs

    @Option(help: "Output folder (default: Output/<scenario name>).")
    var out: String?

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, found \(replications)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() async throws {
        try await reportingErrors {
            var scenario = try ScenarioLoader.load(self.scenario)
            if let replications { scenario.simulation.replications = replications }
            if let seed { scenario.simulation.seed = seed }
            let model = try scenario.build(loadWorld(scenario))
            let result = try await MonteCarlo.run(model, replications: scenario.simulation.replications,
                                                  seed: scenario.simulation.seed, jobs: jobs)
            let folder = out ?? "Output/\(scenario.name)"
            try RunOutput.write(result, scenario: scenario, seed: scenario.simulation.seed, to: folder)
            print("\(scenario.name): \(scenario.simulation.replications) replications, seed \(scenario.simulation.seed)")
            print(RunOutput.readableTable(result), terminator: "")
            print("written to \(folder)/")
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Coverage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes each zone's travel time to the nearest fitting structure, coverage and 2SFCA/E2SFCA indices.",
        discussion: """
            Writes zones.csv, coverage_summary.csv and structures.csv (and costs.csv with --costs, outlines.csv for a \
            real territory: its communes' rings in km) into Output/<scenario name>/coverage/ unless --out says otherwise.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions

    @Flag(help: "Also write costs.csv: every zone–structure travel time, to recompute the indices.")
    var costs = false

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let scenario = try ScenarioLoader.load(self.scenario)
            let (world, model) = try buildModel(scenario)
            let folder = try ResultsFolder(output.folder(or: "Output/\(scenario.name)/coverage"))
            try CoverageOutput.write(model, scenario: scenario.name, outlines: world.outlines, projection: world.projection, settings: scenario.accessibility, costs: costs, to: folder.staging)
            try folder.commit()
            let zones = model.territory.zones.count, structures = model.structures.count
            print("\(scenario.name): \(zones) zones, \(structures) structures, \(model.territory.population) inhabitants")
            print(String(format: "coverage within %.0f minutes: %.4f (classic %.4f, ESS %.4f, social utility %.4f)", model.travel.reachMinutes,
                         model.coverage, model.coverageByType[0], model.coverageByType[1], model.coverageByType[2]))
            print("written to \(folder.path)/")
        }
    }
}

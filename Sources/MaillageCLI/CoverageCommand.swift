import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct Coverage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes each zone's travel time to the nearest fitting structure, coverage and 2SFCA/E2SFCA indices.",
        discussion: """
            Writes zones.csv, coverage_summary.csv and structures.csv (and costs.csv with --costs, outlines.csv for a \
            real territory: its communes' rings in km; coverage_by_density.csv for a territory of the national files: \
            the summary for each of INSEE's density levels) into Output/<scenario name>/coverage/ unless --out says otherwise. \
            A territory with more zone–structure pairs than a model keeps in a table (a région, all of France) and no policy builds no model: it keeps only \
            the pairs within reach; costs.csv then lists those.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions

    @Flag(help: "Also write costs.csv: every zone–structure travel time, to recompute the indices.")
    var costs = false

    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let scenario = try ScenarioLoader.load(self.scenario)
            let (summary, written) = try CoverageJob(scenario: scenario, costs: costs)
                .run(to: output.folder(or: "Output/\(scenario.name)/coverage"), progress: .terminal(quiet: true, language: languageOptions.language))
            let l = languageOptions.language
            let inputs = summary.inputs
            let zones = inputs.territory.zones.count, structures = inputs.structures.count
            let people = l.number(Double(inputs.territory.population), decimals: 0), minutes = l.number(inputs.reachMinutes, decimals: 0)
            func share(_ x: Double) -> String { l.percent(x, decimals: 1) }
            let byType = summary.coverageByType
            print(l.words("cli.zones_support_structures", ["name": scenario.name, "zones": String(zones), "structures": String(structures), "people": people]))
            print(l.words("cli.coverage_within", ["minutes": String(minutes), "all": share(summary.coverage), "classic": share(byType[0]),
                                                  "ess": share(byType[1]), "social_utility": share(byType[2])]))
            if summary.reachableOnly {
                print(l.words("cli.pairs_kept", ["pairs": l.number(Double(inputs.costs.count), decimals: 0),
                                                 "minutes": l.number(inputs.costs.cutoffMinutes, decimals: 0)]))
            }
            print(l.writtenTo(written.path + "/"))
        }
    }
}

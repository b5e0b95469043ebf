import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput



struct ChartsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charts",
        abstract: "Draws SVG and PNG charts (gnuplot) from the results in DIR into DIR/charts/LANG."
    )

    @Argument(help: "The results folder (as `make charts` fills Output/).")
    var folder: String

    @Option(help: "Language of the charts: en or fr.")
    var lang: Language = Language.fromEnvironment()

    func run() async throws {
        try await reportingErrors {
            let out = folder + "/charts/" + lang.rawValue
            let names = try Charts.render(results: folder, language: lang, to: out)
            print(lang.words("cli.charts_written", ["count": String(names.count), "out": out]) + names.joined(separator: ", "))
        }
    }
}

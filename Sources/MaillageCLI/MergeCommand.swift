import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combines the output folders of a run's, a sweep's or an uncertainty analysis's shards into the files one process would have written."
    )

    @Argument(help: "The shards' output folders.")
    var shards: [String]

    @Option(help: ArgumentHelp("Output folder.", valueName: "folder"))
    var out: String

    func validate() throws {
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out must name a folder, found an empty value") }
    }

    @OptionGroup var safety: SafetyOptions
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            try ShardFiles.merge(shards, to: out)
            print(languageOptions.language.words("cli.merged_shards_into", ["count": String(shards.count), "out": out]))
        }
    }
}

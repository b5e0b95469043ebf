import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checks scenarios, studies, sweep plans, calibration targets and data files without running anything.",
        discussion: """
            Prints one line per file. Warnings (what a real-data import could not match, money that \
            buys nothing) follow the file's line; with --strict any warning fails the check (exit status 2).
            """
    )

    @Argument(help: "Files to check.")
    var files: [String]

    @Flag(help: "Treat warnings as errors: exit status 2 when any file has one.")
    var strict = false

    @OptionGroup var safety: SafetyOptions

    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        safety.apply()
        let language = languageOptions.language
        var failed = 0
        for file in files {
            do {
                let result = try InputValidation.validate(file)
                let l = language, n = result.warnings.count
                let values = ["file": file, "kind": l.t(result.kind.label), "detail": l.t(result.detail), "warnings": String(n)]
                print(l.words(n == 0 ? "cli.valid" : n == 1 ? "cli.valid_one_warning" : "cli.valid_warnings", values))
                for line in result.warnings { warn(line.prefixed(file), language) }
                if strict && !result.warnings.isEmpty {
                    FileHandle.standardError.write(Data("error: \(file): warnings are errors with --strict\n".utf8))
                    failed += 1
                }
            } catch let error as InputError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed += 1
            } catch let error as GSLError {
                FileHandle.standardError.write(Data("error: \(file): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }
}

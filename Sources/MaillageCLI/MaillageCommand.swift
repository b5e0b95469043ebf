import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

@main
struct MaillageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage",
        abstract: "Simulates the territorial coverage of business-creation support, classic and ESS.",
        version: maillageVersion,
        subcommands: [Run.self, RunStudy.self, Compare.self, SweepCommand.self, Merge.self, Coverage.self, Calibrate.self, Validate.self,
                      ChartsCommand.self, ReportCommand.self, Regenerate.self, Optimise.self, UncertaintyCommand.self, Serve.self, Territories.self]
    )

    /// Parses and runs the command; a command line that does not parse exits with status 2 (as a
    /// bad input file does), help and version with 0.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Runs `body`, turning the library's user-facing errors into a one-line message and exit
/// status 2, and anything else into exit status 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    } catch let error as OutputError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as GSLError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Prints a warning on standard error in `language`.
func warn(_ message: Label, _ language: Language) {
    let line = language == .fr ? "avertissement\u{00A0}: \(message.fr)" : "warning: \(message.en)"
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

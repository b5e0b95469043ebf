import ArgumentParser
import Foundation
import Maillage

@main
struct MaillageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage",
        abstract: "Simulates the territorial coverage of business-creation support, classic and ESS.",
        version: maillageVersion,
        subcommands: [Run.self, RunStudy.self, Compare.self, SweepCommand.self, Merge.self, Coverage.self, Calibrate.self, Validate.self, ChartsCommand.self, ReportCommand.self, Bench.self]
    )
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

/// The default number of parallel jobs: one per core.
let defaultJobs = ProcessInfo.processInfo.activeProcessorCount

/// Builds a scenario's world, printing what a real-data import could not match.
func loadWorld(_ scenario: Scenario) throws -> Scenario.World {
    let world = try scenario.world()
    for line in world.report?.warnings ?? [] {
        FileHandle.standardError.write(Data("warning: \(scenario.name): \(line)\n".utf8))
    }
    return world
}

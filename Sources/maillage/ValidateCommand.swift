import ArgumentParser
import Foundation
import Maillage

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checks scenarios, studies, sweep plans, calibration targets and data files without running anything."
    )

    @Argument(help: "Files to check.")
    var files: [String]

    func run() async throws {
        var failed = 0
        for file in files {
            do {
                let (kind, detail) = try InputValidation.validate(file)
                print("\(file): ok, \(kind.rawValue): \(detail)")
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

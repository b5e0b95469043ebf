import ArgumentParser
import Foundation
import Maillage

struct Calibrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fits free behavioural parameters to target figures (GSL Nelder–Mead simplex) and writes them with each target's residual."
    )

    @Argument(help: "The targets file (YAML).")
    var targets: String

    @Option(help: "Where to write the fitted parameters (default: Output/calibration/fitted.yaml).")
    var out: String = "Output/calibration/fitted.yaml"

    @Option(help: "Replications run at once (default: one per core). Results do not depend on it.")
    var jobs: Int = defaultJobs

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() async throws {
        try await reportingErrors {
            let calibration = try Calibration.load(targets)
            let fit = try calibration.fit(jobs: jobs) { iteration, value in
                if iteration % 10 == 0 {
                    FileHandle.standardError.write(Data("iteration \(iteration): objective \(String(format: "%.4g", value))\n".utf8))
                }
            }
            let report = calibration.report(fit)
            try AtomicFile.write(report, to: out)
            print(report, terminator: "")
            print("written to \(out)")
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Calibrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fits free behavioural parameters to target figures (GSL Nelder–Mead simplex) and writes them with each target's residual.",
        discussion: "Writes Output/calibration/fitted.yaml unless --out names another file."
    )

    @Argument(help: "The targets file (YAML).")
    var targets: String

    @Option(help: ArgumentHelp("The file to write the fitted parameters to.", valueName: "file"))
    var out: String = "Output/calibration/fitted.yaml"

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out must name a file, found an empty value") }
    }

    @OptionGroup var safety: SafetyOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let calibration = try Calibration.load(targets)
            // The simplex evaluates about twice per iteration, after n + 1 evaluations to start.
            let scenario = try calibration.scenario(calibration.parameters.map { $0.start ?? ($0.low + $0.high) / 2 })
            let evaluations = 2 * calibration.maxIterations + calibration.parameters.count + 3
            let work = Work(scenario, population: try scenario.population(), replications: calibration.replications * evaluations)
            try work.check(force: safety.force, file: targets)
            let quiet = parallel.quiet
            let fit = try calibration.fit(jobs: parallel.count) { iteration, value in
                if !quiet && iteration % 10 == 0 {
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

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct Calibrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fits free behavioural parameters to target figures (GSL Nelder–Mead simplex, or a posterior sample by ABC) and checks the held-out territories.",
        discussion: """
            Fits on the territories the targets file names (territories:), then runs those it holds out (held_out:) at the \
            fitted values and says which of their targets are within tolerance. Writes Output/calibration/fitted.yaml unless \
            --out names another file. With --abc D, draws D parameter sets from uniform priors over the bounds instead, keeps \
            the --accept share closest to the targets, adjusts them by Beaumont's local-linear regression on the targets' \
            residuals (with weights) and writes them to Output/calibration/posterior.csv (every draw to abc_draws.csv beside \
            it), which maillage uncertainty --posterior reads.
            """
    )

    @Argument(help: "The targets file (YAML).")
    var targets: String

    @Option(help: ArgumentHelp("The file to write: the fitted parameters (default Output/calibration/fitted.yaml), or with --abc the posterior sample (default Output/calibration/posterior.csv).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Approximate Bayesian computation (rejection, then regression adjustment): the number of prior draws.", valueName: "D"))
    var abc: Int?

    @Option(help: ArgumentHelp("With --abc, the share of draws closest to the targets kept as the posterior.", valueName: "share"))
    var accept: Double = 0.1

    @Option(parsing: .unconditional, help: ArgumentHelp("With --abc, the seed of the prior draws' Latin hypercube.", valueName: "seed"))
    var designSeed: SeedArgument = SeedArgument(argument: "3")!

    @Flag(help: "With --abc, keep the plain rejection sample: no regression adjustment (the shipped posterior is one).")
    var noAdjustment = false

    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out must name a file, found an empty value") }
        if let abc, !(1...100_000).contains(abc) { throw ValidationError("--abc must be 1 to 100000 draws, found \(abc)") }
        guard accept > 0, accept <= 1 else { throw ValidationError("--accept must be a share in (0, 1], found \(accept)") }
        if noAdjustment && abc == nil { throw ValidationError("--no-adjustment goes with --abc D") }
    }

    @OptionGroup var safety: SafetyOptions
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            let calibration = try Calibration.load(targets)
            let l = languageOptions.language
            let progress = JobProgress.terminal(quiet: parallel.quiet, language: l)
            if let abc {
                let path = out ?? "Output/calibration/posterior.csv"
                let folder = (path as NSString).deletingLastPathComponent
                let job = CalibrationJob(calibration: calibration, method: .abc(draws: abc, accept: accept, designSeed: designSeed.value, adjust: !noAdjustment),
                                         jobs: parallel.count, force: safety.force)
                let (outcome, _) = try await job.run(to: path, drawsFile: (folder.isEmpty ? "." : folder) + "/abc_draws.csv", progress: progress)
                if case .abc(let sample) = outcome { print(calibration.abcSummary(sample, language: l), terminator: "") }
                print(l.writtenTo(path))
                return
            }
            let path = out ?? "Output/calibration/fitted.yaml"
            let (outcome, _) = try await CalibrationJob(calibration: calibration, method: .simplex, jobs: parallel.count, force: safety.force)
                .run(to: path, progress: progress)
            if case .fit(_, let report) = outcome { print(report, terminator: "") }
            print(l.writtenTo(path))
        }
    }
}

import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

struct UncertaintyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uncertainty",
        abstract: "Two-level uncertainty: parameter draws from the priors, replications within each draw.",
        discussion: """
            Draws D parameter sets from the priors (a Latin hypercube from --design-seed; the synthetic territory's and \
            the placement's seeds drawn too when the priors file says so; the calibrated parameters from a row of the \
            calibration's posterior, the shipped one unless --posterior or --no-posterior) and runs R replications of each, every draw on \
            the same replication seeds. Reports, for every metric, the Monte Carlo interval, the parameters' 2.5–97.5% \
            interval and the share of the variance between draws (uncertainty.csv), and for a policy its effects with the \
            share of draws where each is positive (uncertainty_effects.csv); draws.csv lists each draw. For a study, one \
            folder per scenario and policy and findings.csv, the share of draws in which each of the study's findings \
            holds. Writes into Output/<scenario or study name>/uncertainty/ unless --out says otherwise.
            """
    )

    @Argument(help: "The scenario file, or a study file (YAML): a study runs every scenario under each policy that does something, on the same draws, and tests its findings in each draw.")
    var scenario: String

    @Option(help: ArgumentHelp("The priors file. Default: the shipped Scenarios/priors.yaml.", valueName: "file"))
    var priors: String?

    @Option(help: ArgumentHelp("A calibration's posterior sample (posterior.csv of maillage calibrate --abc): each draw takes one of its rows for the calibrated parameters. Default for the two-level analysis: the shipped Scenarios/calibration/posterior.csv.", valueName: "file"))
    var posterior: String?

    @Flag(help: "Keep the scenario's values of the calibrated parameters in every draw instead of drawing them from the posterior.")
    var noPosterior = false

    @Option(help: ArgumentHelp("Run only the draws d with d mod N = K − 1, for `maillage merge` (one scenario, not a study or --morris).", valueName: "K/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp("Parameter draws.", valueName: "D"))
    var draws: Int = 64

    @Option(help: ArgumentHelp("Replications per draw.", valueName: "R"))
    var replications: Int = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("The run's seed. Default: the scenario's.", valueName: "seed"))
    var seed: SeedArgument?

    @Option(parsing: .unconditional, help: ArgumentHelp("The design's seed (Latin hypercube and structural seeds).", valueName: "seed"))
    var designSeed: SeedArgument = SeedArgument(argument: "2")!

    @Flag(help: "Also the part of each effect that needs both ecosystems (jobs_added_inter_ecosystem…): each draw runs its worlds without the ESS structures too, twice the work.")
    var interEcosystem = false

    @Flag(help: "Morris screening of every prior instead (morris.csv): elementary effects on --metric along --trajectories trajectories.")
    var morris = false

    @Flag(help: "Sobol indices (first order and total, Saltelli's design, bootstrap intervals) of --metric over the priors a Morris screening kept (--screened) instead: sobol.csv.")
    var sobol = false

    @Option(help: ArgumentHelp("With --sobol, the folder of a Morris screening (uncertainty --morris): the priors whose μ* stands out of the noise, by rank.", valueName: "folder"))
    var screened: String?

    @Option(help: ArgumentHelp("With --sobol, the most screened priors to keep (1 to 20).", valueName: "k"))
    var top: Int = 8

    @Option(help: ArgumentHelp("With --sobol, Saltelli's N: N × (k + 2) points.", valueName: "N"))
    var samples: Int = 256

    @Option(help: ArgumentHelp("With --sobol, bootstrap resamples for the intervals.", valueName: "B"))
    var bootstrap: Int = 500

    @Option(help: ArgumentHelp("Morris trajectories.", valueName: "r"))
    var trajectories: Int = 10

    @Option(help: ArgumentHelp("The metric Morris screens (the policy's effect on it when the scenario has a policy).", valueName: "metric"))
    var metric: String = "jobs_added_net"

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions
    @OptionGroup var languageOptions: LanguageOptions

    func validate() throws {
        guard (1...1000).contains(trajectories) else { throw ValidationError("--trajectories must be 1 to 1000, found \(trajectories)") }
        guard let m = Metric.named(metric), UncertaintyAnalysis.metrics.contains(m) else {
            throw ValidationError("--metric: expected a metric of the policy's world (such as jobs_added_net, supported_share), found '\(metric)'")
        }
        if sobol && (morris || shard != nil || posterior != nil) { throw ValidationError("--sobol cannot be combined with --morris, --shard or --posterior") }
        if sobol && screened == nil { throw ValidationError("--sobol needs --screened FOLDER, the output of a Morris screening (uncertainty --morris)") }
        guard (1...20).contains(top) else { throw ValidationError("--top must be 1 to 20, found \(top)") }
        guard (2...100_000).contains(samples) else { throw ValidationError("--samples must be 2 to 100000, found \(samples)") }
        guard (1...100_000).contains(bootstrap) else { throw ValidationError("--bootstrap must be 1 to 100000, found \(bootstrap)") }
        if morris && shard != nil { throw ValidationError("--shard applies to the two-level analysis of one scenario, not to --morris") }
        if morris && posterior != nil { throw ValidationError("--posterior applies to the two-level analysis, not to --morris, which screens the priors") }
        if noPosterior && posterior != nil { throw ValidationError("--no-posterior and --posterior cannot be combined") }
        guard (1...100_000).contains(draws) else { throw ValidationError("--draws must be 1 to 100000, found \(draws)") }
        guard (1...Limits.replications).contains(replications) else {
            throw ValidationError("--replications must be 1 to \(Limits.replications), found \(replications)")
        }
    }

    func run() async throws {
        safety.apply()
        try await reportingErrors {
            guard let priorsPath = priors ?? PlausibleSettings.shippedFile("priors.yaml") else {
                throw InputError(file: scenario, message: "expected a priors file (--priors), found none: the shipped Scenarios/priors.yaml is not beside the executable nor in the working folder")
            }
            var set = try PriorSet.load(priorsPath)
            let l = languageOptions.language
            // The two-level analysis draws the calibrated parameters from the posterior unless told
            // not to; Morris and Sobol screen the priors one at a time, the calibrated ones kept.
            if !(morris || sobol || noPosterior) {
                if let path = posterior ?? PlausibleSettings.shippedFile("calibration/posterior.csv") {
                    set = set.with(try Posterior.load(path))
                } else {
                    warn(Label(words: "cli.no_posterior"), l)
                }
            }
            let progress = JobProgress.terminal(quiet: parallel.quiet, language: l)
            let subject = try UncertaintyJob.Subject.load(scenario)
            if morris || sobol {
                guard case .scenario(let base) = subject else {
                    throw InputError(file: scenario, message: "expected one scenario for --morris or --sobol, found a study")
                }
                if morris {
                    let job = MorrisJob(scenario: base, path: scenario, priors: set, metric: Metric.named(metric)!, trajectories: trajectories,
                                        replications: replications, seed: seed?.value, designSeed: designSeed.value, jobs: parallel.count, force: safety.force)
                    let (screening, written) = try await job.run(to: output.folder(or: "Output/\(base.name)/morris"), progress: progress)
                    print(MorrisOutput.summary(screening, scenario: base.name, language: l), terminator: "")
                    print(l.writtenTo(written.path + "/"))
                } else {
                    let job = SobolJob(scenario: base, path: scenario, priors: set, screened: screened!, top: top, metric: Metric.named(metric)!,
                                       samples: samples, replications: replications, bootstrap: bootstrap, seed: seed?.value,
                                       designSeed: designSeed.value, jobs: parallel.count, force: safety.force)
                    let (indices, written) = try await job.run(to: output.folder(or: "Output/\(base.name)/sobol"), progress: progress)
                    print(PriorSensitivityOutput.summary(indices, scenario: base.name, language: l), terminator: "")
                    print(l.writtenTo(written.path + "/"))
                }
                return
            }
            let job = UncertaintyJob(subject: subject, path: scenario, priors: set, draws: draws, replications: replications, seed: seed?.value,
                                     designSeed: designSeed.value, interEcosystem: interEcosystem, shard: shard, jobs: parallel.count, force: safety.force)
            let (outcome, written) = try await job.run(to: output.folder(or: "Output/\(subject.name)/uncertainty"), progress: progress)
            switch outcome {
            case .shard(let mine, let total):
                print(l.words("cli.uncertainty_shard_draws_merge", ["name": subject.name, "shard": "\(shard!)", "count": String(mine.count),
                                                                    "total": String(total)]))
                return
            case .scenario(let result, let analysis):
                print(UncertaintyOutput.summary(result, analysis: analysis, scenario: subject.name, language: l), terminator: "")
            case .study(let result, let analysis):
                print(UncertaintyOutput.summary(result, analysis: analysis, name: subject.name, language: l), terminator: "")
            }
            print(l.writtenTo(written.path + "/"))
        }
    }
}

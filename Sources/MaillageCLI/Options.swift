import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

/// `--jobs` and `--quiet`: how a command that runs replications uses the machine and the terminal.
struct ParallelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replications run at once; results do not depend on it. Default: one per core.", valueName: "n"))
    var jobs: Int?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    /// The number of parallel jobs: the option, or one per core.
    var count: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let jobs, !(1...1024).contains(jobs) { throw ValidationError("--jobs must be 1 to 1024, found \(jobs)") }
    }
}

/// `--no-shapley`: whether a run with a policy shares its effect out over its levers.
struct ShapleyOptions: ParsableArguments {
    @Flag(name: .customLong("no-shapley"),
          help: "Do not share the policy's effect out over its levers (shapley.csv), which runs each replication in more worlds.")
    var skip = false

    @Flag(name: .customLong("inter-ecosystem-shares"),
          help: "Also share out the part of the effects that needs both ecosystems (rows *_inter_ecosystem, interaction, jobs' complementarity and substitution in shapley.csv): each coalition runs again without ESS structures, and each lever alone.")
    var interEcosystem = false
}

/// The range over plausible worlds beside a run's Monte Carlo interval: how many worlds, drawn
/// from which priors and posterior.
struct PlausibleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Plausible worlds drawn for the range of the policy's effects beside the Monte Carlo interval (plausible.csv); 0: none.",
                               valueName: "D"))
    var plausibleDraws: Int = PlausibleRange.Design.run.draws

    @Option(help: ArgumentHelp("Replications of each plausible world, on the run's first seeds.", valueName: "R"))
    var plausibleReplications: Int = PlausibleRange.Design.run.replications

    @Option(help: ArgumentHelp("The priors of the plausible worlds. Default: the shipped Scenarios/priors.yaml.", valueName: "file"))
    var priors: String?

    @Option(help: ArgumentHelp("The calibrated parameters' posterior sample (posterior.csv of maillage calibrate --abc). Default: the shipped Scenarios/calibration/posterior.csv.",
                               valueName: "file"))
    var posterior: String?

    @Flag(help: "Keep the scenario's values of the calibrated parameters in the plausible worlds instead of drawing them from the posterior.")
    var noPosterior = false

    func validate() throws {
        if !(0...Limits.replications).contains(plausibleDraws) { throw ValidationError("--plausible-draws must be 0 to \(Limits.replications), found \(plausibleDraws)") }
        if !(1...Limits.replications).contains(plausibleReplications) {
            throw ValidationError("--plausible-replications must be 1 to \(Limits.replications), found \(plausibleReplications)")
        }
        if noPosterior && posterior != nil { throw ValidationError("--no-posterior and --posterior cannot be combined") }
    }

    /// The settings, or nil with no draws. Without --priors and no shipped priors in sight, the
    /// run goes on without a range and `warn` says why.
    /// - Throws: ``InputError`` for a priors or posterior file that does not load.
    func settings(warn: (Label) -> Void) throws -> PlausibleSettings? {
        guard plausibleDraws > 0 else { return nil }
        let design = PlausibleRange.Design(draws: plausibleDraws, replications: plausibleReplications, designSeed: PlausibleRange.Design.run.designSeed)
        guard let priorsPath = priors ?? PlausibleSettings.shippedFile("priors.yaml") else {
            warn(Label(words: "cli.no_range_over_plausible_worlds"))
            return nil
        }
        var posteriorPath: String?
        if !noPosterior {
            posteriorPath = posterior ?? PlausibleSettings.shippedFile("calibration/posterior.csv")
            if posteriorPath == nil {
                warn(Label(words: "cli.no_posterior_plausible_worlds"))
            }
        }
        // Shipped files are named relative to the repository, whatever folder they were found in.
        let labels = (priors ?? PlausibleSettings.shippedPriors, posterior ?? (posteriorPath == nil ? nil : PlausibleSettings.shippedPosterior))
        return try PlausibleSettings.load(priors: priorsPath, posterior: posteriorPath, design: design, labels: labels)
    }
}

/// `--replications` and `--seed`: a run's plan, when the command line overrides the scenario's.
struct PlanOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replications. Default: the scenario's (or the study's).", valueName: "n"))
    var replications: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The run's seed, any 64-bit integer (a negative n stands for n + 2⁶⁴). Default: the scenario's.",
                               valueName: "seed"))
    var seed: SeedArgument?

    func validate() throws {
        if let replications, !(1...Limits.replications).contains(replications) {
            throw ValidationError("--replications must be 1 to \(Limits.replications), found \(replications)")
        }
    }
}

/// `--out`: where a command writes its folder.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output folder. Default: under Output/, as the command's description says.", valueName: "folder"))
    var out: String?

    /// The folder: the option, or `fallback`.
    func folder(or fallback: String) -> String { out ?? fallback }

    func validate() throws {
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out must name a folder, found an empty value (an unset shell variable?)")
        }
    }
}

/// `--allow-outside` and `--force`: the two guards a user may lift.
struct SafetyOptions: ParsableArguments {
    @Flag(help: "Let scenarios name files outside their own folder and the shipped Scenarios folder.")
    var allowOutside = false

    @Flag(help: "Run even above the work limit (5 billion holder journeys, about 20 minutes on two cores).")
    var force = false

    /// Applies --allow-outside for the process.
    func apply() { Confinement.allowOutside.store(allowOutside, ordering: .relaxed) }
}

/// A seed on the command line: any signed or unsigned 64-bit integer (``SeedDerivation/parse(_:)``).
struct SeedArgument: ExpressibleByArgument, Sendable {
    var value: UInt64

    init?(argument: String) {
        guard let v = SeedDerivation.parse(argument) else { return nil }
        value = v
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

extension Language: ExpressibleByArgument {}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `--lang`: the language of what a command prints (tables, status lines, warnings).
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of what is printed: en or fr. Default: fr when LANG starts with fr, else en.", valueName: "language"))
    var lang: Language?

    var language: Language { lang ?? Language.fromEnvironment() }
}

/// `--lang` and `--format`: how a command prints its results.
struct PrintOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

    @OptionGroup var languageOptions: LanguageOptions

    @Option(help: ArgumentHelp("text (grouped tables for people), csv or json (the summary, for machines).", valueName: "format"))
    var format: Format = .text

    var language: Language { languageOptions.language }

    /// Prints `text` for people, or the summary for machines.
    func emit(text: () -> String, csv: () -> String, json: () throws -> String) rethrows {
        switch format {
        case .text: print(text(), terminator: "")
        case .csv: print(csv(), terminator: "")
        case .json: print(try json(), terminator: "")
        }
    }
}

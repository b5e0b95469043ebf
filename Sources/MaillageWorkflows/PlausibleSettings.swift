import Foundation
import MaillageFoundation
import MaillageScenario
import MaillageExperiments

/// Where a range over plausible worlds draws its parameters from and how many worlds it draws:
/// the priors of the assumed parameters, with the calibrated ones taken from a calibration's
/// posterior sample unless it is left out.
public struct PlausibleSettings: Sendable {
    /// The priors, the posterior already applied when there is one.
    public var priors: PriorSet
    public var design: PlausibleRange.Design
    /// How outputs name the priors and the posterior files: as given, or relative to the
    /// repository for the shipped ones (outputs then do not depend on where the repository is).
    public var priorsLabel: String
    public var posteriorLabel: String?
    /// Worlds without a policy kept across the jobs that use these settings (`regenerate`'s
    /// funding runs and studies share their territories'); nil: each job builds its own.
    public var shared: UncertaintyAnalysis.SharedDraws?

    public init(priors: PriorSet, design: PlausibleRange.Design, priorsLabel: String? = nil, posteriorLabel: String? = nil) {
        self.priors = priors
        self.design = design
        self.priorsLabel = priorsLabel ?? priors.file
        self.posteriorLabel = posteriorLabel ?? priors.posterior?.file
    }

    /// The shipped priors file, relative to the repository.
    public static let shippedPriors = "Scenarios/priors.yaml"
    /// The shipped posterior sample (a copy of `Output/calibration/posterior.csv`, which the
    /// calibration writes; a test keeps the two equal), relative to the repository.
    public static let shippedPosterior = "Scenarios/calibration/posterior.csv"

    /// Reads the priors in `priors` and, unless `posterior` is nil, the posterior sample there;
    /// outputs name them by `labels` when given.
    /// - Throws: ``InputError`` naming the file that does not load.
    public static func load(priors: String, posterior: String?, design: PlausibleRange.Design,
                            labels: (priors: String, posterior: String?)? = nil) throws -> PlausibleSettings {
        var set = try PriorSet.load(priors)
        if let posterior { set = set.with(try Posterior.load(posterior)) }
        return PlausibleSettings(priors: set, design: design, priorsLabel: labels?.priors, posteriorLabel: labels?.posterior)
    }

    /// The shipped priors and posterior of the repository at `repository`.
    public static func shipped(repository: String = ".", design: PlausibleRange.Design) throws -> PlausibleSettings {
        func inRepository(_ relative: String) -> String { repository == "." ? relative : repository + "/" + relative }
        return try load(priors: inRepository(shippedPriors), posterior: inRepository(shippedPosterior), design: design,
                        labels: (shippedPriors, shippedPosterior))
    }

    /// A file of the shipped `Scenarios/` folder this process can see (``Confinement/shippedScenarios``),
    /// `relative` to it (`priors.yaml`); nil when none holds it.
    public static func shippedFile(_ relative: String) -> String? {
        Confinement.shippedScenarios.map { $0 + "/" + relative }.first { FileManager.default.fileExists(atPath: $0) }
    }
}

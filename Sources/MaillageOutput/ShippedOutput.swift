import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The results `make charts` regenerates into `Output/`: each folder, what writes it, and from
/// which input. This is the one description of that layout: `maillage regenerate` runs a job for
/// each entry (`Regeneration`, in MaillageWorkflows), and the charts and reports read their data
/// from the folders it names.
public enum ShippedOutput {
    /// What writes a folder.
    public enum Kind: String, Sendable {
        case study, run, sweep, coverage, calibration
        /// A Morris screening of every prior, then Sobol indices on the priors it keeps.
        case priorSensitivity
        /// A study's two-level uncertainty and its findings as shares of plausible worlds.
        case studyUncertainty
    }

    /// One folder of the results.
    public struct Entry: Sendable {
        /// Folder under the results folder (for a calibration, the fitted file's folder).
        public var folder: String
        public var kind: Kind
        /// The input file, relative to the repository.
        public var input: String
        /// Replications, when the entry sets them instead of its input.
        public var replications: Int?
        /// For a run to a precision: the precision and the most replications.
        public var precision: (value: Double, maxReplications: Int)?
    }

    /// The three study territories, as their scenarios are named.
    public static let territories = ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"]
    /// The territories of the funding curves.
    public static let curveTerritories = ["rural-franche-comte", "metro-lyon"]
    /// The four funding lines, then a quarter on each.
    public static let fundingWays = FundingLine.allCases.map(\.rawValue) + ["balanced"]

    public static let defaultStudy = Entry(folder: "default-study", kind: .study, input: "Scenarios/default-study.yaml")
    public static let ruralVsMetro = Entry(folder: "rural-vs-metro", kind: .study, input: "Scenarios/experiments/rural-vs-metro.yaml")
    /// The same 200 k€ spent each way on each territory, 100 replications each.
    public static func funding(_ territory: String, _ way: String) -> Entry {
        Entry(folder: "funding/\(territory)-\(way)", kind: .run, input: "Scenarios/funding/\(territory)-\(way).yaml", replications: 100)
    }
    /// Jobs added against the budget spent on one line.
    public static func fundingCurve(_ territory: String, _ line: String) -> Entry {
        Entry(folder: "funding-curves/\(territory)-\(line)", kind: .sweep, input: "Scenarios/experiments/funding-curves/\(territory)-\(line).yaml")
    }
    public static let sensitivity = Entry(folder: "sensitivity-metro", kind: .sweep, input: "Scenarios/experiments/sensitivity-metro.yaml")
    public static let convergence = Entry(folder: "convergence-metro", kind: .run, input: "Scenarios/metro-lyon.yaml",
                                          precision: (0.002, 2_000))
    /// Coverage of a territory, synthetic or real.
    public static func map(_ territory: String, real: Bool) -> Entry {
        Entry(folder: "maps/\(real ? "real-" : "")\(territory)", kind: .coverage, input: real ? "Scenarios/real/\(territory).yaml" : "Scenarios/\(territory).yaml")
    }
    public static let calibration = Entry(folder: "calibration", kind: .calibration, input: "Scenarios/calibration/targets.yaml")
    /// What the assumptions do to a policy's effect: which of the priors drive what a balanced
    /// 200 k€ in the metropolis does to the first-contact fit (the metropolitan finding). The
    /// screening writes `morris/` and the Sobol analysis `sobol/` under the folder.
    public static let priorSensitivity = Entry(folder: "sensitivity-priors", kind: .priorSensitivity,
                                               input: "Scenarios/funding/metro-lyon-balanced.yaml", replications: 4)
    /// Its design: the metric, Morris trajectories, the screened priors kept, Saltelli's N, the
    /// bootstrap resamples and the design's seed (the run's seed is the scenario's).
    public static let priorDesign = (metric: Metric.firstContactFitRate, trajectories: 6, top: 8, samples: 128, bootstrap: 500,
                                     designSeed: UInt64(2), priors: "Scenarios/priors.yaml")
    /// The default study over the priors: each finding as the share of parameter draws in which
    /// it holds (Latin hypercube of `uncertaintyDesign.draws` draws, 20 replications each).
    public static let studyUncertainty = Entry(folder: "uncertainty-default-study", kind: .studyUncertainty,
                                               input: "Scenarios/default-study.yaml", replications: 20)
    public static let uncertaintyDesign = (draws: 128, designSeed: UInt64(2))
    /// The fitted parameters file the calibration writes.
    public static let fittedFile = "calibration/fitted.yaml"
    /// The ABC posterior sample the calibration writes (`uncertainty --posterior` reads it), and
    /// the design it comes from: prior draws, accepted share, the Latin hypercube's seed, and
    /// whether the kept draws are adjusted by regression. At 2,000 draws the adjusted posterior
    /// is stable from one design seed to another (MODEL.md 9 states within what); at 600 it was
    /// not. CI checks a tenth of the draws (`regenerate --abc-check 10`).
    public static let posteriorFile = "calibration/posterior.csv"
    public static let abcDesign = (draws: 2000, accept: 0.1, seed: UInt64(3), adjust: true)
    /// Every draw of the shipped ABC run, with its residuals (`maillage regenerate --abc-check`
    /// checks a share of them and takes the others from it).
    public static let abcDrawsFile = "calibration/abc_draws.csv"
    /// Charts of a language, and the reports.
    public static func chartsFolder(_ language: Language) -> String { "charts/\(language.rawValue)" }
    public static func report(_ language: Language) -> String { language == .en ? "report.html" : "rapport.html" }

    /// Every entry, in the order they are regenerated.
    public static var all: [Entry] {
        var entries = [defaultStudy, ruralVsMetro]
        entries += territories.flatMap { t in fundingWays.map { funding(t, $0) } }.sorted { $0.folder < $1.folder }
        entries += curveTerritories.flatMap { t in FundingLine.allCases.map { fundingCurve(t, $0.rawValue) } }.sorted { $0.folder < $1.folder }
        entries += [sensitivity, priorSensitivity, studyUncertainty, convergence]
        entries += territories.flatMap { [map($0, real: false), map($0, real: true)] }
        entries.append(calibration)
        return entries
    }
}

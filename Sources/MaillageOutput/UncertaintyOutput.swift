import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The files of `maillage uncertainty`: `uncertainty.csv` (the policy world's metrics),
/// `uncertainty_effects.csv` (the policy's effects, with the share of draws where each is
/// positive), `draws.csv` (each draw's parameters and headline means) and `uncertainty.json`.
public enum UncertaintyOutput {
    struct Document: Encodable {
        var kind = "uncertainty"
        var scenario: String
        var toolVersion: String
        var priors: String
        var priorsFingerprint: String
        var seed: String
        var designSeed: String
        var draws: Int
        var replications: Int
        var design: String
        var territorySeedDrawn: Bool
        var placementSeedDrawn: Bool
        var intervals: String
    }

    static let header = ["metric", "mean", "mc_ci95_low", "mc_ci95_high", "param_p025", "param_p975", "param_variance_share", "mc_variance_share"]

    static func row(_ s: UncertaintyResult.Summary) -> [String] {
        [s.metric.name, CSVTable.number(s.mean), CSVTable.number(s.mcLow), CSVTable.number(s.mcHigh), CSVTable.number(s.paramLow),
         CSVTable.number(s.paramHigh), CSVTable.number(s.paramVarianceShare), CSVTable.number(1 - s.paramVarianceShare)]
    }

    /// Headline metrics whose per-draw means `draws.csv` lists.
    static let headline: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .abandonmentRate, .jobsCreated, .jobsAdded, .jobsAddedNet]

    public static func write(_ result: UncertaintyResult, analysis: UncertaintyAnalysis, overrides: [[ParameterOverride]],
                             scenario: String, to folder: String) throws {
        var policy = CSVTable(header: header)
        let summaries = result.policySummaries()
        for s in summaries { policy.append(row(s)) }
        try policy.write(to: folder + "/uncertainty.csv")
        if result.policyActive {
            var effects = CSVTable(header: header + ["prob_positive"])
            for s in result.effectSummaries() { effects.append(row(s) + [CSVTable.number(s.probPositive)]) }
            try effects.write(to: folder + "/uncertainty_effects.csv")
        }
        let paths = overrides.first?.map(\.path) ?? []
        let shown = headline.compactMap { m in summaries.first { $0.metric == m } }
        var draws = CSVTable(header: ["draw"] + paths + shown.map { $0.metric.name + "_mean" })
        for (d, o) in overrides.enumerated() {
            draws.append([String(d)] + o.map { CSVTable.number($0.value) } + shown.map { CSVTable.number($0.drawMeans[d]) })
        }
        try draws.write(to: folder + "/draws.csv")
        let p = analysis.priors
        let document = Document(
            scenario: scenario, toolVersion: maillageVersion, priors: p.file, priorsFingerprint: p.fingerprint, seed: String(analysis.seed),
            designSeed: String(analysis.designSeed), draws: analysis.draws, replications: analysis.replications,
            design: "Latin hypercube of the priors' quantiles (one stratum per draw and prior, permuted by the design seed); the same replication seeds in every draw",
            territorySeedDrawn: p.drawTerritorySeed, placementSeedDrawn: p.drawPlacementSeed,
            intervals: "mc: t-interval over replications of their averages over draws; param: 2.5–97.5% of the per-draw means; param_variance_share: between-draw sum of squares over the total")
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/uncertainty.json")
    }

    /// The terminal summary: the headline metrics with both intervals, and in plain words the
    /// policy's net jobs in plausible worlds.
    public static func summary(_ result: UncertaintyResult, analysis: UncertaintyAnalysis, scenario: String) -> String {
        var out = "\(scenario): \(analysis.draws) parameter draws × \(analysis.replications) replications, seed \(analysis.seed)\n"
        out += "metric                        mean   Monte Carlo 95%        parameters 2.5–97.5%   parameter share\n"
        let policy = result.policySummaries()
        for m in headline {
            guard let s = policy.first(where: { $0.metric == m }) else { continue }
            func f(_ x: Double) -> String { m.kind == .share ? String(format: "%.3f", x) : String(format: "%.0f", x) }
            let mc = "[" + f(s.mcLow) + ", " + f(s.mcHigh) + "]", param = "[" + f(s.paramLow) + ", " + f(s.paramHigh) + "]"
            out += m.name.padding(toLength: 26, withPad: " ", startingAt: 0) + f(s.mean).leftPadded(9) + "   "
                + mc.padding(toLength: 23, withPad: " ", startingAt: 0) + param.padding(toLength: 23, withPad: " ", startingAt: 0)
                + String(format: "%.0f%%", 100 * s.paramVarianceShare) + "\n"
        }
        if result.policyActive, let net = result.effectSummaries().first(where: { $0.metric == .jobsAddedNet }) {
            out += String(format: "In 95%% of plausible worlds the policy adds between %.0f and %.0f net jobs (%.0f on average); it adds some in %.0f%% of them.\n",
                          net.paramLow, net.paramHigh, net.mean, 100 * net.probPositive)
            out += String(format: "Chance alone (the Monte Carlo interval at these draws) would move the average by ±%.0f.\n", (net.mcHigh - net.mcLow) / 2)
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

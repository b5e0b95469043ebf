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
        /// The calibration's posterior sample drawn for its parameters, when there is one.
        var posterior: String?
        var posteriorFingerprint: String?
        var posteriorRows: Int?
    }

    static let header = ["metric", "mean", "mc_ci95_low", "mc_ci95_high", "param_p025", "param_p975", "param_variance_share", "mc_variance_share"]

    static func row(_ s: UncertaintyResult.Summary) -> [String] {
        [s.metric.name, CSVTable.number(s.mean), CSVTable.number(s.mcLow), CSVTable.number(s.mcHigh), CSVTable.number(s.paramLow),
         CSVTable.number(s.paramHigh), CSVTable.number(s.paramVarianceShare), CSVTable.number(1 - s.paramVarianceShare)]
    }

    /// Headline metrics whose per-draw means `draws.csv` lists.
    static let headline: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .abandonmentRate, .jobsCreated, .jobsAdded, .jobsAddedNet]

    /// A cell's summaries: `uncertainty.csv` and, for a policy, `uncertainty_effects.csv`.
    static func writeCell(_ summaries: [UncertaintyResult.Summary], effects: [UncertaintyResult.Summary]?, to folder: String) throws {
        var policy = CSVTable(header: header)
        for s in summaries { policy.append(row(s)) }
        try policy.write(to: folder + "/uncertainty.csv")
        if let effects {
            var table = CSVTable(header: header + ["prob_positive"])
            for s in effects { table.append(row(s) + [CSVTable.number(s.probPositive)]) }
            try table.write(to: folder + "/uncertainty_effects.csv")
        }
    }

    public static func write(_ result: UncertaintyResult, analysis: UncertaintyAnalysis, overrides: [[ParameterOverride]],
                             scenario: String, to folder: String) throws {
        let summaries = result.policySummaries()
        try writeCell(summaries, effects: result.policyActive ? result.effectSummaries() : nil, to: folder)
        let paths = overrides.first?.map(\.path) ?? []
        let shown = headline.compactMap { m in summaries.first { $0.metric == m } }
        var draws = CSVTable(header: ["draw"] + paths + shown.map { $0.metric.name + "_mean" })
        for (d, o) in overrides.enumerated() {
            draws.append([String(d)] + o.map { CSVTable.number($0.value) } + shown.map { CSVTable.number($0.drawMeans[d]) })
        }
        try draws.write(to: folder + "/draws.csv")
        let document = Self.document(analysis, scenario: scenario)
        try AtomicFile.write(try AtomicFile.json(document), to: folder + "/uncertainty.json")
        try Manifest(kind: .uncertainty, scenarios: [scenario], seed: analysis.seed, replications: analysis.replications).write(to: folder)
    }

    static func document(_ analysis: UncertaintyAnalysis, scenario: String) -> Document {
        let p = analysis.priors
        return Document(
            scenario: scenario, toolVersion: maillageVersion, priors: p.file, priorsFingerprint: p.fingerprint, seed: String(analysis.seed),
            designSeed: String(analysis.designSeed), draws: analysis.draws, replications: analysis.replications,
            design: "Latin hypercube of the priors' quantiles (one stratum per draw and prior, permuted by the design seed); the same replication seeds in every draw",
            territorySeedDrawn: p.drawTerritorySeed, placementSeedDrawn: p.drawPlacementSeed,
            intervals: "mc: t-interval over replications of their averages over draws; param: 2.5–97.5% of the per-draw means; param_variance_share: between-draw sum of squares over the total",
            posterior: p.posterior?.file, posteriorFingerprint: p.posterior?.fingerprint, posteriorRows: p.posterior?.rows.count)
    }

    /// A study's files: per scenario and policy its cell's files (`no_cooperation`: the scenario's
    /// baseline), `draws.csv` (the priors' values of each draw) and `findings.csv`.
    public static func write(_ study: StudyUncertainty, analysis: UncertaintyAnalysis, name: String, baselineName: String,
                             to folder: String) throws {
        let fm = FileManager.default
        var baselineWritten = Set<String>()
        for cell in study.cells {
            let cellFolder = folder + "/" + cell.scenario + "/" + cell.policy
            try fm.createDirectory(atPath: cellFolder, withIntermediateDirectories: true)
            try writeCell(cell.result.policySummaries(), effects: cell.result.effectSummaries(), to: cellFolder)
            if baselineWritten.insert(cell.scenario).inserted {
                let baseFolder = folder + "/" + cell.scenario + "/" + baselineName
                try fm.createDirectory(atPath: baseFolder, withIntermediateDirectories: true)
                try writeCell(cell.result.baselineSummaries(), effects: nil, to: baseFolder)
            }
        }
        let design = try analysis.design()
        let posterior = analysis.priors.posterior
        var draws = CSVTable(header: ["draw"] + analysis.priors.priors.map(\.path) + (posterior?.paths ?? []))
        for (d, u) in design.enumerated() {
            let row = posterior?.row(seed: PriorSet.drawSeed(designSeed: analysis.designSeed, draw: d)) ?? []
            draws.append([String(d)] + zip(analysis.priors.priors, u).map { CSVTable.number($0.value($1)) } + row.map(CSVTable.number))
        }
        try draws.write(to: folder + "/draws.csv")
        var findings = CSVTable(header: ["finding", "statement", "holds", "draws", "share", "ci95_low", "ci95_high", "rests_on", "rests_on_what", "formula"])
        for f in study.findings {
            findings.append([f.name, f.statement.en, String(f.holds), String(f.draws), CSVTable.number(f.share),
                             CSVTable.number(f.interval.low), CSVTable.number(f.interval.high),
                             f.restsOn.kind.rawValue, f.restsOn.what.en, f.restsOn.formula ?? ""])
        }
        try findings.write(to: folder + "/findings.csv")
        var doc = document(analysis, scenario: name)
        doc.kind = "study-uncertainty"
        try AtomicFile.write(try AtomicFile.json(doc), to: folder + "/uncertainty.json")
        try Manifest(kind: .uncertainty, scenarios: [name], seed: analysis.seed, replications: analysis.replications).write(to: folder)
    }

    /// The terminal summary of a study: each cell's net jobs in plain words, and the findings.
    public static func summary(_ study: StudyUncertainty, analysis: UncertaintyAnalysis, name: String, language l: Language = .en) -> String {
        func n(_ x: Double) -> String { l.number(x, decimals: 0) }
        var out = l.words("uncertainty.parameter_draws_replications_per", ["name": name, "draws": String(analysis.draws),
                                                                           "replications": String(analysis.replications),
                                                                           "seed": String(analysis.seed)])
        for cell in study.cells {
            guard let net = cell.result.effectSummaries().first(where: { $0.metric == .jobsAddedNet }) else { continue }
            let mc = n((net.mcHigh - net.mcLow) / 2)
            out += l.words("uncertainty.95_plausible_worlds_between_net", ["scenario": l.territory(cell.scenario),
                                                                           "policy": l.policy(cell.policy),
                                                                           "param_low": n(net.paramLow), "param_high": n(net.paramHigh),
                                                                           "mean": n(net.mean), "mc": mc])
        }
        if !study.findings.isEmpty {
            let rows = study.findings.map { f in
                [l.t(f.statement), l.percent(f.share),
                 "[\(l.percent(f.interval.low)); \(l.percent(f.interval.high))]"]
            }
            out += "\n" + TextTable.render([[l.words("uncertainty.finding"), l.words("uncertainty.holds"), l.words("uncertainty.95_interval")]] + rows,
                                           rightAligned: [1, 2])
        }
        return out
    }

    /// The terminal summary: the headline metrics with both intervals, and in plain words the
    /// policy's net jobs in plausible worlds.
    public static func summary(_ result: UncertaintyResult, analysis: UncertaintyAnalysis, scenario: String, language l: Language = .en) -> String {
        var out = l.words("uncertainty.parameter_draws_replications", ["scenario": scenario, "draws": String(analysis.draws),
                                                                       "replications": String(analysis.replications), "seed": String(analysis.seed)])
        var rows = [[l.words("uncertainty.indicator"), l.words("uncertainty.mean"), l.words("uncertainty.monte_carlo_95"),
                     l.words("uncertainty.parameters_2_5_97_5"), l.words("uncertainty.share_from_parameters")]]
        let policy = result.policySummaries()
        for m in headline {
            guard let s = policy.first(where: { $0.metric == m }) else { continue }
            func v(_ x: Double) -> String { l.value(x, m) }
            rows.append([l.metric(m).name, v(s.mean), "[\(v(s.mcLow)); \(v(s.mcHigh))]", "[\(v(s.paramLow)); \(v(s.paramHigh))]",
                         l.percent(s.paramVarianceShare, decimals: 0)])
        }
        out += TextTable.render(rows, rightAligned: [1, 2, 3, 4])
        func n(_ x: Double) -> String { l.number(x, decimals: 0) }
        if result.policyActive, let net = result.effectSummaries().first(where: { $0.metric == .jobsAddedNet }) {
            let some = l.percent(net.probPositive, decimals: 0), chance = n((net.mcHigh - net.mcLow) / 2)
            out += l.words("uncertainty.95_plausible_worlds_policy_adds", ["param_low": n(net.paramLow), "param_high": n(net.paramHigh),
                                                                           "mean": n(net.mean), "some": some])
            out += l.words("uncertainty.chance_alone_monte_carlo", ["chance": chance])
        }
        if result.policyActive, let both = result.effectSummaries().first(where: { $0.metric.name == "jobs_added_net_inter_ecosystem" }) {
            let chance = n((both.mcHigh - both.mcLow) / 2), positive = l.percent(both.probPositive, decimals: 0)
            out += l.words("uncertainty.part_that_needs_both_ecosystems", ["param_low": n(both.paramLow), "param_high": n(both.paramHigh),
                                                                           "mean": n(both.mean), "chance": chance, "positive": positive])
        }
        return out
    }
}

/// Why a screening's or a Sobol analysis's indices are not given: the noise ratio, or why it is
/// unknown.
func noiseRefusal(_ ratio: Double, _ l: Language = .en) -> String {
    guard ratio.isFinite else {
        return l.words("uncertainty.not_reported_noise_unknown")
    }
    let share = l.percent(ratio)
    return l.words("uncertainty.not_reported_noise_share", ["share": share])
}

/// `x` with at most four significant digits, in the reader's number format, trailing zeros
/// dropped (a Morris index spans orders of magnitude).
func significant(_ x: Double, _ l: Language) -> String {
    guard x.isFinite, x != 0 else { return l.number(x, decimals: 0) }
    let decimals = max(0, 3 - Int(floor(log10(abs(x)))))
    var text = l.number(x, decimals: decimals)
    guard decimals > 0 else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(",") || text.hasSuffix(".") { text.removeLast() }
    return text
}

/// The files of `maillage uncertainty --morris`: `morris.csv` (μ, μ*, σ per prior, ranked by μ*,
/// when the Monte Carlo noise allows), `morris_samples.csv` (the design in level space and each
/// point's output) and `salib_problem.json`, from which SALib's `morris.analyze` recomputes them.
public enum MorrisOutput {
    public static func write(_ m: MorrisScreening, scenario: String, to folder: String) throws {
        var samples = CSVTable(header: m.parameters + ["y"])
        for (x, y) in zip(m.design.points, m.outputs) { samples.append(x.map(CSVTable.number) + [CSVTable.number(y)]) }
        try samples.write(to: folder + "/morris_samples.csv")
        struct Problem: Encodable { var numVars: Int; var names: [String]; var bounds: [[Double]]; var numLevels: Int }
        try AtomicFile.write(try AtomicFile.json(Problem(numVars: m.parameters.count, names: m.parameters,
                                                         bounds: m.parameters.map { _ in [0, 1] }, numLevels: m.design.levels)),
                             to: folder + "/salib_problem.json")
        var table = CSVTable(header: ["rank", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"])
        if m.identified {
            let order = m.parameters.indices.sorted { m.indices.muStar[$0] > m.indices.muStar[$1] }
            for (rank, i) in order.enumerated() {
                table.append([String(rank + 1), m.parameters[i], CSVTable.number(m.indices.mu[i]), CSVTable.number(m.indices.muStar[i]),
                              CSVTable.number(m.muStarHalfWidth[i]), CSVTable.number(m.indices.sigma[i])])
            }
        }
        try table.write(to: folder + "/morris.csv")
        struct Document: Encodable {
            var kind = "morris"
            var scenario: String, toolVersion: String, metric: String, effect: Bool, trajectories: Int, levels: Int
            var replications: Int, points: Int, noiseRatio: Double?, identified: Bool, noiseFloorMuStar: Double?
        }
        try AtomicFile.write(try AtomicFile.json(Document(
            scenario: scenario, toolVersion: maillageVersion, metric: m.metric.name, effect: m.isEffect, trajectories: m.design.trajectories,
            levels: m.design.levels, replications: m.replications, points: m.design.points.count,
            noiseRatio: m.noiseRatio.isFinite ? m.noiseRatio : nil, identified: m.identified,
            noiseFloorMuStar: m.noiseFloor.isFinite ? m.noiseFloor : nil)), to: folder + "/morris.json")
        try Manifest(kind: .morris, scenarios: [scenario], replications: m.replications).write(to: folder)
    }

    public static func summary(_ m: MorrisScreening, scenario: String, top: Int = 15, language l: Language = .en) -> String {
        let name = l.metric(m.metric).name
        let what = m.isEffect ? l.words("uncertainty.policys_effect", ["name": name]) : name
        var out = l.words("uncertainty.morris_screening_priors", ["scenario": scenario, "count": String(m.parameters.count), "what": what,
                                                                  "trajectories": String(m.design.trajectories),
                                                                  "replications": String(m.replications)])
        guard m.identified else { return out + noiseRefusal(m.noiseRatio, l) }
        let noise = l.percent(m.noiseRatio, decimals: 2), floor = significant(m.noiseFloor, l)
        out += l.words("uncertainty.morris_noise", ["noise": noise, "floor": floor])
        var rows = [[l.words("uncertainty.rank"), l.words("uncertainty.parameter"), "μ*", "±95\u{202F}%", "μ", "σ"]]
        let order = m.parameters.indices.sorted { m.indices.muStar[$0] > m.indices.muStar[$1] }
        for (rank, i) in order.prefix(top).enumerated() {
            rows.append([String(rank + 1), m.parameters[i]] + [m.indices.muStar[i], m.muStarHalfWidth[i], m.indices.mu[i], m.indices.sigma[i]].map { significant($0, l) })
        }
        return out + TextTable.render(rows, rightAligned: [0, 2, 3, 4, 5])
    }
}

/// The files of `maillage uncertainty --sobol`: `sobol.csv` (first-order and total indices of each
/// screened prior with bootstrap intervals, in the columns of a sweep's `sensitivity.csv`; NA when
/// the Monte Carlo noise is 5% or more of the variance between points), `sobol.json` (the noise
/// ratio and whether every interval lies within [−0.05, 1.05]) and the SALib exports in the
/// priors' quantile space (`salib_problem.json`, `salib_samples.csv`, `salib_outputs.csv`).
public enum PriorSensitivityOutput {
    public static func write(_ s: PriorSensitivity, scenario: String, to folder: String) throws {
        try SobolFiles.table([(s.metric, s.indices, s.noiseRatio)], parameters: s.parameters).write(to: folder + "/sobol.csv")
        try SobolFiles.writeProblem(names: s.parameters, bounds: s.parameters.map { _ in [0, 1] }, to: folder)
        var samples = CSVTable(header: s.parameters)
        for p in s.points { samples.append(p.map(ExactText.number)) }
        try samples.write(to: folder + "/salib_samples.csv")
        var outputs = CSVTable(header: [s.metric.name])
        for y in s.outputs { outputs.append([ExactText.number(y)]) }
        try outputs.write(to: folder + "/salib_outputs.csv")
        struct Document: Encodable {
            var kind = "sobol"
            var scenario: String, toolVersion: String, metric: String, effect: Bool, samples: Int, points: Int, replications: Int
            var noiseRatio: Double?, identified: Bool, intervalsWithinBounds: Bool, design: String
        }
        try AtomicFile.write(try AtomicFile.json(Document(
            scenario: scenario, toolVersion: maillageVersion, metric: s.metric.name, effect: s.isEffect, samples: s.samples, points: s.points.count,
            replications: s.replications, noiseRatio: s.noiseRatio.isFinite ? s.noiseRatio : nil, identified: s.identified,
            intervalsWithinBounds: s.indices.withinBounds,
            design: "Saltelli on GSL's Sobol sequence in the priors' quantile space; Saltelli 2010 first order, Jansen total; bootstrap intervals")),
            to: folder + "/sobol.json")
        try Manifest(kind: .sobol, scenarios: [scenario], replications: s.replications).write(to: folder)
    }

    public static func summary(_ s: PriorSensitivity, scenario: String, language l: Language = .en) -> String {
        let name = l.metric(s.metric).name
        let what = s.isEffect ? l.words("uncertainty.policys_effect", ["name": name]) : name
        var out = l.words("uncertainty.sobol_indices_priors_n_points", ["scenario": scenario, "count": String(s.parameters.count), "what": what,
                                                                        "samples": String(s.samples), "points": String(s.points.count),
                                                                        "replications": String(s.replications)])
        guard s.identified else { return out + noiseRefusal(s.noiseRatio, l) }
        let noise = l.percent(s.noiseRatio, decimals: 2)
        out += l.words("uncertainty.sobol_noise", ["noise": noise])
        if !s.indices.withinBounds {
            out += l.words("uncertainty.some_bootstrap_intervals_reach")
        }
        let i = s.indices
        func x(_ v: Double) -> String { l.number(v, decimals: 3) }
        var rows = [[l.words("uncertainty.parameter"), "S1", l.words("uncertainty.95_interval"), "ST", l.words("uncertainty.95_interval")]]
        for k in s.parameters.indices.sorted(by: { i.total[$0] > i.total[$1] }) {
            rows.append([s.parameters[k], x(i.first[k]), "[\(x(i.firstLow[k])); \(x(i.firstHigh[k]))]", x(i.total[k]), "[\(x(i.totalLow[k])); \(x(i.totalHigh[k]))]"])
        }
        return out + TextTable.render(rows, rightAligned: [1, 2, 3, 4])
    }

    /// The priors a Morris screening kept: those whose μ* minus its 95% half-width exceeds the μ*
    /// of a parameter without effect (noise alone), by rank, at most `top`.
    /// - Throws: ``InputError`` when `folder` holds no usable screening.
    public static func screened(_ folder: String, top: Int) throws -> [String] {
        let json = folder + "/morris.json"
        struct Document: Decodable { var identified: Bool; var noiseFloorMuStar: Double? }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let doc = try? decoder.decode(Document.self, from: try TextFile.bytes(json, maxBytes: 1 << 20)) else {
            throw InputError(file: json, message: "expected the morris.json of a Morris screening (maillage uncertainty --morris), found none or something else")
        }
        guard doc.identified, let floor = doc.noiseFloorMuStar else {
            throw InputError(file: json, field: "identified", message: "expected a screening whose Monte Carlo noise allowed a ranking, found none: rerun --morris with more replications")
        }
        let table = try DelimitedText(path: folder + "/morris.csv", delimiter: ",")
        let p = try table.column("parameter"), m = try table.column("mu_star"), c = try table.column("mu_star_conf")
        var kept: [String] = []
        for row in table.rows where kept.count < top {
            if try table.number(row, m) - table.number(row, c) > floor { kept.append(row.fields[p]) }
        }
        guard !kept.isEmpty else {
            throw InputError(file: folder + "/morris.csv", message: "expected at least one prior whose μ* stands out of the noise (μ* − its half-width above \(floor)), found none")
        }
        return kept
    }
}

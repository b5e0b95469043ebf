import Foundation
import MaillageFoundation
import MaillageModel
import MaillageExperiments

/// A run's effects over plausible worlds (`plausible.csv`), and the sentences that say them.
public enum PlausibleOutput {
    /// The effects a reader is told about first, in this order.
    public static let headline: [Metric] = [.jobsAddedNet, .jobsAdded, .jobsAddedGross]

    /// `plausible.csv`: for each effect (the policy's world minus the world without it, paired),
    /// the run's mean and Monte Carlo interval at the scenario's parameters (for the effects the
    /// run itself reports, `jobs_added`…; NA for a change of a rate, which the run reports as
    /// a level), then the range over plausible worlds, the share of them where the effect is
    /// positive, the bounds' standard errors, the design and what the draws came from.
    public static func table(_ p: PlausibleRange, run: RunResult) -> CSVTable {
        var t = CSVTable(header: ["metric", "mean", "mc_ci95_low", "mc_ci95_high", "plausible_mean", "plausible_p025", "plausible_p975",
                                  "prob_positive", "p025_se", "p975_se", "draws", "replications_per_draw", "design_seed", "priors",
                                  "priors_fingerprint", "posterior", "posterior_fingerprint"])
        let n = CSVTable.number
        for r in p.rows {
            let e = r.metric.group == .effects ? run.estimate(r.metric) : Estimate(mean: .nan, sd: .nan, low: .nan, high: .nan, n: 0)
            t.append([r.metric.name, n(e.mean), n(e.low), n(e.high), n(r.mean), n(r.low), n(r.high), n(r.probPositive), n(r.lowError),
                      n(r.highError), String(r.draws), String(p.design.replications), String(p.design.designSeed), p.priorsFile,
                      p.priorsFingerprint, p.posteriorFile ?? "", p.posteriorFingerprint ?? ""])
        }
        return t
    }

    /// One effect as `plausible.csv` holds it.
    public struct Row: Sendable {
        public var metric: Metric
        public var run: (mean: Double, low: Double, high: Double)
        public var low: Double, high: Double, probPositive: Double
        public var draws: Int, replicationsPerDraw: Int
        public var posterior: String
    }

    /// The rows of `folder/plausible.csv` by metric; nil when the folder has none.
    /// - Throws: ``InputError`` for a file that is not one `maillage run` wrote.
    public static func read(_ folder: String) throws -> [Metric: Row]? {
        let path = folder + "/plausible.csv"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let t = try DelimitedText(path: path, delimiter: ",")
        let c = try ["metric", "mean", "mc_ci95_low", "mc_ci95_high", "plausible_p025", "plausible_p975", "prob_positive", "draws",
                     "replications_per_draw", "posterior"].map { try t.column($0) }
        var rows: [Metric: Row] = [:]
        for r in t.rows {
            guard let m = Metric.named(r.fields[c[0]]) else { continue }
            func x(_ k: Int) -> Double { Double(r.fields[c[k]]) ?? .nan }
            rows[m] = Row(metric: m, run: (x(1), x(2), x(3)), low: x(4), high: x(5), probPositive: x(6), draws: Int(r.fields[c[7]]) ?? 0,
                          replicationsPerDraw: Int(r.fields[c[8]]) ?? 0, posterior: r.fields[c[9]])
        }
        return rows
    }

    /// What the range is, in a sentence: how many worlds, drawn from what.
    public static func design(draws: Int, replications: Int, posterior: Bool, _ l: Language) -> String {
        l.words(posterior ? "plausible.design_posterior" : "plausible.design_priors", ["draws": String(draws), "replications": String(replications)])
    }

    /// One effect: the run's value with its Monte Carlo interval, the plausible range and how
    /// often it is positive, and, when the range holds zero, that the model cannot tell.
    public static func sentence(_ m: Metric, mean: Double, mc: (low: Double, high: Double), low: Double, high: Double, probPositive: Double,
                                _ l: Language) -> String {
        let signed = Terminal.isSigned(m)
        func v(_ x: Double) -> String { l.value(x, m, signed: signed) }
        var s = l.words("plausible.sentence", ["metric": l.metric(m).name, "mean": v(mean), "chance_low": v(mc.low), "chance_high": v(mc.high),
                                               "low": v(low), "high": v(high), "positive": l.percent(probPositive, decimals: 0)])
        if low <= 0 && high >= 0 && m.group == .effects {
            s += " " + cannotTell(m, l)
        }
        return s
    }

    /// What a range holding zero means, in words: the model cannot tell the effect's sign.
    public static func cannotTell(_ m: Metric, _ l: Language) -> String {
        switch m {
        case .jobsAddedNet, .jobsAdded, .jobsAddedGross:
            return l.words("plausible.cannot_tell_jobs")
        default:
            return l.words("plausible.cannot_tell_direction")
        }
    }

    /// The headline effects' sentences from `plausible.csv`'s rows, the design's sentence first.
    public static func sentences(_ rows: [Metric: Row], _ l: Language) -> [String] {
        let shown = headline.compactMap { rows[$0] }
        guard let first = shown.first else { return [] }
        return [design(draws: first.draws, replications: first.replicationsPerDraw, posterior: !first.posterior.isEmpty, l)]
            + shown.map { sentence($0.metric, mean: $0.run.mean, mc: ($0.run.low, $0.run.high), low: $0.low, high: $0.high, probPositive: $0.probPositive, l) }
    }

    /// What each study cell's net jobs come to over plausible worlds (its `plausible.csv` in
    /// `folder/<scenario>/<policy>/`): the worlds' description, then a line per cell that has a
    /// range; empty when none has.
    /// - Throws: ``InputError`` for a `plausible.csv` that does not read.
    public static func cellLines(_ cells: [(scenario: String, policy: String)], folder: String, _ l: Language) throws -> [String] {
        var lines: [String] = []
        for cell in cells {
            guard let rows = try read("\(folder)/\(cell.scenario)/\(cell.policy)") else { continue }
            let sentences = self.sentences(rows, l)
            guard sentences.count >= 2 else { continue }
            if lines.isEmpty { lines.append(sentences[0]) }
            lines.append(l.territory(cell.scenario) + " — " + l.policy(cell.policy) + ", " + sentences[1])
        }
        return lines
    }

    /// Lines as ``sentences(_:_:)`` or ``cellLines(_:folder:_:)`` give them, for the terminal:
    /// the first wrapped at 100 columns, each other one indented under it (its continuation
    /// further), every line within 100 columns.
    public static func terminal(_ lines: [String]) -> String {
        var out: [String] = []
        for (k, line) in lines.enumerated() {
            let wrapped = Terminal.wrap(line, k == 0 ? 100 : 96)
            out += k == 0 ? wrapped : wrapped.enumerated().map { ($0.offset == 0 ? "  " : "    ") + $0.element }
        }
        return out.joined(separator: "\n")
    }
}

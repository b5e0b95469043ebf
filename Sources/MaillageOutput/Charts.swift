import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Charts of the results in an output folder: gnuplot charts as SVG and PNG, and maps as SVG
/// (``ZoneMap``).
///
/// Which charts apply depends on the folder's kind (its ``Manifest``): a study's
/// `comparison.csv`, a comparison's `compare.csv`, a sweep's `sensitivity.csv`, a budget's
/// `frontier.csv`, a placement's `zones.csv`, a run's or coverage's `zones.geojson`, and for the
/// shipped results all of these. The gnuplot script embeds its data, so the same files give the
/// same SVG.
public enum Charts {
    /// A chart ready to draw.
    struct Chart {
        var name: String
        var width: Int
        var height: Int
        var script: String
    }

    /// Draws the charts that apply to the results folder `results` (by its manifest's kind) into
    /// `folder`; returns the chart names. Maps are SVG (drawn by ``ZoneMap``); gnuplot charts are
    /// SVG and PNG.
    /// - Throws: ``InputError`` when `results` is not a results folder of this tool, is a shard,
    ///   or holds none of the data its kind's charts need.
    public static func render(results: String, language: Language, to folder: String) throws -> [String] {
        let manifest = try Manifest.read(results)
        var charts: [Chart] = [], maps: [ZoneMap.Figure] = []
        switch manifest.kind {
        case .shipped:
            func path(_ e: ShippedOutput.Entry, _ file: String) -> String { results + "/" + e.folder + "/" + file }
            if let c = try studyMetrics(path(ShippedOutput.defaultStudy, "comparison.csv"), language) { charts.append(c) }
            if let c = try leverEffects(path(ShippedOutput.ruralVsMetro, "effects.csv"), language) { charts.append(c) }
            for territory in ShippedOutput.curveTerritories {
                if let c = try fundingCurves(results, territory: territory, language) { charts.append(c) }
            }
            let entries = ShippedOutput.territories.flatMap { [ShippedOutput.map($0, real: false), ShippedOutput.map($0, real: true)] }
                .sorted { $0.folder < $1.folder }
            for e in entries where FileManager.default.fileExists(atPath: results + "/" + e.folder + "/zones.geojson") {
                // The travel-time map of each territory; the report of a coverage folder has the others.
                maps += try ZoneMap.figures(results + "/" + e.folder, kind: .coverage, language,
                                            prefix: "map-" + (e.folder as NSString).lastPathComponent).prefix(1)
            }
            if let c = try sobol(path(ShippedOutput.sensitivity, "sensitivity.csv"), title: language.words("chart.metropolis"), language) { charts.append(c) }
            if let c = try sobol(path(ShippedOutput.priorSensitivity, "sobol/sobol.csv"),
                                 title: language.words("chart.assumptions_200_k_split_evenly"),
                                 language, metrics: nil, name: "sobol-priors") { charts.append(c) }
            if let c = try convergence(path(ShippedOutput.convergence, "convergence.csv"), language) { charts.append(c) }
        case .shard:
            throw InputError(file: results, message: "expected a complete results folder, found one shard: merge the shards with `maillage merge` first")
        case .run, .coverage:
            if FileManager.default.fileExists(atPath: results + "/zones.geojson") { maps = try ZoneMap.figures(results, kind: manifest.kind, language) }
        case .study:
            if let c = try studyMetrics(results + "/comparison.csv", language, shipped: false) { charts.append(c) }
        case .compare:
            if let c = try compareEffects(results + "/compare.csv", language) { charts.append(c) }
        case .sweep:
            if let c = try sobol(results + "/sensitivity.csv", title: manifest.scenarios.joined(separator: ", "), language) { charts.append(c) }
        case .budget:
            if let c = try frontier(results + "/frontier.csv", objective: nil, language) { charts.append(c) }
        case .placement:
            if FileManager.default.fileExists(atPath: results + "/zones.geojson") { maps = try ZoneMap.figures(results, kind: .placement, language) }
        case .national:
            let layer = results + "/territories.geojson"
            maps = try ZoneMap.figures(try ZoneMap(zones: try TextFile.read(layer, maxBytes: Limits.geoJSONBytes), points: nil, path: layer),
                                       kind: .national, language, prefix: "map")
        case .uncertainty:
            if let c = try uncertaintyRanges(results, language) { charts.append(c) }
        case .morris:
            if let c = try morris(results + "/morris.csv", language) { charts.append(c) }
        case .sobol:
            if let c = try sobol(results + "/sobol.csv", title: manifest.scenarios.joined(separator: ", "), language, metrics: nil) { charts.append(c) }
        }
        guard !charts.isEmpty || !maps.isEmpty else {
            throw InputError(file: results, message: "expected data to chart in this \(manifest.kind.rawValue) folder, found none (a Morris screening refused for noise, or a study's uncertainty, has tables only: `maillage report` shows them)")
        }
        let output = try ResultsFolder(folder)
        for chart in charts { try draw(chart, language: language, to: output.staging) }
        for map in maps { try AtomicFile.write(map.svg, to: output.staging + "/" + map.name + ".svg") }
        try output.commit()
        return charts.map(\.name) + maps.map(\.name)
    }

    // MARK: Drawing

    /// Draws `chart` as SVG and PNG into `folder`; French charts put a comma before decimals.
    static func draw(_ chart: Chart, language: Language, to folder: String) throws {
        let svg = folder + "/" + chart.name + ".svg", png = folder + "/" + chart.name + ".png"
        for (terminal, path) in [("svg size \(chart.width),\(chart.height) font \"DejaVu Sans,13\" noenhanced background rgb \"white\"", svg),
                                 ("pngcairo size \(chart.width),\(chart.height) font \"DejaVu Sans,12\" noenhanced background rgb \"white\"", png)] {
            let temporary = (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
            let script = "set terminal \(terminal)\nset output \(quote(temporary))\nset encoding utf8\nset datafile missing \"NA\"\n"
                + (language == .fr ? "set decimalsign ','\n" : "") + chart.script + "\nunset output\n"
            try runGnuplot(script, chart: chart.name)
            guard rename(temporary, path) == 0 else { throw OutputError(path: path, message: "cannot move the chart into place") }
        }
    }

    static func runGnuplot(_ script: String, chart: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw OutputError(path: chart, message: "cannot start gnuplot (install Debian's gnuplot-nox; `make charts` does)")
        }
        input.fileHandleForWriting.write(Data(script.utf8))
        try? input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OutputError(path: chart, message: "gnuplot failed: \(message.split(separator: "\n").suffix(3).joined(separator: " | "))")
        }
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func n(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "NA" }

    /// A gnuplot data block.
    static func block(_ name: String, _ rows: [[String]]) -> String {
        "$\(name) << EOD\n" + rows.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\nEOD\n"
    }

    static func read(_ path: String) throws -> DelimitedText? {
        FileManager.default.fileExists(atPath: path) ? try DelimitedText(path: path, delimiter: ",") : nil
    }

    static let greys = "#bdbdbd", blue = "#2b7bba", orange = "#e6550d", green = "#31a354", purple = "#756bb1"
    static let palette = [blue, orange, green, purple, "#636363", "#de2d26", "#66c2a5", "#8c6d31"]

    // MARK: The default study

    static func studyMetrics(_ path: String, _ l: Language, shipped: Bool = true) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let sc = try t.column("scenario"), po = try t.column("policy"), me = try t.column("metric")
        let mean = try t.column("mean"), lo = try t.column("ci95_low"), hi = try t.column("ci95_high")
        let scenarios = t.distinct(sc), policies = t.distinct(po)
        let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .abandonmentRate, .jobsCreated]
        // Two policies keep the shipped layout; more share each territory's slot, with a taller key.
        let many = policies.count > 2
        let width = many ? 0.84 / Double(policies.count) : 0.36, step = many ? width : 0.38
        var script = "set multiplot layout 2,3 margins 0.07,0.98,\(many ? "0.26" : "0.1"),0.9 spacing 0.07,0.12 title \(quote(shipped ? l.words("chart.three_territories_without_full") : l.words("chart.each_scenario_under_each_policy"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth \(n(width))\nset grid ytics lc rgb \"#dddddd\"\n"
        script += "set xtics (" + scenarios.enumerated().map { "\(quote(l.territory($1).split(separator: " ").first.map(String.init) ?? $1)) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(scenarios.count) - 0.4)]\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\(many ? " maxcols 5 width -3" : "")\n"
        for (k, m) in metrics.enumerated() {
            let (name, unit) = l.metric(m)
            var plots: [String] = []
            for (j, policy) in policies.enumerated() {
                let rows = t.rows.filter { $0.fields[me] == m.name && $0.fields[po] == policy }.compactMap { r -> [String]? in
                    guard let i = scenarios.firstIndex(of: r.fields[sc]) else { return nil }
                    return [String(i), r.fields[mean], r.fields[lo], r.fields[hi]]
                }
                script += block("m\(k)p\(j)", rows)
                let offset = (Double(j) - Double(policies.count - 1) / 2) * step
                plots.append("$m\(k)p\(j) using ($1+\(offset)):2:3:4:(\(n(width))) with boxerrorbars lc rgb \"\(j == 0 ? greys : palette[(j - 1) % palette.count])\" "
                             + (k == 0 ? "title \(quote(l.policy(policy)))" : "notitle"))
            }
            script += "set title \(quote(name))\nset ylabel \(quote(unit))\nset yrange [0:*]\nset offsets 0, 0, graph 0.12, 0\n"
            if k > 0 { script += "unset key\n" }
            script += "plot " + plots.joined(separator: ", ") + "\n"
        }
        return Chart(name: shipped ? "default-study-metrics" : "study-metrics", width: 1350, height: many ? 1040 : 820, script: script + "unset multiplot\n")
    }

    // MARK: A comparison

    /// Each scenario's difference to the reference on the headline metrics, with paired 95%
    /// intervals.
    static func compareEffects(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let sc = try t.column("scenario"), me = try t.column("metric")
        let d = try t.column("difference"), lo = try t.column("paired_low"), hi = try t.column("paired_high")
        let scenarios = Array(t.distinct(sc).dropFirst())
        guard !scenarios.isEmpty else { return nil }
        let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .jobsCreated]
        var script = "set multiplot layout 1,\(metrics.count) margins 0.05,0.98,0.22,0.86 spacing 0.05,0.1 title \(quote(l.words("chart.difference_first_scenario_paired"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.6\nset grid ytics lc rgb \"#dddddd\"\nset xzeroaxis lt -1\nunset key\n"
        script += "set xtics rotate by -30 font \",10\" (" + scenarios.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(scenarios.count) - 0.4)]\nset offsets 0, 0, graph 0.12, graph 0.12\n"
        for (k, m) in metrics.enumerated() {
            let rows = t.rows.filter { $0.fields[me] == m.name }.compactMap { r -> [String]? in
                guard let i = scenarios.firstIndex(of: r.fields[sc]) else { return nil }
                return [String(i), r.fields[d], r.fields[lo], r.fields[hi]]
            }
            script += block("c\(k)", rows)
            script += "set title \(quote(l.metric(m).name))\nset ylabel \(quote(l.metric(m).unit))\n"
            script += "plot $c\(k) using 1:2:3:4:(0.6) with boxerrorbars lc rgb \"\(blue)\"\n"
        }
        return Chart(name: "compare-effects", width: 1500, height: 560, script: script + "unset multiplot\n")
    }

    // MARK: Each lever, rural against metropolitan

    static func leverEffects(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let sc = try t.column("scenario"), po = try t.column("policy"), me = try t.column("metric")
        let effect = try t.column("effect"), lo = try t.column("paired_low"), hi = try t.column("paired_high")
        let scenarios = t.distinct(sc), policies = t.distinct(po)
        let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .jobsCreated]
        var script = "set multiplot layout 2,2 margins 0.07,0.93,0.16,0.91 spacing 0.08,0.2 title \(quote(l.words("chart.each_levers_effect_rural_against"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.38\nset grid ytics lc rgb \"#dddddd\"\n"
        script += "set xtics rotate by -30 font \",11\" (" + policies.enumerated().map { "\(quote(l.policy($1))) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(policies.count) - 0.4)]\nset xzeroaxis lt -1\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\n"
        script += "set offsets 0, 0, graph 0.12, graph 0.12\n"
        for (k, m) in metrics.enumerated() {
            let (name, unit) = l.metric(m)
            var plots: [String] = []
            for (j, scenario) in scenarios.enumerated() {
                let rows = t.rows.filter { $0.fields[me] == m.name && $0.fields[sc] == scenario }.compactMap { r -> [String]? in
                    guard let i = policies.firstIndex(of: r.fields[po]) else { return nil }
                    return [String(i), r.fields[effect], r.fields[lo], r.fields[hi]]
                }
                script += block("e\(k)s\(j)", rows)
                let offset = (Double(j) - Double(scenarios.count - 1) / 2) * 0.4
                plots.append("$e\(k)s\(j) using ($1+\(offset)):2:3:4:(0.38) with boxerrorbars lc rgb \"\(palette[j % palette.count])\" "
                             + (k == 0 ? "title \(quote(l.territory(scenario)))" : "notitle"))
            }
            script += "set title \(quote(name))\nset ylabel \(quote(l.words("chart.difference") + " (" + unit + ")"))\nset autoscale y\n"
            if k > 0 { script += "unset key\n" }
            script += "plot " + plots.joined(separator: ", ") + "\n"
        }
        return Chart(name: "rural-vs-metro-effects", width: 1350, height: 900, script: script + "unset multiplot\n")
    }

    // MARK: Funding curves

    static func fundingCurves(_ results: String, territory: String, _ l: Language) throws -> Chart? {
        let levers = FundingLine.allCases.map(\.rawValue)
        var blocks = "", jobsPlots: [String] = [], costPlots: [String] = []
        for (j, lever) in levers.enumerated() {
            guard let t = try read(results + "/" + ShippedOutput.fundingCurve(territory, lever).folder + "/results.csv") else { continue }
            let b = try t.column("policy.funding.budget_eur")
            let jm = try t.column("jobs_added_mean"), jl = try t.column("jobs_added_ci95_low"), jh = try t.column("jobs_added_ci95_high")
            let cm = try t.column("cost_per_job_eur_mean"), cl = try t.column("cost_per_job_eur_ci95_low"), ch = try t.column("cost_per_job_eur_ci95_high")
            blocks += block("f\(j)", t.rows.map { r in
                [n((Double(r.fields[b]) ?? .nan) / 1000), r.fields[jm], r.fields[jl], r.fields[jh], r.fields[cm], r.fields[cl], r.fields[ch]]
            })
            let style = "with yerrorlines lw 2 pt 7 ps 0.8 lc rgb \"\(palette[j])\" title \(quote(l.policy(lever)))"
            jobsPlots.append("$f\(j) using 1:2:3:4 \(style)")
            costPlots.append("$f\(j) using 1:5:6:7 \(style)")
        }
        guard !jobsPlots.isEmpty else { return nil }
        var script = blocks
        script += "set multiplot layout 1,2 title \(quote(l.words("chart.funding_title", ["territory": l.territory(territory)]))) font \",15\"\n"
        script += "set grid lc rgb \"#dddddd\"\nset key top left box opaque font \",11\"\nset xlabel \(quote(l.words("chart.yearly_budget_thousand_euros")))\n"
        script += "set logscale x 2\nset xrange [20:500]\nset xtics (25, 50, 100, 200, 400)\n"
        script += "set title \(quote(l.words("chart.jobs_at_horizon_title", ["metric": l.metric(.jobsAdded).name])))\nset ylabel \(quote(l.words("chart.jobs")))\n"
        script += "plot " + jobsPlots.joined(separator: ", ") + "\n"
        script += "set title \(quote(l.metric(.costPerJobEur).name))\nset ylabel \(quote(l.words("chart.euros_per_job")))\nset logscale y 10\nset key top right\n"
        script += "plot " + costPlots.joined(separator: ", ") + "\nunset multiplot\n"
        return Chart(name: "funding-\(territory)", width: 1350, height: 600, script: script)
    }

    // MARK: Budget optimisation

    /// Draws the frontier of `maillage optimise budget --budgets` (its `frontier.csv`) into `folder`.
    public static func drawFrontier(_ path: String, objective: Metric, language: Language, to folder: String) throws {
        guard let chart = try frontier(path, objective: objective, language) else { return }
        try draw(chart, language: language, to: folder)
    }

    /// The best objective per budget with its interval, and the best single line's beside it.
    /// The objective's name comes from the `budget.json` beside the CSV when not given.
    static func frontier(_ path: String, objective: Metric?, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        var metric = objective
        if metric == nil, let data = FileManager.default.contents(atPath: (path as NSString).deletingLastPathComponent + "/budget.json"),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let name = json["objective"] as? String {
            metric = Metric.named(name)
        }
        let b = try t.column("budget_eur"), m = try t.column("best_mean"), lo = try t.column("best_ci95_low"), hi = try t.column("best_ci95_high")
        let sm = try t.column("best_single_mean"), sl = try t.column("best_single_ci95_low"), sh = try t.column("best_single_ci95_high")
        let rows = t.rows.map { r in [n((Double(r.fields[b]) ?? .nan) / 1000), r.fields[m], r.fields[lo], r.fields[hi], r.fields[sm], r.fields[sl], r.fields[sh]] }
        let name = metric.map { l.metric($0).name } ?? l.words("chart.objective")
        var script = block("f", rows)
        script += "set title \(quote(l.words("chart.best_split_budget_best_single")))\n"
        script += "set grid lc rgb \"#dddddd\"\nset key top left box opaque font \",11\"\n"
        script += "set xlabel \(quote(l.words("chart.yearly_budget_thousand_euros")))\nset ylabel \(quote(name))\n"
        script += "set offsets graph 0.05, graph 0.05, graph 0.1, graph 0.05\n"
        script += "plot $f using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb \"\(blue)\" title \(quote(l.words("chart.best_split"))), "
        script += "$f using 1:5:6:7 with yerrorlines lw 2 pt 5 dt 2 lc rgb \"\(orange)\" title \(quote(l.words("chart.best_single_line")))\n"
        return Chart(name: "budget-frontier", width: 900, height: 600, script: script)
    }

    // MARK: Placement

    /// Draws the map of `maillage optimise placement` (its `zones.geojson`) into `folder` as
    /// `placement-map.svg`.
    public static func drawPlacement(_ folder: String, language: Language) throws {
        for figure in try ZoneMap.figures(folder, kind: .placement, language, prefix: "placement") {
            try AtomicFile.write(figure.svg, to: folder + "/placement-map.svg")
        }
    }

    // MARK: Uncertainty and screening

    /// The policy's effects on jobs over the parameter draws: the Monte Carlo interval of the mean
    /// and, wider, the range of plausible values (2.5–97.5% of the draws' means).
    static func uncertaintyRanges(_ folder: String, _ l: Language) throws -> Chart? {
        guard let t = try read(folder + "/uncertainty_effects.csv") else { return nil }
        let me = try t.column("metric"), mean = try t.column("mean"), ml = try t.column("mc_ci95_low"), mh = try t.column("mc_ci95_high")
        let pl = try t.column("param_p025"), ph = try t.column("param_p975")
        let metrics: [Metric] = [.jobsAdded, .jobsAddedNet, .jobsAddedGross]
        let rows = metrics.enumerated().compactMap { k, m -> [String]? in
            guard let r = t.rows.first(where: { $0.fields[me] == m.name }) else { return nil }
            return [String(k), r.fields[mean], r.fields[ml], r.fields[mh], r.fields[pl], r.fields[ph]]
        }
        guard !rows.isEmpty else { return nil }
        var script = block("u", rows)
        script += "set title \(quote(l.words("chart.jobs_added_over_plausible")))\n"
        script += "set xtics (" + metrics.enumerated().map { "\(quote(l.metric($1).name)) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(metrics.count) - 0.4)]\nset grid ytics lc rgb \"#dddddd\"\nset xzeroaxis lt -1\n"
        script += "set ylabel \(quote(l.words("chart.jobs_horizon")))\nset offsets 0, 0, graph 0.12, graph 0.12\n"
        script += "set key top right box opaque font \",11\"\n"
        script += "plot $u using ($1+0.08):2:5:6 with yerrorbars lw 2 pt 7 lc rgb \"\(orange)\" title \(quote(l.words("chart.plausible_range_2_5_97_5_draws"))), "
        script += "$u using ($1-0.08):2:3:4 with yerrorbars lw 2 pt 5 lc rgb \"\(blue)\" title \(quote(l.words("chart.monte_carlo_95_interval_mean")))\n"
        return Chart(name: "uncertainty-jobs", width: 900, height: 600, script: script)
    }

    /// Morris screening: each prior's μ* against σ, labelled, the most influential on the right.
    static func morris(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path), !t.rows.isEmpty else { return nil }
        let pa = try t.column("parameter"), ms = try t.column("mu_star"), sg = try t.column("sigma")
        let rows = t.rows.map { [$0.fields[ms], $0.fields[sg], quote(String($0.fields[pa].split(separator: ".").last ?? ""))] }
        var script = block("m", rows)
        script += "set title \(quote(l.words("chart.morris_screening_mean_absolute")))\n"
        script += "set xlabel \"μ*\"\nset ylabel \"σ\"\nset grid lc rgb \"#dddddd\"\nset offsets graph 0.02, graph 0.15, graph 0.1, graph 0.02\n"
        script += "plot $m using 1:2 with points pt 7 ps 1.2 lc rgb \"\(blue)\" notitle, $m using 1:2:3 with labels offset 0.8,0.6 left font \",9\" notitle\n"
        return Chart(name: "morris", width: 1000, height: 700, script: script)
    }

    // MARK: Sensitivity and convergence

    /// `metrics`: the panels, among the metrics with indices; by default the first three headline
    /// metrics with indices; nil: every metric of the file (a prior Sobol analysis has one).
    static func sobol(_ path: String, title: String, _ l: Language, metrics chosen: [Metric]? = [.firstContactFitRate, .supportedShare, .jobsCreated, .jobsAdded,
                                                                                                  .abandonmentRate, .referralSuccessRate, .coverageRate],
                      name: String = "sobol-indices") throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let me = try t.column("metric"), pa = try t.column("parameter")
        let s1 = try t.column("S1"), s1l = try t.column("S1_ci95_low"), s1h = try t.column("S1_ci95_high")
        let st = try t.column("ST"), stl = try t.column("ST_ci95_low"), sth = try t.column("ST_ci95_high")
        let parameters = t.distinct(pa)
        // The first three headline metrics whose indices were not refused for noise (NA).
        let reported = Set(t.rows.filter { Double($0.fields[s1]) != nil }.map { $0.fields[me] })
        let metrics = Array((chosen ?? t.distinct(me).compactMap(Metric.named)).filter { reported.contains($0.name) }.prefix(3))
        guard !metrics.isEmpty else { return nil }
        var script = "set multiplot layout 1,\(metrics.count) margins 0.06,0.90,0.25,0.88 spacing 0.06,0.1 title \(quote(l.words("chart.sobol_sensitivity_indices_first", ["title": title]))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.36\nset grid ytics lc rgb \"#dddddd\"\n"
        // The whole of every interval is shown: estimates outside [0, 1] are sampling error, explained in the report, not clipped.
        let values = t.rows.flatMap { r in [s1, s1l, s1h, st, stl, sth].compactMap { Double(r.fields[$0]) } }.filter(\.isFinite)
        let low = min(-0.1, (values.min() ?? 0) - 0.05), high = max(1.1, (values.max() ?? 1) + 0.1)
        script += "set yrange [\(n(low)):\(n(high))]\n"
        script += "set xtics rotate by -30 font \",11\" (" + parameters.enumerated().map { "\(quote(String($1.split(separator: ".").last ?? ""))) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(parameters.count) - 0.4)]\nset xzeroaxis lt -1\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\nset ylabel \(quote(l.words("chart.share_output_variance")))\n"
        for (k, m) in metrics.enumerated() {
            let rows = t.rows.filter { $0.fields[me] == m.name }.compactMap { r -> [String]? in
                guard let i = parameters.firstIndex(of: r.fields[pa]) else { return nil }
                return [String(i), r.fields[s1], r.fields[s1l], r.fields[s1h], r.fields[st], r.fields[stl], r.fields[sth]]
            }
            script += block("s\(k)", rows)
            script += "set title \(quote(l.metric(m).name))\n"
            if k > 0 { script += "unset key\n" }
            script += "plot $s\(k) using ($1-0.19):2:3:4:(0.36) with boxerrorbars lc rgb \"\(greys)\" title \(quote(l.words("chart.first_order_s1"))), "
                + "$s\(k) using ($1+0.19):5:6:7:(0.36) with boxerrorbars lc rgb \"\(blue)\" title \(quote(l.words("chart.total_st")))\n"
        }
        return Chart(name: name, width: 1400, height: 620, script: script + "unset multiplot\n")
    }

    static func convergence(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let reps = try t.column("replications"), me = try t.column("metric"), w = try t.column("relative_half_width"), p = try t.column("precision")
        let metrics = t.distinct(me)
        var script = "", plots: [String] = []
        for (k, name) in metrics.enumerated() {
            let rows = t.rows.filter { $0.fields[me] == name && (Double($0.fields[w]) ?? 0) > 0 }.map { [$0.fields[reps], $0.fields[w]] }
            guard !rows.isEmpty else { continue }
            script += block("v\(k)", rows)
            let label = Metric.named(name).map { l.metric($0).name } ?? name
            plots.append("$v\(k) using 1:2 with linespoints lw 2 pt 7 lc rgb \"\(palette[k % palette.count])\" title \(quote(label))")
        }
        let precision = Double(t.rows.first?.fields[p] ?? "") ?? .nan
        script += "set title \(quote(l.words("chart.convergence_95_half_width"))) font \",15\"\n"
        script += "set logscale xy\nset grid lc rgb \"#dddddd\"\nset xlabel \(quote(l.words("chart.replications")))\n"
        script += "set ylabel \(quote(l.words("chart.95_half_width_mean")))\nset key top right box opaque font \",11\"\n"
        plots.append("\(n(precision)) with lines dt 2 lw 2 lc rgb \"black\" title \(quote(l.words("chart.precision_asked")))")
        script += "plot " + plots.joined(separator: ", ") + "\n"
        return Chart(name: "convergence", width: 1000, height: 620, script: script)
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Charts of the results in an output folder, drawn with gnuplot as SVG and PNG.
///
/// Each chart reads the CSV files one command wrote (a study's `comparison.csv` and
/// `effects.csv`, sweeps' `results.csv` and `sensitivity.csv`, `convergence.csv`, coverage's
/// `zones.csv`) and is skipped when they are absent. The gnuplot script embeds its data, so the
/// same files give the same SVG.
public enum Charts {
    /// A chart ready to draw.
    struct Chart {
        var name: String
        var width: Int
        var height: Int
        var script: String
    }

    /// Draws every chart whose data is in `results` into `folder`; returns the chart names.
    /// - Throws: ``InputError`` when `results` is not a folder or holds no results to chart.
    public static func render(results: String, language: Language, to folder: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: results, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: results, message: "expected a results folder, found none there")
        }
        var charts: [Chart] = []
        func path(_ e: ShippedOutput.Entry, _ file: String) -> String { results + "/" + e.folder + "/" + file }
        if let c = try studyMetrics(path(ShippedOutput.defaultStudy, "comparison.csv"), language) { charts.append(c) }
        if let c = try leverEffects(path(ShippedOutput.ruralVsMetro, "effects.csv"), language) { charts.append(c) }
        for territory in ShippedOutput.curveTerritories {
            if let c = try fundingCurves(results, territory: territory, language) { charts.append(c) }
        }
        let maps = ShippedOutput.territories.flatMap { [ShippedOutput.map($0, real: false), ShippedOutput.map($0, real: true)] }
            .sorted { $0.folder < $1.folder }
        for e in maps {
            if let c = try map(results + "/" + e.folder, scenario: (e.folder as NSString).lastPathComponent, language) { charts.append(c) }
        }
        if let c = try sobol(path(ShippedOutput.sensitivity, "sensitivity.csv"), language) { charts.append(c) }
        if let c = try convergence(path(ShippedOutput.convergence, "convergence.csv"), language) { charts.append(c) }
        if let c = try frontier(results + "/frontier.csv", objective: nil, language) { charts.append(c) }
        if let c = try placementMap(results + "/zones.csv", language) { charts.append(c) }
        guard !charts.isEmpty else {
            throw InputError(file: results, message: "expected results of maillage to chart (a study, sweeps, maps, convergence), found none")
        }
        let output = try ResultsFolder(folder)
        for chart in charts { try draw(chart, to: output.staging) }
        try output.commit()
        return charts.map(\.name)
    }

    // MARK: Drawing

    static func draw(_ chart: Chart, to folder: String) throws {
        let svg = folder + "/" + chart.name + ".svg", png = folder + "/" + chart.name + ".png"
        for (terminal, path) in [("svg size \(chart.width),\(chart.height) font \"DejaVu Sans,13\" noenhanced background rgb \"white\"", svg),
                                 ("pngcairo size \(chart.width),\(chart.height) font \"DejaVu Sans,12\" noenhanced background rgb \"white\"", png)] {
            let temporary = (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
            let script = "set terminal \(terminal)\nset output \(quote(temporary))\nset encoding utf8\nset datafile missing \"NA\"\n"
                + chart.script + "\nunset output\n"
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
    static let palette = [blue, orange, green, purple, "#636363", "#de2d26", "#3182bd", "#8c6d31"]

    // MARK: The default study

    static func studyMetrics(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let sc = try t.column("scenario"), po = try t.column("policy"), me = try t.column("metric")
        let mean = try t.column("mean"), lo = try t.column("ci95_low"), hi = try t.column("ci95_high")
        let scenarios = t.distinct(sc), policies = t.distinct(po)
        let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .supportedShare, .abandonmentRate, .jobsCreated]
        var script = "set multiplot layout 2,3 margins 0.07,0.98,0.1,0.9 spacing 0.07,0.12 title \(quote(l.t("The three territories without and with full cooperation (means and 95% intervals)", "Les trois territoires sans et avec coopération complète (moyennes et intervalles à 95 %)"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.36\nset grid ytics lc rgb \"#dddddd\"\n"
        script += "set xtics (" + scenarios.enumerated().map { "\(quote(l.territory($1).split(separator: " ").first.map(String.init) ?? $1)) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(scenarios.count) - 0.4)]\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\n"
        for (k, m) in metrics.enumerated() {
            let (name, unit) = l.metric(m)
            var plots: [String] = []
            for (j, policy) in policies.enumerated() {
                let rows = t.rows.filter { $0.fields[me] == m.name && $0.fields[po] == policy }.compactMap { r -> [String]? in
                    guard let i = scenarios.firstIndex(of: r.fields[sc]) else { return nil }
                    return [String(i), r.fields[mean], r.fields[lo], r.fields[hi]]
                }
                script += block("m\(k)p\(j)", rows)
                let offset = (Double(j) - Double(policies.count - 1) / 2) * 0.38
                plots.append("$m\(k)p\(j) using ($1+\(offset)):2:3:4:(0.36) with boxerrorbars lc rgb \"\(j == 0 ? greys : blue)\" "
                             + (k == 0 ? "title \(quote(l.policy(policy)))" : "notitle"))
            }
            script += "set title \(quote(name))\nset ylabel \(quote(unit))\nset yrange [0:*]\n"
            if k > 0 { script += "unset key\n" }
            script += "plot " + plots.joined(separator: ", ") + "\n"
        }
        return Chart(name: "default-study-metrics", width: 1350, height: 820, script: script + "unset multiplot\n")
    }

    // MARK: Each lever, rural against metropolitan

    static func leverEffects(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let sc = try t.column("scenario"), po = try t.column("policy"), me = try t.column("metric")
        let effect = try t.column("effect"), lo = try t.column("paired_low"), hi = try t.column("paired_high")
        let scenarios = t.distinct(sc), policies = t.distinct(po)
        let metrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate, .jobsCreated]
        var script = "set multiplot layout 2,2 margins 0.07,0.93,0.16,0.91 spacing 0.08,0.2 title \(quote(l.t("Each lever's effect, rural against metropolitan (difference to no cooperation, paired 95% intervals)", "Effet de chaque levier, rural et métropole (écart à l'absence de coopération, intervalles appariés à 95 %)"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.38\nset grid ytics lc rgb \"#dddddd\"\n"
        script += "set xtics rotate by -30 font \",11\" (" + policies.enumerated().map { "\(quote(l.policy($1))) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(policies.count) - 0.4)]\nset xzeroaxis lt -1\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\n"
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
            script += "set title \(quote(name))\nset ylabel \(quote(l.t("difference", "écart") + " (" + unit + ")"))\nset autoscale y\n"
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
        script += "set multiplot layout 1,2 title \(quote(l.t("Funding on", "Financement,") + " " + l.territory(territory) + l.t(": the same budget spent on one lever", " : le même budget consacré à un levier"))) font \",15\"\n"
        script += "set grid lc rgb \"#dddddd\"\nset key top left box opaque font \",11\"\nset xlabel \(quote(l.t("yearly budget (thousand euros)", "budget annuel (milliers d'euros)")))\n"
        script += "set logscale x 2\nset xrange [20:500]\nset xtics (25, 50, 100, 200, 400)\n"
        script += "set title \(quote(l.metric(.jobsAdded).name + l.t(" at the horizon (3 years)", " à l'horizon (3 ans)")))\nset ylabel \(quote(l.t("jobs", "emplois")))\n"
        script += "plot " + jobsPlots.joined(separator: ", ") + "\n"
        script += "set title \(quote(l.metric(.costPerJobEur).name))\nset ylabel \(quote(l.t("euros per job", "euros par emploi")))\nset logscale y 10\nset key top right\n"
        script += "plot " + costPlots.joined(separator: ", ") + "\nunset multiplot\n"
        return Chart(name: "funding-\(territory)", width: 1350, height: 600, script: script)
    }

    // MARK: Budget optimisation

    /// Draws the frontier of `maillage optimise budget --budgets` (its `frontier.csv`) into `folder`.
    public static func drawFrontier(_ path: String, objective: Metric, language: Language, to folder: String) throws {
        guard let chart = try frontier(path, objective: objective, language) else { return }
        try draw(chart, to: folder)
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
        let name = metric.map { l.metric($0).name } ?? l.t("objective", "objectif")
        var script = block("f", rows)
        script += "set title \(quote(l.t("Best split of the budget and best single line", "Meilleure répartition du budget et meilleur levier seul")))\n"
        script += "set grid lc rgb \"#dddddd\"\nset key top left box opaque font \",11\"\n"
        script += "set xlabel \(quote(l.t("yearly budget (thousand euros)", "budget annuel (milliers d'euros)")))\nset ylabel \(quote(name))\n"
        script += "set offsets graph 0.05, graph 0.05, graph 0.1, graph 0.05\n"
        script += "plot $f using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb \"\(blue)\" title \(quote(l.t("best split", "meilleure répartition"))), "
        script += "$f using 1:5:6:7 with yerrorlines lw 2 pt 5 dt 2 lc rgb \"\(orange)\" title \(quote(l.t("best single line", "meilleur levier seul")))\n"
        return Chart(name: "budget-frontier", width: 900, height: 600, script: script)
    }

    // MARK: Placement

    /// Draws the before/after map of `maillage optimise placement` (its `zones.csv`) into `folder`.
    public static func drawPlacement(_ folder: String, language: Language) throws {
        guard let chart = try placementMap(folder + "/zones.csv", language) else { return }
        try draw(chart, to: folder)
    }

    /// Zones covered before, newly covered and still beyond reach (point area by population), and
    /// the new sites numbered in the order they add the most.
    static func placementMap(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path), t.header.contains("covered_after") else { return nil }
        let x = try t.column("x_km"), y = try t.column("y_km"), p = try t.column("population")
        let before = try t.column("covered_before"), after = try t.column("covered_after"), rank = try t.column("site_rank")
        let largest = t.rows.compactMap { Double($0.fields[p]) }.max() ?? 1
        func size(_ r: (line: Int, fields: [String])) -> String { n(0.25 + 2.5 * ((Double(r.fields[p]) ?? 0) / max(largest, 1)).squareRoot()) }
        let groups = [("1", "1"), ("0", "1"), ("0", "0")]
        var script = ""
        for (g, (b, a)) in groups.enumerated() {
            script += block("z\(g)", t.rows.filter { $0.fields[before] == b && $0.fields[after] == a && (Double($0.fields[p]) ?? 0) > 0 }
                .map { [$0.fields[x], $0.fields[y], size($0)] })
        }
        script += block("s", t.rows.filter { !$0.fields[rank].isEmpty }.map { [$0.fields[x], $0.fields[y], $0.fields[rank]] })
        script += "set title \(quote(l.t("Where the new sites go: inhabitants in reach before and after", "Où vont les nouveaux sites : habitants à portée avant et après")))\n"
        script += "set size ratio -1\nset key below box opaque font \",11\"\nset xlabel \"km\"\nset ylabel \"km\"\nset grid lc rgb \"#eeeeee\"\n"
        script += "plot $z0 using 1:2:3 with points pt 7 ps variable lc rgb \"\(greys)\" title \(quote(l.t("in reach before", "à portée avant"))), "
        script += "$z1 using 1:2:3 with points pt 7 ps variable lc rgb \"\(blue)\" title \(quote(l.t("in reach with the new sites", "à portée avec les nouveaux sites"))), "
        script += "$z2 using 1:2:3 with points pt 7 ps variable lc rgb \"\(orange)\" title \(quote(l.t("still beyond reach", "toujours hors de portée"))), "
        script += "$s using 1:2 with points pt 3 ps 2.5 lw 2 lc rgb \"black\" title \(quote(l.t("new site", "nouveau site"))), "
        script += "$s using 1:2:3 with labels offset 1.2,1.2 font \",12\" notitle\n"
        return Chart(name: "placement-map", width: 1100, height: 900, script: script)
    }

    // MARK: Maps

    static func map(_ folder: String, scenario: String, _ l: Language) throws -> Chart? {
        guard let zones = try read(folder + "/zones.csv"), let structures = try read(folder + "/structures.csv") else { return nil }
        let outlines = try read(folder + "/outlines.csv")
        let code = try zones.column("code"), pop = try zones.column("population"), x = try zones.column("x_km"), y = try zones.column("y_km")
        var minutesByZone: [[String: (Double, Bool)]] = [[:], [:]]
        let needs = [("classic", l.t("classic projects", "projets classiques")), ("ess", l.t("ESS projects", "projets ESS"))]
        for (k, need) in needs.enumerated() {
            let m = try zones.column("\(need.0)_creation_minutes"), c = try zones.column("\(need.0)_creation_covered")
            for r in zones.rows { minutesByZone[k][r.fields[code]] = (Double(r.fields[m]) ?? .nan, r.fields[c] == "1") }
        }
        var script = "set palette defined (0 \"#1a9850\", 10 \"#a6d96a\", 20 \"#fee08b\", 30 \"#d73027\")\nset cbrange [0:30]\n"
        script += "set cblabel \(quote(l.t("minutes to the nearest fitting structure (creation stage)", "minutes jusqu'à la structure adaptée la plus proche (création)")))\n"
        script += "set size ratio -1\nset xlabel \(quote(l.t("km east", "km est")))\nset ylabel \(quote(l.t("km north", "km nord")))\n"
        script += "set key outside top center horizontal box opaque font \",11\"\nset style fill solid 0.9 noborder\n"
        let sx = try structures.column("x_km"), sy = try structures.column("y_km"), eco = try structures.column("ecosystem")
        for (kind, name) in [("classic", "classic"), ("ess", "ess"), ("joint", "joint")] {
            script += block("st\(name)", structures.rows.filter { $0.fields[eco] == kind }.map { [$0.fields[sx], $0.fields[sy]] } + [["NA", "NA"]])
        }
        let structureLayers = "$stclassic using 1:2 with points pt 9 ps 1.4 lc rgb \"black\" title \(quote(l.t("classic structure", "structure classique"))), "
            + "$stess using 1:2 with points pt 13 ps 1.5 lc rgb \"#5e3c99\" title \(quote(l.t("ESS structure", "structure ESS"))), "
            + "$stjoint using 1:2 with points pt 3 ps 1.5 lc rgb \"#08519c\" title \(quote(l.t("outreach permanence", "permanence")))"
        let grey = "#9e9e9e"
        if let outlines {
            let z = try outlines.column("zone"), p = try outlines.column("polygon"), r = try outlines.column("ring")
            let ox = try outlines.column("x_km"), oy = try outlines.column("y_km")
            // Outer rings, thinned to points at least 0.3 km apart (1 km for large territories):
            // a map needs no more.
            let step = zones.rows.count > 500 ? 1.0 : 0.3
            var rings: [(zone: String, points: [(Double, Double)])] = []
            var key = ""
            for row in outlines.rows where row.fields[r] == "0" {
                let k = row.fields[z] + "/" + row.fields[p]
                let point = (Double(row.fields[ox]) ?? .nan, Double(row.fields[oy]) ?? .nan)
                if k != key {
                    if var last = rings.last, let first = last.points.first, last.points.count > 1 { last.points.append(first); rings[rings.count - 1] = last }
                    rings.append((row.fields[z], [point]))
                    key = k
                } else if let previous = rings[rings.count - 1].points.last, hypot(point.0 - previous.0, point.1 - previous.1) >= step {
                    rings[rings.count - 1].points.append(point)
                }
            }
            if var last = rings.last, let first = last.points.first, last.points.count > 1 { last.points.append(first); rings[rings.count - 1] = last }
            for k in 0..<2 {
                var covered: [String] = [], uncovered: [String] = []
                for ring in rings {
                    let (minutes, isCovered) = minutesByZone[k][ring.zone] ?? (.nan, false)
                    let lines = ring.points.map { "\(n($0.0)) \(n($0.1)) \(n(min(minutes, 30)))" } + [""]
                    if isCovered { covered += lines } else { uncovered += lines }
                }
                script += "$c\(k) << EOD\n" + covered.joined(separator: "\n") + "\nEOD\n$u\(k) << EOD\n" + uncovered.joined(separator: "\n") + "\nNA NA NA\nEOD\n"
            }
            let lines = rings.flatMap { ring in ring.points.map { "\(n($0.0)) \(n($0.1))" } + [""] }
            if zones.rows.count <= 500 { script += "$edges << EOD\n" + lines.joined(separator: "\n") + "\nEOD\n" }
            script += "set multiplot layout 1,2 title \(quote(l.t("Travel time to support, ", "Temps d'accès à l'accompagnement, ") + l.territory(scenario) + l.t(" (communes)", " (communes)"))) font \",15\"\n"
            for (k, need) in needs.enumerated() {
                script += "set title \(quote(need.1))\n"
                script += "plot $c\(k) using 1:2:3 with filledcurves closed fc palette notitle, "
                    + "$u\(k) using 1:2 with filledcurves closed fc rgb \"\(grey)\" title \(quote(l.t("beyond reach (uncovered)", "hors de portée (non couvert)"))), "
                    + (zones.rows.count > 500 ? "" : "$edges using 1:2 with lines lw 0.4 lc rgb \"#ffffff\" notitle, ") + structureLayers + "\n"
            }
        } else {
            let populations = zones.rows.map { Double($0.fields[pop]) ?? 0 }
            let scale = 4.5 / max(populations.max() ?? 1, 1).squareRoot()
            for k in 0..<2 {
                var covered: [[String]] = [], uncovered: [[String]] = []
                for (i, r) in zones.rows.enumerated() {
                    let (minutes, isCovered) = minutesByZone[k][r.fields[code]] ?? (.nan, false)
                    let radius = max(scale * populations[i].squareRoot(), 0.35)
                    let row = [r.fields[x], r.fields[y], n(radius), n(min(minutes, 30))]
                    if isCovered { covered.append(row) } else { uncovered.append(row) }
                }
                script += block("c\(k)", covered + [["NA", "NA", "NA", "NA"]]) + block("u\(k)", uncovered + [["NA", "NA", "NA", "NA"]])
            }
            script += "set multiplot layout 1,2 title \(quote(l.t("Travel time to support, ", "Temps d'accès à l'accompagnement, ") + l.territory(scenario) + l.t(" (synthetic; discs sized by population)", " (synthétique ; disques proportionnels à la population)"))) font \",15\"\n"
            for (k, need) in needs.enumerated() {
                script += "set title \(quote(need.1))\n"
                script += "plot $u\(k) using 1:2:3 with points pt 7 ps variable lc rgb \"\(grey)\" title \(quote(l.t("beyond reach (uncovered)", "hors de portée (non couvert)"))), "
                    + "$c\(k) using 1:2:3:4 with points pt 7 ps variable lc palette notitle, " + structureLayers + "\n"
            }
        }
        return Chart(name: "map-\(scenario)", width: 1400, height: 760, script: script + "unset multiplot\n")
    }

    // MARK: Sensitivity and convergence

    static func sobol(_ path: String, _ l: Language) throws -> Chart? {
        guard let t = try read(path) else { return nil }
        let me = try t.column("metric"), pa = try t.column("parameter")
        let s1 = try t.column("S1"), s1l = try t.column("S1_ci95_low"), s1h = try t.column("S1_ci95_high")
        let st = try t.column("ST"), stl = try t.column("ST_ci95_low"), sth = try t.column("ST_ci95_high")
        let parameters = t.distinct(pa)
        let metrics: [Metric] = [.firstContactFitRate, .supportedShare, .jobsCreated]
        var script = "set multiplot layout 1,3 margins 0.06,0.94,0.25,0.88 spacing 0.06,0.1 title \(quote(l.t("Sobol sensitivity indices, metropolis (first order and total, bootstrap 95% intervals)", "Indices de sensibilité de Sobol, métropole (premier ordre et total, intervalles bootstrap à 95 %)"))) font \",15\"\n"
        script += "set style fill solid 0.85 border lc rgb \"#333333\"\nset boxwidth 0.36\nset grid ytics lc rgb \"#dddddd\"\nset yrange [-0.1:1.2]\n"
        script += "set xtics rotate by -30 font \",11\" (" + parameters.enumerated().map { "\(quote(String($1.split(separator: ".").last ?? ""))) \($0)" }.joined(separator: ", ") + ")\n"
        script += "set xrange [-0.6:\(Double(parameters.count) - 0.4)]\nset xzeroaxis lt -1\nset key at screen 0.5,0.015 center bottom horizontal box opaque font \",12\"\nset ylabel \(quote(l.t("share of output variance", "part de la variance")))\n"
        for (k, m) in metrics.enumerated() {
            let rows = t.rows.filter { $0.fields[me] == m.name }.compactMap { r -> [String]? in
                guard let i = parameters.firstIndex(of: r.fields[pa]) else { return nil }
                return [String(i), r.fields[s1], r.fields[s1l], r.fields[s1h], r.fields[st], r.fields[stl], r.fields[sth]]
            }
            script += block("s\(k)", rows)
            script += "set title \(quote(l.metric(m).name))\n"
            if k > 0 { script += "unset key\n" }
            script += "plot $s\(k) using ($1-0.19):2:3:4:(0.36) with boxerrorbars lc rgb \"\(greys)\" title \(quote(l.t("first order S1", "premier ordre S1"))), "
                + "$s\(k) using ($1+0.19):5:6:7:(0.36) with boxerrorbars lc rgb \"\(blue)\" title \(quote(l.t("total ST", "total ST")))\n"
        }
        return Chart(name: "sobol-indices", width: 1400, height: 620, script: script + "unset multiplot\n")
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
        script += "set title \(quote(l.t("Convergence: 95% half-width against replications (metropolis)", "Convergence : demi-largeur à 95 % selon le nombre de réplications (métropole)"))) font \",15\"\n"
        script += "set logscale xy\nset grid lc rgb \"#dddddd\"\nset xlabel \(quote(l.t("replications", "réplications")))\n"
        script += "set ylabel \(quote(l.t("95% half-width / mean", "demi-largeur à 95 % / moyenne")))\nset key top right box opaque font \",11\"\n"
        plots.append("\(n(precision)) with lines dt 2 lw 2 lc rgb \"black\" title \(quote(l.t("precision asked", "précision demandée")))")
        script += "plot " + plots.joined(separator: ", ") + "\n"
        return Chart(name: "convergence", width: 1000, height: 620, script: script)
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The benchmark suite behind `make bench`: throughput, scaling and parallel speed-up, each
/// reported as a median of repeated timings, with the target it must meet.
enum Benchmark {
    /// One line of the report.
    public struct Row: Sendable {
        public var measure: String
        public var value: String
        public var target: String
        public var met: Bool?
    }

    /// Median wall time of `runs` calls of `body`, seconds.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Median seconds per replication and mean journeys per replication (holders simulated,
    /// warm-up included, each through its stages), one thread.
    static func perReplication(_ model: SimulationModel, replications: Int) throws -> (seconds: Double, holders: Double) {
        var holders = 0.0
        var times: [Double] = []
        for i in 0..<replications {
            let start = DispatchTime.now().uptimeNanoseconds
            let r = try MonteCarlo.replicate(model, index: i, runSeed: 1)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            holders += Double(r.counts.journeys)
        }
        times.sort()
        return (times[times.count / 2], holders / Double(replications))
    }

    /// Median taus2 draws per second through `gsl_rng_uniform` on one thread: the ceiling a
    /// journey's draws put on the loop.
    static func drawsPerSecond(runs: Int) throws -> Double {
        let stream = try RandomStream(seed: 1, generator: .taus2)
        let n = 20_000_000
        var sum = 0.0
        let seconds = median(runs: runs) {
            for _ in 0..<n { sum += stream.uniform() }
        }
        // The sum is used, so that the draws are not optimised away.
        precondition(sum > 0)
        return Double(n) / seconds
    }

    /// The numbers a journey draws, over `replications` replications of `model`'s own world
    /// (streams that count their draws; the same numbers as the measured runs).
    static func drawsPerJourney(_ model: SimulationModel, replications: Int) throws -> Double {
        var draws = 0, journeys = 0
        for i in 0..<replications {
            var replication = try Replication(countingDrawsOf: model, seed: SeedDerivation.replicationSeed(runSeed: 1, index: i))
            journeys += replication.run().journeys
            draws += replication.draws ?? 0
        }
        return Double(draws) / Double(max(journeys, 1))
    }

    /// The arrivals alone (``Replication/runArrivalsOnly()``) on `model`'s world, one thread:
    /// median seconds per replication, mean holders per replication, and the numbers drawn per
    /// holder.
    static func arrivalsOnly(_ model: SimulationModel, replications: Int) throws -> (seconds: Double, holders: Double, drawsPerHolder: Double) {
        var holders = 0
        var times: [Double] = []
        for i in 0..<replications {
            let start = DispatchTime.now().uptimeNanoseconds
            var replication = try Replication(model: model, seed: SeedDerivation.replicationSeed(runSeed: 1, index: i))
            holders += replication.runArrivalsOnly()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        // The draws, counted on three more runs (the same numbers).
        var counted = 0, draws = 0
        for i in 0..<3 {
            var replication = try Replication(countingDrawsOf: model, seed: SeedDerivation.replicationSeed(runSeed: 1, index: i))
            counted += replication.runArrivalsOnly()
            draws += replication.draws ?? 0
        }
        return (times[times.count / 2], Double(holders) / Double(replications), Double(draws) / Double(max(counted, 1)))
    }

    /// Runs the suite on the scenarios of `folder` (with `throughputOnly`, only its first rows).
    public static func run(scenarios folder: String, quick: Bool, throughputOnly: Bool = false, log: (String) -> Void) async throws -> [Row] {
        var rows: [Row] = []
        let reps = quick ? 5 : 21
        func load(_ name: String) throws -> Scenario { try ScenarioLoader.load("\(folder)/\(name).yaml") }

        // The generator's ceiling: how fast taus2 gives numbers, one thread.
        log("taus2 draws per second")
        let generator = try drawsPerSecond(runs: quick ? 3 : 7)
        rows.append(Row(measure: "taus2 through gsl_rng_uniform: draws per second per core", value: String(format: "%.0f M", generator / 1e6),
                        target: "", met: nil))
        // Throughput on each territory, and as a share of what its draws allow.
        for name in ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"] {
            log("throughput: \(name)")
            let model = try load(name).build()
            let (seconds, holders) = try perReplication(model, replications: reps)
            let rate = holders / seconds
            let perJourney = try drawsPerJourney(model, replications: 3)
            let share = rate / (generator / perJourney)
            let floor = name == "metro-lyon" ? 0.5 : 0.4
            rows.append(Row(measure: "\(name): one replication (\(Int(holders)) journeys, warm-up included)",
                            value: String(format: "%.1f ms", seconds * 1000), target: "", met: nil))
            rows.append(Row(measure: "\(name): holder journeys per second per core", value: String(format: "%.2f M", rate / 1e6),
                            target: name == "metro-lyon" ? "≥ 2 M" : "", met: name == "metro-lyon" ? rate >= 2e6 : nil))
            rows.append(Row(measure: "\(name): draws per journey (all streams, counted)", value: String(format: "%.2f", perJourney),
                            target: "", met: nil))
            rows.append(Row(measure: "\(name): journeys per second as a share of the generator's ceiling",
                            value: String(format: "%.0f%%", 100 * share), target: String(format: "≥ %.0f%%", 100 * floor), met: share >= floor))
            // The same arrivals with no model behind them: how near the ceiling a loop gets that
            // only draws each holder's numbers and writes its record.
            let bare = try arrivalsOnly(model, replications: reps)
            let bareRate = bare.holders / bare.seconds
            rows.append(Row(measure: "\(name): arrivals alone (\(String(format: "%.2f", bare.drawsPerHolder)) draws and a record per holder, no model): share of the ceiling",
                            value: String(format: "%.0f%% (%.2f M a second)", 100 * bareRate / (generator / bare.drawsPerHolder), bareRate / 1e6),
                            target: "", met: nil))
            rows.append(Row(measure: "\(name): the model's journeys per second over the arrivals alone",
                            value: String(format: "%.0f%%", 100 * rate / bareRate), target: "", met: nil))
        }
        if throughputOnly { return rows }

        // Scaling with population and with structures, on the metropolis.
        let metro = try load("metro-lyon")
        let world = try metro.world()
        var base = 0.0
        for k in [1, 4, 16] {
            log("population ×\(k)")
            var w = world
            w.territory.zones = w.territory.zones.map { var z = $0; z.population *= k; return z }
            w.structures = w.structures.map { var s = $0; s.capacityPerYear *= Double(k); return s }
            let (seconds, holders) = try perReplication(try metro.build(w), replications: max(3, reps / k))
            let perHolder = seconds / holders
            if k == 1 { base = perHolder }
            rows.append(Row(measure: "population ×\(k): time per holder", value: String(format: "%.0f ns (×%.2f)", perHolder * 1e9, perHolder / base),
                            target: k == 1 ? "" : "×0.8–1.2", met: k == 1 ? nil : abs(perHolder / base - 1) <= 0.2))
        }
        var baseTime = 0.0
        for k in [1, 4, 16] {
            log("structures ×\(k)")
            var w = world
            w.structures = (0..<k).flatMap { copy in
                world.structures.map { s -> SupportStructure in
                    var c = s
                    c.id = copy * world.structures.count + s.id
                    c.capacityPerYear /= Double(k)
                    return c
                }
            }
            let (seconds, _) = try perReplication(try metro.build(w), replications: reps)
            if k == 1 { baseTime = seconds }
            rows.append(Row(measure: "structures ×\(k) (\(w.structures.count)): time per replication",
                            value: String(format: "%.1f ms (×%.2f)", seconds * 1000, seconds / baseTime),
                            target: k == 16 ? "≤ ×1.5" : "", met: k == 16 ? seconds / baseTime <= 1.5 : nil))
        }

        // Parallel speed-up and a long run.
        let model = try metro.build(world)
        let n = quick ? 40 : 200
        log("--jobs 1 against --jobs 2")
        let one = try await medianAsync(runs: 3) { _ = try await MonteCarlo.run(model, plan: RunPlan(replications: n, seed: 1, jobs: 1)) }
        let two = try await medianAsync(runs: 3) { _ = try await MonteCarlo.run(model, plan: RunPlan(replications: n, seed: 1, jobs: 2)) }
        rows.append(Row(measure: "\(n) replications, --jobs 1 / --jobs 2", value: String(format: "%.2f s / %.2f s: speed-up %.2f", one, two, one / two),
                        target: "≥ 1.8", met: one / two >= 1.8))
        let thousand = quick ? 100 : 1_000
        log("\(thousand) replications, --jobs 2")
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try await MonteCarlo.run(try metro.build(), plan: RunPlan(replications: thousand, seed: 1, jobs: 2))
        let long = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        rows.append(Row(measure: "\(thousand) replications of metro-lyon, --jobs 2 (build included)", value: String(format: "%.2f s", long),
                        target: quick ? "" : "< 20 s", met: quick ? nil : long < 20))

        // Importing a real-format region and computing every index.
        log("import and indices: 2,000 communes, 100 structures")
        let region = try SyntheticRegionFiles(communes: 2_000, structures: 100)
        defer { region.remove() }
        let importSeconds = try median(runs: 3) {
            let scenario = try ScenarioLoader.load(region.scenario)
            let m = try scenario.build()
            _ = try Accessibility.compute(m)
        }
        rows.append(Row(measure: "2,000 communes and 100 structures: import, model and every index", value: String(format: "%.2f s", importSeconds),
                        target: "< 2 s", met: importSeconds < 2))

        // How each stage of a run grows with the territory.
        rows += try await SizeBenchmark.rows(scenarios: folder, quick: quick, log: log)

        // The optimisers.
        if CoveringSolver.glpk.available {
            log("exact placement of 5 permanences on the real Franche-Comté")
            // The import from the national files, once: a process keeps the territory it imported.
            var world: Scenario.World?
            let importSeconds = try median(runs: 1) {
                world = try ScenarioLoader.load("\(folder)/real/rural-franche-comte.yaml").world()
            }
            rows.append(Row(measure: "real Franche-Comté from the national files (\(world!.territory.zones.count) communes): import, the first in a process",
                            value: String(format: "%.2f s", importSeconds), target: "< 5 s", met: importSeconds < 5))
            let placementSeconds = try median(runs: 3) {
                let placement = try PermanencePlacement(world: world!, file: "bench")
                _ = try CoveringSolver.exact(placement.problem, k: 5)
            }
            rows.append(Row(measure: "real Franche-Comté (all \(world!.territory.zones.count) zones candidates): exact placement of 5 permanences",
                            value: String(format: "%.2f s", placementSeconds), target: "< 5 s", met: placementSeconds < 5))
        } else {
            rows.append(Row(measure: "exact placement: GLPK unavailable (\(CoveringSolver.glpk.reason))", value: "", target: "", met: nil))
        }
        let budgetReplications = quick ? 16 : 100
        log("budget optimisation of metro-lyon over four lines, \(budgetReplications) replications, --jobs 2")
        let budgetStart = DispatchTime.now().uptimeNanoseconds
        let problem = try BudgetOptimisation(scenario: metro, world: world, lines: FundingLine.allCases, objective: .jobsAddedNet, seed: 1, jobs: 2)
        var settings = BudgetSearchSettings(lines: 4)
        settings.replications = budgetReplications
        let answer = try await problem.optimise(budget: 200_000, settings: settings)
        let budgetSeconds = Double(DispatchTime.now().uptimeNanoseconds - budgetStart) / 1e9
        let evaluated = answer.search.candidates.reduce(0) { $0 + $1.values.count }
        rows.append(Row(measure: "optimise budget: metro-lyon, 200 k€ over four lines, \(budgetReplications) replications, --jobs 2 (\(answer.search.candidates.count) splits, \(evaluated) replications)",
                        value: String(format: "%.1f s", budgetSeconds), target: quick ? "" : "< 120 s", met: quick ? nil : budgetSeconds < 120))

        // The default study's two-level uncertainty (issue 15's size: 256 draws × 50 replications).
        let (draws, perDraw) = quick ? (16, 5) : (256, 50)
        log("uncertainty of the default study, \(draws) draws × \(perDraw) replications, --jobs 2")
        let uncertaintyStart = DispatchTime.now().uptimeNanoseconds
        let study = try Study.load("\(folder)/default-study.yaml")
        let priors = try PriorSet.load("\(folder)/priors.yaml")
        let analysis = UncertaintyAnalysis(priors: priors, draws: draws, replications: perDraw, seed: study.seed, designSeed: 2)
        _ = try await StudyUncertainty.run(study, analysis: analysis, jobs: 2)
        let uncertaintySeconds = Double(DispatchTime.now().uptimeNanoseconds - uncertaintyStart) / 1e9
        rows.append(Row(measure: "uncertainty of the default study: 3 territories × full cooperation, \(draws) draws × \(perDraw) replications, --jobs 2",
                        value: String(format: "%.0f s", uncertaintySeconds), target: quick ? "" : "< 600 s", met: quick ? nil : uncertaintySeconds < 600))

        // The national study as shipped (every département, its plausible worlds drawn from the
        // shipped priors and posterior); quick: the first eight départements without them.
        var national = try NationalStudy.load("\(folder)/experiments/france.yaml")
        if quick { national.territories = Array(national.territories.prefix(8)) }
        let nationalPriors = quick ? nil : try PriorSet.load("\(folder)/priors.yaml").with(try Posterior.load("\(folder)/calibration/posterior.csv"))
        log("national study: \(national.territories.count) départements, \(national.replications) replications\(quick ? "" : ", \(national.plausibleDraws) plausible worlds × \(national.plausibleReplications)"), --jobs 2")
        let nationalStart = DispatchTime.now().uptimeNanoseconds
        _ = try await NationalRun.run(national, jobs: 2, priors: nationalPriors)
        let nationalSeconds = Double(DispatchTime.now().uptimeNanoseconds - nationalStart) / 1e9
        rows.append(Row(measure: "national study (experiments/france.yaml): \(national.territories.count) départements\(quick ? ", no plausible worlds" : ""), --jobs 2",
                        value: String(format: "%.0f s", nationalSeconds), target: quick ? "" : "< 1800 s", met: quick ? nil : nationalSeconds < 1800))
        return rows
    }

    static func medianAsync(runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// The report as a Markdown table.
    public static func table(_ rows: [Row]) -> String {
        var lines = ["| measure | median | target | met |", "|---|---|---|---|"]
        for r in rows {
            lines.append("| \(r.measure) | \(r.value) | \(r.target) | \(r.met.map { $0 ? "yes" : "**no**" } ?? "") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Files of a synthetic region in the public formats: a GeoJSON grid of square communes, an
/// INSEE-like population file, and a structures CSV; in a temporary folder.
struct SyntheticRegionFiles {
    let folder: URL
    var scenario: String { folder.appendingPathComponent("region.yaml").path }

    init(communes: Int, structures: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-region-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let side = Int(Double(communes).squareRoot().rounded(.up))
        let random = try RandomStream(seed: 7)
        var features: [String] = []
        var populations = ["REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT"]
        var codes: [String] = []
        for k in 0..<communes {
            let (i, j) = (k % side, k / side)
            let lon = 4.0 + Double(i) * 0.04, lat = 46.0 + Double(j) * 0.03
            let ring = [(lon, lat), (lon + 0.04, lat), (lon + 0.04, lat + 0.03), (lon, lat + 0.03), (lon, lat)]
                .map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
            let code = String(format: "99%03d", k)
            codes.append(code)
            features.append("{\"type\":\"Feature\",\"properties\":{\"code\":\"\(code)\",\"nom\":\"C\(k)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(ring)]]}}")
            let p = Int(random.lognormal(zeta: 6, sigma: 1.1))
            populations.append("1;R;99;1;01;\(code.suffix(3));\(code);C\(k);\(p);0;\(p)")
        }
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
            .write(to: folder.appendingPathComponent("communes.geojson"), atomically: true, encoding: .utf8)
        try (populations.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("populations.csv"), atomically: true, encoding: .utf8)
        var table = ["name,ecosystem,stages,capacity_per_year,commune"]
        for s in 0..<structures {
            let code = codes[Int(random.uniform() * Double(communes))]
            table.append("S\(s),\(s % 3 == 0 ? "ess" : "classic"),emergence|creation,100,\(code)")
        }
        try (table.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("structures.csv"), atomically: true, encoding: .utf8)
        try """
        name: region
        territory: {generator: real, geometry: [communes.geojson], populations: populations.csv, select: {departments: ["99"]}}
        structures: {csv: structures.csv}

        """.write(to: folder.appendingPathComponent("region.yaml"), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

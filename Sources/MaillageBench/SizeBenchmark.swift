import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

/// How a run's stages grow with the territory (issue 32, item 2): synthetic territories of
/// 1,000, 10,000 and 100,000 communes, each stage of `maillage run` and `maillage report` timed
/// with the process's peak resident memory while it ran, and the ratio per doubling of the
/// number of communes.
enum SizeBenchmark {
    /// One stage's time and peak resident memory at one size.
    struct Measure {
        var seconds: Double
        /// Peak resident memory of the process while the stage ran, bytes; nil where the system
        /// cannot say.
        var peakBytes: Int?
    }

    /// The stages, in the order a run goes through them.
    static let stages = [
        "territory and structures placed",
        "model: travel times, reach, draw tables",
        "2 replications, --jobs 2",
        "accessibility indices (2SFCA, E2SFCA, Gaussian)",
        "zone cells (Voronoi)",
        "zone layers without and with the policy",
        "writing the run's files",
        "report (HTML, map inlined)",
    ]

    /// The sizes measured (communes); `quick` stops at 10,000.
    static func sizes(quick: Bool) -> [Int] { quick ? [1_000, 10_000] : [1_000, 10_000, 100_000] }

    /// How the structures grow with the territory: the metropolis's 32 whatever its size, or
    /// France's density of them (all of metropolitan France by rule: 1,497 structures for
    /// 34,739 communes, one per 23).
    enum Structures: String, CaseIterable {
        case fixed = "32 structures"
        case growing = "one structure per 23 communes"
    }

    /// A territory of `communes` communes as France's average one (15.8 km² and 1,900
    /// inhabitants each), with the metropolis's support structures and behaviour: what grows is
    /// the territory, its zones and its holders, and with ``Structures/growing`` the networks
    /// placed by population (their counts scaled together, the others keeping their sites).
    static func scenario(_ metro: Scenario, communes: Int, structures: Structures = .fixed) -> Scenario {
        var s = metro
        guard case .synthetic(var spec) = metro.territory else { return s }
        if structures == .growing {
            let networks = s.structures.networks
            let weighted = networks.filter { $0.placement == .populationWeighted }.reduce(0) { $0 + $1.count }
            let others = networks.filter { $0.placement != .populationWeighted }.reduce(0) { $0 + max($1.zones.count, $1.count) }
            let factor = max(Double(communes / 23 - others), 1) / Double(max(weighted, 1))
            for k in networks.indices where networks[k].placement == .populationWeighted {
                s.structures.networks[k].count = max(1, Int((Double(networks[k].count) * factor).rounded()))
            }
        }
        spec.communes = communes
        spec.areaKm2 = 15.8 * Double(communes)
        spec.population = 1_900 * communes
        spec.centreGradientKm = 0
        spec.priorityNeighbourhoodCommunes = min(spec.priorityNeighbourhoodCommunes, communes / 5)
        s.territory = .synthetic(spec)
        s.name = "size-\(communes)"
        s.plan.replications = 2
        s.plan.jobs = 2
        return s
    }

    /// Times every stage at one size.
    static func measure(_ metro: Scenario, communes: Int, structures: Structures) async throws -> [Measure] {
        let scenario = scenario(metro, communes: communes, structures: structures)
        var out: [Measure] = []
        func stage<T>(_ body: () async throws -> T) async rethrows -> T {
            PeakMemory.reset()
            let start = DispatchTime.now().uptimeNanoseconds
            let value = try await body()
            out.append(Measure(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, peakBytes: PeakMemory.peak()))
            return value
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-size-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try await stage { try scenario.world() }
        let model = try await stage { try scenario.build(world) }
        let result = try await stage { try await MonteCarlo.run(model, plan: scenario.plan) }
        _ = try await stage { try Accessibility.compute(model, settings: scenario.accessibility) }
        _ = await stage { ZoneLayer(territory: model.territory, outlines: world.outlines, projection: world.projection) }
        let zones = try await stage {
            try CoverageOutput.effectFiles(model, outlines: world.outlines, projection: world.projection, settings: scenario.accessibility)
        }
        try await stage {
            try RunOutput.write(result, scenario: scenario, to: folder)
            try zones.write(to: folder)
        }
        try await stage { try Report.write(results: folder, language: .en, to: folder + "/report.html", date: Date(timeIntervalSince1970: 0)) }
        return out
    }

    /// The rows: one per stage and the whole, each giving every size's time and peak memory and
    /// the ratio per doubling between the two largest sizes (1.0 per doubling is constant, 2.0
    /// linear, 2.14 n log n from 10,000 to 100,000, 4.0 quadratic).
    static func rows(scenarios folder: String, quick: Bool, log: (String) -> Void) async throws -> [Benchmark.Row] {
        let metro = try ScenarioLoader.load("\(folder)/metro-lyon.yaml")
        var all: [Benchmark.Row] = []
        for structures in Structures.allCases {
            all += try await Self.rows(metro, structures: structures, quick: quick, log: log)
        }
        return all
    }

    /// The rows of one way the structures grow.
    static func rows(_ metro: Scenario, structures: Structures, quick: Bool, log: (String) -> Void) async throws -> [Benchmark.Row] {
        let sizes = sizes(quick: quick)
        var measures: [[Measure]] = []
        for n in sizes {
            log("territory of \(n) communes, \(structures.rawValue): every stage")
            measures.append(try await measure(metro, communes: n, structures: structures))
        }
        func total(_ m: [Measure]) -> Measure {
            Measure(seconds: m.reduce(0) { $0 + $1.seconds }, peakBytes: m.compactMap(\.peakBytes).max())
        }
        var rows: [Benchmark.Row] = []
        let named = stages.enumerated().map { k, name in (name, measures.map { $0[k] }) } + [("whole run and report", measures.map(total))]
        let doublings = log2(Double(sizes[sizes.count - 1]) / Double(sizes[sizes.count - 2]))
        for (name, bySize) in named {
            let cells = zip(sizes, bySize).map { n, m in "\(n / 1000)k: \(seconds(m.seconds)), \(megabytes(m.peakBytes))" }
            let (small, large) = (bySize[bySize.count - 2].seconds, bySize[bySize.count - 1].seconds)
            let perDoubling = pow(large / max(small, 1e-6), 1 / doublings)
            let whole = name == "whole run and report"
            // A stage under a tenth of a second at the largest size is too short to say how it grows.
            let judged = large >= 0.1
            rows.append(Benchmark.Row(
                measure: "territory size (\(structures.rawValue)), \(name): time and peak memory by communes; time ratio per doubling",
                value: cells.joined(separator: " · ") + (judged ? String(format: " · ×%.2f", perDoubling) : " · (too short to judge)"),
                target: whole && !quick ? "≤ ×2.2 per doubling; < 30 s at 100k" : (judged ? "≤ ×2.2 per doubling" : ""),
                met: whole && !quick ? perDoubling <= 2.2 && large < 30 : (judged ? perDoubling <= 2.2 : nil)))
        }
        return rows
    }

    static func seconds(_ s: Double) -> String { s < 1 ? String(format: "%.0f ms", s * 1000) : String(format: "%.1f s", s) }
    static func megabytes(_ b: Int?) -> String { b.map { "\($0 >> 20) MB" } ?? "? MB" }
}

/// The process's peak resident memory over an interval, from Linux's `/proc/self/status`
/// (`VmHWM`), reset by writing 5 to `/proc/self/clear_refs`; nil elsewhere.
enum PeakMemory {
    static func reset() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// Bytes, or nil when the system does not say.
    static func peak() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}

import Foundation
import MaillageFoundation
import MaillageModel

/// A sweep plan: a scenario, parameters varied by path, a design, and what to run per point.
///
/// Designs: `grid` (every combination of each parameter's `values`), `latin_hypercube` (`samples`
/// points, one per stratum of each parameter's [low, high]), `sobol_sequence` (the first
/// `samples` points of GSL's Sobol quasi-random sequence, `gsl_qrng_sobol`), and `sobol`
/// (variance-based sensitivity: Saltelli's sampling on a Sobol sequence, N × (k + 2) points,
/// analysed into first-order and total indices).
public struct SweepPlan: Sendable {
    public enum Design: String, Sendable, CaseIterable {
        case grid
        case latinHypercube = "latin_hypercube"
        case sobolSequence = "sobol_sequence"
        case sobol
    }

    public struct Parameter: Sendable {
        public var path: String
        /// Grid values.
        public var values: [Double]
        public var low: Double
        public var high: Double
        /// Whether values are rounded to whole numbers (counts of meetings, intake points…).
        public var integer: Bool = false
    }

    public var file: String
    public var scenarioPath: String
    public var design: Design
    public var parameters: [Parameter]
    /// Points for Latin hypercube and Sobol sequence; base samples N for sensitivity.
    public var samples: Int
    public var replications: Int
    public var seed: UInt64
    /// Seed of the Latin hypercube's permutations and of the bootstrap.
    public var designSeed: UInt64
    /// Bootstrap resamples for the sensitivity intervals.
    public var bootstrap: Int
    /// The plan's text, its scenario's fingerprint (bases and data files included) and the tool's
    /// version: points of another plan, or of this plan before an edit, are recognised.
    public var fingerprint: String
    /// Where the files the plan and its scenario name may be.
    public var confinement: Confinement

    /// Reads a plan; the scenario path is relative to the plan's folder.
    public static func load(_ path: String) throws -> SweepPlan {
        let text = try TextFile.read(path)
        var root = try YAMLMapping.root(text: text, file: path)
        let scenario = try root.reference(try root.requiredString("scenario"), field: "scenario", node: root.mapping["scenario"])
        var design = Design.grid
        try root.choice("method", &design, Design.allCases)
        var samples = 64, replications = 20, bootstrap = 200
        var seed: UInt64 = 1, designSeed: UInt64 = 2
        try root.int("samples", &samples, in: 1...1_000_000, rangeText: "at least 1 sample")
        try root.int("replications", &replications, in: 1...1_000_000, rangeText: "at least 1 replication")
        try root.seed("seed", &seed)
        try root.seed("design_seed", &designSeed)
        try root.int("bootstrap", &bootstrap, in: 10...100_000, rangeText: "10 to 100000 resamples")
        guard let list = try root.list("parameters"), !list.isEmpty else {
            throw root.error("parameters", nil, "expected a non-empty list of parameters")
        }
        var parameters: [Parameter] = []
        for (node, fieldPath) in list {
            var m = try YAMLMapping(node, in: root, path: fieldPath)
            var p = Parameter(path: try m.requiredString("path"), values: [], low: 0, high: 0)
            if m.has("integer") {
                guard let flag = m.mapping["integer"]?.bool else {
                    throw m.error("integer", m.mapping["integer"], "expected true or false")
                }
                p.integer = flag
            }
            if design == .grid {
                guard let values = try m.list("values"), !values.isEmpty else {
                    throw m.error("values", node, "expected a non-empty list of values for a grid")
                }
                p.values = try values.map { v, vPath in
                    guard let x = v.float, x.isFinite else {
                        throw InputError(file: path, line: v.mark?.line, column: v.mark?.column, field: vPath, message: "expected a number, found \(describe(v, lines: root.lines))")
                    }
                    return x
                }
            } else {
                (p.low, p.high) = try m.bounds(node)
            }
            try m.finish()
            parameters.append(p)
        }
        if design == .sobol || design == .sobolSequence, parameters.count * (design == .sobol ? 2 : 1) > 40 {
            throw root.error("parameters", nil, "expected at most \(design == .sobol ? 20 : 40) parameters for GSL's Sobol sequence, found \(parameters.count)")
        }
        try root.finish()
        let pointCount: Double
        switch design {
        case .grid: pointCount = parameters.reduce(1.0) { $0 * Double($1.values.count) }
        case .sobol: pointCount = Double(samples) * Double(parameters.count + 2)
        case .latinHypercube, .sobolSequence: pointCount = Double(samples)
        }
        guard pointCount <= Double(Limits.planPoints) else {
            throw root.error("parameters", nil, "expected a design of at most \(Limits.planPoints) points, found \(pointCount < 1e15 ? String(Int64(pointCount)) : String(format: "%g", pointCount))")
        }
        // The plan's text and everything its scenario depends on (bases, data files, version).
        let scenarioFingerprint = try ScenarioLoader.load(scenario, overrides: [], confinement: root.confinement).fingerprint()
        let plan = SweepPlan(file: path, scenarioPath: scenario, design: design, parameters: parameters, samples: samples,
                             replications: replications, seed: seed, designSeed: designSeed, bootstrap: bootstrap,
                             fingerprint: ExactText.fingerprint(text + "\u{0}" + scenarioFingerprint + "\u{0}" + maillageVersion),
                             confinement: root.confinement)
        // Every point must be a valid scenario (a path that names no parameter, a value out of
        // range, budget shares summing above 1): check them all before anything is written.
        try plan.checkEveryPoint()
        return plan
    }

    /// Reads the scenario at every point of the design, and throws for the first point that is not
    /// a valid scenario, naming the point, its values and the field at fault.
    func checkEveryPoint() throws {
        let text = try TextFile.read(scenarioPath)
        let node = try ScenarioLoader.compose(text, file: scenarioPath)
        let lines = YAMLMapping.lines(of: text)
        let all = try points()
        for (i, point) in all.enumerated() {
            do {
                _ = try ScenarioLoader.load(node: node, file: scenarioPath,
                                            overrides: zip(parameters, point).map { ParameterOverride(path: $0.path, value: $1) },
                                            confinement: confinement, lines: lines)
            } catch let e as InputError {
                let values = zip(parameters, point).map { "\($0.path) = \(String(format: "%.10g", $1))" }.joined(separator: ", ")
                throw InputError(file: file, field: "parameters",
                                 message: "expected every point of the design to be a valid scenario; point \(i) of \(all.count) (\(values); numbered from 0, as in samples.csv) is not: \(e)")
            }
        }
    }

    /// The scenario at one point.
    public func scenario(at point: [Double]) throws -> Scenario {
        var s = try ScenarioLoader.load(scenarioPath, overrides: zip(parameters, point).map { ParameterOverride(path: $0.path, value: $1) },
                                        confinement: confinement)
        s.plan.replications = replications
        s.plan.seed = seed
        return s
    }

    /// Every point of the design, in order, integer parameters rounded.
    public func points() throws -> [[Double]] {
        try rawPoints().map { zip(parameters, $0).map { $0.integer ? $1.rounded() : $1 } }
    }

    func rawPoints() throws -> [[Double]] {
        let k = parameters.count
        switch design {
        case .grid:
            var points: [[Double]] = [[]]
            for p in parameters { points = points.flatMap { prefix in p.values.map { prefix + [$0] } } }
            return points
        case .latinHypercube:
            return LatinHypercube.points(count: samples, dimensions: k, random: try RandomStream(seed: designSeed)).map { u in
                zip(parameters, u).map { $0.low + ($0.high - $0.low) * $1 }
            }
        case .sobolSequence:
            return try QuasiRandom.sobol(dimension: k, count: samples).map { u in
                zip(parameters, u).map { $0.low + ($0.high - $0.low) * $1 }
            }
        case .sobol:
            return try QuasiRandom.saltelli(factors: k, samples: samples).map { u in zip(parameters, u).map { $0.low + ($0.high - $0.low) * $1 } }
        }
    }
}

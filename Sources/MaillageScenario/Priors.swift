import Foundation
import Yams
import MaillageFoundation
import MaillageModel

/// The prior of one scenario parameter: its path, distribution and reason.
public struct Prior: Sendable, Equatable {
    /// The parameter's dotted path in a scenario (``ParameterOverride``).
    public var path: String
    public var distribution: ParameterDistribution
    /// Whether a draw is rounded to a whole number (months, counts).
    public var integer = false
    /// Why this range: the source or the assumption.
    public var source: String

    /// The value at cumulative probability `u`.
    public func value(_ u: Double) -> Double {
        let x = distribution.quantile(u)
        return integer ? x.rounded() : x
    }
}

/// The priors of a scenario's assumed parameters (`Scenarios/priors.yaml`), and whether the
/// structural seeds (the synthetic territory's, the structures' placement) are drawn too.
public struct PriorSet: Sendable {
    public var file: String
    public var priors: [Prior]
    public var drawTerritorySeed = false
    public var drawPlacementSeed = false
    /// The file's text fingerprint, for manifests.
    public var fingerprint: String
    /// A calibration's posterior sample (``Posterior``), drawn jointly for its parameters
    /// instead of a prior; `nil`: only the priors.
    public private(set) var posterior: Posterior?

    /// The set with `posterior` drawn for its parameters: a prior on one of them is dropped
    /// (the calibration's sample replaces it).
    public func with(_ posterior: Posterior) -> PriorSet {
        var set = self
        set.priors.removeAll { posterior.paths.contains($0.path) }
        set.posterior = posterior
        return set
    }

    /// The set reduced to the priors named in `paths`, in that order (those a Morris screening
    /// kept, for a Sobol analysis).
    /// - Throws: ``InputError`` when a path has no prior here: `screening` names where it came from.
    public func restricted(to paths: [String], screening: String) throws -> PriorSet {
        var set = self
        set.priors = try paths.map { path in
            guard let prior = priors.first(where: { $0.path == path }) else {
                throw InputError(file: file, message: "expected a prior for \(path), which the screening in \(screening) kept, found none: screen and analyse with the same priors")
            }
            return prior
        }
        return set
    }

    /// The most priors a file may list.
    public static let maximum = 500

    /// Reads and checks a priors file.
    /// - Throws: ``InputError`` naming the file, the line and the field.
    public static func load(_ path: String) throws -> PriorSet {
        let text = try TextFile.read(path)
        var root = try YAMLMapping.root(text: text, file: path)
        var set = PriorSet(file: path, priors: [], fingerprint: ExactText.fingerprint(text))
        if var seeds = try root.mapping("seeds") {
            for (key, flag) in [("territory", \PriorSet.drawTerritorySeed), ("placement", \PriorSet.drawPlacementSeed)] where seeds.has(key) {
                guard let b = seeds.mapping[key]?.bool else { throw seeds.error(key, seeds.mapping[key], "expected true or false") }
                set[keyPath: flag] = b
            }
            try seeds.finish()
        }
        guard let list = try root.list("priors"), !list.isEmpty else {
            throw root.error("priors", nil, "expected a non-empty list of priors (path, distribution, its parameters, source)")
        }
        guard list.count <= maximum else { throw root.error("priors", nil, "expected at most \(maximum) priors, found \(list.count)") }
        var seen = Set<String>()
        for (node, fieldPath) in list {
            var m = try YAMLMapping(node, in: root, path: fieldPath)
            let p = try m.requiredString("path")
            guard seen.insert(p).inserted else { throw m.error("path", m.mapping["path"], "expected each parameter once, found '\(p)' again") }
            var kind = Kind.uniform
            guard m.has("distribution") else { throw m.error("distribution", node, "expected a distribution: uniform, triangular, beta or lognormal") }
            try m.choice("distribution", &kind, Kind.allCases)
            var low = 0.0, high = 0.0
            guard m.has("low"), m.has("high") else { throw m.error("low", node, "expected both bounds, low and high") }
            try m.double("low", &low)
            try m.double("high", &high)
            guard low <= high else { throw m.error("high", m.mapping["high"], "expected high ≥ low, found low \(low) and high \(high)") }
            let distribution: ParameterDistribution
            switch kind {
            case .uniform:
                distribution = .uniform(low: low, high: high)
            case .triangular:
                guard m.has("mode") else { throw m.error("mode", node, "expected the triangular distribution's mode") }
                var mode = 0.0
                try m.double("mode", &mode)
                guard low <= mode, mode <= high else { throw m.error("mode", m.mapping["mode"], "expected a mode between low \(low) and high \(high), found \(mode)") }
                distribution = .triangular(low: low, mode: mode, high: high)
            case .beta:
                var alpha = 0.0, beta = 0.0
                guard m.has("alpha"), m.has("beta") else { throw m.error("alpha", node, "expected the beta distribution's shapes, alpha and beta") }
                try m.double("alpha", &alpha, in: 0.01...1000, rangeText: "a shape of 0.01 to 1000")
                try m.double("beta", &beta, in: 0.01...1000, rangeText: "a shape of 0.01 to 1000")
                distribution = .beta(alpha: alpha, beta: beta, low: low, high: high)
            case .lognormal:
                guard low > 0 else { throw m.error("low", m.mapping["low"], "expected a positive 2.5% quantile for a log-normal, found \(low)") }
                distribution = .lognormal(low: low, high: high)
            }
            var prior = Prior(path: p, distribution: distribution, source: "")
            if m.has("integer") {
                guard let b = m.mapping["integer"]?.bool else { throw m.error("integer", m.mapping["integer"], "expected true or false") }
                prior.integer = b
            }
            prior.source = try m.requiredString("source")
            try m.finish()
            set.priors.append(prior)
        }
        try root.finish()
        return set
    }

    enum Kind: String, CaseIterable { case uniform, triangular, beta, lognormal }

    /// The overrides of one draw: each prior at its coordinate of `u` (in [0, 1)), the
    /// posterior's row for `seed` when there is a posterior, then the structural seeds derived from `seed` when they are drawn and the scenario has them.
    public func overrides(_ u: [Double], seed: UInt64, synthetic: Bool) -> [ParameterOverride] {
        var out = zip(priors, u).map { ParameterOverride(path: $0.path, value: $0.value($1)) }
        if let posterior { out += zip(posterior.paths, posterior.row(seed: seed)).map { ParameterOverride(path: $0, value: $1) } }
        // Seeds below 10¹² stay exact as overrides (written as whole numbers).
        func derived(_ k: Int) -> Double { Double(SeedDerivation.replicationSeed(runSeed: seed, index: k) % 1_000_000_000_000) }
        if drawTerritorySeed && synthetic { out.append(ParameterOverride(path: "territory.seed", value: derived(0))) }
        if drawPlacementSeed { out.append(ParameterOverride(path: "structures.seed", value: derived(1))) }
        return out
    }

    /// Draw d's own seed, from the design's seed and d: its structural seeds and its posterior row
    /// derive from it.
    public static func drawSeed(designSeed: UInt64, draw d: Int) -> UInt64 { SeedDerivation.replicationSeed(runSeed: designSeed, index: d) }

    /// The scenario in `path` at each point of a design (a point: one coordinate in [0, 1) per
    /// prior), with the structural seeds of point d derived from `designSeed` and d.
    /// - Throws: ``InputError`` for a point the scenario does not accept.
    public func scenarios(path: String, confinement: Confinement, points: [[Double]],
                          designSeed: UInt64) throws -> [(overrides: [ParameterOverride], scenario: Scenario)] {
        try scenarios(text: try TextFile.read(path), file: path, confinement: confinement, points: points, designSeed: designSeed)
    }

    /// The scenario written `text` (read as the file `file`: its `base` and data files are found
    /// from there) at each point of a design, as ``scenarios(path:confinement:points:designSeed:)``.
    /// - Throws: ``InputError`` for a point the scenario does not accept.
    public func scenarios(text: String, file: String, confinement: Confinement, points: [[Double]],
                          designSeed: UInt64) throws -> [(overrides: [ParameterOverride], scenario: Scenario)] {
        let node = try ScenarioLoader.compose(text, file: file)
        let lines = YAMLMapping.lines(of: text)
        let base = try ScenarioLoader.load(node: node, file: file, overrides: [], confinement: confinement, lines: lines)
        var synthetic = false
        if case .synthetic = base.territory { synthetic = true }
        return try points.enumerated().map { d, u in
            let overrides = self.overrides(u, seed: Self.drawSeed(designSeed: designSeed, draw: d), synthetic: synthetic)
            return (overrides, try ScenarioLoader.load(node: node, file: file, overrides: overrides, confinement: confinement, lines: lines))
        }
    }

    /// Checks that every prior names a parameter of the scenario in `path` and that its whole
    /// range is valid there (each prior at its smallest and largest values, the others at their
    /// means), and likewise each posterior parameter at its smallest and largest sampled value,
    /// before anything runs.
    /// - Throws: ``InputError`` naming the priors file, the prior and what the scenario said.
    public func check(scenario path: String, confinement: Confinement) throws {
        try check(text: try TextFile.read(path), file: path, confinement: confinement)
    }

    /// Checks the priors against the scenario written `text` (read as the file `path`), as
    /// ``check(scenario:confinement:)``.
    public func check(text: String, file path: String, confinement: Confinement) throws {
        let node = try ScenarioLoader.compose(text, file: path)
        let lines = YAMLMapping.lines(of: text)
        let means = priors.map { ParameterOverride(path: $0.path, value: $0.integer ? $0.distribution.mean.rounded() : $0.distribution.mean) }
        for (i, prior) in priors.enumerated() {
            for x in [prior.distribution.support.lowerBound, prior.distribution.support.upperBound] {
                var overrides = means
                overrides[i].value = prior.integer ? x.rounded() : x
                do {
                    _ = try ScenarioLoader.load(node: node, file: path, overrides: overrides, confinement: confinement, lines: lines)
                } catch let e as InputError {
                    throw InputError(file: file, field: "priors[\(i)]",
                                     message: "expected a prior the scenario \(path) accepts over its whole range; \(prior.path) = \(String(format: "%.10g", x)) is not: \(e)")
                }
            }
        }
        guard let posterior else { return }
        let middle = posterior.rows[posterior.rows.count / 2]
        for (k, range) in posterior.ranges.enumerated() {
            for x in [range.lowerBound, range.upperBound] {
                var values = middle
                values[k] = x
                do {
                    let overrides = means + zip(posterior.paths, values).map { ParameterOverride(path: $0, value: $1) }
                    _ = try ScenarioLoader.load(node: node, file: path, overrides: overrides, confinement: confinement, lines: lines)
                } catch let e as InputError {
                    throw InputError(file: posterior.file, field: posterior.paths[k],
                                     message: "expected values the scenario \(path) accepts; \(posterior.paths[k]) = \(String(format: "%.10g", x)) is not: \(e)")
                }
            }
        }
    }
}

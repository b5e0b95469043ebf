import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// A national study run: each territory without cooperation and under the standard policy, on
/// the study's seed, one territory at a time (its model and replications are dropped before the
/// next: memory stays that of the largest territory), then the comparison across INSEE's density
/// classes and the regression of the effect on density and structures.
public enum NationalRun {
    /// INSEE's density grid (7 levels, 2024) in three classes: the large urban centres (level 1),
    /// the rest of urban France (levels 2–4: intermediate centres, small towns, suburban belts)
    /// and rural France (levels 5–7: rural towns, dispersed and very dispersed rural communes,
    /// INSEE's definition of the rural since 2020).
    public enum DensityClass: Int, Sendable, CaseIterable {
        case dense = 0, intermediate, rural

        /// The class of a density level (1–7).
        public init?(level: Int) {
            switch level {
            case 1: self = .dense
            case 2...4: self = .intermediate
            case 5...7: self = .rural
            default: return nil
            }
        }

        public var key: String { ["dense_urban", "intermediate", "rural"][rawValue] }
        public var label: Label {
            switch self {
            case .dense: Label(words: "national.large_urban_centres_level_1")
            case .intermediate: Label(words: "national.intermediate_urban_levels_2_4")
            case .rural: Label(words: "national.rural_levels_5_7")
            }
        }
    }

    /// One territory's results.
    public struct Row: Sendable {
        public var territory: NationalStudy.Territory
        public var areaKm2: Double
        /// Inhabitants in communes of each ``DensityClass``, and in communes the grid does not grade.
        public var classPopulation: [Int]
        public var ungradedPopulation: Int
        /// The class holding most of the inhabitants (the first of equals).
        public var densityClass: DensityClass
        public var classicStructures: Int
        public var essStructures: Int
        public var budgetEur: Double
        /// What the standard policy costs over the horizon, staff time included (the denominator
        /// of `jobs_per_100k_eur`).
        public var costOverHorizonEur: Double
        /// Without cooperation: population coverage, first contacts that fit, referrals that succeed.
        public var baseline: [Metric: Estimate]
        /// Under the standard policy, and its effects (paired with the same replications without it).
        public var policy: [Metric: Estimate]
        /// The standard policy's net jobs over plausible worlds; nil without plausible draws or
        /// when the policy buys nothing.
        public var plausible: PlausibleRange.Row?
        public var warnings: [Label]
        /// The territory's outline (its communes dissolved): polygons, each an outer ring and its
        /// holes, of (longitude, latitude).
        public var outline: [[[(longitude: Double, latitude: Double)]]]
        /// A point inside the territory's most populous commune.
        public var point: (longitude: Double, latitude: Double)

        public var population: Int { territory.population }
        public var density: Double { areaKm2 > 0 ? Double(population) / areaKm2 : .nan }
        public var structuresPer100k: Double { Double(classicStructures + essStructures) * 100_000 / Double(max(population, 1)) }
        public func share(_ c: DensityClass) -> Double { Double(classPopulation[c.rawValue]) / Double(max(population, 1)) }
        /// The effect the comparison is about: net jobs added per 100 k€ of the standard policy.
        public var effect: Estimate { policy[.jobsPer100kEur] ?? Estimate(values: []) }
    }

    /// The metrics read in each state.
    public static let stateMetrics: [Metric] = [.coverageRate, .firstContactFitRate, .referralSuccessRate]
    /// What the standard policy could not spend (whole units cost more than a small budget's share).
    public static let unspent = Metric.budgetUnspentEur
    /// The effects kept for each territory.
    public static let effectMetrics: [Metric] = [.jobsAddedNet, .jobsPer100kEur, Metric.named("jobs_added_net_inter_ecosystem")!]

    /// What a run reports as it goes.
    public enum Event: Sendable {
        /// Territory k (1-based) of n starts.
        case territory(Int, Int, String)
        case warning(Label)
    }

    /// Runs every territory of `study`, `jobs` replications at a time; with `priors` and plausible
    /// draws, each territory's net jobs over plausible worlds too.
    /// - Throws: ``InputError`` for a territory that does not import, what a replication throws.
    public static func run(_ study: NationalStudy, jobs: Int, priors: PriorSet?, progress: (Event) -> Void = { _ in },
                           replications onReplication: ((Int, Int) -> Void)? = nil) async throws -> [Row] {
        var rows: [Row] = []
        // A territory's import and model build (one core) run while the territory before it
        // replicates: the next one is ready when its turn comes.
        @Sendable func prepare(_ t: NationalStudy.Territory) throws -> (Scenario, Scenario.World, SimulationModel) {
            let scenario = try study.scenario(t)
            let world = try scenario.world()
            return (scenario, world, try scenario.build(world))
        }
        var next = study.territories.first.map { t in Task { try prepare(t) } }
        defer { next?.cancel() }
        for (k, t) in study.territories.enumerated() {
            progress(.territory(k + 1, study.territories.count, "\(t.code) \(t.name)"))
            guard let prepared = next else { break }
            let (scenario, world, model) = try await prepared.value
            next = k + 1 < study.territories.count ? Task { [u = study.territories[k + 1]] in try prepare(u) } : nil
            var plan = scenario.plan
            plan.replications = study.replications
            plan.seed = study.seed
            plan.jobs = jobs
            for line in model.warnings { progress(.warning(line.prefixed(t.code))) }
            let n = plan.replications
            let (result, baseline) = try await SharedBaselines(limit: 1).run(model, plan: plan, key: t.code) { onReplication?($0, n) }
            var plausible: PlausibleRange.Row?
            if let priors, study.plausibleDraws > 0, model.policy.isActive {
                let (text, file) = study.scenarioText(t)
                let design = PlausibleRange.Design(draws: study.plausibleDraws, replications: study.plausibleReplications, designSeed: study.seed)
                plausible = try await PlausibleRange.compute(text: text, file: file, confinement: study.confinement, priors: priors, design: design,
                                                             seed: study.seed, jobs: jobs)?.row(.jobsAddedNet)
            }
            let zones = model.territory.zones
            var classPopulation = [0, 0, 0], ungraded = 0
            for z in zones {
                if let c = z.densityLevel.flatMap(DensityClass.init(level:)) { classPopulation[c.rawValue] += z.population } else { ungraded += z.population }
            }
            let majority = DensityClass.allCases.max { (classPopulation[$0.rawValue], -$0.rawValue) < (classPopulation[$1.rawValue], -$1.rawValue) }!
            let structures = model.territoryStructures
            let outline = Polygon.outline(of: (world.outlines ?? []).flatMap(\.polygons), spacingKm: 1)
            let projection = world.projection ?? LocalProjection(longitude0: 3, latitude0: 46.5)
            let largest = zones.max { ($0.population, $1.code) < ($1.population, $0.code) }
            rows.append(Row(territory: t, areaKm2: model.territory.areaKm2, classPopulation: classPopulation, ungradedPopulation: ungraded,
                            densityClass: majority,
                            classicStructures: structures.filter { $0.ecosystem == .classic }.count,
                            essStructures: structures.filter { $0.ecosystem == .ess }.count,
                            budgetEur: study.budget(t), costOverHorizonEur: model.costOverHorizonEur,
                            baseline: Dictionary(uniqueKeysWithValues: stateMetrics.map { ($0, baseline.estimate($0)) }),
                            policy: Dictionary(uniqueKeysWithValues: (stateMetrics + effectMetrics + [unspent]).map { ($0, result.estimate($0)) }),
                            plausible: plausible, warnings: model.warnings,
                            outline: outline.map { $0.rings.map { ring in ring.map { projection.unproject(x: $0.x, y: $0.y) } } },
                            point: largest.map { projection.unproject(x: $0.x, y: $0.y) } ?? (0, 0)))
        }
        return rows
    }

    /// The effect in one density class: territories whose inhabitants are mostly in it.
    public struct ClassSummary: Sendable {
        public var densityClass: DensityClass
        public var territories: Int
        public var population: Int
        /// The mean of the territories' effects, its 95% interval over territories (their spread
        /// within the class, Monte Carlo noise included).
        public var effect: Estimate
        /// Σ net jobs / Σ cost over the horizon × 100 k€: the class as one territory.
        public var pooled: Double
    }

    /// Each density class's effect, from the rows of territories whose effect is defined.
    public static func byClass(_ rows: [Row]) -> [ClassSummary] {
        DensityClass.allCases.map { c in
            let mine = rows.filter { $0.densityClass == c && $0.effect.mean.isFinite }
            let jobs = mine.reduce(0.0) { $0 + ($1.policy[.jobsAddedNet]?.mean ?? 0) }, money = mine.reduce(0.0) { $0 + $1.costOverHorizonEur }
            return ClassSummary(densityClass: c, territories: mine.count, population: mine.reduce(0) { $0 + $1.population },
                                effect: Estimate(values: mine.map(\.effect.mean)), pooled: money > 0 ? jobs / money * 100_000 : .nan)
        }
    }

    /// Rural minus large urban centres' mean effect (Welch), nil unless both classes have two
    /// territories.
    public static func ruralMinusDense(_ rows: [Row]) -> Estimate? {
        let defined = rows.filter { $0.effect.mean.isFinite }
        let rural = defined.filter { $0.densityClass == .rural }.map(\.effect.mean), dense = defined.filter { $0.densityClass == .dense }.map(\.effect.mean)
        guard rural.count >= 2, dense.count >= 2 else { return nil }
        return Difference.unpaired(dense, rural)
    }

    /// The regression's terms, in order.
    public static let regressors = ["intercept", "log10_density", "rural_share", "structures_per_100k"]

    /// The effect regressed on log₁₀ of the density (inhabitants per km²), the share of
    /// inhabitants in rural communes and the structures per 100,000 inhabitants, by ordinary
    /// least squares with HC1 standard errors; nil when there are too few territories.
    /// - Throws: ``GSLError`` when GSL cannot fit it (memory), rather than leaving it out unsaid.
    public static func regression(_ rows: [Row]) throws -> WeightedLeastSquares.Fit? {
        let defined = rows.filter { $0.effect.mean.isFinite && $0.density > 0 }
        guard defined.count > regressors.count + 1 else { return nil }
        let x = defined.map { [1, log10($0.density), $0.share(.rural), $0.structuresPer100k] }
        return try WeightedLeastSquares.ordinary(x, defined.map(\.effect.mean))
    }
}

extension NationalRun.Row: Codable {
    /// A row written exactly (a shard's rows for `maillage merge`): numbers as JSON's shortest
    /// exact form, an estimate as [mean, sd, low, high, n], a metric by its name.
    private struct Stored: Codable {
        var territory: [String]
        var population: Int, communes: Int
        var areaKm2: Double
        var classPopulation: [Int], ungradedPopulation: Int
        var densityClass: Int
        var classicStructures: Int, essStructures: Int
        var budgetEur: Double, costOverHorizonEur: Double
        var baseline: [String: [Double]], policy: [String: [Double]]
        var plausible: [Double]?
        var warnings: [[String]]
        var outline: [[[[Double]]]]
        var point: [Double]
    }

    public func encode(to encoder: any Encoder) throws {
        func stored(_ e: Estimate) -> [Double] { [e.mean, e.sd, e.low, e.high, Double(e.n)] }
        let p = plausible.map { [$0.mean, $0.low, $0.high, $0.probPositive, $0.lowError, $0.highError, Double($0.draws)] }
        try Stored(territory: [territory.code, territory.name], population: territory.population, communes: territory.communes,
                   areaKm2: areaKm2, classPopulation: classPopulation, ungradedPopulation: ungradedPopulation, densityClass: densityClass.rawValue,
                   classicStructures: classicStructures, essStructures: essStructures, budgetEur: budgetEur, costOverHorizonEur: costOverHorizonEur,
                   baseline: Dictionary(uniqueKeysWithValues: baseline.map { ($0.key.name, stored($0.value)) }),
                   policy: Dictionary(uniqueKeysWithValues: policy.map { ($0.key.name, stored($0.value)) }),
                   plausible: p, warnings: warnings.map { [$0.en, $0.fr] },
                   outline: outline.map { $0.map { $0.map { [$0.longitude, $0.latitude] } } }, point: [point.longitude, point.latitude])
            .encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let s = try Stored(from: decoder)
        func corrupt(_ what: String) -> DecodingError { .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: what)) }
        func estimate(_ v: [Double]) throws -> Estimate {
            guard v.count == 5, let n = Int(exactly: v[4]) else { throw corrupt("expected an estimate [mean, sd, low, high, n]") }
            return Estimate(mean: v[0], sd: v[1], low: v[2], high: v[3], n: n)
        }
        func estimates(_ d: [String: [Double]]) throws -> [Metric: Estimate] {
            Dictionary(uniqueKeysWithValues: try d.map { name, value in
                guard let m = Metric.named(name) else { throw corrupt("expected a metric's name, found '\(name)'") }
                return (m, try estimate(value))
            })
        }
        func pair(_ v: [Double]) throws -> (longitude: Double, latitude: Double) {
            guard v.count == 2 else { throw corrupt("expected a point [longitude, latitude]") }
            return (v[0], v[1])
        }
        guard s.territory.count == 2, s.classPopulation.count == NationalRun.DensityClass.allCases.count,
              let c = NationalRun.DensityClass(rawValue: s.densityClass), s.warnings.allSatisfy({ $0.count == 2 }) else {
            throw corrupt("expected a national study's row")
        }
        territory = NationalStudy.Territory(code: s.territory[0], name: s.territory[1], population: s.population, communes: s.communes)
        areaKm2 = s.areaKm2
        classPopulation = s.classPopulation
        ungradedPopulation = s.ungradedPopulation
        densityClass = c
        classicStructures = s.classicStructures
        essStructures = s.essStructures
        budgetEur = s.budgetEur
        costOverHorizonEur = s.costOverHorizonEur
        baseline = try estimates(s.baseline)
        policy = try estimates(s.policy)
        if let p = s.plausible {
            guard p.count == 7, let draws = Int(exactly: p[6]) else { throw corrupt("expected a plausible range [mean, low, high, p, errors, draws]") }
            plausible = PlausibleRange.Row(metric: .jobsAddedNet, mean: p[0], low: p[1], high: p[2], probPositive: p[3], lowError: p[4], highError: p[5],
                                           draws: draws)
        } else {
            plausible = nil
        }
        warnings = s.warnings.map { Label(en: $0[0], fr: $0[1]) }
        outline = try s.outline.map { try $0.map { try $0.map(pair) } }
        point = try pair(s.point)
    }
}

import Foundation
import MaillageFoundation

/// Floating-catchment accessibility indices, as the PySAL `access` package defines them.
///
/// For demand P_i at zones, supply S_j at structures, travel costs c_ij and a weight w(c):
///
///     R_j = S_j / Σ_i P_i · w(c_ij)        (supply per person in the structure's catchment)
///     A_i = Σ_j R_j · w(c_ij)              (the ratios a zone reaches, weighted)
///
/// 2SFCA uses w = 1 within the cutoff; E2SFCA uses stepped weights (Luo and Qi 2009: 1, 0.68,
/// 0.22 up to 10, 20, 30 minutes, 0 beyond, each step inclusive), or a Gaussian decay
/// exp(−c² / 2σ²) within the cutoff. Cutoffs are inclusive (c ≤ cutoff). A structure whose
/// catchment holds nobody contributes nothing; a zone that reaches no supply gets 0.
public struct AccessibilitySettings: Sendable, Equatable, Codable {
    /// Upper bounds (minutes, inclusive) and weights of the E2SFCA steps.
    public var stepMinutes: [Double] = [10, 20, 30]
    public var stepWeights: [Double] = [1, 0.68, 0.22]
    /// σ of the Gaussian decay, minutes. Default 15: half the 30-minute reach (assumption).
    public var gaussianSigmaMinutes: Double = 15

    public init() {}

    /// The stepped weight of a cost: the weight of the first step whose bound it does not exceed.
    public func stepWeight(_ c: Double) -> Double {
        for (bound, w) in zip(stepMinutes, stepWeights) where c <= bound { return w }
        return 0
    }
}

/// Accessibility of one zone for one need (project type and stage).
public struct NeedAccessibility: Sendable, Equatable {
    /// Minutes to the nearest fitting structure (+∞ when none fits anywhere).
    public var nearestMinutes: Double
    /// Whether that structure is within the reach cutoff (inclusive).
    public var covered: Bool
    public var twoStep: Double
    public var enhancedStep: Double
    public var enhancedGaussian: Double
}

/// What the coverage and accessibility tables read about a territory: its zones, the structures
/// open at the horizon's start with their capacity and the needs each fits, and the travel times
/// that matter. Made from a built ``SimulationModel`` (``init(_:settings:)``), or, for a
/// territory too large for one, straight from its structures (``init(territory:structures:travel:journey:offer:holders:settings:warnings:file:)``).
public struct CoverageInputs: Sendable {
    public let territory: Territory
    /// The structures the indices count: the territory's, with those levers add (candidates that
    /// may open by themselves later apart).
    public let structures: [SupportStructure]
    /// Each structure's places a year, funded capacity included.
    public let capacityPerYear: [Double]
    /// Per need and structure (`need × structures + s`, needs by project type then stage): the
    /// structure is open at the horizon's start and fits the need.
    public let fits: [Bool]
    /// The reach cutoff (inclusive), minutes.
    public let reachMinutes: Double
    /// The pairs within the indices' widest cutoff (the reach, or the last E2SFCA step if later).
    public let costs: ReachableCosts
    /// Per zone and need (`z × needs + need`): minutes to the nearest fitting structure anywhere
    /// (+∞ when none fits).
    public let nearestMinutes: [Double]
    /// Every pair's minutes, zone-major with `stride` columns (the first `structures.count` are
    /// these structures), when a model computed them: `costs.csv` then lists every pair.
    public let allMinutes: (table: [Double], stride: Int)?
    /// Project-type and stage shares, to weight coverage.
    public let holders: HolderParameters
    /// The import's and the levers' warnings.
    public let warnings: [Label]

    /// The cutoff beyond which no index gives weight.
    static func widestCutoff(reach: Double, settings: AccessibilitySettings) -> Double {
        max(reach, settings.stepMinutes.max() ?? reach)
    }

    /// A built model's structures, capacities, fits and travel times: every pair when the model
    /// keeps them, otherwise (a model too large for a table) only those within the indices' cutoff.
    /// - Throws: ``InputError`` when more than ``Limits/reachablePairs`` pairs lie within the
    ///   cutoff of a model that does not keep its pairs.
    public init(_ model: SimulationModel, settings: AccessibilitySettings = AccessibilitySettings()) throws {
        let S = model.structures.count, kept = model.territoryStructures.count, needs = SimulationModel.needs
        territory = model.territory
        structures = Array(model.territoryStructures)
        capacityPerYear = (0..<kept).map { model.monthlyCapacity[$0] * 12 }
        fits = (0..<needs).flatMap { need in (0..<kept).map { model.fits[need * S + $0] } }
        reachMinutes = model.travel.reachMinutes
        let cutoff = Self.widestCutoff(reach: reachMinutes, settings: settings)
        holders = model.holders
        warnings = model.warnings
        guard model.times.isDense else {
            (costs, nearestMinutes) = try Self.reachable(territory: model.territory, sites: structures.map { (x: $0.x, y: $0.y, code: $0.zoneCode) },
                                                          fits: fits, travel: model.travel, cutoff: cutoff, file: model.territory.name)
            allMinutes = nil
            return
        }
        let dense = model.times.dense
        costs = ReachableCosts(dense: dense, structures: S, keeping: kept, cutoff: cutoff)
        var nearest = Array(repeating: Double.infinity, count: model.territory.zones.count * needs)
        for z in model.territory.zones.indices {
            for need in 0..<needs {
                for s in 0..<kept where model.fits[need * S + s] { nearest[z * needs + need] = min(nearest[z * needs + need], dense[z * S + s]) }
            }
        }
        nearestMinutes = nearest
        allMinutes = (dense, S)
    }

    /// A territory's own structures, without a policy and without building a model: the same
    /// fits and capacities as a model without cooperation gives them, and only the travel times
    /// within reach (``ReachableCosts``), so that all of France fits in memory.
    ///
    /// - Throws: ``InputError`` (naming `file`) with more structures than a model takes
    ///   (``Limits/structures``) or too many pairs within reach.
    public init(territory: Territory, structures: [SupportStructure], travel: TravelTimes, journey: JourneyParameters, offer: OfferTable,
                holders: HolderParameters, settings: AccessibilitySettings = AccessibilitySettings(), warnings: [Label] = [],
                file: String) throws {
        let needs = SimulationModel.needs, S = structures.count
        guard S <= Limits.structures else {
            throw InputError(file: file, field: "structures", message: "expected at most \(Limits.structures) support structures, found \(S)")
        }
        self.territory = territory
        self.structures = structures
        // As a model without cooperation sets them (``ModelBuild`` and ``SimulationModel``):
        // awareness of ESS specifics, fits at the horizon's start, a month's capacity times twelve.
        let hasESS = structures.contains { $0.role == .network && $0.ecosystem == .ess }
        let fit = SimulationModel.fitTables(structures, awareness: ModelBuild.baselineAwareness(structures, journey: journey),
                                            threshold: journey.socialUtilityAwarenessThreshold, jointPermanences: hasESS, offer: offer).fits
        let open = structures.map { $0.isOpen(month: 0) }
        fits = fit.indices.map { fit[$0] && open[$0 % max(S, 1)] }
        capacityPerYear = structures.map { $0.capacityPerYear / 12 * 12 }
        reachMinutes = travel.reachMinutes
        (costs, nearestMinutes) = try Self.reachable(territory: territory, sites: structures.map { (x: $0.x, y: $0.y, code: $0.zoneCode) },
                                                      fits: fits, travel: travel, cutoff: Self.widestCutoff(reach: reachMinutes, settings: settings),
                                                      file: file)
        allMinutes = nil
        self.holders = holders
        self.warnings = warnings
    }

    /// The pairs within `cutoff` of each zone to each site, and per zone and need the minutes to
    /// the nearest site that fits the need (`fits`: `need × sites + s`), searched outwards from
    /// the zone; neither computes the other pairs.
    static func reachable(territory: Territory, sites: [(x: Double, y: Double, code: String)], fits: [Bool], travel: TravelTimes,
                          cutoff: Double, file: String) throws -> (ReachableCosts, [Double]) {
        let needs = SimulationModel.needs, S = sites.count
        let costs = try ReachableCosts(zones: territory.zones, sites: sites, travel: travel, cutoff: cutoff, file: file)
        // The nearest fitting structure of each need, searched outwards from the zone.
        let zones = territory.zones
        var nearest = Array(repeating: Double.infinity, count: zones.count * needs)
        if let matrix = travel.matrix {
            let sitesAt = ReachableCosts.sitesByCode(sites)
            for (z, zone) in zones.enumerated() {
                var row = matrix[zone.code] ?? [:]
                if row[zone.code] == nil { row[zone.code] = 0 }
                for (code, m) in row {
                    for s in sitesAt[code] ?? [] {
                        for need in 0..<needs where fits[need * S + s] { nearest[z * needs + need] = min(nearest[z * needs + need], m) }
                    }
                }
            }
        } else {
            // One grid per need, of the structures that fit it.
            let fitTable = fits
            let reachCell = travel.model.farthestKm(within: costs.cutoffMinutes)
            for need in 0..<needs {
                let fitting = (0..<S).filter { fitTable[need * S + $0] }
                guard !fitting.isEmpty else { continue }
                let grid = SiteGrid(searching: fitting.map { sites[$0].x }, fitting.map { sites[$0].y }, reachKm: reachCell)
                for (z, zone) in zones.enumerated() {
                    let perKm = travel.model.detourFactor / travel.model.speedKmh(zone.kind) * 60
                    nearest[z * needs + need] = grid.nearest(x: zone.x, y: zone.y, minutesPerKm: perKm, include: { _ in true }) { k in
                        let s = fitting[k]
                        return travel.model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: sites[s].x, y: sites[s].y)
                    }
                }
            }
        }
        return (costs, nearest)
    }

    /// Share of the population with a fitting structure within reach, per project type (the
    /// stages weighted by their shares), as ``SimulationModel/coverageByType`` has it.
    public func coverageByType(_ access: [[NeedAccessibility]]) -> [Double] {
        let population = Double(territory.population), zones = territory.zones
        return (0..<SimulationModel.types).map { type in
            SimulationModel.weightedMean((0..<SimulationModel.stages).map { stage in
                Double(zones.indices.reduce(0) { access[$1][type * SimulationModel.stages + stage].covered ? $0 + zones[$1].population : $0 }) / population
            }, holders.stageShares)
        }
    }

    /// Overall coverage: ``coverageByType(_:)`` weighted by the project-type shares.
    public func coverage(_ access: [[NeedAccessibility]]) -> Double {
        SimulationModel.weightedMean(coverageByType(access), holders.projectTypeShares)
    }
}

public enum Accessibility {
    /// The two-step floating catchment index of every demand zone.
    ///
    /// - Parameters:
    ///   - demand: P_i, one per zone.
    ///   - supply: S_j, one per structure.
    ///   - cost: c_ij, zone-major (`i × J + j`).
    ///   - weight: w(c), 0 outside the catchment.
    /// - Complexity: O(zones × structures).
    public static func twoStep(demand: [Double], supply: [Double], cost: [Double], weight: (Double) -> Double) -> [Double] {
        precondition(cost.count == demand.count * supply.count)
        return twoStep(demand: demand, supply: supply, costs: ReachableCosts(dense: cost, structures: supply.count, cutoff: .infinity), weight: weight)
    }

    /// The same index over the pairs `costs` keeps: w must be 0 beyond its cutoff. The sums run
    /// in the order of a dense table's (zones, then structures by index), so that both give the
    /// same numbers to the last bit.
    /// - Complexity: O(zones + structures + pairs kept).
    public static func twoStep(demand: [Double], supply: [Double], costs: ReachableCosts, weight: (Double) -> Double) -> [Double] {
        let I = demand.count, J = supply.count
        precondition(costs.start.count == I + 1)
        var catchment = Array(repeating: 0.0, count: J)
        var w = Array(repeating: 0.0, count: costs.count)
        for i in 0..<I {
            for k in costs.start[i]..<costs.start[i + 1] {
                let j = Int(costs.structure[k])
                guard supply[j] > 0 else { continue }
                let x = weight(costs.minutes[k])
                w[k] = x
                catchment[j] += demand[i] * x
            }
        }
        let ratio = (0..<J).map { catchment[$0] > 0 ? supply[$0] / catchment[$0] : 0 }
        return (0..<I).map { i in
            var a = 0.0
            for k in costs.start[i]..<costs.start[i + 1] where ratio[Int(costs.structure[k])] > 0 { a += ratio[Int(costs.structure[k])] * w[k] }
            return a
        }
    }

    /// A zone's access: the mean over its needs of the Gaussian E2SFCA index, in places a year
    /// per 1,000 inhabitants; NaN for a zone with no needs.
    public static func zoneIndex(_ needs: [NeedAccessibility]) -> Double {
        needs.isEmpty ? .nan : 1000 * needs.reduce(0) { $0 + $1.enhancedGaussian } / Double(needs.count)
    }

    /// Every index for every zone and need of a model: `result[zone][need]`, needs ordered by
    /// project type then stage. Supply is each fitting structure's yearly capacity (funded
    /// capacity included); demand is the zone's population.
    /// - Throws: what ``CoverageInputs/init(_:settings:)`` throws.
    public static func compute(_ model: SimulationModel, settings: AccessibilitySettings = AccessibilitySettings()) throws -> [[NeedAccessibility]] {
        compute(try CoverageInputs(model, settings: settings), settings: settings)
    }

    /// Every index for every zone and need of `inputs`, as ``compute(_:settings:)-(SimulationModel,_)`` describes.
    public static func compute(_ inputs: CoverageInputs, settings: AccessibilitySettings = AccessibilitySettings()) -> [[NeedAccessibility]] {
        let zones = inputs.territory.zones, S = inputs.structures.count, needs = SimulationModel.needs
        let demand = zones.map { Double($0.population) }
        let cutoff = inputs.reachMinutes
        let sigma2 = 2 * settings.gaussianSigmaMinutes * settings.gaussianSigmaMinutes
        var result = Array(repeating: [NeedAccessibility](), count: zones.count)
        for need in 0..<needs {
            let supply = (0..<S).map { inputs.fits[need * S + $0] ? inputs.capacityPerYear[$0] : 0 }
            let plain = twoStep(demand: demand, supply: supply, costs: inputs.costs) { $0 <= cutoff ? 1 : 0 }
            let stepped = twoStep(demand: demand, supply: supply, costs: inputs.costs) { settings.stepWeight($0) }
            let gaussian = twoStep(demand: demand, supply: supply, costs: inputs.costs) { $0 <= cutoff ? exp(-$0 * $0 / sigma2) : 0 }
            for z in zones.indices {
                let nearest = inputs.nearestMinutes[z * needs + need]
                result[z].append(NeedAccessibility(nearestMinutes: nearest, covered: nearest <= cutoff, twoStep: plain[z],
                                                   enhancedStep: stepped[z], enhancedGaussian: gaussian[z]))
            }
        }
        return result
    }
}

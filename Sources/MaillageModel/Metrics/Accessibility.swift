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
        let I = demand.count, J = supply.count
        precondition(cost.count == I * J)
        var catchment = Array(repeating: 0.0, count: J)
        var w = Array(repeating: 0.0, count: I * J)
        for i in 0..<I {
            for j in 0..<J where supply[j] > 0 {
                let x = weight(cost[i * J + j])
                w[i * J + j] = x
                catchment[j] += demand[i] * x
            }
        }
        let ratio = (0..<J).map { catchment[$0] > 0 ? supply[$0] / catchment[$0] : 0 }
        return (0..<I).map { i in
            var a = 0.0
            for j in 0..<J where ratio[j] > 0 { a += ratio[j] * w[i * J + j] }
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
    public static func compute(_ model: SimulationModel, settings: AccessibilitySettings = AccessibilitySettings()) -> [[NeedAccessibility]] {
        let Z = model.territory.zones.count, S = model.structures.count
        let demand = model.territory.zones.map { Double($0.population) }
        let cutoff = model.travel.reachMinutes
        let sigma2 = 2 * settings.gaussianSigmaMinutes * settings.gaussianSigmaMinutes
        var result = Array(repeating: [NeedAccessibility](), count: Z)
        for need in 0..<SimulationModel.needs {
            let supply = (0..<S).map { model.fits[need * S + $0] ? model.monthlyCapacity[$0] * 12 : 0 }
            let plain = twoStep(demand: demand, supply: supply, cost: model.minutes) { $0 <= cutoff ? 1 : 0 }
            let stepped = twoStep(demand: demand, supply: supply, cost: model.minutes) { settings.stepWeight($0) }
            let gaussian = twoStep(demand: demand, supply: supply, cost: model.minutes) { $0 <= cutoff ? exp(-$0 * $0 / sigma2) : 0 }
            for z in 0..<Z {
                var nearest = Double.infinity
                for s in 0..<S where model.fits[need * S + s] { nearest = min(nearest, model.minutes[z * S + s]) }
                result[z].append(NeedAccessibility(nearestMinutes: nearest, covered: nearest <= cutoff, twoStep: plain[z],
                                                   enhancedStep: stepped[z], enhancedGaussian: gaussian[z]))
            }
        }
        return result
    }
}

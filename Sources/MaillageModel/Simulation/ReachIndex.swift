import Foundation
import MaillageFoundation

/// Who reaches whom in one period of the ecosystem (between openings and closings): for every
/// zone, the open support structures within the accepted travel time (nearest first), the draw
/// tables of first contacts and of fitting structures, the nearest shared intake point in reach,
/// and each need's coverage.
struct ReachIndex {
    var reachStart = [0]
    var reachStructure: [Int32] = []
    var contactTables: [DiscreteDistribution?] = []
    /// Legibility before cooperation, per zone: it falls as actors multiply.
    var baseLegibility: [Double] = []
    var nearestFitInReach: [Int32]
    var fittingTables: [DiscreteDistribution?] = []
    var fittingStart = [0]
    var fittingStructure: [Int32] = []
    /// Per zone and need: the nearest open fitting structure anywhere, or −1.
    var referralTarget: [Int32]
    /// Per zone: the nearest open shared intake point in reach, or −1.
    var intakeInReach: [Int32]
    /// Population covered per need, and per type for the whole chain, in inhabitants so that
    /// full coverage is exactly 1.
    var coveredPopulation: [Int]
    var chainPopulation: [Int]

    /// Per zone, the structures within the accepted travel time (open or not), nearest first,
    /// ties by index: zone z's are `reachOrder[reachOrderStart[z] ..< reachOrderStart[z + 1]]`.
    /// The periods of one model share them, each keeping its open structures.
    var reachOrder: [Int32]
    var reachOrderStart: [Int]

    /// - Parameters:
    ///   - open: whether each structure is open in this period.
    ///   - fits: per need and structure, whether the structure fits (open or not).
    ///   - times: the zone–structure travel times.
    ///   - order: ``reachOrder`` and ``reachOrderStart`` (``PairMinutes/within(_:file:)`` at the reach).
    init(zones: [Zone], structures: [SupportStructure], open: [Bool], fits: [Bool], travel: TravelTimes, journey: JourneyParameters,
         times: PairMinutes, order: (order: [Int32], start: [Int])) throws {
        let Z = zones.count, S = structures.count
        let types = SimulationModel.types, stages = SimulationModel.stages, needs = SimulationModel.needs
        nearestFitInReach = Array(repeating: Int32(-1), count: Z * needs)
        referralTarget = Array(repeating: Int32(-1), count: Z * needs)
        intakeInReach = Array(repeating: Int32(-1), count: Z)
        fittingTables.reserveCapacity(Z * needs)
        coveredPopulation = Array(repeating: 0, count: needs)
        chainPopulation = Array(repeating: 0, count: types)
        (reachOrder, reachOrderStart) = order
        // Per need, the open structures that fit it: the nearest of them anywhere is where a
        // correct referral goes when none is in reach.
        var openFitting: [[Int]] = Array(repeating: [], count: needs)
        for need in 0..<needs {
            for s in 0..<S where open[s] && fits[need * S + s] { openFitting[need].append(s) }
        }
        let nearestOpenFitting = openFitting.map { times.nearest(among: $0) }
        // Buffers reused zone after zone.
        var inReach: [Int] = [], attraction: [Double] = [], fitting: [Int] = [], weights: [Double] = []
        inReach.reserveCapacity(S)
        for (z, zone) in zones.enumerated() {
            // The open structures in reach, nearest first; the nearest shared intake point apart.
            inReach.removeAll(keepingCapacity: true)
            for k in reachOrderStart[z] ..< reachOrderStart[z + 1] {
                let s = Int(reachOrder[k])
                guard open[s] else { continue }
                if structures[s].role != .intake {
                    inReach.append(s)
                } else if intakeInReach[z] < 0 {
                    intakeInReach[z] = Int32(s)
                }
            }
            for s in inReach { reachStructure.append(Int32(s)) }
            reachStart.append(reachStructure.count)
            // Weights relative to the nearest structure in reach: the same ratios, and no weight
            // underflows to zero whatever the distances.
            let nearest = inReach.first.map { times[z, $0] } ?? 0
            attraction.removeAll(keepingCapacity: true)
            for s in inReach { attraction.append(max(structures[s].capacityPerYear, 1e-9) * exp(-(times[z, s] - nearest) / journey.contactDecayMinutes)) }
            contactTables.append(inReach.isEmpty ? nil : try DiscreteDistribution(weights: attraction))
            // Legibility falls as actors multiply: the study's metropolitan finding, as mechanism.
            baseLegibility.append(journey.legibilityBase * journey.legibilityHalfCount / (journey.legibilityHalfCount + Double(inReach.count)))

            // A zone's needs often have the same fitting structures (often all those in reach):
            // their tables are built once and shared (the same weights give the same table).
            var built: [(fitting: [Int], table: DiscreteDistribution)] = []
            if let table = contactTables.last ?? nil { built.append((inReach, table)) }
            for type in 0..<types {
                var wholeChain = true
                for stage in 0..<stages {
                    let need = type * stages + stage
                    let i = z * needs + need
                    fitting.removeAll(keepingCapacity: true)
                    weights.removeAll(keepingCapacity: true)
                    for (k, s) in inReach.enumerated() where fits[need * S + s] {
                        fitting.append(s)
                        weights.append(attraction[k])
                    }
                    if let s = fitting.first {
                        // Intake points fit no one, so the first fitting structure in reach is
                        // also the nearest open fitting one: a correct referral's target.
                        nearestFitInReach[i] = Int32(s)
                        referralTarget[i] = Int32(s)
                        coveredPopulation[need] += zone.population
                        if let same = built.first(where: { $0.fitting == fitting }) {
                            fittingTables.append(same.table)
                        } else {
                            let table = try DiscreteDistribution(weights: weights)
                            built.append((fitting, table))
                            fittingTables.append(table)
                        }
                    } else {
                        wholeChain = false
                        fittingTables.append(nil)
                        // None in reach: the nearest open fitting structure beyond.
                        if let s = nearestOpenFitting[need](z) {
                            referralTarget[i] = Int32(s)
                        }
                    }
                    for s in fitting { fittingStructure.append(Int32(s)) }
                    fittingStart.append(fittingStructure.count)
                }
                if wholeChain { chainPopulation[type] += zone.population }
            }
        }
    }
}

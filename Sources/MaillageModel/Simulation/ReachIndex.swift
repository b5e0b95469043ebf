import Foundation
import MaillageFoundation

/// Who reaches whom in one period of the ecosystem (between openings and closings): for every
/// zone, the open support structures within the accepted travel time (nearest first), the draw
/// tables of first contacts and of fitting structures, the nearest shared intake point in reach,
/// and each need's coverage.
struct ReachIndex {
    var minutes: [Double]
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

    /// Per zone, every structure (open or not) nearest first, ties by index (zones × structures):
    /// the periods of one model share it, each keeping its open structures.
    var order: [Int32]

    /// - Parameters:
    ///   - open: whether each structure is open in this period.
    ///   - fits: per need and structure, whether the structure fits (open or not).
    ///   - minutes: the zone–structure travel times when another period computed them already.
    ///   - order: ``order`` when another period computed it already (with these minutes).
    init(zones: [Zone], structures: [SupportStructure], open: [Bool], fits: [Bool], travel: TravelTimes, journey: JourneyParameters,
         minutes known: [Double]?, order knownOrder: [Int32]? = nil) throws {
        let Z = zones.count, S = structures.count
        let types = SimulationModel.types, stages = SimulationModel.stages, needs = SimulationModel.needs
        minutes = known ?? Array(repeating: 0.0, count: Z * S)
        nearestFitInReach = Array(repeating: Int32(-1), count: Z * needs)
        referralTarget = Array(repeating: Int32(-1), count: Z * needs)
        intakeInReach = Array(repeating: Int32(-1), count: Z)
        fittingTables.reserveCapacity(Z * needs)
        coveredPopulation = Array(repeating: 0, count: needs)
        chainPopulation = Array(repeating: 0, count: types)
        if known == nil {
            for (z, zone) in zones.enumerated() {
                for s in 0..<S { minutes[z * S + s] = travel.minutes(from: zone, toX: structures[s].x, y: structures[s].y, code: structures[s].zoneCode) }
            }
        }
        let times = minutes
        if let knownOrder {
            order = knownOrder
        } else {
            order = []
            order.reserveCapacity(Z * S)
            var sorting = Array(0..<S)
            for z in 0..<Z {
                let base = z * S
                sorting.sort { (times[base + $0], $0) < (times[base + $1], $1) }
                for s in sorting { order.append(Int32(s)) }
            }
        }
        let reachMinutes = travel.reachMinutes
        // Buffers reused zone after zone.
        var opened: [Int] = [], inReach: [Int] = [], attraction: [Double] = [], fitting: [Int] = [], weights: [Double] = []
        opened.reserveCapacity(S)
        inReach.reserveCapacity(S)
        for (z, zone) in zones.enumerated() {
            let base = z * S
            // The open structures, nearest first.
            opened.removeAll(keepingCapacity: true)
            for k in base..<(base + S) where open[Int(order[k])] { opened.append(Int(order[k])) }
            inReach.removeAll(keepingCapacity: true)
            for s in opened where times[base + s] <= reachMinutes && structures[s].role != .intake { inReach.append(s) }
            if let intake = opened.first(where: { structures[$0].role == .intake && times[base + $0] <= reachMinutes }) {
                intakeInReach[z] = Int32(intake)
            }
            for s in inReach { reachStructure.append(Int32(s)) }
            reachStart.append(reachStructure.count)
            // Weights relative to the nearest structure in reach: the same ratios, and no weight
            // underflows to zero whatever the distances.
            let nearest = inReach.first.map { times[base + $0] } ?? 0
            attraction.removeAll(keepingCapacity: true)
            for s in inReach { attraction.append(max(structures[s].capacityPerYear, 1e-9) * exp(-(times[base + s] - nearest) / journey.contactDecayMinutes)) }
            contactTables.append(inReach.isEmpty ? nil : try DiscreteDistribution(weights: attraction))
            // Legibility falls as actors multiply: the study's metropolitan finding, as mechanism.
            baseLegibility.append(journey.legibilityBase * journey.legibilityHalfCount / (journey.legibilityHalfCount + Double(inReach.count)))

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
                        nearestFitInReach[i] = Int32(s)
                        coveredPopulation[need] += zone.population
                        fittingTables.append(try DiscreteDistribution(weights: weights))
                    } else {
                        wholeChain = false
                        fittingTables.append(nil)
                    }
                    for s in fitting { fittingStructure.append(Int32(s)) }
                    fittingStart.append(fittingStructure.count)
                    if let s = opened.first(where: { fits[need * S + $0] }) { referralTarget[i] = Int32(s) }
                }
                if wholeChain { chainPopulation[type] += zone.population }
            }
        }
    }
}

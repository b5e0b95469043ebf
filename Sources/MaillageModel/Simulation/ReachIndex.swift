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

    /// - Parameters:
    ///   - open: whether each structure is open in this period.
    ///   - fits: per need and structure, whether the structure fits (open or not).
    ///   - minutes: the zone–structure travel times when another period computed them already.
    init(zones: [Zone], structures: [SupportStructure], open: [Bool], fits: [Bool], travel: TravelTimes, journey: JourneyParameters,
         minutes known: [Double]?) throws {
        let Z = zones.count, S = structures.count
        let types = SimulationModel.types, stages = SimulationModel.stages, needs = SimulationModel.needs
        minutes = known ?? Array(repeating: 0.0, count: Z * S)
        nearestFitInReach = Array(repeating: Int32(-1), count: Z * needs)
        referralTarget = Array(repeating: Int32(-1), count: Z * needs)
        intakeInReach = Array(repeating: Int32(-1), count: Z)
        fittingTables.reserveCapacity(Z * needs)
        coveredPopulation = Array(repeating: 0, count: needs)
        chainPopulation = Array(repeating: 0, count: types)
        for (z, zone) in zones.enumerated() {
            let row: [Double]
            if known != nil {
                row = Array(minutes[z * S ..< (z + 1) * S])
            } else {
                row = (0..<S).map { s in travel.minutes(from: zone, toX: structures[s].x, y: structures[s].y, code: structures[s].zoneCode) }
                minutes.replaceSubrange(z * S ..< (z + 1) * S, with: row)
            }
            let order = (0..<S).filter { open[$0] }.sorted { (row[$0], $0) < (row[$1], $1) }
            let inReach = order.filter { row[$0] <= travel.reachMinutes && structures[$0].role != .intake }
            if let intake = order.first(where: { structures[$0].role == .intake && row[$0] <= travel.reachMinutes }) {
                intakeInReach[z] = Int32(intake)
            }
            reachStructure.append(contentsOf: inReach.map { Int32($0) })
            reachStart.append(reachStructure.count)
            // Weights relative to the nearest structure in reach: the same ratios, and no weight
            // underflows to zero whatever the distances.
            let nearest = inReach.first.map { row[$0] } ?? 0
            func attraction(_ s: Int) -> Double {
                max(structures[s].capacityPerYear, 1e-9) * exp(-(row[s] - nearest) / journey.contactDecayMinutes)
            }
            contactTables.append(inReach.isEmpty ? nil : try DiscreteDistribution(weights: inReach.map(attraction)))
            // Legibility falls as actors multiply: the study's metropolitan finding, as mechanism.
            baseLegibility.append(journey.legibilityBase * journey.legibilityHalfCount / (journey.legibilityHalfCount + Double(inReach.count)))

            for type in 0..<types {
                var wholeChain = true
                for stage in 0..<stages {
                    let need = type * stages + stage
                    let i = z * needs + need
                    let fitting = inReach.filter { fits[need * S + $0] }
                    if let s = fitting.first {
                        nearestFitInReach[i] = Int32(s)
                        coveredPopulation[need] += zone.population
                        fittingTables.append(try DiscreteDistribution(weights: fitting.map(attraction)))
                    } else {
                        wholeChain = false
                        fittingTables.append(nil)
                    }
                    fittingStructure.append(contentsOf: fitting.map { Int32($0) })
                    fittingStart.append(fittingStructure.count)
                    if let s = order.first(where: { fits[need * S + $0] }) { referralTarget[i] = Int32(s) }
                }
                if wholeChain { chainPopulation[type] += zone.population }
            }
        }
    }
}

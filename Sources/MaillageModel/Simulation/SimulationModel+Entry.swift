import Foundation
import MaillageFoundation

extension SimulationModel {
    /// The candidate structures that may open by themselves (MODEL.md 7.2): for each family with
    /// sites on the territory, a new site in the most populous zone that no site of the family
    /// reaches, at the family's median capacity and serving the stages its sites serve; the
    /// `entry.candidates` families whose candidate would reach the most inhabitants left without
    /// the family first. None when the entry rate is 0.
    /// - Throws: ``InputError`` (naming `file`) when more than ``Limits/reachablePairs`` zone–site
    ///   pairs lie within reach.
    static func entryCandidates(_ base: [SupportStructure], zones: [Zone], travel: TravelTimes, entry: EntryParameters,
                                file: String) throws -> [SupportStructure] {
        guard entry.ratePerMonth > 0, entry.candidates > 0 else { return [] }
        // The families each zone reaches, from the pairs within reach (found through a grid).
        let inReach = try ReachableCosts(zones: zones, sites: base.map { (x: $0.x, y: $0.y, code: $0.zoneCode) }, travel: travel,
                                         cutoff: travel.reachMinutes, file: file)
        let families = NetworkFamily.allCases
        var reached = Array(repeating: false, count: zones.count * families.count)
        for z in zones.indices {
            for k in inReach.start[z] ..< inReach.start[z + 1] {
                let s = base[Int(inReach.structure[k])]
                if s.role == .network, let f = families.firstIndex(of: s.family) { reached[z * families.count + f] = true }
            }
        }
        let byPopulation = zones.indicesByPopulation()
        var found: [(structure: SupportStructure, unserved: Int)] = []
        for (f, family) in families.enumerated() {
            let own = base.indices.filter { base[$0].family == family && base[$0].role == .network }
            guard !own.isEmpty else { continue }
            let lacking = zones.indices.filter { !reached[$0 * families.count + f] }
            guard let zone = byPopulation.first(where: { !reached[$0 * families.count + f] }) else { continue }
            let place = zones[zone]
            let unserved = lacking.filter { travel.minutes(from: zones[$0], toX: place.x, y: place.y, code: place.code) <= travel.reachMinutes }
                .reduce(0) { $0 + zones[$1].population }
            let capacities = own.map { base[$0].capacityPerYear }.sorted()
            let stages = own.reduce(StageSet()) { $0.union(base[$1].stages) }
            var candidate = SupportStructure(id: 0, name: "\(base[own[0]].name) (opens by itself)", ecosystem: family.ecosystem, stages: stages,
                                             capacityPerYear: capacities[capacities.count / 2], x: place.x, y: place.y, zoneCode: place.code,
                                             family: family)
            candidate.isCandidate = true
            found.append((candidate, unserved))
        }
        return found.sorted { ($0.unserved, -NetworkFamily.allCases.firstIndex(of: $0.structure.family)!)
                              > ($1.unserved, -NetworkFamily.allCases.firstIndex(of: $1.structure.family)!) }
            .prefix(entry.candidates).map(\.structure)
    }

    /// Per zone and structure list position, the structures within `minutes` of a priority
    /// neighbourhood zone among those `open` (intake points apart), nearest first: where its
    /// holders who turn only to their neighbourhood look. Other zones' lists are empty.
    static func localLists(zones: [Zone], structures: [SupportStructure], open: [Bool], times: PairMinutes, within limit: Double)
        -> (start: [Int], structure: [Int32]) {
        let S = structures.count
        var start = [0], list: [Int32] = []
        for (z, zone) in zones.enumerated() {
            if zone.kind == .priorityNeighbourhood {
                let near = (0..<S).filter { open[$0] && structures[$0].role != .intake && times[z, $0] <= limit }
                    .sorted { (times[z, $0], $0) < (times[z, $1], $1) }
                list += near.map { Int32($0) }
            }
            start.append(list.count)
        }
        return (start, list)
    }
}

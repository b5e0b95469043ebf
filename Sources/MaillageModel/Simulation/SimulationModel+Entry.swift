import Foundation
import MaillageFoundation

extension SimulationModel {
    /// The candidate structures that may open by themselves (MODEL.md 7.2): for each family with
    /// sites on the territory, a new site in the most populous zone that no site of the family
    /// reaches, at the family's median capacity and serving the stages its sites serve; the
    /// `entry.candidates` families whose candidate would reach the most inhabitants left without
    /// the family first. None when the entry rate is 0.
    static func entryCandidates(_ base: [SupportStructure], zones: [Zone], travel: TravelTimes, entry: EntryParameters) -> [SupportStructure] {
        guard entry.ratePerMonth > 0, entry.candidates > 0 else { return [] }
        let sites = siteZones(base, zones)
        var found: [(structure: SupportStructure, unserved: Int)] = []
        for family in NetworkFamily.allCases {
            let own = base.indices.filter { base[$0].family == family && base[$0].role == .network }
            guard !own.isEmpty else { continue }
            func reachedByFamily(_ z: Int) -> Bool {
                own.contains { travel.minutes(from: zones[z], toX: sites[$0].x, y: sites[$0].y, code: sites[$0].code) <= travel.reachMinutes }
            }
            let lacking = zones.indices.filter { !reachedByFamily($0) }
            guard let zone = zones.indicesByPopulation().first(where: { lacking.contains($0) }) else { continue }
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
    static func localLists(zones: [Zone], structures: [SupportStructure], open: [Bool], minutes: [Double], within limit: Double)
        -> (start: [Int], structure: [Int32]) {
        let S = structures.count
        var start = [0], list: [Int32] = []
        for (z, zone) in zones.enumerated() {
            if zone.kind == .priorityNeighbourhood {
                let near = (0..<S).filter { open[$0] && structures[$0].role != .intake && minutes[z * S + $0] <= limit }
                    .sorted { (minutes[z * S + $0], $0) < (minutes[z * S + $1], $1) }
                list += near.map { Int32($0) }
            }
            start.append(list.count)
        }
        return (start, list)
    }
}

import MaillageFoundation

/// Where outreach permanences go: where they cover the most population left without any
/// structure in reach (a greedy maximal-covering placement). Workspaces and intake points stand
/// in the most populous zones (``ModelBuild/mostPopulousZones(_:)``).
enum LeverPlacement {
    /// Zones chosen for `count` outreach permanences among `uncovered` zones: each choice covers
    /// the most population not yet covered (zones within `reach` minutes of it), so later
    /// permanences add less (diminishing returns). Stops early when nobody is left to cover.
    static func permanences(_ zones: [Zone], uncovered: [Int], count: Int, travel: TravelTimes) -> [Int] {
        guard count > 0, !uncovered.isEmpty else { return [] }
        // covers[k] lists the uncovered zones (positions in `uncovered`) a permanence at
        // uncovered[k] would reach.
        var covers: [[Int]] = []
        covers.reserveCapacity(uncovered.count)
        for site in uncovered {
            let s = zones[site]
            covers.append(uncovered.indices.filter { k in
                let z = zones[uncovered[k]]
                return travel.minutes(from: z, toX: s.x, y: s.y, code: s.code) <= travel.reachMinutes
            })
        }
        var covered = Array(repeating: false, count: uncovered.count)
        var chosen: [Int] = []
        while chosen.count < count {
            var best = -1, bestGain = 0
            for k in uncovered.indices {
                let gain = covers[k].reduce(0) { covered[$1] ? $0 : $0 + zones[uncovered[$1]].population }
                if gain > bestGain { best = k; bestGain = gain }
            }
            guard best >= 0 else { break }
            chosen.append(uncovered[best])
            for k in covers[best] { covered[k] = true }
        }
        return chosen
    }
}

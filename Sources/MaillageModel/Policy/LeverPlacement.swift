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
        // The uncovered zones are both the demand points and the candidate sites.
        let problem = CoveringProblem(
            weights: uncovered.map { Double(zones[$0].population) },
            covers: uncovered.map { i in
                uncovered.indices.filter { k in
                    let s = zones[uncovered[k]]
                    return travel.minutes(from: zones[i], toX: s.x, y: s.y, code: s.code) <= travel.reachMinutes
                }
            },
            sites: uncovered.count)
        return CoveringSolver.greedy(problem, k: count).sites.map { uncovered[$0] }
    }
}

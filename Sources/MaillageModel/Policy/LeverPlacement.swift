import MaillageFoundation

/// Where outreach permanences go: where they cover the most population left without any
/// structure in reach (maximal covering, solved exactly with GLPK when its library loads, greedily
/// otherwise, with a warning). Workspaces and intake points stand in the most populous zones
/// (``ModelBuild/mostPopulousZones(_:)``).
enum LeverPlacement {
    /// The exact solver's time limit for a lever's placement, seconds; a placement stopped by it
    /// is used with a warning.
    static let timeLimit = 60.0

    /// Zones chosen for `count` outreach permanences among `uncovered` zones: the placement
    /// covering the most population not yet covered (zones within reach of a permanence). Fewer
    /// when fewer cover everyone; `warnings` says when the placement is not the proven optimum.
    static func permanences(_ zones: [Zone], uncovered: [Int], count: Int, travel: TravelTimes,
                            warnings: inout [Label]) -> [Int] {
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
        // The same problem comes back with every world built on the same territory and
        // structures (a study's cells, a policy's counterfactuals, the lever shares' coalitions):
        // its answer, a function of the problem alone (sites as positions in `uncovered`), is kept.
        let key = SolvedKey(problem: problem, count: count)
        let answer: (sites: [Int], warnings: [Label])
        if let known = solved.withLock({ $0[key] }) {
            answer = known
        } else {
            var mine: [Label] = []
            answer = (place(problem, count: count, warnings: &mine), mine)
            solved.withLock { kept in
                if kept.count >= Self.solvedLimit { kept.removeAll() }
                kept[key] = answer
            }
        }
        warnings += answer.warnings
        return answer.sites.map { uncovered[$0] }
    }

    struct SolvedKey: Hashable {
        var problem: CoveringProblem
        var count: Int
    }
    /// Placements solved in this process, by problem; emptied when it holds this many.
    static let solvedLimit = 256
    private static let solved = Locked<[SolvedKey: (sites: [Int], warnings: [Label])]>([:])

    /// The placement of `count` sites for `problem` (their indices in it): greedy, then exact
    /// when greedy leaves someone uncovered; `warnings` says when it is not the proven optimum.
    private static func place(_ problem: CoveringProblem, count: Int, warnings: inout [Label]) -> [Int] {
        let greedy = CoveringSolver.greedy(problem, k: count)
        // Greedy stops when everyone is covered: with fewer sites than asked it is optimal.
        let everyone = problem.weights.reduce(0, +)
        guard greedy.sites.count == count, greedy.value < everyone else { return greedy.sites }
        let glpk = CoveringSolver.glpk
        guard glpk.available else {
            warnings.append(greedily(because: glpk.reason))
            return greedy.sites
        }
        do {
            let exact = try CoveringSolver.exact(problem, k: count, timeLimit: timeLimit)
            if !exact.optimal {
                warnings.append(Label(words: "policy.outreach_permanences_exact", ["time_limit": String(Int(timeLimit))]))
            }
            // The better of the two (the exact one unless stopped early), in the greedy order of gains.
            let best = exact.value >= greedy.value ? exact.sites : greedy.sites
            return problem.gainOrder(best)
        } catch {
            warnings.append(greedily(because: "\(error)"))
            return greedy.sites
        }
    }

    /// The warning for permanences placed greedily; `reason` (the solver's own words) stays as given.
    private static func greedily(because reason: String) -> Label {
        Label(words: "policy.outreach_permanences_placed", ["reason": reason])
    }
}

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
        let greedy = CoveringSolver.greedy(problem, k: count)
        // Greedy stops when everyone is covered: with fewer sites than asked it is optimal.
        let everyone = problem.weights.reduce(0, +)
        guard greedy.sites.count == count, greedy.value < everyone else { return greedy.sites.map { uncovered[$0] } }
        let glpk = CoveringSolver.glpk
        guard glpk.available else {
            warnings.append(greedily(because: glpk.reason))
            return greedy.sites.map { uncovered[$0] }
        }
        do {
            let exact = try CoveringSolver.exact(problem, k: count, timeLimit: timeLimit)
            if !exact.optimal {
                warnings.append(Label(
                    en: "outreach permanences: the exact placement stopped at its \(Int(timeLimit)) s limit; its sites may depend on the machine's speed",
                    fr: "permanences délocalisées\u{00A0}: le placement exact s'est arrêté à sa limite de \(Int(timeLimit))\u{00A0}s ; leurs sites peuvent dépendre de la vitesse de la machine"))
            }
            // The better of the two (the exact one unless stopped early), in the greedy order of gains.
            let best = exact.value >= greedy.value ? exact.sites : greedy.sites
            return problem.gainOrder(best).map { uncovered[$0] }
        } catch {
            warnings.append(greedily(because: "\(error)"))
            return greedy.sites.map { uncovered[$0] }
        }
    }

    /// The warning for permanences placed greedily; `reason` (the solver's own words) stays as given.
    private static func greedily(because reason: String) -> Label {
        Label(en: "outreach permanences placed greedily, not optimally: \(reason)",
              fr: "permanences délocalisées placées de façon gloutonne, non optimale\u{00A0}: \(reason)")
    }
}

import Foundation
import MaillageFoundation

/// A split of a budget over some funding lines, in whole units of 1/`denominator` of the budget:
/// exact, so that the same split found twice is the same candidate.
public struct BudgetSplit: Hashable, Sendable, CustomStringConvertible {
    /// Units per line, in the lines' order; they sum to `denominator`.
    public let units: [Int]
    public let denominator: Int

    public init(units: [Int], denominator: Int) {
        precondition(denominator > 0 && units.allSatisfy { $0 >= 0 } && units.reduce(0, +) == denominator)
        self.units = units
        self.denominator = denominator
    }

    /// Each line's share of the budget, in [0, 1].
    public var shares: [Double] { units.map { Double($0) / Double(denominator) } }

    /// Whether the whole budget goes to one line.
    public var isSingleLine: Bool { units.contains(denominator) }

    public var description: String { shares.map { String(format: "%.4g", $0) }.joined(separator: "/") }

    /// Every split of `denominator` units over `lines` lines in steps of `step` units, in
    /// lexicographic order of the units (largest first line first).
    static func grid(lines: Int, denominator: Int, step: Int) -> [BudgetSplit] {
        var out: [BudgetSplit] = []
        var units = Array(repeating: 0, count: lines)
        func fill(_ line: Int, _ left: Int) {
            if line == lines - 1 {
                units[line] = left
                out.append(BudgetSplit(units: units, denominator: denominator))
                return
            }
            var u = left
            while u >= 0 {
                units[line] = u
                fill(line + 1, left - u)
                u -= step
            }
        }
        fill(0, denominator)
        return out
    }
}

/// How ``BudgetSearch`` looks for the best split: a grid of the simplex raced by successive
/// halving, then a local refinement, every candidate evaluated on the same replication indices
/// (common random numbers).
public struct BudgetSearchSettings: Sendable, Equatable {
    /// Funding lines the budget is split over.
    public var lines: Int
    /// The grid's steps per unit budget: shares are multiples of 1/`gridSteps`.
    public var gridSteps = 4
    /// How many times the refinement halves its step below the grid's.
    public var refinements = 2
    /// Replications of every finalist (the racing's last round, the refinement, the single lines).
    public var replications = 100
    /// Moves the refinement makes at most with one step size before it halves it.
    public var movesPerStep = 4
    /// Whether the best split, the runner-up and the best single line are run again on
    /// replications the search did not use (indices `replications..<2·replications`), so that
    /// the comparison is free of the winner's curse.
    public var confirm = true

    public init(lines: Int) { self.lines = lines }

    /// Replications of the racing's first round: an eighth of the final number, at least 2.
    public var firstReplications: Int { min(replications, max(2, replications / 8)) }
    /// The denominator of every split's units: the grid's steps, halved `refinements` times.
    public var denominator: Int { gridSteps << refinements }

    /// The racing schedule: candidates alive and replications reached at each round.
    public var schedule: [(alive: Int, replications: Int)] {
        var rounds: [(Int, Int)] = []
        var alive = BudgetSplit.grid(lines: lines, denominator: gridSteps, step: 1).count
        var r = firstReplications
        while true {
            rounds.append((alive, r))
            if r >= replications { break }
            alive = Self.survivors(of: alive)
            r = alive <= Self.finalists ? replications : min(2 * r, replications)
        }
        return rounds
    }

    /// Candidates a racing round keeps out of `n`: the better half, at least ``finalists``.
    static func survivors(of n: Int) -> Int { min(n, max(finalists, (n + 1) / 2)) }
    static let finalists = 3

    /// The most replications the search can run (each one a run of one world), for work limits:
    /// the racing as scheduled, the single lines, every refinement step's neighbours at every
    /// allowed move, and the confirmation.
    public var maximumReplications: Int {
        let rounds = schedule
        var total = 0
        var previous = 0
        for (alive, r) in rounds {
            total += alive * (r - previous)
            previous = r
        }
        total += lines * replications
        total += refinements * (movesPerStep + 1) * lines * (lines - 1) * replications
        if confirm { total += 3 * replications }
        return total
    }
}

/// One split the search evaluated and what it found.
public struct BudgetCandidate: Sendable {
    public let split: BudgetSplit
    /// How the candidate entered: `grid` or `refinement`.
    public let origin: String
    /// The objective in replications 0, 1, … (common to every candidate).
    public internal(set) var values: [Double] = []
    /// The replications it had when the racing dropped it; nil if it was never dropped.
    public internal(set) var droppedAt: Int?

    /// Mean and 95% interval of the objective over its replications.
    public var estimate: Estimate { Estimate(values: values) }
}

/// The paired comparison of two candidates on the same replications.
public struct PairedComparison: Sendable {
    /// mean(first − second) and its 95% interval.
    public let difference: Estimate
    /// The probability that the first's expected objective exceeds the second's
    /// (``Difference/probabilityPositive(_:)``).
    public let probabilityFirstBetter: Double

    init(_ first: [Double], _ second: [Double]) {
        difference = Difference.paired(second, first)
        probabilityFirstBetter = Difference.probabilityPositive(difference)
    }
}

/// What ``BudgetSearch/run(_:evaluate:)`` found.
public struct BudgetSearchResult: Sendable {
    public let settings: BudgetSearchSettings
    /// Every candidate evaluated, in the order first evaluated.
    public let candidates: [BudgetCandidate]
    /// Indices into `candidates`.
    public let best: Int
    public let runnerUp: Int?
    public let bestSingle: Int
    /// Best against runner-up, and best against the best single line, on the search's replications.
    public let bestOverRunnerUp: PairedComparison?
    public let bestOverSingle: PairedComparison
    /// The same comparisons on fresh replications (``BudgetSearchSettings/confirm``), with the
    /// three candidates' objectives there.
    public let confirmation: Confirmation?

    public struct Confirmation: Sendable {
        public let best: Estimate
        public let runnerUp: Estimate?
        public let bestSingle: Estimate
        public let bestOverRunnerUp: PairedComparison?
        public let bestOverSingle: PairedComparison
    }
}

/// The search for the split of a budget that maximises a noisy objective's expectation.
///
/// 1. **Grid.** Every split of the budget over the lines in steps of 1/`gridSteps` (35 splits of
///    four lines in quarters), each single line among them.
/// 2. **Racing.** Successive halving: all grid splits run `firstReplications`; the better half
///    (by mean, at least three) go on with twice the replications, until the survivors reach
///    `replications`. Every candidate sees the same replication indices, so their differences
///    are paired and the noise common to all of them cancels out of the ranking.
/// 3. **Single lines.** Each single-line split is run to `replications`, so that the answer can
///    say how much the best mix gains over the best single line.
/// 4. **Refinement.** From the best finalist, moving half a grid step of budget from one line
///    to another (every ordered pair of lines); the best neighbour replaces the incumbent when
///    its mean is higher; when none is, the step halves, `refinements` times.
/// 5. **Report.** Best and runner-up among candidates with `replications` replications, their
///    paired difference and the probability that the best is better; with `confirm`, the best,
///    the runner-up and the best single line again on replications the search never used.
///
/// The search depends only on the values `evaluate` returns; `evaluate` is given, for each
/// split, the replication indices to add, and must return their values in that order.
public enum BudgetSearch {
    public typealias Request = (split: BudgetSplit, indices: Range<Int>)

    public static func run(_ settings: BudgetSearchSettings,
                           evaluate: ([Request]) async throws -> [[Double]]) async throws -> BudgetSearchResult {
        precondition(settings.lines >= 1 && settings.gridSteps >= 1 && settings.replications >= 2)
        let R = settings.replications
        let D = settings.denominator
        var candidates: [BudgetCandidate] = []
        var position: [BudgetSplit: Int] = [:]

        func add(_ splits: [BudgetSplit], origin: String) {
            for s in splits where position[s] == nil {
                position[s] = candidates.count
                candidates.append(BudgetCandidate(split: s, origin: origin))
            }
        }
        /// Brings every candidate in `which` to `r` replications.
        func extend(_ which: [Int], to r: Int) async throws {
            let requests = which.compactMap { i -> Request? in
                let n = candidates[i].values.count
                return n < r ? (candidates[i].split, n..<r) : nil
            }
            guard !requests.isEmpty else { return }
            let values = try await evaluate(requests)
            for (request, v) in zip(requests, values) {
                precondition(v.count == request.indices.count, "evaluate returned the wrong number of values")
                candidates[position[request.split]!].values += v
            }
        }
        /// `which` from best to worst mean; ties keep the order first evaluated.
        func ranked(_ which: [Int]) -> [Int] {
            which.map { ($0, candidates[$0].estimate.mean) }
                .sorted { a, b in
                    let (x, y) = (a.1.isNaN ? -Double.infinity : a.1, b.1.isNaN ? -Double.infinity : b.1)
                    return x != y ? x > y : a.0 < b.0
                }
                .map(\.0)
        }

        // 1–2. The grid, raced.
        add(BudgetSplit.grid(lines: settings.lines, denominator: D, step: D / settings.gridSteps), origin: "grid")
        var alive = Array(candidates.indices)
        for (round, (count, r)) in settings.schedule.enumerated() {
            precondition(alive.count == count)
            try await extend(alive, to: r)
            if round == settings.schedule.count - 1 { break }
            let order = ranked(alive)
            let keep = BudgetSearchSettings.survivors(of: alive.count)
            for i in order[keep...] { candidates[i].droppedAt = r }
            alive = Array(order[..<keep]).sorted()
        }
        // 3. The single lines, to the full replications.
        let singles = candidates.indices.filter { candidates[$0].split.isSingleLine }
        try await extend(singles, to: R)

        // 4. Refinement around the best finalist.
        var incumbent = ranked(candidates.indices.filter { candidates[$0].values.count == R })[0]
        var step = D / settings.gridSteps / 2
        for _ in 0..<settings.refinements where step >= 1 {
            for _ in 0..<settings.movesPerStep {
                let units = candidates[incumbent].split.units
                var neighbours: [BudgetSplit] = []
                for i in 0..<settings.lines where units[i] >= step {
                    for j in 0..<settings.lines where j != i {
                        var u = units
                        u[i] -= step
                        u[j] += step
                        neighbours.append(BudgetSplit(units: u, denominator: D))
                    }
                }
                add(neighbours, origin: "refinement")
                let around = neighbours.map { position[$0]! }
                try await extend(around, to: R)
                let top = ranked(around + [incumbent])[0]
                if top == incumbent { break }
                incumbent = top
            }
            step /= 2
        }

        // 5. The answer.
        let finalists = ranked(candidates.indices.filter { candidates[$0].values.count == R })
        let best = finalists[0]
        let runnerUp = finalists.count > 1 ? finalists[1] : nil
        let bestSingle = ranked(singles)[0]
        func compare(_ a: Int, _ b: Int) -> PairedComparison { PairedComparison(candidates[a].values, candidates[b].values) }

        var confirmation: BudgetSearchResult.Confirmation?
        if settings.confirm {
            var which = [best, bestSingle]
            if let runnerUp { which.append(runnerUp) }
            var unique: [Int] = []
            for i in which where !unique.contains(i) { unique.append(i) }
            let values = try await evaluate(unique.map { (candidates[$0].split, R..<(2 * R)) })
            func fresh(_ i: Int) -> [Double] { values[unique.firstIndex(of: i)!] }
            confirmation = .init(best: Estimate(values: fresh(best)), runnerUp: runnerUp.map { Estimate(values: fresh($0)) },
                                 bestSingle: Estimate(values: fresh(bestSingle)),
                                 bestOverRunnerUp: runnerUp.map { PairedComparison(fresh(best), fresh($0)) },
                                 bestOverSingle: PairedComparison(fresh(best), fresh(bestSingle)))
        }
        return BudgetSearchResult(settings: settings, candidates: candidates, best: best, runnerUp: runnerUp, bestSingle: bestSingle,
                                  bestOverRunnerUp: runnerUp.map { compare(best, $0) }, bestOverSingle: compare(best, bestSingle),
                                  confirmation: confirmation)
    }
}

import Foundation
import Testing
import _MaillageGSL
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// What the model answers on the three shipped territories: creations consistent with INSEE,
/// queues in their steady state when counting starts, the part of cooperation that needs both
/// ecosystems, and an exact sharing of a policy's effect over its levers.
@Suite("The model's answer on the shipped territories")
struct ModelAnswerTests {
    /// INSEE's creations per 1,000 inhabitants a year for each territory's region (MODEL.md,
    /// Sources): Bourgogne-Franche-Comté 2024, France 2024 (no regional figure is shipped for
    /// Auvergne-Rhône-Alpes), Île-de-France 2023.
    static let inseeCreations: [(scenario: String, per1000: Double)] = [
        ("rural-franche-comte", 12), ("metro-lyon", 16), ("qpv-seine-saint-denis", 24),
    ]

    static func scenario(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
    }

    static func fullCooperation() throws -> CooperationPolicy {
        let study = try Study.load(packageRoot.appendingPathComponent("Scenarios/default-study.yaml").path)
        let named = try #require(study.policies.first { $0.name == "full_cooperation" })
        return try #require(named.fixed)
    }

    @Test("creations per 1,000 inhabitants a year are within 10% of INSEE's figure for the territory's region", arguments: inseeCreations)
    func creationsMatchINSEE(territory: (scenario: String, per1000: Double)) async throws {
        let model = try Self.scenario(territory.scenario).build()
        let e = try await MonteCarlo.run(model, plan: testPlan(model, replications: 6, seed: 2024)).estimate(.creationsPer1000PerYear)
        #expect(e.low >= 0.9 * territory.per1000 && e.high <= 1.1 * territory.per1000,
                "\(territory.scenario): [\(e.low), \(e.high)] against \(territory.per1000) ± 10%")
    }

    /// The queue-drift test's interval must be narrow enough to see a drift of 0.5 holders a
    /// month: at this half-width, a true drift of 0.5 lies outside it about nine times in ten.
    static let driftHalfWidth = 0.35

    @Test("queue lengths do not trend in the last year of the warm-up, without and with full cooperation, to within a fraction of 0.5 holders a month",
          arguments: ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"])
    func queuesAreSteady(territory: String) async throws {
        var scenario = try Self.scenario(territory)
        let warmUp = scenario.plan.warmUpMonths
        #expect(warmUp >= 12)
        for policy in [CooperationPolicy(), try Self.fullCooperation()] {
            scenario.policy = policy
            let model = try scenario.build()
            // One slope per replication, of the holders queued at the end of each month of the
            // warm-up's last year; six intervals here, so each at 1 − 0.05/6 (Bonferroni). Queues
            // vary more where they are long: replications are added in batches (fixed seeds, so
            // always the same number) until the interval is narrow enough, at most 2,048.
            let months = (warmUp - 12..<warmUp).map(Double.init)
            func slopes(_ range: Range<Int>) async throws -> [Double] {
                try await withThrowingTaskGroup(of: [(Int, Double)].self) { group in
                    for part in 0..<2 {
                        group.addTask {
                            try stride(from: range.lowerBound + part, to: range.upperBound, by: 2).map { i in
                                var r = try Replication(model: model, seed: SeedDerivation.replicationSeed(runSeed: 77, index: i))
                                let path = r.runTracingQueues(months: warmUp).queued
                                return (i, try LinearFit(x: months, y: months.map { Double(path[Int($0)]) }).slope)
                            }
                        }
                    }
                    var all: [(Int, Double)] = []
                    for try await part in group { all += part }
                    return all.sorted { $0.0 < $1.0 }.map(\.1)
                }
            }
            var values: [Double] = []
            var e = Estimate(values: [0])
            var half = Double.infinity
            while half > Self.driftHalfWidth && values.count < 2048 {
                values += try await slopes(values.count ..< max(64, 2 * values.count))
                e = Estimate(values: values)
                half = gsl_cdf_tdist_Pinv(1 - 0.05 / 12, Double(e.n - 1)) * e.sd / Double(e.n).squareRoot()
            }
            #expect(abs(e.mean) <= half, "\(territory): queue slope \(e.mean) ± \(half) holders a month over \(e.n) replications")
            #expect(half <= Self.driftHalfWidth, "\(territory): ± \(half) over \(e.n) replications is too wide to see a drift of 0.5 holders a month")
        }
    }

    @Test("mutual knowledge: no effect at all once the ESS structures are removed, a positive inter-ecosystem part with them",
          arguments: ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"])
    func knowledgeIsInterEcosystem(territory: String) async throws {
        var scenario = try Self.scenario(territory)
        scenario.policy[MutualKnowledge.self].meetingsPerYear = 10
        scenario.policy[MutualKnowledge.self].sharedWorkspaces = 2
        var world = try scenario.world()
        let model = try scenario.build(world)
        let result = try await MonteCarlo.run(model, plan: testPlan(model, replications: 48, seed: 2018))
        for metric in [Metric.named("jobs_added_inter_ecosystem")!, Metric.named("first_contact_fit_rate_inter_ecosystem")!,
                       Metric.named("referral_success_rate_inter_ecosystem")!] {
            let e = result.estimate(metric)
            #expect(e.low > 0, "\(territory): \(metric.name) [\(e.low), \(e.high)]")
        }
        // The same policy on the territory without its ESS structures changes nothing.
        world.structures.removeAll { $0.ecosystem == .ess }
        let classicOnly = try scenario.build(world)
        let none = try await MonteCarlo.run(classicOnly, plan: testPlan(classicOnly, replications: 3, seed: 2018))
        for metric in [Metric.jobsAdded, .jobsAddedGross] + Metric.interEcosystem {
            #expect(none.values(metric).allSatisfy { $0 == 0 }, "\(territory) without ESS: \(metric.name)")
        }
    }

    /// Mutual knowledge and capacity on two zones with a classic structure, an ESS one and a
    /// classic financer: every coalition runs (two levers).
    static func twoLevers() throws -> (model: SimulationModel, policy: CooperationPolicy, structures: [SupportStructure]) {
        var policy = CooperationPolicy()
        policy[MutualKnowledge.self].meetingsPerYear = 12
        policy[ExtraCapacity.self].holdersPerYear = 300
        let structures = [Fixture.structure(0, .classic, capacity: 400), Fixture.structure(1, .ess, capacity: 150, x: 2),
                          Fixture.structure(2, .classic, stages: [.financing], capacity: 200, x: 1)]
        let model = try Fixture.model(zones: [Fixture.zone("A"), Fixture.zone("B", x: 4)], structures: structures, policy: policy,
                                      horizonMonths: 24, warmUpMonths: 12)
        return (model, policy, structures)
    }

    @Test("lever shares sum to the policy's effect in every replication, and equal it when summed over levers")
    func shapleyIsExact() async throws {
        // Two levers, every coalition run: mutual knowledge and capacity on a fixture with both
        // ecosystems.
        let (small, policy, structures) = try Self.twoLevers()
        let plan = testPlan(small, replications: 6, seed: 9)
        let exact = try #require(try await ShapleyDecomposition.run(small, plan: plan))
        #expect(exact.enumerated && exact.levers == ["mutual_knowledge", "extra_capacity"])
        let run = try await MonteCarlo.run(small, plan: plan)
        expectExact(exact, jobsAdded: run.values(.jobsAdded))
        // Given the run, the shares take its two worlds (no lever, every lever) instead of running them again: the same values.
        let worlds = Locked([0, 0])
        _ = try await ShapleyDecomposition.run(small, plan: plan) { _, n in worlds.withLock { $0[0] = n } }
        let reusing = try #require(try await ShapleyDecomposition.run(small, plan: plan, known: run) { _, n in worlds.withLock { $0[1] = n } })
        #expect(reusing.values == exact.values && reusing.totals == exact.totals)
        #expect(worlds.withLock { $0 } == [4 * 6, 2 * 6], "two of the four coalitions come from the run")
        // Without the arrival tapes (every world draws its own arrivals): the same values.
        let drawn = try #require(try await ShapleyDecomposition.run(small, plan: plan, known: run, tapeBytes: 0))
        #expect(drawn.values == exact.values && drawn.totals == exact.totals)

        // The same levers where only classic structures exist: mutual knowledge is a null player.
        let classic = try Fixture.model(zones: [Fixture.zone("A"), Fixture.zone("B", x: 4)], structures: structures.filter { $0.ecosystem == .classic },
                                        policy: policy, horizonMonths: 24, warmUpMonths: 12)
        let null = try #require(try await ShapleyDecomposition.run(classic, plan: plan))
        #expect(null.values.allSatisfy { $0[0].allSatisfy { $0 == 0 } }, "mutual knowledge's share is exactly zero")

        // Eight levers on the rural territory (full cooperation): lever orders sampled, each replication still exact.
        var rural = try Self.scenario("rural-franche-comte")
        rural.policy = try Self.fullCooperation()
        let model = try rural.build()
        let ruralPlan = testPlan(model, replications: 2, seed: 9)
        let sampled = try #require(try await ShapleyDecomposition.run(model, plan: ruralPlan))
        #expect(!sampled.enumerated && sampled.levers.count == 8)
        let sampledDrawn = try #require(try await ShapleyDecomposition.run(model, plan: ruralPlan, tapeBytes: 0))
        #expect(sampledDrawn.values == sampled.values && sampledDrawn.totals == sampled.totals)
        expectExact(sampled, jobsAdded: try await MonteCarlo.run(model, plan: ruralPlan).values(.jobsAdded))
    }

    @Test("the part that needs both ecosystems shared out over the levers: the shares sum to the bundle's part in every replication, complementarity and substitution to each share")
    func interEcosystemShares() async throws {
        let small = try Self.twoLevers().model
        let plan = testPlan(small, replications: 6, seed: 9)
        let run = try await MonteCarlo.run(small, plan: plan)
        let reusing = try #require(try await ShapleyDecomposition.run(small, plan: plan, known: run, interEcosystem: true))
        expectInterExact(reusing, run)
        // Taking the run's four worlds (with and without ESS structures) gives what running them gives.
        let fresh = try #require(try await ShapleyDecomposition.run(small, plan: plan, interEcosystem: true))
        #expect(fresh.interRows.map(\.values) == reusing.interRows.map(\.values) && fresh.values == reusing.values)
        // Without the option, no inter-ecosystem rows, and the lever shares are the same.
        let plain = try #require(try await ShapleyDecomposition.run(small, plan: plan, known: run))
        #expect(plain.interRows.isEmpty && plain.values == reusing.values)

        // Eight levers on the rural territory: orders sampled, each lever alone run for the interaction.
        var rural = try Self.scenario("rural-franche-comte")
        rural.policy = try Self.fullCooperation()
        let model = try rural.build()
        let ruralPlan = testPlan(model, replications: 2, seed: 9)
        let ruralRun = try await MonteCarlo.run(model, plan: ruralPlan)
        expectInterExact(try #require(try await ShapleyDecomposition.run(model, plan: ruralPlan, known: ruralRun, interEcosystem: true)), ruralRun)
    }

    @Test("a lever that only substitutes has no complementarity, one that only complements has no substitution")
    func complementarityAndSubstitution() {
        // Jobs added by lever a (bit 0) and b (bit 1): a adds 5 with or without ESS structures,
        // b adds 3 with them and 7 without; together they interact (+1 with ESS structures).
        let with: [Int: Double] = [0: 0, 1: 5, 2: 3, 3: 9], without: [Int: Double] = [0: 0, 1: 5, 2: 7, 3: 12]
        let part = with.mapValues { [$0] }.merging(without.mapValues { [-$0] }) { [$0[0] + $1[0]] }
        for orders in [nil, [[0, 1], [1, 0]]] as [[[Int]]?] {
            let (more, less) = ShapleyDecomposition.InterRows.split(part, levers: 2, orders: orders)
            let (shares, _) = ShapleyDecomposition.shares(part, levers: 2, orders: orders)
            // b only substitutes (−4 alone, −3 after a); a adds to the part only after b (+1).
            #expect(less[1] < 0 && more[1] == 0, "b: \(more[1]) / \(less[1])")
            #expect(more[0] > 0 && less[0] == 0, "a: \(more[0]) / \(less[0])")
            for i in 0..<2 { #expect(abs(more[i] + less[i] - shares[i][0]) <= 1e-12) }
        }
    }

    /// The inter-ecosystem rows of `s` against `run`'s own `_inter_ecosystem` values.
    func expectInterExact(_ s: ShapleyDecomposition, _ run: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        func rows(_ name: String) -> [String: [Double]] {
            Dictionary(s.interRows.filter { $0.name == name }.map { ($0.lever, $0.values) }, uniquingKeysWith: { a, _ in a })
        }
        for (_, name) in ShapleyDecomposition.interMetrics {
            let r = rows(name), total = r[ShapleyDecomposition.total] ?? []
            #expect(s.levers.allSatisfy { r[$0]?.count == run.replications.count } && r[ShapleyDecomposition.interaction] != nil,
                    "\(name): a row per lever, the total and the interaction", sourceLocation: sourceLocation)
            let own = run.values(Metric.named(name)!)
            for k in total.indices where total[k].isFinite {
                let sum = s.levers.reduce(0.0) { $0 + r[$1]![k] }
                #expect(abs(sum - total[k]) <= 1e-9 * max(1, abs(total[k])), "\(name), replication \(k): \(sum) against \(total[k])",
                        sourceLocation: sourceLocation)
                #expect(abs(total[k] - own[k]) <= 1e-9 * max(1, abs(own[k])), "\(name), replication \(k): the run's part is \(own[k])",
                        sourceLocation: sourceLocation)
            }
        }
        let jobs = rows("jobs_added_inter_ecosystem"), more = rows(ShapleyDecomposition.complementarity), less = rows(ShapleyDecomposition.substitution)
        for lever in s.levers + [ShapleyDecomposition.total] {
            for k in jobs[lever]!.indices {
                #expect(more[lever]![k] >= 0 && less[lever]![k] <= 0, sourceLocation: sourceLocation)
                #expect(abs(more[lever]![k] + less[lever]![k] - jobs[lever]![k]) <= 1e-9 * max(1, abs(jobs[lever]![k])),
                        "\(lever), replication \(k)", sourceLocation: sourceLocation)
            }
        }
    }

    func expectExact(_ s: ShapleyDecomposition, jobsAdded: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let jobs = ShapleyDecomposition.metrics.firstIndex(of: .jobsCreated)!
        for (r, shares) in s.values.enumerated() {
            for k in ShapleyDecomposition.metrics.indices {
                let sum = shares.reduce(0) { $0 + $1[k] }, total = s.totals[r][k]
                #expect(abs(sum - total) <= 1e-9 * max(1, abs(total)), "replication \(r), \(ShapleyDecomposition.metrics[k].name): \(sum) against \(total)",
                        sourceLocation: sourceLocation)
            }
            #expect(s.totals[r][jobs] == jobsAdded[r], "the whole effect is the run's jobs_added", sourceLocation: sourceLocation)
        }
    }
}

import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The exact maximal covering placement (GLPK) against brute force, the greedy heuristic and
/// the real territories; `Tests/optimise/test-spopt.sh` checks it against PySAL's spopt in CI.
@Suite("Placement")
struct PlacementTests {
    /// A random instance: `sites` candidate sites, `points` demand points with integer weights,
    /// each covered by each site with chance `density`.
    static func instance(seed: UInt64, sites: Int, points: Int, density: Double) throws -> CoveringProblem {
        let r = try RandomStream(seed: seed)
        let weights = (0..<points).map { _ in Double(1 + Int(r.uniform() * 1000)) }
        let covers = (0..<points).map { _ in (0..<sites).filter { _ in r.uniform() < density } }
        return CoveringProblem(weights: weights, covers: covers, sites: sites)
    }

    /// The best value over every choice of k sites.
    static func bruteForce(_ p: CoveringProblem, k: Int) -> Double {
        var best = 0.0
        func choose(_ from: Int, _ chosen: [Int]) {
            if chosen.count == k { best = max(best, p.value(chosen)); return }
            guard from < p.sites else { return }
            for j in from..<p.sites { choose(j + 1, chosen + [j]) }
        }
        choose(0, [])
        return best
    }

    @Test("the exact solver's optimum equals brute force on every small instance, and greedy never beats it",
          arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func exactEqualsBruteForce(seed: UInt64) throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let p = try Self.instance(seed: seed, sites: 12, points: 40, density: 0.12)
        for k in 1...4 {
            let exact = try CoveringSolver.exact(p, k: k)
            #expect(exact.optimal)
            #expect(exact.sites.count == k)
            #expect(exact.value == Self.bruteForce(p, k: k), "seed \(seed), k = \(k)")
            #expect(CoveringSolver.greedy(p, k: k).value <= exact.value)
        }
    }

    @Test("greedy placement gains less with each site and reaches 1 − 1/e of the optimum")
    func greedyBound() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let p = try Self.instance(seed: 11, sites: 30, points: 200, density: 0.05)
        let greedy = CoveringSolver.greedy(p, k: 6), exact = try CoveringSolver.exact(p, k: 6)
        #expect(greedy.value >= (1 - exp(-1)) * exact.value)
        let gains = (1...greedy.sites.count).map { p.value(Array(greedy.sites.prefix($0))) - p.value(Array(greedy.sites.prefix($0 - 1))) }
        #expect(zip(gains, gains.dropFirst()).allSatisfy { $0 >= $1 }, "gains \(gains)")
    }

    @Test("on the real Franche-Comté, five permanences: optimal, never below greedy, covering only people beyond reach")
    func realFrancheComte() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/real/rural-franche-comte.yaml").path)
        let placement = try PermanencePlacement(world: try scenario.world(), file: "test")
        #expect(placement.candidates.count == placement.zones.count)
        let exact = try CoveringSolver.exact(placement.problem, k: 5), greedy = CoveringSolver.greedy(placement.problem, k: 5)
        #expect(exact.optimal)
        #expect(exact.value >= greedy.value)
        #expect(exact.value <= Double(placement.population - placement.coveredBefore))
        #expect(exact.value > 0)
    }

    @Test("the placement's layers: zones before and after, sites in degrees, and a scenario with the sites that covers what was promised")
    func layersAndScenario() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("placement").path
        let scenario = packageRoot.appendingPathComponent("Scenarios/real/rural-franche-comte.yaml").path
        let r = try runMaillage(["optimise", "placement", scenario, "--add", "3", "--out", out])
        try #require(r.status == 0, "\(r.err)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/placement.json"))) as! [String: Any]
        let after = document["covered_population_after"] as! Int
        // zones.csv: the populations covered before and after add up to placement.json's.
        let zones = try DelimitedText(path: out + "/zones.csv", delimiter: ",")
        let p = try zones.column("population"), b = try zones.column("covered_before"), a = try zones.column("covered_after")
        func covered(_ column: Int) -> Int { zones.rows.reduce(0) { $0 + ($1.fields[column] == "1" ? Int($1.fields[p])! : 0) } }
        #expect(covered(b) == document["covered_population_before"] as! Int)
        #expect(covered(a) == after)
        // zones.geojson: the same zones with their commune polygons, and the map drawn from it.
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/zones.geojson"))) as! [String: Any]
        let zoneFeatures = layer["features"] as! [[String: Any]]
        #expect(zoneFeatures.count == zones.rows.count)
        #expect(zoneFeatures.filter { ($0["geometry"] as! [String: Any])["type"] as? String == "MultiPolygon" }.count >= zones.rows.count * 9 / 10)
        #expect(try String(contentsOfFile: out + "/placement-map.svg", encoding: .utf8).contains("newly within reach"))
        // sites.geojson: three points in Franche-Comté.
        let geo = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/sites.geojson"))) as! [String: Any]
        let features = geo["features"] as! [[String: Any]]
        #expect(features.count == 3)
        for f in features {
            let c = (f["geometry"] as! [String: Any])["coordinates"] as! [Double]
            #expect((5.2...7.2).contains(c[0]) && (46.2...48.1).contains(c[1]), "\(c)")
        }
        // The scenario with the sites added loads, and nobody it leaves beyond reach could be covered by the three sites again.
        // (its base is in the shipped Scenarios folder, which confinement allows)
        let withSites = try ScenarioLoader.load(out + "/with-sites.yaml")
        let world = try withSites.world()
        #expect(world.structures.count == (try ScenarioLoader.load(scenario).world()).structures.count + 3)
        let again = try PermanencePlacement(world: world, file: "test")
        #expect(again.coveredBefore == after)
    }

    @Test("coverage by type with a network's sites: optimal, never below greedy, only the network's types gain, and the scenario with the sites covers what was promised")
    func coverageByTypeForANetwork() throws {
        try #require(CoveringSolver.glpk.available, "GLPK: \(CoveringSolver.glpk.reason)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("placement").path
        let scenario = packageRoot.appendingPathComponent("Scenarios/real/rural-franche-comte.yaml").path
        let r = try runMaillage(["optimise", "placement", scenario, "--add", "3", "--objective", "coverage_by_type",
                                 "--site", "network:France Active", "--out", out])
        try #require(r.status == 0, "\(r.err)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/placement.json"))) as! [String: Any]
        #expect(document["objective"] as? String == "coverage_by_type" && document["site"] as? String == "network:France Active")
        #expect(document["solver_status"] as? String == "optimal")
        let before = document["covered_population_before"] as! Int, after = document["covered_population_after"] as! Int
        #expect(after > before && after - before >= (document["greedy"] as! [String: Any])["covered_population_after"] as! Int - before)
        // Type-weighted coverage of a world, computed independently of the placement code.
        func byType(_ file: String) throws -> (total: Double, perType: [Double]) {
            let s = try ScenarioLoader.load(file)
            let world = try s.world(), model = try s.build(world)
            let access = try Accessibility.compute(model)
            let shares = model.holders.typeShares(month: 0)
            var perType = [0.0, 0.0, 0.0]
            for (z, zone) in world.territory.zones.enumerated() {
                for t in ProjectType.allCases where access[z][t.rawValue * Stage.allCases.count + Stage.creation.rawValue].covered {
                    perType[t.rawValue] += Double(zone.population) * shares[t.rawValue]
                }
            }
            return (perType.reduce(0, +), perType)
        }
        let original = try byType(scenario), withSites = try byType(out + "/with-sites.yaml")
        #expect(abs(original.total - Double(before)) <= 1, "\(original.total) against \(before)")
        #expect(abs(withSites.total - Double(after)) <= 1, "the scenario with the sites covers \(withSites.total), placement.json says \(after)")
        // An ESS network serves ESS and social-utility projects: classic coverage does not move.
        #expect(withSites.perType[ProjectType.classic.rawValue] == original.perType[ProjectType.classic.rawValue])
        #expect(withSites.perType[ProjectType.ess.rawValue] > original.perType[ProjectType.ess.rawValue])
    }

    @Test("without GLPK: optimise placement refuses with status 2, and the outreach lever falls back to greedy with a warning")
    func withoutGLPK() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let off = ["MAILLAGE_NO_GLPK": "1"]
        let scenario = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        let out = folder.appendingPathComponent("placement").path
        let refused = try runMaillage(["optimise", "placement", scenario, "--add", "2", "--out", out], environment: off)
        #expect(refused.status == 2 && refused.err.contains("GLPK"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Four permanences on the rural territory: greedy, and said so.
        let outreach = folder.appendingPathComponent("outreach.yaml")
        let base = packageRoot.appendingPathComponent("Scenarios/funding/rural-franche-comte-outreach.yaml").path
        try "base: \(base)\npolicy:\n  funding:\n    budget_eur: 300000\n".write(to: outreach, atomically: true, encoding: .utf8)
        let arguments = ["run", outreach.path, "--replications", "2", "--no-shapley", "--plausible-draws", "0", "--quiet"]
        let greedy = try runMaillage(arguments + ["--out", folder.appendingPathComponent("greedy").path], environment: off)
        #expect(greedy.status == 0, "\(greedy.err)")
        #expect(greedy.err.contains("placed greedily, not optimally"), "\(greedy.err)")
        let exact = try runMaillage(arguments + ["--out", folder.appendingPathComponent("exact").path])
        #expect(exact.status == 0 && !exact.err.contains("placed greedily"), "\(exact.err)")
    }

    @Test("impossible requests exit with status 2 and write nothing")
    func badRequests() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = packageRoot.appendingPathComponent("Scenarios/rural-franche-comte.yaml").path
        for arguments in [["--add", "0"], ["--add", "100000"], ["--add", "2", "--candidates", "T001", "NOPE"],
                          ["--add", "3", "--candidates", "T001", "T002"], ["--add", "1", "--time-limit", "-1"],
                          ["--add", "1", "--objective", "access"], ["--add", "1", "--objective", "jobs_added", "--screen", "0"],
                          ["--add", "1", "--objective", "jobs_added", "--replications", "1"],
                          ["--add", "3", "--objective", "jobs_added", "--candidates", "T001", "T002"]] {
            let out = folder.appendingPathComponent("out").path
            let r = try runMaillage(["optimise", "placement", scenario] + arguments + ["--out", out])
            #expect(r.status == 2, "\(arguments): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
    }

    /// The metropolis with its candidate sites cut to `codes`.
    static func simulated(_ objective: SimulatedPlacement.Objective, codes: [String]?, replications: Int = 6) throws -> SimulatedPlacement {
        let scenario = try ScenarioLoader.load(packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path)
        var plan = scenario.plan
        plan.replications = replications
        plan.seed = 17
        plan.jobs = 2
        return try SimulatedPlacement(scenario: scenario, world: try scenario.world(), site: .permanence, objective: objective,
                                      candidateCodes: codes, screen: 30, plan: plan, file: "metro-lyon.yaml")
    }

    @Test("access_2sfca: greedy then interchange ends at a local optimum no worse than greedy, and brute force bounds it")
    func accessPlacementIsLocallyOptimal() async throws {
        let codes = ["T001", "T004", "T010", "T012", "C0001", "C0040", "Q001"]
        let placement = try Self.simulated(.access2sfca, codes: codes)
        let result = try await placement.run(k: 2)
        let final = result.after.mean
        #expect(result.chosen.count == 2 && Set(result.chosen).count == 2)
        #expect(final <= result.steps.last!.value.mean + 1e-12, "the interchanges never make the spread worse than greedy's")
        // No single interchange improves the final set: a local optimum.
        for position in 0..<2 {
            for c in placement.candidates where !result.chosen.contains(c) {
                var trial = result.chosen
                trial[position] = c
                #expect(try await placement.values(trial)[0] >= final - 1e-12)
            }
        }
        // The best pair over every choice is no better than what the search found by more than it can miss.
        var best = Double.infinity
        for i in placement.candidates.indices {
            for j in placement.candidates.indices where j > i {
                best = min(best, try await placement.values([placement.candidates[i], placement.candidates[j]])[0])
            }
        }
        #expect(best <= final + 1e-12)
        print("access_2sfca on 7 metropolitan candidates, 2 sites: search \(final), brute force \(best), before \(result.before.mean)")
        #expect(result.evaluations > 1 + 7 + 6, "the base, both greedy steps and at least one round of interchanges")
    }

    @Test("jobs_added: every candidate set on the same seeds, so the change is the paired difference, reproducible from the seed")
    func jobsPlacementIsPairedAndReproducible() async throws {
        let codes = ["T001", "T004", "Q001", "C0010"]
        let placement = try Self.simulated(.jobsAdded, codes: codes)
        let result = try await placement.run(k: 1)
        let again = try await Self.simulated(.jobsAdded, codes: codes).run(k: 1)
        #expect(result.chosen == again.chosen && result.after == again.after && result.gain == again.gain)
        let before = try await placement.values([]), after = try await placement.values(result.chosen)
        #expect(before.count == 6 && after.count == 6)
        #expect(Estimate(values: zip(after, before).map { $0 - $1 }) == result.gain)
        #expect(abs(result.gain.mean - (result.after.mean - result.before.mean)) < 1e-9)
        // Greedy keeps the best of the candidates at its step.
        for c in placement.candidates where c != result.steps[0].zone {
            let v = try await placement.values([c])
            #expect(v.reduce(0, +) <= after.reduce(0, +) + 1e-9 || !result.swaps.isEmpty)
        }
    }

    @Test("optimise placement --objective jobs_added writes its steps with intervals, and report reads the folder")
    func simulatedPlacementCommand() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("placement").path
        let scenario = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        let r = try runMaillage(["optimise", "placement", scenario, "--add", "2", "--objective", "jobs_added", "--candidates", "T001", "T004", "Q001",
                                 "--replications", "4", "--seed", "3", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("step 1:") && r.out.contains("step 2:"))
        for file in ["sites.csv", "steps.csv", "swaps.csv", "placement.json", "sites.geojson", "manifest.json", "with-sites.yaml",
                     "zones.csv", "zones.geojson", "placement-map.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let steps = try DelimitedText(path: out + "/steps.csv", delimiter: ",")
        #expect(steps.rows.count == 2)
        #expect(steps.header.contains("change_ci95_low"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/placement.json"))) as? [String: Any])
        #expect(document["objective"] as? String == "jobs_added" && document["replications"] as? Int == 4)
        // The zones the final sites bring within reach add up to the population covered after.
        let zonesTable = try DelimitedText(path: out + "/zones.csv", delimiter: ",")
        let population = try zonesTable.column("population"), coveredAfter = try zonesTable.column("covered_after")
        let coveredSum = zonesTable.rows.reduce(0) { $0 + ($1.fields[coveredAfter] == "1" ? Int($1.fields[population])! : 0) }
        #expect(coveredSum == document["covered_population_after"] as? Int)
        #expect((document["covered_population_before"] as? Int ?? .max) <= coveredSum)
        // The scenario with the sites added loads, with the chosen sites as its new structures.
        let chosen = try #require(document["sites"] as? [String])
        let before = try ScenarioLoader.load(scenario).world().structures
        let after = try ScenarioLoader.load(out + "/with-sites.yaml").world().structures
        #expect(after.count == before.count + 2)
        func count(_ codes: [String]) -> [String: Int] { codes.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        var added = count(after.map(\.zoneCode))
        for (code, n) in count(before.map(\.zoneCode)) { added[code]! -= n }
        #expect(added.filter { $0.value != 0 } == count(chosen))
        let report = try runMaillage(["report", out, "--out", folder.appendingPathComponent("report.html").path])
        #expect(report.status == 0, "\(report.err)")
    }
}

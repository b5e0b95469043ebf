import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// The commands end to end, as a user runs them: comparisons, shards and merges, interrupted
/// sweeps, progress, coverage, real territories, and byte-for-byte reproducibility.
@Suite("Commands end to end")
struct CommandTests {
    static let data = packageRoot.appendingPathComponent("Scenarios/data")
    static let outputs = ["replications.csv", "summary.csv", "summary.json"]

    /// The bytes of a run's files.
    func contents(_ folder: URL) throws -> [Data] {
        try Self.outputs.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    @Test("`maillage compare` writes each metric's paired and unpaired difference")
    func compareCommand() throws {
        let out = try temporaryFolder()
        let folder = try temporaryFolder()
        try "base: \(packageRoot.path)/Scenarios/metro-lyon.yaml\nname: with-intake\npolicy: {common_project: {shared_intake_points: 3}}\n"
            .write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let r = try runMaillage(["compare", "Scenarios/metro-lyon.yaml", folder.appendingPathComponent("b.yaml").path,
                                 "--replications", "6", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let rows = try String(contentsOf: out.appendingPathComponent("compare.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows[0] == "scenario,metric,mean,ci95_low,ci95_high,difference,paired_low,paired_high,unpaired_low,unpaired_high,n")
        #expect(rows.count == 1 + 2 * Metric.all.count)
    }

    @Test("`maillage run` and `maillage regenerate` write the same files, byte for byte, for a shipped run")
    func runAndRegenerateAgree() throws {
        let tmp = try temporaryFolder()
        let entry = "funding/metro-lyon-training"
        let regenerated = tmp.appendingPathComponent("shipped")
        let r = try runMaillage(["regenerate", regenerated.path, "--only", entry, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        // The shipped entry runs its scenario at 100 replications.
        let run = tmp.appendingPathComponent("run")
        let c = try runMaillage(["run", "Scenarios/\(entry).yaml", "--replications", "100", "--out", run.path, "--quiet"])
        #expect(c.status == 0, "\(c.err)")
        func files(_ folder: URL) throws -> [String] {
            try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        }
        let shipped = regenerated.appendingPathComponent(entry)
        let list = try files(shipped)
        #expect(list == (try files(run)))
        #expect(list.contains("zones.geojson") && list.contains("shapley.csv") && list.contains("manifest.json") && list.contains("plausible.csv"))
        for name in list {
            #expect(try Data(contentsOf: shipped.appendingPathComponent(name)) == Data(contentsOf: run.appendingPathComponent(name)), "\(name)")
        }
        // Only the entry named: no charts, reports or other folders.
        #expect(try FileManager.default.contentsOfDirectory(atPath: regenerated.path) == ["funding"])
    }

    @Test("shards merge into exactly the files of one process, for a run and for a sweep")
    func shardsMerge() throws {
        let tmp = try temporaryFolder()
        func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }
        for k in 1...3 {
            #expect(try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "7", "--shard", "\(k)/3", "--out", path("r\(k)"), "--quiet"]).status == 0)
        }
        #expect(try runMaillage(["merge", path("r1"), path("r2"), path("r3"), "--out", path("merged")]).status == 0)
        #expect(try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "7", "--out", path("single"), "--quiet"]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: path("single")).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: path("merged")).sorted()), "the same files")
        #expect(files.contains("zones.geojson") && files.contains("manifest.json"))
        for file in files {
            #expect(try Data(contentsOf: tmp.appendingPathComponent("merged/\(file)")) == Data(contentsOf: tmp.appendingPathComponent("single/\(file)")), "\(file)")
        }
        // A missing shard is named, and nothing is written.
        let r = try runMaillage(["merge", path("r1"), path("r3"), "--out", path("partial")])
        #expect(r.status == 2 && r.err.contains("missing 2"))
        #expect(!FileManager.default.fileExists(atPath: path("partial")))
    }

    @Test("a run on a territory of the national files splits holders, supports, firms and jobs by density level; the levels add up to the run's totals, and shards merge to the same file")
    func byDensityLevel() throws {
        let tmp = try temporaryFolder()
        func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }
        try """
        base: \(packageRoot.path)/Scenarios/france/networks-by-rule.yaml
        name: belfort-intake
        territory: {name: Territoire de Belfort, france: {departements: ["90"]}}
        policy: {common_project: {shared_intake_points: 2}}
        """.write(toFile: path("belfort.yaml"), atomically: true, encoding: .utf8)
        let options = ["--replications", "8", "--no-shapley", "--quiet"]
        let single = try runMaillage(["run", path("belfort.yaml"), "--plausible-draws", "0", "--out", path("single")] + options)
        #expect(single.status == 0, "\(single.err)")
        for k in 1...2 {
            let r = try runMaillage(["run", path("belfort.yaml"), "--shard", "\(k)/2", "--out", path("s\(k)")] + options)
            #expect(r.status == 0, "\(r.err)")
        }
        let merged = try runMaillage(["merge", path("s1"), path("s2"), "--out", path("merged")])
        #expect(merged.status == 0, "\(merged.err)")
        let byDensity = try Data(contentsOf: tmp.appendingPathComponent("single/by_density.csv"))
        #expect(byDensity == (try Data(contentsOf: tmp.appendingPathComponent("merged/by_density.csv"))))

        // Each metric's means over the levels add up to the run's (a mean of sums is the sum of means).
        func rows(_ file: String) throws -> [[String]] {
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let levels = try rows(path("single/by_density.csv")), summary = try rows(path("single/summary.csv"))
        func total(_ metric: String) -> Double { levels.filter { $0[4] == metric }.reduce(0) { $0 + Double($1[5])! } }
        func run(_ metric: String) throws -> Double { Double(try #require(summary.first { $0[0] == metric })[1])! }
        for (level, runMetric) in [("holders", "holders"), ("firms_created", "firms_created"), ("jobs_at_horizon", "jobs_created"), ("jobs_added", "jobs_added")] {
            let expected = try run(runMetric)
            #expect(abs(total(level) - expected) <= 1e-9 * max(abs(expected), 1), "\(level): \(total(level)) against \(expected)")
        }
        #expect(try run("holders") > 0)
        // Every level of the département's communes has its rows, with its communes and inhabitants.
        let names = Set(levels.map { $0[1] })
        #expect(names.count >= 2, "Territoire de Belfort has urban and rural communes")
        #expect(levels.reduce(into: [String: Int]()) { $0[$1[0]] = Int($1[3])! }.values.reduce(0, +) == 140_255, "the département's inhabitants (INSEE 2023)")
        #expect(Set(levels.map { $0[4] }) == ["holders", "uncovered_share", "supported_share", "firms_created", "jobs_at_horizon",
                                              "jobs_at_horizon_without_policy", "jobs_added"])
        // A synthetic territory has no levels, and no such file.
        let plain = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "2", "--plausible-draws", "0", "--out", path("plain")] + ["--no-shapley", "--quiet"])
        #expect(plain.status == 0 && !FileManager.default.fileExists(atPath: path("plain/by_density.csv")))
    }

    @Test("uncertainty shards merge into exactly the files of one process, from the priors and from a posterior")
    func uncertaintyShardsMerge() throws {
        let tmp = try temporaryFolder()
        func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }
        let scenario = "Scenarios/funding/rural-franche-comte-balanced.yaml"
        // A posterior sample of the three calibrated parameters, as `calibrate --abc` writes it.
        try "draw,holders.seek_support_share,outcomes.creation_supported,outcomes.creation_unsupported,distance\n3,0.15,0.6,0.12,0.5\n8,0.2,0.55,0.1,0.7\n"
            .write(toFile: path("posterior.csv"), atomically: true, encoding: .utf8)
        for extra in [[], ["--posterior", path("posterior.csv")]] {
            let tag = extra.isEmpty ? "priors" : "posterior"
            let common = ["uncertainty", scenario, "--draws", "4", "--replications", "2", "--quiet"] + extra
            // Three shards of four draws: draws 0 and 3, then 1, then 2.
            for k in 1...3 {
                let r = try runMaillage(common + ["--shard", "\(k)/3", "--out", path("\(tag)-s\(k)")])
                #expect(r.status == 0, "\(r.err)")
            }
            #expect(try runMaillage(["merge", path("\(tag)-s1"), path("\(tag)-s2"), path("\(tag)-s3"), "--out", path("\(tag)-merged")]).status == 0)
            #expect(try runMaillage(common + ["--out", path("\(tag)-single")]).status == 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: path("\(tag)-single")).sorted()
            #expect(files == (try FileManager.default.contentsOfDirectory(atPath: path("\(tag)-merged")).sorted()))
            #expect(files.contains("uncertainty_effects.csv") && files.contains("draws.csv"))
            for file in files {
                #expect(try Data(contentsOf: URL(fileURLWithPath: path("\(tag)-merged/\(file)"))) == Data(contentsOf: URL(fileURLWithPath: path("\(tag)-single/\(file)"))), "\(tag): \(file)")
            }
            if !extra.isEmpty {
                // Each draw took one row of the posterior for the three parameters.
                let draws = try String(contentsOfFile: path("posterior-single/draws.csv"), encoding: .utf8).split(separator: "\n")
                let header = draws[0].split(separator: ",").map(String.init)
                let k = try #require(header.firstIndex(of: "holders.seek_support_share"))
                #expect(draws.dropFirst().allSatisfy { ["0.15", "0.2"].contains(String($0.split(separator: ",")[k])) })
            }
        }
        // An empty shard (more shards than draws) merges too, into one process's files.
        let one = ["uncertainty", scenario, "--draws", "1", "--replications", "2", "--quiet"]
        for k in 1...2 { #expect(try runMaillage(one + ["--shard", "\(k)/2", "--out", path("one-s\(k)")]).status == 0) }
        #expect(try runMaillage(["merge", path("one-s1"), path("one-s2"), "--out", path("one-merged")]).status == 0)
        #expect(try runMaillage(one + ["--out", path("one-single")]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("one-merged/uncertainty.csv"))) == Data(contentsOf: URL(fileURLWithPath: path("one-single/uncertainty.csv"))))
        // A shard of another analysis is refused, and nothing is written.
        #expect(try runMaillage(["uncertainty", scenario, "--draws", "4", "--replications", "3", "--shard", "2/3", "--out", path("other"), "--quiet"]).status == 0)
        let r = try runMaillage(["merge", path("priors-s1"), path("other"), path("priors-s3"), "--out", path("mixed")])
        #expect(r.status == 2 && r.err.contains("same analysis"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: path("mixed")))
    }

    @Test("`maillage calibrate --abc` writes a posterior that `maillage uncertainty --posterior` draws from")
    func abcThenUncertainty() throws {
        let tmp = try temporaryFolder()
        func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }
        try """
        scenario: \(packageRoot.path)/Scenarios/rural-franche-comte.yaml
        replications: 2
        parameters: [{path: holders.seek_support_share, low: 0.05, high: 0.5}]
        targets: [{metric: supported_share, value: 0.45, tolerance: 0.1, source: test}]

        """.write(toFile: path("t.yaml"), atomically: true, encoding: .utf8)
        let c = try runMaillage(["calibrate", path("t.yaml"), "--abc", "6", "--accept", "0.5", "--out", path("abc/posterior.csv"), "--quiet"])
        #expect(c.status == 0, "\(c.err)")
        #expect(c.out.contains("3 accepted") && c.out.contains("holders.seek_support_share"), "\(c.out)")
        let rows = try String(contentsOfFile: path("abc/posterior.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 4 && rows[0] == "draw,holders.seek_support_share,distance")
        #expect(try String(contentsOfFile: path("abc/abc_draws.csv"), encoding: .utf8).split(separator: "\n").count == 7)
        let u = try runMaillage(["uncertainty", "Scenarios/rural-franche-comte.yaml", "--posterior", path("abc/posterior.csv"),
                                 "--draws", "3", "--replications", "1", "--out", path("u"), "--quiet"])
        #expect(u.status == 0, "\(u.err)")
        let json = try String(contentsOfFile: path("u/uncertainty.json"), encoding: .utf8)
        #expect(json.contains("posterior.csv") && json.contains("\"posterior_rows\" : 3"), "\(json)")
        // --posterior with --morris is refused.
        #expect(try runMaillage(["uncertainty", "Scenarios/rural-franche-comte.yaml", "--morris", "--posterior", path("abc/posterior.csv")]).status != 0)
    }

    @Test("a killed sweep resumes, and its final files equal those of an uninterrupted one")
    func interruptionResumes() throws {
        let tmp = try temporaryFolder()
        let planFile = tmp.appendingPathComponent("plan.yaml")
        try """
        scenario: \(packageRoot.path)/Scenarios/qpv-seine-saint-denis.yaml
        method: grid
        replications: 6
        parameters:
          - {path: policy.mutual_knowledge.meetings_per_year, values: [0, 3, 6, 9, 12, 15]}
          - {path: policy.extra_capacity_per_year, values: [0, 500]}

        """.write(to: planFile, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("killed")
        let process = Process()
        process.executableURL = try maillageExecutable()
        process.arguments = ["sweep", planFile.path, "--out", out.path, "--quiet", "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let second = out.appendingPathComponent("points/000002.csv").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: second) && Date() < deadline && process.isRunning { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("results.csv").path), "killed before the end")
        #expect(try runMaillage(["sweep", planFile.path, "--out", out.path, "--quiet"]).status == 0)
        #expect(try runMaillage(["sweep", planFile.path, "--out", tmp.appendingPathComponent("whole").path, "--quiet"]).status == 0)
        for file in ["samples.csv", "results.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: tmp.appendingPathComponent("whole/\(file)")))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("points").path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("progress goes to standard error as plain lines off a terminal, and --quiet silences it")
    func progressLines() throws {
        let tmp = try temporaryFolder()
        let loud = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "3", "--out", tmp.appendingPathComponent("a").path])
        #expect(loud.err.contains("replications 3/3") && !loud.err.contains("\r"))
        let quiet = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "3", "--out", tmp.appendingPathComponent("b").path, "--quiet"])
        #expect(quiet.err.isEmpty)
    }

    @Test("`maillage coverage --costs` writes zones, summary, structures and costs")
    func coverageCommand() throws {
        let out = try temporaryFolder()
        let r = try runMaillage(["coverage", "Scenarios/metro-lyon.yaml", "--out", out.path, "--costs"])
        #expect(r.status == 0, "\(r.err)")
        let zones = try String(contentsOf: out.appendingPathComponent("zones.csv"), encoding: .utf8).split(separator: "\n")
        #expect(zones.count == 1 + 59 + 12)  // 59 communes and 12 priority neighbourhoods
        #expect(zones[0].hasPrefix("code,name,population,x_km,y_km,kind,coverage_share,classic_emergence_minutes,classic_emergence_covered,classic_emergence_2sfca"))
        let costs = try String(contentsOf: out.appendingPathComponent("costs.csv"), encoding: .utf8).split(separator: "\n")
        let structures = try String(contentsOf: out.appendingPathComponent("structures.csv"), encoding: .utf8).split(separator: "\n")
        #expect(costs.count == 1 + (zones.count - 1) * (structures.count - 1))
    }

    @Test("`maillage run` works on each real-territory scenario", arguments: ["rural-franche-comte", "metro-lyon", "qpv-seine-saint-denis"])
    func runsOnRealScenario(name: String) throws {
        let out = try temporaryFolder()
        let r = try runMaillage(["run", "Scenarios/real/\(name).yaml", "--replications", "2", "--out", out.path])
        #expect(r.status == 0, "\(r.err)")
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.contains("coverage_rate,"))
    }

    @Test("a missing data file is named")
    func missingDataFile() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("s.yaml")
        try """
        name: x
        territory:
          generator: real
          geometry: [nowhere/communes.geojson]
          populations: \(Self.data.appendingPathComponent("insee/donnees_communes.csv").path)
          select: {departments: ["93"]}

        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try runMaillage(["run", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(r.status == 2)
        #expect(r.err.contains("nowhere/communes.geojson") && r.err.contains("no such file"), "\(r.err)")
    }

    @Test("the same seed writes the same bytes")
    func sameSeedSameBytes() throws {
        let tmp = try temporaryFolder()
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
        for folder in [a, b] {
            let r = try runMaillage(["run", "Scenarios/metro-lyon.yaml", "--replications", "6", "--seed", "11", "--jobs", "2", "--out", folder.path])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try contents(a) == contents(b))
    }

    @Test("--jobs 1 and --jobs 2 write the same bytes")
    func jobsDoNotChangeResults() throws {
        let tmp = try temporaryFolder()
        let one = tmp.appendingPathComponent("one"), two = tmp.appendingPathComponent("two")
        for (folder, jobs) in [(one, "1"), (two, "2")] {
            let r = try runMaillage(["run", "Scenarios/qpv-seine-saint-denis.yaml", "--replications", "7", "--seed", "5", "--jobs", jobs, "--out", folder.path])
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try contents(one) == contents(two))
    }
}

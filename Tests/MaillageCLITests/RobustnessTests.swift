import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// The failures of the second reliability review: results folders written as a whole, locks,
/// fingerprints over bases, confinement of the files a scenario names, bounds on every input,
/// and clear messages.
@Suite("Robustness")
struct RobustnessTests {
    static let metro = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
    static let qpv = packageRoot.appendingPathComponent("Scenarios/qpv-seine-saint-denis.yaml").path

    /// Every file under `folder` with its bytes, hidden ones included.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return files }
        for case let name as String in e {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
            }
        }
        return files
    }

    @Test("--out \"\" is refused by every command that writes, and nothing is written", arguments: [
        ["run", "Scenarios/qpv-seine-saint-denis.yaml"], ["study", "Scenarios/default-study.yaml"],
        ["compare", "Scenarios/metro-lyon.yaml", "Scenarios/qpv-seine-saint-denis.yaml"], ["coverage", "Scenarios/metro-lyon.yaml"],
        ["sweep", "Scenarios/experiments/sensitivity-metro.yaml"], ["merge", "nowhere"],
    ])
    func emptyOut(_ command: [String]) throws {
        let r = try runMaillage(command + ["--out", ""])
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("--out"))
        #expect(!FileManager.default.fileExists(atPath: "/points") && !FileManager.default.fileExists(atPath: "/summary.csv"))
    }

    @Test("command-line errors exit with status 2", arguments: [
        ["run"], ["run", "Scenarios/metro-lyon.yaml", "--jobs", "0"], ["run", "Scenarios/metro-lyon.yaml", "--replications", "1000000000000"],
        ["run", "Scenarios/metro-lyon.yaml", "--max-replications", "1000000000000", "--precision", "0.1"],
        ["run", "Scenarios/metro-lyon.yaml", "--seed", "1e5"], ["run", "Scenarios/metro-lyon.yaml", "--shard", "3/2"],
        ["study"], ["sweep"], ["compare", "Scenarios/metro-lyon.yaml"], ["merge", "x"], ["charts"], ["validate", "--nonsense"],
        ["frobnicate"], ["run", "Scenarios/metro-lyon.yaml", "--precision", "2"],
        ["run", "Scenarios/metro-lyon.yaml", "--plausible-draws", "-1"], ["run", "Scenarios/metro-lyon.yaml", "--plausible-replications", "0"],
        ["run", "Scenarios/metro-lyon.yaml", "--no-posterior", "--posterior", "p.csv"],
        ["uncertainty", "Scenarios/metro-lyon.yaml", "--no-posterior", "--posterior", "p.csv"],
    ])
    func commandLineErrors(_ command: [String]) throws {
        let r = try runMaillage(command)
        #expect(r.status == 2, "\(command): \(r.status) \(r.err)")
        #expect(!r.err.contains("Fatal error"))
    }

    @Test("a priors or posterior file that does not load stops the run before anything is written, naming the file")
    func plausibleInputs() throws {
        let tmp = try temporaryFolder()
        let bad = tmp.appendingPathComponent("posterior.csv")
        try "draw,holders.seek_support_share,distance\n0,abc,0.1\n".write(to: bad, atomically: true, encoding: .utf8)
        for (flag, file) in [("--priors", tmp.appendingPathComponent("missing.yaml").path), ("--posterior", bad.path)] {
            let out = tmp.appendingPathComponent("out-\(flag.dropFirst(2))")
            let r = try runMaillage(["run", "Scenarios/funding/metro-lyon-coordination.yaml", "--replications", "2", "--no-shapley", flag, file,
                                     "--out", out.path, "--quiet"])
            #expect(r.status == 2, "\(flag): \(r.status) \(r.err)")
            #expect(r.err.contains(file) && !r.err.contains("Fatal error"), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        }
    }

    @Test("regenerate --abc-check without the draws to check against stops before the calibration writes anything, naming the file")
    func abcCheckNeedsItsDraws() throws {
        let tmp = try temporaryFolder()
        let r = try runMaillage(["regenerate", tmp.path, "--only", "calibration", "--abc-check", "10", "--quiet"])
        #expect(r.status == 2, "\(r.status) \(r.err)")
        #expect(r.err.contains(tmp.appendingPathComponent("calibration/abc_draws.csv").path) && !r.err.contains("Fatal error"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("calibration/fitted.yaml").path), "nothing written")
        // A stride of 0 is refused by the option itself (`--only nope` keeps the run short if it were not).
        let zero = try runMaillage(["regenerate", tmp.path, "--only", "nope", "--abc-check", "0"])
        #expect(zero.status != 0 && zero.err.contains("--abc-check"), "\(zero.status) \(zero.err)")
    }

    @Test("a run killed at any moment leaves the previous results whole, or the new ones whole, and no stray file after the next run")
    func killedRunKeepsAFolderWhole() throws {
        let out = try temporaryFolder().appendingPathComponent("out")
        #expect(try runMaillage(["run", Self.qpv, "--replications", "3", "--seed", "1", "--out", out.path, "--quiet"]).status == 0)
        let previous = try snapshot(out)
        var killed = 0
        for delay in [30_000, 100_000, 250_000, 500_000, 900_000] as [useconds_t] {
            let process = Process()
            process.executableURL = try maillageExecutable()
            process.arguments = ["run", Self.qpv, "--replications", "40", "--seed", "2", "--out", out.path, "--quiet", "--jobs", "2"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            let now = try snapshot(out)
            let isPrevious = now == previous
            let isNew = now.keys.sorted() == previous.keys.sorted()
                && String(decoding: now["replications.csv"] ?? Data(), as: UTF8.self).split(separator: "\n").count == 41
            #expect(isPrevious || isNew, "after a kill at \(delay) µs the folder is the previous results or the new ones, whole")
        }
        #expect(killed > 0, "runs were really cut short")
        // The next run cleans what the killed ones left beside the folder, and keeps its lock file only.
        #expect(try runMaillage(["run", Self.qpv, "--replications", "3", "--seed", "1", "--out", out.path, "--quiet"]).status == 0)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).sorted()
        #expect(siblings == ["out"], "\(siblings)")
        #expect(try snapshot(out) == previous, "same seed, same results")
    }

    @Test("a commit killed between its two renames is repaired by the next writer")
    func killedCommitRecovers() throws {
        let parent = try temporaryFolder(), out = parent.appendingPathComponent("out")
        #expect(try runMaillage(["run", Self.qpv, "--replications", "3", "--seed", "1", "--out", out.path, "--quiet"]).status == 0)
        let previous = try snapshot(out)
        // What a process killed after moving the previous results aside leaves: no folder, the
        // previous results under .out.old-PID, the new ones under .out.new-PID (a dead PID).
        let dead: Int32 = 2_147_483_000
        try FileManager.default.moveItem(at: out, to: parent.appendingPathComponent(".out.old-\(dead)"))
        try FileManager.default.createDirectory(at: parent.appendingPathComponent(".out.new-\(dead)"), withIntermediateDirectories: true)
        try "half".write(to: parent.appendingPathComponent(".out.new-\(dead)/summary.csv"), atomically: true, encoding: .utf8)
        // A writer that fails (a bad scenario) still restores the previous results first.
        let folder = try ResultsFolder(out.path)
        #expect(try snapshot(out) == previous)
        _ = folder
        let siblings = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".out.old") || $0.hasPrefix(".out.new-\(dead)") }
        #expect(siblings.isEmpty, "\(siblings)")
    }

    @Test("on a full disk the previous results stay whole and nothing is left behind", .enabled(if: getuid() == 0))
    func fullDisk() throws {
        let mount = try temporaryFolder()
        let status = try Process.run(URL(fileURLWithPath: "/bin/mount"), arguments: ["-t", "tmpfs", "-o", "size=400k", "tmpfs", mount.path])
        status.waitUntilExit()
        guard status.terminationStatus == 0 else { return }  // no mount in this sandbox
        defer { _ = try? Process.run(URL(fileURLWithPath: "/bin/umount"), arguments: [mount.path]).waitUntilExit() }
        let out = mount.appendingPathComponent("out")
        // Fill most of the disk, leaving less room than the new results need at several levels,
        // so that the writes fail at different points.
        let filler = mount.appendingPathComponent("filler")
        var failures = 0
        // The new results (400 replications of the metropolis, about 280 kB; the previous ones
        // about 110 kB) need more than any of these margins.
        for margin in [200_000, 150_000, 100_000, 20_000] {
            try? FileManager.default.removeItem(at: filler)
            #expect(try runMaillage(["run", Self.metro, "--replications", "2", "--seed", "1", "--out", out.path, "--quiet"]).status == 0)
            let previous = try snapshot(out)
            let free = (try FileManager.default.attributesOfFileSystem(forPath: mount.path)[.systemFreeSize] as? NSNumber)?.intValue ?? 0
            #expect(FileManager.default.createFile(atPath: filler.path, contents: Data(repeating: 0, count: max(0, free - margin))))
            let r = try runMaillage(["run", Self.metro, "--replications", "400", "--seed", "5", "--out", out.path, "--quiet"])
            if r.status != 0 {
                failures += 1
                #expect(r.status == 1 && r.err.contains("error:"), "\(r.err)")
                #expect(try snapshot(out) == previous, "the previous results stay whole")
            }
            let stray = try FileManager.default.contentsOfDirectory(atPath: mount.path).filter { $0 != "out" && $0 != "filler" }
            #expect(stray.isEmpty, "\(stray)")
        }
        #expect(failures > 0, "the disk really filled")
    }

    @Test("a second writer of the same folder is refused with exit status 2 while the first runs")
    func concurrentWritersLocked() throws {
        let tmp = try temporaryFolder()
        let plan = tmp.appendingPathComponent("plan.yaml")
        try "scenario: \(Self.metro)\nmethod: grid\nreplications: 30\nparameters: [{path: journey.give_up_per_month, values: [0.1, 0.2, 0.3, 0.4]}]\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("sweep")
        let first = Process()
        first.executableURL = try maillageExecutable()
        first.arguments = ["sweep", plan.path, "--out", out.path, "--quiet", "--jobs", "1"]
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) }; first.waitUntilExit() }
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: out.appendingPathComponent("points/fingerprint").path) && Date() < deadline { usleep(5_000) }
        let second = try runMaillage(["sweep", plan.path, "--out", out.path, "--quiet"])
        #expect(second.status == 2 && second.err.contains("another maillage command"), "\(second.err)")
        let run = try runMaillage(["run", Self.qpv, "--replications", "2", "--out", out.path, "--quiet"])
        #expect(run.status == 2 && run.err.contains("another maillage command"), "\(run.err)")
    }

    @Test("a sweep's fingerprint covers its scenario's base: editing the base between an interruption and the resume is refused")
    func fingerprintCoversBases() throws {
        let tmp = try temporaryFolder()
        let base = tmp.appendingPathComponent("base.yaml"), scenario = tmp.appendingPathComponent("scenario.yaml")
        try String(contentsOfFile: Self.qpv, encoding: .utf8).write(to: base, atomically: true, encoding: .utf8)
        try "base: base.yaml\nname: derived\n".write(to: scenario, atomically: true, encoding: .utf8)
        let plan = tmp.appendingPathComponent("plan.yaml")
        try "scenario: scenario.yaml\nmethod: grid\nreplications: 2\nparameters: [{path: journey.give_up_per_month, values: [0.1, 0.2]}]\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        #expect(try runMaillage(["sweep", plan.path, "--out", out.path, "--quiet", "--shard", "1/2"]).status == 0)
        try (String(contentsOf: base, encoding: .utf8) + "lever_costs: {meeting_eur: 3000}\n").write(to: base, atomically: true, encoding: .utf8)
        let r = try runMaillage(["sweep", plan.path, "--out", out.path, "--quiet"])
        #expect(r.status == 2 && r.err.contains("another plan or version"), "\(r.err)")
    }

    @Test("merge refuses edited shard descriptions and a scenario changed since the shards ran")
    func mergeChecks() throws {
        let tmp = try temporaryFolder()
        let scenario = tmp.appendingPathComponent("s.yaml")
        try "base: \(Self.qpv)\nname: s\n".write(to: scenario, atomically: true, encoding: .utf8)
        func path(_ n: String) -> String { tmp.appendingPathComponent(n).path }
        for k in 1...2 {
            #expect(try runMaillage(["run", scenario.path, "--replications", "4", "--shard", "\(k)/2", "--out", path("r\(k)"), "--quiet"]).status == 0)
        }
        let original = try String(contentsOfFile: path("r1/shard.json"), encoding: .utf8)
        for (from, to) in [("\"of\" : 2", "\"of\" : 0"), ("\"replications\" : 4", "\"replications\" : -1"),
                           ("\"replications\" : 4", "\"replications\" : 4000000000000000000")] {
            try original.replacingOccurrences(of: from, with: to).write(toFile: path("r1/shard.json"), atomically: true, encoding: .utf8)
            let r = try runMaillage(["merge", path("r1"), path("r2"), "--out", path("m")])
            #expect(r.status == 2, "\(to): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: path("m")))
        }
        try original.write(toFile: path("r1/shard.json"), atomically: true, encoding: .utf8)
        let values = try String(contentsOfFile: path("r1/values.csv"), encoding: .utf8)
        let lines = values.split(separator: "\n")
        try (lines[0] + "\n" + lines[1].replacingOccurrences(of: ",0,", with: ",inf,") + "\n" + lines.dropFirst(2).joined(separator: "\n") + "\n")
            .write(toFile: path("r1/values.csv"), atomically: true, encoding: .utf8)
        #expect(try runMaillage(["merge", path("r1"), path("r2"), "--out", path("m")]).status == 2)
        try values.write(toFile: path("r1/values.csv"), atomically: true, encoding: .utf8)
        #expect(try runMaillage(["merge", path("r1"), path("r2"), "--out", path("m")]).status == 0)
        try "base: \(Self.qpv)\nname: s\nholders: {seek_support_share: 0.4}\n".write(to: scenario, atomically: true, encoding: .utf8)
        let r = try runMaillage(["merge", path("r1"), path("r2"), "--out", path("m2")])
        #expect(r.status == 2 && r.err.contains("changed since"), "\(r.err)")
    }

    @Test("files a scenario names stay inside its folder and the shipped scenarios; errors quote at most one line")
    func confinement() throws {
        let tmp = try temporaryFolder()
        let secret = tmp.appendingPathComponent("elsewhere/secret.yaml"), mine = tmp.appendingPathComponent("mine/s.yaml")
        try FileManager.default.createDirectory(at: secret.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: mine.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nsecond-line-secret\n".write(to: secret, atomically: true, encoding: .utf8)
        for reference in [secret.path, "../elsewhere/secret.yaml"] {
            try "base: \(reference)\nname: x\n".write(to: mine, atomically: true, encoding: .utf8)
            let r = try runMaillage(["validate", mine.path])
            #expect(r.status == 2 && r.err.contains("outside") && r.err.contains("--allow-outside"), "\(r.err)")
            #expect(!r.err.contains("root:x"), "the file is not read")
        }
        let allowed = try runMaillage(["validate", "--allow-outside", mine.path])
        #expect(allowed.status == 2)
        #expect(!allowed.err.contains("second-line-secret") && !allowed.err.contains("daemon"), "one line at most: \(allowed.err)")
        // Data files are confined too; the shipped scenarios and data are always allowed.
        try "name: x\nterritory: {generator: real, geometry: [\(secret.path)], populations: \(secret.path), select: {departments: ['93']}}\n"
            .write(to: mine, atomically: true, encoding: .utf8)
        #expect(try runMaillage(["validate", mine.path]).err.contains("territory.geometry[0]"))
        try "base: \(Self.metro)\nname: x\n".write(to: mine, atomically: true, encoding: .utf8)
        #expect(try runMaillage(["validate", mine.path]).status == 0)
    }

    @Test("bounds: huge values, huge files and huge designs are refused quickly, naming the field")
    func bounds() throws {
        let tmp = try temporaryFolder()
        let s = tmp.appendingPathComponent("s.yaml")
        for (yaml, field) in [("policy: {extra_capacity_per_year: 1e21}", "policy.extra_capacity_per_year"),
                              ("policy: {funding: {budget_eur: 1e24, capacity: 1}}", "policy.funding.budget_eur"),
                              ("lever_costs: {holder_eur: 1e-300}", "lever_costs.holder_eur"),
                              ("lever_effects: {coordination_workspaces: 1e300}", "lever_effects.coordination_workspaces"),
                              ("lever_effects: {permanence_capacity_per_year: 1e300}", "lever_effects.permanence_capacity_per_year"),
                              ("journey: {contact_decay_minutes: 0.01}", "journey.contact_decay_minutes"),
                              ("travel: {reach_minutes: 1e9}", "travel.reach_minutes")] {
            try "base: \(Self.metro)\nname: x\n\(yaml)\n".write(to: s, atomically: true, encoding: .utf8)
            let r = try runMaillage(["validate", s.path])
            #expect(r.status == 2 && r.err.contains(field), "\(yaml): \(r.err)")
        }
        // A 20 MB scenario is refused before it is parsed.
        let big = tmp.appendingPathComponent("big.yaml")
        _ = FileManager.default.createFile(atPath: big.path, contents: Data(("name: x\nterritory: {seed: 1}\nunknown: [" + String(repeating: "1,", count: 10_000_000) + "1]\n").utf8))
        let r = try runMaillage(["validate", big.path])
        #expect(r.status == 2 && r.err.contains("at most"), "\(r.err)")
        // Work above the limit is refused unless forced.
        let w = try runMaillage(["run", Self.metro, "--replications", "9000000", "--out", tmp.appendingPathComponent("w").path])
        #expect(w.status == 2 && w.err.contains("--force"), "\(w.err)")
    }

    @Test("validation gaps: CSV headers, hexadecimal, crossing rings, separators, Latin-1, empty collections, undefined targets")
    func validationGaps() throws {
        let tmp = try temporaryFolder()
        func check(_ name: String, _ contents: Data, _ fragments: [String]) throws {
            let file = tmp.appendingPathComponent(name)
            try contents.write(to: file)
            let r = try runMaillage(["validate", file.path])
            #expect(r.status == 2, "\(name): \(r.err)")
            for f in fragments { #expect(r.err.contains(f), "\(name) says \(f): \(r.err)") }
        }
        try check("structures.csv", Data("name,ecosystem,stages,capacity_per_year,commune,capacity_per_year\nA,ess,creation,1,T001,2\n".utf8), ["twice"])
        try check("od.csv", Data("origin,destination,minutes\nA,B,0x10\n".utf8), ["hexadecimal"])
        try check("populations.csv", Data("COM;Commune;PMUN\n93031;Épinay-sur-Seine;12\n".utf8.map { $0 }).replacingLatin1(), ["Latin-1", "iconv"])
        try check("matrix.csv", Data("origin;destination;minutes\nA;B;3\n".utf8), ["separated"])
        try check("c.geojson", Data("{\"type\":\"FeatureCollection\",\"features\":[]}".utf8), ["c.geojson", "empty FeatureCollection"])
        try check("b.geojson", Data("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"1\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}".utf8), ["cross"])
        // Charts and reports of a folder that is not results: exit 2, nothing created.
        let charts = try runMaillage(["charts", tmp.appendingPathComponent("absent").path])
        #expect(charts.status == 2 && !FileManager.default.fileExists(atPath: tmp.appendingPathComponent("absent").path))
        #expect(try runMaillage(["report", tmp.path]).status == 2)
        // A calibration target no replication defines is an error, not "fitted: nan".
        let targets = tmp.appendingPathComponent("targets.yaml")
        let scenario = tmp.appendingPathComponent("s.yaml")
        try "base: \(Self.qpv)\nname: s\nsimulation: {horizon_months: 3}\nstructures: {networks: []}\n".write(to: scenario, atomically: true, encoding: .utf8)
        try """
            scenario: s.yaml
            replications: 2
            max_iterations: 2
            parameters: [{path: holders.seek_support_share, low: 0.1, high: 0.9}]
            targets: [{metric: referral_success_rate, value: 0.3, tolerance: 0.1, source: test}]

            """.write(to: targets, atomically: true, encoding: .utf8)
        let c = try runMaillage(["calibrate", targets.path, "--out", tmp.appendingPathComponent("fitted.yaml").path, "--quiet"])
        #expect(c.status == 2 && c.err.contains("referral_success_rate"), "\(c.err)")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("fitted.yaml").path))
    }

    @Test("share intervals stay within [0, 1]")
    func clampedRates() async throws {
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 2_000)], structures: [Fixture.structure(0, .classic, capacity: 5)],
                                      horizonMonths: 6)
        let result = try await Fixture.run(model, replications: 2)
        for metric in Metric.all where metric.kind == .share {
            let e = result.estimate(metric)
            if !e.low.isNaN { #expect(e.low >= 0 && e.high <= 1, "\(metric.name): [\(e.low), \(e.high)]") }
        }
    }

    @Test("a summary-only run keeps no replications and gives the kept run's summary to rounding")
    func summaryOnly() throws {
        let tmp = try temporaryFolder()
        #expect(try runMaillage(["run", Self.qpv, "--replications", "12", "--seed", "3", "--out", tmp.appendingPathComponent("kept").path, "--quiet"]).status == 0)
        #expect(try runMaillage(["run", Self.qpv, "--replications", "12", "--seed", "3", "--summary-only", "--jobs", "2",
                                 "--out", tmp.appendingPathComponent("streamed").path, "--quiet"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("streamed/replications.csv").path))
        func rows(_ f: String) throws -> [[String]] {
            try String(contentsOf: tmp.appendingPathComponent(f + "/summary.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        for (a, b) in zip(try rows("kept"), try rows("streamed")) {
            #expect(a[0] == b[0] && a[5] == b[5])
            for k in 1...4 {
                if let x = Double(a[k]), let y = Double(b[k]) { #expect(abs(x - y) <= 1e-9 * max(1, abs(x)), "\(a[0]) column \(k)") } else { #expect(a[k] == b[k]) }
            }
        }
    }
}

private extension Data {
    /// The bytes as Latin-1: every é (UTF-8 C3 A9) becomes E9.
    func replacingLatin1() -> Data {
        let text = String(decoding: self, as: UTF8.self)
        return text.data(using: .isoLatin1) ?? self
    }
}

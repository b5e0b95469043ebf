import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
@testable import MaillageWorkflows
import MaillageTestSupport

/// A national study (`territories:`): every territory on its own, one table, the comparison
/// across density classes and the regression.
@Suite("National study")
struct NationalStudyTests {
    static let codes = ["05", "15", "23", "2A", "2B", "48", "90"]

    /// A study of seven small départements, written in `folder`.
    static func write(in folder: URL, only: String = codes.map { "\"\($0)\"" }.joined(separator: ", "), perInhabitant: String = "0.5") throws -> String {
        let root = packageRoot.path, file = folder.appendingPathComponent("national.yaml").path
        try """
        name: small
        base: \(root)/Scenarios/france/networks-by-rule.yaml
        data: \(root)/Scenarios/data/france
        territories: departements
        only: [\(only)]
        replications: 4
        seed: 11
        standard_policy: {euros_per_inhabitant: \(perInhabitant), capacity: 0.25, outreach: 0.25, coordination: 0.25, training: 0.25}

        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The columns of a CSV file by header name.
    static func columns(_ path: String) throws -> [String: [String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return Dictionary(uniqueKeysWithValues: lines[0].enumerated().map { k, name in (name, lines.dropFirst().map { $0[k] }) })
    }

    @Test("seven départements: INSEE's populations, a budget per inhabitant, each density class the majority of the inhabitants, and the regression of the table's own columns")
    func smallStudy() async throws {
        let folder = try temporaryFolder()
        let study = try NationalStudy.load(try Self.write(in: folder))
        #expect(study.territories.map(\.code) == Self.codes)
        // Populations read independently: the sum of PMUN over each département's rows.
        let populations = try String(contentsOfFile: packageRoot.appendingPathComponent("Scenarios/data/france/insee/donnees_communes.csv").path, encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        for t in study.territories {
            #expect(t.population == populations.filter { $0[2] == t.code }.reduce(0) { $0 + Int($1[8])! }, "population of \(t.code)")
            #expect(study.budget(t) == (0.5 * Double(t.population)).rounded())
        }
        let out = folder.appendingPathComponent("out").path
        let (rows, _) = try await NationalJob(study: study, jobs: 2).run(to: out)
        #expect(rows.count == 7)
        for r in rows {
            #expect(r.classPopulation.reduce(0, +) + r.ungradedPopulation == r.population)
            #expect(NationalRun.DensityClass.allCases.allSatisfy { r.classPopulation[$0.rawValue] <= r.classPopulation[r.densityClass.rawValue] })
            #expect(r.effect.n == 4 && r.effect.mean.isFinite)
            #expect(r.classicStructures > 0 && !r.outline.isEmpty)
        }
        let table = try Self.columns(out + "/territories.csv")
        #expect(table["code"] == Self.codes)
        // Each territory's jobs per 100 k€ is its net jobs over the policy's cost; the class table
        // counts every territory once and pools its classes' jobs and costs.
        let jobs = table["jobs_added_net"]!.map { Double($0)! }, cost = table["cost_over_horizon_eur"]!.map { Double($0)! }
        for i in 0..<7 {
            #expect(abs(Double(table["jobs_per_100k_eur"]![i])! - jobs[i] / cost[i] * 100_000) < 1e-6 * max(1, abs(jobs[i])), "territory \(i)")
        }
        let classes = try Self.columns(out + "/by_density_class.csv")
        #expect(classes["territories"]!.prefix(3).map { Int($0)! }.reduce(0, +) == 7)
        for (k, key) in classes["density_class"]!.prefix(3).enumerated() where Int(classes["territories"]![k])! > 0 {
            let mine = (0..<7).filter { table["density_class"]![$0] == key }
            let pooled = mine.reduce(0) { $0 + jobs[$1] } / mine.reduce(0) { $0 + cost[$1] } * 100_000
            #expect(abs(Double(classes["pooled_jobs_per_100k_eur"]![k])! - pooled) < 1e-6 * max(1, abs(pooled)), "class \(key)")
        }
        // The regression, recomputed from territories.csv by the normal equations.
        let y = table["jobs_per_100k_eur"]!.map { Double($0)! }
        let density = table["density_per_km2"]!.map { Double($0)! }, rural = table["share_rural"]!.map { Double($0)! }
        let structures = table["structures_per_100k"]!.map { Double($0)! }
        let x: [[Double]] = (0..<7).map { i in [1, log10(density[i]), rural[i], structures[i]] }
        // The normal equations XᵀX c = Xᵀy, augmented.
        var a: [[Double]] = Array(repeating: Array(repeating: 0, count: 5), count: 4)
        for i in 0..<7 {
            for j in 0..<4 {
                for k in 0..<4 { a[j][k] += x[i][j] * x[i][k] }
                a[j][4] += x[i][j] * y[i]
            }
        }
        for c in 0..<4 {
            let p = (c..<4).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, p)
            for r in 0..<4 where r != c {
                let f = a[r][c] / a[c][c]
                for k in c...4 { a[r][k] -= f * a[c][k] }
            }
        }
        let solved = (0..<4).map { a[$0][4] / a[$0][$0] }
        let regression = try Self.columns(out + "/regression.csv")
        #expect(regression["term"] == NationalRun.regressors)
        for (k, value) in regression["coefficient"]!.enumerated() {
            // Relative to the size of the term's contribution: the columns are written to 10 digits.
            #expect(abs(Double(value)! - solved[k]) <= 1e-5 * max(1, abs(solved[k])), "coefficient \(NationalRun.regressors[k])")
        }
        let layer = try String(contentsOfFile: out + "/territories.geojson", encoding: .utf8)
        #expect(layer.components(separatedBy: "\"MultiPolygon\"").count - 1 == 7)
        // The report: two maps of the territories, the chart by class, the regression and one row per territory.
        try Report.write(results: out, language: .fr, to: out + "/rapport.html", date: Date(timeIntervalSince1970: 0))
        let html = try String(contentsOfFile: out + "/rapport.html", encoding: .utf8)
        #expect(html.components(separatedBy: "src=\"data:image/svg+xml;base64,").count - 1 == 3)
        #expect(html.contains("Régression de l'effet") && Self.codes.allSatisfy { html.contains("<td>\($0) ") })
    }

    @Test("two shards of a national study merge into exactly the files one process writes")
    func shards() async throws {
        let folder = try temporaryFolder()
        var study = try NationalStudy.load(try Self.write(in: folder, only: "\"90\", \"48\", \"2A\""))
        study.replications = 2
        let single = folder.appendingPathComponent("single").path
        _ = try await NationalJob(study: study, jobs: 2).run(to: single)
        var parts: [String] = []
        for k in 1...2 {
            let part = folder.appendingPathComponent("shard-\(k)").path
            let (rows, _) = try await NationalJob(study: study, jobs: 2, shard: Shard(index: k, count: 2)).run(to: part)
            #expect(rows.map(\.territory.code) == (k == 1 ? ["2A", "90"] : ["48"]))
            parts.append(part)
        }
        let merged = folder.appendingPathComponent("merged").path
        try ShardFiles.merge(parts.reversed(), to: merged)
        let names = try FileManager.default.contentsOfDirectory(atPath: single).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: merged).sorted()))
        for name in names {
            #expect(FileManager.default.contents(atPath: single + "/" + name) == FileManager.default.contents(atPath: merged + "/" + name), "\(name)")
        }
        // One shard alone is refused, naming what is missing.
        #expect { try ShardFiles.merge([parts[0]], to: folder.appendingPathComponent("half").path) } throws: { error in
            (error as? InputError)?.message.contains("missing 2") == true
        }
    }

    @Test("a code the national files do not have, or no budget, is refused with the field named; validate reads a good one without running it")
    func badStudies() throws {
        let folder = try temporaryFolder()
        let checked = try InputValidation.validate(try Self.write(in: folder))
        #expect(checked.kind == .nationalStudy && checked.detail.en.hasPrefix("7 départements"))
        #expect { try NationalStudy.load(try Self.write(in: folder, only: "\"99\"")) } throws: { error in
            let e = error as? InputError
            return e?.field == "only" && e?.message.contains("'99'") == true
        }
        #expect { try NationalStudy.load(try Self.write(in: folder, perInhabitant: "0")) } throws: { error in
            (error as? InputError)?.field == "standard_policy.euros_per_inhabitant"
        }
    }
}

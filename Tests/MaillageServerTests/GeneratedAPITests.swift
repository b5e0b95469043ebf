import Foundation
import Testing
import MaillageFoundation
import MaillageModel
@testable import MaillageServer
import MaillageWorkflows

/// The API generated from `Web/openapi.json` (swift-openapi-generator) against the description
/// and the server's values: generated from this very description, and losing nothing of what the
/// server writes on its way through the generated types.
@Suite("Web API generated from its description")
struct GeneratedAPITests {
    @Test("The generated code is the description's: openapi.json has not changed since scripts/generate-api.sh wrote it")
    func generatedFromThisDescription() {
        #expect(ExactText.fingerprint(bytes: Data(PackageResources.openapi_json)) == GeneratedAPI.specFingerprint,
                "openapi.json changed: run bash scripts/generate-api.sh and commit Sources/MaillageServer/Generated")
    }

    /// The paths where `value`'s JSON and its JSON through `T` differ: fields the description
    /// does not have (lost), or a value written otherwise. A null and an absent field are alike.
    static func lost<T: Codable>(_ value: some Encodable, through _: T.Type) throws -> [String] {
        let direct = try JSONSerialization.jsonObject(with: try Bridge.json(value))
        let through = try JSONSerialization.jsonObject(with: try Bridge.json(try Bridge.convert(value) as T))
        return differences(direct, through, at: "")
    }

    static func differences(_ a: Any, _ b: Any, at path: String) -> [String] {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            return Set(x.keys).union(y.keys).sorted().flatMap { key -> [String] in
                let p = path + "." + key
                switch (x[key].flatMap { $0 is NSNull ? nil : $0 }, y[key].flatMap { $0 is NSNull ? nil : $0 }) {
                case (nil, nil): return []
                case (.some, nil): return [p + " (lost)"]
                case (nil, .some): return [p + " (added)"]
                case let (u?, v?): return differences(u, v, at: p)
                }
            }
        case let (x as [Any], y as [Any]):
            guard x.count == y.count else { return [path + " (length)"] }
            return zip(x, y).enumerated().flatMap { differences($0.element.0, $0.element.1, at: path + "[\($0.offset)]") }
        default:
            return (a as? NSObject) == (b as? NSObject) ? [] : [path]
        }
    }

    @Test("The check finds a field the description lacks, and a value written otherwise")
    func checkFindsLoss() throws {
        struct Wider: Encodable { var mean = 1.5, low = 1.0, high = 2.0, extra = 3 }
        #expect(try Self.lost(Wider(), through: Components.Schemas.Estimate.self) == [".extra (lost)"])
        #expect(Self.differences(["a": 1.0], ["a": 2.0], at: "") == [".a"])
        #expect(Self.differences(["a": NSNull()], [String: Any](), at: "").isEmpty)
    }

    @Test("The description has every field the server writes: territories, a search, an evaluation, its range, an optimisation, the tries")
    func describesEverything() async throws {
        let scenarios = try #require(Catalog.shippedScenarios)
        let (catalog, _) = Catalog.load(scenarios: scenarios, data: nil)
        let root = FileManager.default.currentDirectoryPath
        let plausible = try PlausibleSettings.shipped(repository: root, design: .init(draws: 4, replications: 2, designSeed: 2))
        let evaluator = Evaluator(catalog: catalog, threads: 2, plausible: plausible)
        #expect(try Self.lost(catalog.territories, through: [Components.Schemas.Territory].self) == [])
        let national = try #require(catalog.national)
        let found = try national.search("quimper", limit: 3)
        #expect(!found.isEmpty)
        #expect(try Self.lost(found, through: [Components.Schemas.NationalTerritory].self) == [])

        // Against the status quo (the study's territory), with purchases on every line.
        let request = EvaluationRequest(territory: "qpv-seine-saint-denis", budgetEur: 200_000,
                                        split: [.capacity: 0.25, .outreach: 0.25, .coordination: 0.25, .training: 0.25], replications: 4, seed: 11)
        let answer = try await evaluator.evaluate(request)
        #expect(answer.evaluation.statusQuo != nil && !answer.evaluation.purchases.isEmpty)
        let lostOfEvaluation = try Self.lost(answer.evaluation, through: Components.Schemas.Evaluation.self)
        #expect(lostOfEvaluation == [])
        let range = try #require(try await evaluator.plausible(request))
        #expect(range.posterior != nil)
        #expect(try Self.lost(range, through: Components.Schemas.PlausibleRange.self) == [])
        let query = OptimisationRequest(base: request, objective: .jobsAddedNet, lines: [.coordination, .outreach])
        #expect(try Self.lost(try await evaluator.optimise(query), through: Components.Schemas.Optimisation.self) == [])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ResultStore(path: folder.appendingPathComponent("store.sqlite").path)
        try store.save(key: answer.evaluation.key, createdAt: answer.evaluation.createdAt, territory: request.territory, summary: "s", summaryFr: "f",
                       document: try Bridge.json(answer.evaluation), maps: Data("{}".utf8))
        #expect(try Self.lost(try store.list(), through: [Components.Schemas.Entry].self) == [])
    }
}

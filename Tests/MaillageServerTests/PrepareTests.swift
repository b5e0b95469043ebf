import Foundation
import Testing
import Hummingbird
@testable import MaillageScenario
import MaillageModel
@testable import MaillageExperiments
@testable import MaillageServer

/// The page's preparation of a territory (`POST /api/v1/prepare`), on a live server.
extension ServerTests {
    @Test("Prepare: the territory's world, its runs without cooperation and under its status quo are kept; the try that follows runs only its own worlds and gives a fresh server's numbers; a zero budget prepares too; a bad territory is a 400")
    func prepare() async throws {
        let (server, _) = try Self.server()
        let (fresh, _) = try Self.server()
        let request = try server.evaluationRequest(Data(Self.small.utf8))
        let (scenario, _, territory) = try server.evaluator.resolve(request)
        var plan = scenario.plan
        plan.jobs = 2
        let quoKey = SharedBaselines.key(territory.id, plan: plan)
        #expect(!server.evaluator.baselines.isKept(territory.id, plan: plan) && server.evaluator.statusQuos.ready(quoKey) == nil)
        let prepared = try await live(server) { client in
            let r = try await client.execute(uri: "/api/v1/prepare", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            #expect(r.status == .noContent)
            #expect(server.evaluator.baselines.isKept(territory.id, plan: plan) && server.evaluator.statusQuos.ready(quoKey) != nil)
            // Prepared without running the try itself: nothing is stored.
            #expect(try server.store.list().isEmpty)
            let answer = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            return try JSONDecoder().decode(Evaluation.self, from: Data(buffer: answer.body))
        }
        let unprepared = try await live(fresh) { client in
            let answer = try await client.execute(uri: "/api/v1/evaluate", method: .post, headers: Self.jsonType, body: Self.body(Self.small))
            return try JSONDecoder().decode(Evaluation.self, from: Data(buffer: answer.body))
        }
        #expect(prepared.resultsCSV == unprepared.resultsCSV)
        #expect(prepared.metrics == unprepared.metrics)
        // A budget of zero buys nothing, and still prepares the worlds its later tries share.
        let (other, _) = try Self.server()
        let zero = Self.small.replacingOccurrences(of: "\"budget_eur\": 200000", with: "\"budget_eur\": 0")
        try await live(other) { client in
            let r = try await client.execute(uri: "/api/v1/prepare", method: .post, headers: Self.jsonType, body: Self.body(zero))
            #expect(r.status == .noContent)
        }
        #expect(other.evaluator.baselines.isKept(territory.id, plan: plan))
        try await Self.expectBadRequests(server, "/api/v1/prepare", [
            (#"{"territory": "nowhere", "budget_eur": 1000, "split": {"coordination": 1}}"#, "territory"),
            (#"{"territory": "metro-lyon", "budget_eur": -5, "split": {"coordination": 1}}"#, "budget_eur"),
        ])
    }
}

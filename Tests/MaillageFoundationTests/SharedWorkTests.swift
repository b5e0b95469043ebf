import Foundation
import Testing
@testable import MaillageFoundation

/// Values computed once per key and shared, with callers that ask while it is computed.
@Suite("Shared work")
struct SharedWorkTests {
    /// Counts the computations, and lets a test hold one open until it says.
    final class Gate: Sendable {
        let computations = Locked(0)
        let opened = Locked(false)

        func compute(_ value: Int, failing: Bool = false) async throws -> Int {
            computations.withLock { $0 += 1 }
            while !opened.withLock({ $0 }) { await Task.yield() }
            if failing { throw CancellationError() }
            return value
        }
    }

    @Test("Callers that ask while the first computes wait for its value: one computation for many callers; a kept value is returned as is")
    func sharedWhileComputing() async throws {
        let work = SharedWork<Int>(limit: 8)
        let gate = Gate()
        let first = Task { try await work.value("a") { try await gate.compute(41) } }
        // The first caller is computing (the gate holds it) before the others ask.
        while gate.computations.withLock({ $0 }) == 0 { await Task.yield() }
        #expect(work.ready("a") == nil)
        let others = (0..<5).map { _ in Task { try await work.value("a") { try await gate.compute(99) } } }
        while work.waiting("a") < 5 { await Task.yield() }
        gate.opened.withLock { $0 = true }
        #expect(try await first.value == 41)
        for other in others { #expect(try await other.value == 41) }
        #expect(gate.computations.withLock { $0 } == 1)
        #expect(work.ready("a") == 41)
        #expect(try await work.value("a") { 7 } == 41)
        #expect(try await work.value("b") { 7 } == 7)
    }

    @Test("A computation that fails keeps nothing: the error reaches its caller, and a waiting caller computes in its turn")
    func failureLetsAWaiterCompute() async throws {
        let work = SharedWork<Int>(limit: 8)
        let gate = Gate()
        let failing = Task { try await work.value("k") { try await gate.compute(1, failing: true) } }
        while gate.computations.withLock({ $0 }) == 0 { await Task.yield() }
        let waiting = Task { try await work.value("k") { 2 } }
        while work.waiting("k") < 1 { await Task.yield() }
        gate.opened.withLock { $0 = true }
        await #expect(throws: CancellationError.self) { try await failing.value }
        #expect(try await waiting.value == 2)
        #expect(work.ready("k") == 2)
    }

    @Test("Beyond its limit the kept values are dropped, and computed again when asked")
    func limit() async throws {
        let work = SharedWork<Int>(limit: 2)
        let count = Locked(0)
        for key in ["a", "b", "c"] { _ = try await work.value(key) { count.withLock { $0 += 1 }; return 1 } }
        #expect(work.ready("c") == 1 && work.ready("a") == nil && work.ready("b") == nil)
        _ = try await work.value("a") { count.withLock { $0 += 1 }; return 1 }
        #expect(count.withLock { $0 } == 4)
    }
}

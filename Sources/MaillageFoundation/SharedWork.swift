import Foundation

/// Values computed once per key and kept, shared with every caller that asks for the same key,
/// including those that ask while the first caller is still computing it: they wait for its
/// value instead of computing it a second time (the web application's page prepares a territory
/// when it is chosen, and a try that follows at once waits for that preparation).
///
/// The first caller computes in its own task, with its own progress and cancellation. If it
/// fails or is cancelled, nothing is kept and one of the waiting callers computes in its turn.
public final class SharedWork<Value: Sendable>: Sendable {
    private enum Entry: Sendable {
        case ready(Value)
        /// Being computed; the callers waiting for it (resumed with nil when it failed).
        case computing([CheckedContinuation<Value?, Never>])
    }

    private let entries = Locked<[String: Entry]>([:])
    /// What a caller does next.
    private enum Step { case have(Value), wait, compute }
    /// Most values kept; beyond, the values kept are dropped (not those being computed).
    public let limit: Int

    public init(limit: Int = 64) { self.limit = max(1, limit) }

    /// The value kept for `key`, if one is ready.
    public func ready(_ key: String) -> Value? {
        entries.withLock { if case .ready(let v)? = $0[key] { return v } else { return nil } }
    }

    /// How many callers wait for `key`'s value (for tests).
    func waiting(_ key: String) -> Int {
        entries.withLock { if case .computing(let list)? = $0[key] { return list.count } else { return 0 } }
    }

    /// The value for `key`: kept, computed by another caller (waited for), or computed now by
    /// `compute` and kept.
    /// - Throws: what `compute` throws when this caller computes.
    public func value(_ key: String, compute: () async throws -> Value) async throws -> Value {
        while true {
            let step: Step = entries.withLock { d in
                switch d[key] {
                case .ready(let v)?: return .have(v)
                case .computing?: return .wait
                case nil:
                    d[key] = .computing([])
                    return .compute
                }
            }
            switch step {
            case .have(let v):
                return v
            case .wait:
                let v: Value? = await withCheckedContinuation { waiting in
                    entries.withLock { d in
                        switch d[key] {
                        case .computing(var list)?:
                            list.append(waiting)
                            d[key] = .computing(list)
                        case .ready(let v)?: waiting.resume(returning: v)
                        case nil: waiting.resume(returning: nil)
                        }
                    }
                }
                if let v { return v }
                try Task.checkCancellation()
            case .compute:
                let v: Value
                do {
                    v = try await compute()
                } catch {
                    finish(key, nil)
                    throw error
                }
                finish(key, v)
                return v
            }
        }
    }

    /// Keeps `value` (or forgets the key, for nil) and resumes the callers waiting for it.
    private func finish(_ key: String, _ value: Value?) {
        let waiting: [CheckedContinuation<Value?, Never>] = entries.withLock { d in
            guard case .computing(let list)? = d[key] else { return [] }
            if let value {
                let kept = d.values.reduce(0) { n, e in if case .ready = e { return n + 1 } else { return n } }
                if kept >= limit { d = d.filter { if case .computing = $0.value { return true } else { return false } } }
                d[key] = .ready(value)
            } else {
                d[key] = nil
            }
            return list
        }
        for w in waiting { w.resume(returning: value) }
    }
}

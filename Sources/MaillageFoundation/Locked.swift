import Foundation

/// A value behind a lock, for caches that concurrent tasks share.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value, holding the lock.
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked {
    /// The entry for `key` of a dictionary behind the lock.
    public func get<K: Hashable & Sendable, V: Sendable>(_ key: K) -> V? where Value == [K: V] { withLock { $0[key] } }

    /// Sets the entry for `key`, first emptying the dictionary when it holds `limit` entries
    /// (a bound on a cache's memory).
    public func set<K: Hashable & Sendable, V: Sendable>(_ key: K, _ v: V, limit: Int = .max) where Value == [K: V] {
        withLock {
            if $0[key] == nil && $0.count >= limit { $0.removeAll() }
            $0[key] = v
        }
    }
}

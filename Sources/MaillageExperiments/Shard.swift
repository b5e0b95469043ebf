import Foundation
import MaillageFoundation

/// One of N disjoint slices of a run's replications or a sweep's points: index i belongs to
/// shard K when i mod N = K − 1.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index))
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        self.init(index: k, count: n)
    }

    public func contains(_ i: Int) -> Bool { i % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}


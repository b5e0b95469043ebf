import MaillageFoundation

/// A cooperation policy: every lever's quantities (all at zero is the baseline, no cooperation)
/// and the local authority's funding, which buys more of them.
///
/// Levers set here directly (researchers' view) and levers bought by ``Funding`` (officials'
/// view) add up; every lever has a yearly cost, so a policy always has a budget. Levers are read
/// and written by type: `policy[MutualKnowledge.self].meetingsPerYear = 12`.
public struct CooperationPolicy: Sendable {
    private var levers: [String: any Lever] = [:]
    public var funding = Funding()

    public init() {}

    /// The lever of type `L` (off when never set).
    public subscript<L: Lever>(_ type: L.Type) -> L {
        get { levers[L.name] as? L ?? L() }
        set { levers[L.name] = newValue }
    }

    /// The levers in registry order.
    public var all: [any Lever] { Levers.all.map { lever(of: $0) } }

    private func lever<L: Lever>(of type: L.Type) -> any Lever { self[type] }
}

extension CooperationPolicy: Equatable {
    public static func == (a: CooperationPolicy, b: CooperationPolicy) -> Bool {
        func same<L: Lever>(_ type: L.Type) -> Bool { a[type] == b[type] }
        return a.funding == b.funding && Levers.all.allSatisfy { same($0) }
    }
}

extension CooperationPolicy: Encodable {
    /// The quantities nested by their YAML keys, then `funding`: the same shape as the
    /// scenario's `policy:` section.
    public func encode(to encoder: any Encoder) throws {
        var tree = NestedNumbers()
        func add<L: Lever>(_ type: L.Type) {
            let value = self[type]
            for q in L.quantities { tree.insert(value[keyPath: q.keyPath], at: q.declaration.key) }
        }
        for type in Levers.all { add(type) }
        var c = encoder.container(keyedBy: DynamicKey.self)
        for (key, node) in tree.children { try c.encode(node, forKey: DynamicKey(key)) }
        try c.encode(funding, forKey: DynamicKey("funding"))
    }
}

/// Numbers under dotted keys, encoded as nested objects.
struct NestedNumbers: Encodable {
    var value: Double?
    var children: [(String, NestedNumbers)] = []

    mutating func insert(_ x: Double, at key: String) {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        var child = children.first { $0.0 == parts[0] }?.1 ?? NestedNumbers()
        if parts.count == 1 { child.value = x } else { child.insert(x, at: parts[1]) }
        if let i = children.firstIndex(where: { $0.0 == parts[0] }) { children[i].1 = child } else { children.append((parts[0], child)) }
    }

    func encode(to encoder: any Encoder) throws {
        if let value {
            var c = encoder.singleValueContainer()
            try c.encode(value)
        } else {
            var c = encoder.container(keyedBy: DynamicKey.self)
            for (k, v) in children { try c.encode(v, forKey: DynamicKey(k)) }
        }
    }
}

import Foundation
import Yams
import MaillageFoundation
import MaillageModel

/// A value set on a scenario parameter by its dotted path, such as
/// `policy.mutual_knowledge.meetings_per_year` or `structures.networks[0].capacity_per_year`.
///
/// Overrides are written into the scenario's YAML before it is read, so an overridden value is
/// checked exactly like one in the file: a wrong path is an unknown key, with a suggestion.
public struct ParameterOverride: Sendable, Equatable {
    public var path: String
    public var value: Double

    public init(path: String, value: Double) {
        self.path = path
        self.value = value
    }

    /// The value as YAML text: whole numbers without a fraction, so that integer parameters
    /// accept them.
    var text: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.17g", value)
    }

    /// Sets the override in `node`.
    func apply(to node: Node, file: String) throws -> Node {
        var components: [(key: String, index: Int?)] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            if let open = part.firstIndex(of: "["), part.hasSuffix("]"), let i = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]) {
                components.append((String(part[..<open]), i))
            } else {
                components.append((String(part), nil))
            }
        }
        guard !components.isEmpty, components.allSatisfy({ !$0.key.isEmpty }) else {
            throw InputError(file: file, field: path, message: "expected a parameter path such as policy.funding.budget_eur")
        }
        return try set(node, components[...])
    }

    private func set(_ node: Node, _ rest: ArraySlice<(key: String, index: Int?)>) throws -> Node {
        guard let (key, index) = rest.first else { return Node(text) }
        guard case .mapping(var mapping) = node else {
            throw InputError(file: "", field: path, message: "expected a mapping on the way to the parameter, found \(describe(node))")
        }
        let child = mapping[key] ?? Node([(Node, Node)]())
        if let index {
            guard case .sequence(var sequence) = child, sequence.indices.contains(index) else {
                throw InputError(file: "", field: path, message: "expected a list with an item \(index) at '\(key)'")
            }
            sequence[index] = try set(sequence[index], rest.dropFirst())
            mapping[key] = .sequence(sequence)
        } else {
            mapping[key] = try set(child, rest.dropFirst())
        }
        return .mapping(mapping)
    }
}

extension ScenarioLoader {
    /// Reads the scenario in `path` with `overrides` set on it.
    public static func load(_ path: String, overrides: [ParameterOverride], confinement: Confinement? = nil) throws -> Scenario {
        let confinement = confinement ?? Confinement(topLevel: path)
        guard !overrides.isEmpty else { return try load(path, depth: 0, confinement: confinement) }
        let text = try TextFile.read(path)
        return try load(node: try compose(text, file: path), file: path, overrides: overrides, confinement: confinement,
                        lines: YAMLMapping.lines(of: text))
    }

    /// Reads the scenario whose YAML `node` was composed from `path`, with `overrides` set on it:
    /// for callers that read one file at many points.
    static func load(node original: Node, file path: String, overrides: [ParameterOverride], confinement: Confinement,
                     lines: [Substring]) throws -> Scenario {
        var node = original
        for o in overrides {
            do {
                node = try o.apply(to: node, file: path)
            } catch var e as InputError {
                e.file = path
                throw e
            }
        }
        var root = try YAMLMapping(node, file: path, path: "", confinement: confinement, lines: lines)
        let scenario = try read(&root, depth: 0)
        try root.finish()
        return scenario
    }
}

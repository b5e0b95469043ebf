import Yams
import MaillageFoundation
import MaillageModel

/// Reads one YAML mapping field by field, checking types and ranges, and remembering which keys
/// it was asked for so that ``finish()`` can reject the others with a suggestion.
struct YAMLMapping {
    let file: String
    let path: String
    let mapping: Node.Mapping
    /// The values by key (Yams's parser refuses a repeated key): Yams's own `mapping[key]`
    /// builds a node for the key and resolves both tags (regular expressions) on every match,
    /// 9% of a Morris screening, which reloads the scenario for each of its points.
    private let byKey: [String: Node]
    let mark: Mark?
    /// Where files this mapping names may be.
    var confinement: Confinement
    /// The file's lines, so that a message quotes a value only as far as its own line goes.
    let lines: [Substring]
    private var known: [String] = []

    /// The root mapping of the YAML file at `path`, whose references are confined to its own
    /// folder tree and the shipped scenarios unless `confinement` says otherwise.
    static func root(of path: String, confinement: Confinement? = nil) throws -> YAMLMapping {
        try root(text: try TextFile.read(path), file: path, confinement: confinement)
    }

    /// The root mapping of YAML `text` read from `file`.
    static func root(text: String, file: String, confinement: Confinement? = nil) throws -> YAMLMapping {
        try YAMLMapping(try ScenarioLoader.compose(text, file: file), file: file, path: "", confinement: confinement ?? Confinement(topLevel: file),
                        lines: Self.lines(of: text))
    }

    /// The lines of `text`, as marks number them.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// A mapping within another's file, confined like it.
    init(_ node: Node, in parent: YAMLMapping, path: String) throws {
        try self.init(node, file: parent.file, path: path, confinement: parent.confinement, lines: parent.lines)
    }

    init(_ node: Node, file: String, path: String, confinement: Confinement, lines: [Substring]) throws {
        guard case .mapping(let m) = node else {
            throw InputError(file: file, line: node.mark?.line, column: node.mark?.column, field: path.isEmpty ? nil : path,
                             message: "expected a mapping of keys to values, found \(describe(node, lines: lines))")
        }
        self.lines = lines
        self.file = file
        self.path = path
        mapping = m
        var byKey: [String: Node] = [:]
        for (key, value) in m { if let name = key.string { byKey[name] = value } }
        self.byKey = byKey
        mark = node.mark
        self.confinement = confinement
    }

    /// A file named in this mapping's file (`text` as written, at `field`), resolved against the
    /// file's folder and checked against the confinement.
    func reference(_ text: String, field: String, node: Node? = nil) throws -> String {
        let resolved = ScenarioLoader.resolve(text, relativeTo: file)
        let at = node?.mark ?? mark
        try confinement.check(resolved, as: text, in: file, field: field, line: at?.line, column: at?.column)
        return resolved
    }

    private func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ node: Node?, _ message: String) -> InputError {
        let at = node?.mark ?? mark
        return InputError(file: file, line: at?.line, column: at?.column, field: fieldPath(key), message: message)
    }

    private mutating func node(_ key: String) -> Node? {
        if !known.contains(key) { known.append(key) }
        return byKey[key]
    }

    /// Whether the mapping has `key` (and marks it known).
    mutating func has(_ key: String) -> Bool { node(key) != nil }

    /// Rejects keys nobody asked for, naming the closest known key.
    func finish() throws {
        for (key, _) in mapping {
            guard let name = key.string else {
                throw InputError(file: file, line: key.mark?.line, column: key.mark?.column, field: path.isEmpty ? nil : path,
                                 message: "expected a text key, found \(describe(key, lines: lines))")
            }
            if !known.contains(name) {
                var message = "unknown key '\(name)'"
                if !name.isEmpty, name.allSatisfy(\.isNumber) {
                    message += "; a number written with ',' as the decimal separator? Inside {…} YAML reads '0,6' as two entries: write 0.6"
                } else if let close = suggestion(for: name, among: known) { message += "; did you mean '\(close)'?" }
                message += " (known keys: \(known.joined(separator: ", ")))"
                throw InputError(file: file, line: key.mark?.line, column: key.mark?.column, field: fieldPath(name), message: message)
            }
        }
    }

    // MARK: Scalars

    /// Reads a number written in decimal notation (``DecimalNumber``) within `range` (by default,
    /// any number of magnitude at most 10¹²).
    mutating func double(_ key: String, _ value: inout Double, in range: ClosedRange<Double> = -1e12...1e12, rangeText: String? = nil) throws {
        guard let n = node(key) else { return }
        guard case .scalar = n, let text = n.string, let x = DecimalNumber.parse(text) else {
            let found = n.string ?? ""
            if case .scalar = n, let y = n.float ?? Double(found.trimmingCharacters(in: .whitespaces)), !y.isFinite {
                throw error(key, n, "expected a finite number, found \(describe(n, lines: lines))")
            }
            throw error(key, n, "expected a number, found \(describe(n, lines: lines))\(DecimalNumber.hint(for: found))")
        }
        guard range.contains(x) else {
            throw error(key, n, "expected \(rangeText ?? "a number in [\(range.lowerBound), \(range.upperBound)]"), found \(text)")
        }
        value = x
    }

    mutating func probability(_ key: String, _ value: inout Double) throws {
        try double(key, &value, in: 0...1, rangeText: "a probability in [0, 1]")
    }

    mutating func int(_ key: String, _ value: inout Int, in range: ClosedRange<Int>, rangeText: String? = nil) throws {
        guard let n = node(key) else { return }
        guard case .scalar = n, let text = n.string, let d = DecimalNumber.parse(text), d == d.rounded(), abs(d) < 9e15 else {
            throw error(key, n, "expected a whole number, found \(describe(n, lines: lines))\(DecimalNumber.hint(for: n.string ?? ""))")
        }
        let x = Int(d)
        guard range.contains(x) else {
            throw error(key, n, "expected \(rangeText ?? "a whole number in \(range.lowerBound)...\(range.upperBound)"), found \(x)")
        }
        value = x
    }

    /// A month counted from the start of the horizon (negative: during the warm-up), if given.
    mutating func optionalMonth(_ key: String) throws -> Int? {
        guard has(key) else { return nil }
        var x = 0
        try int(key, &x, in: -120...600, rangeText: "a month of −120 to 600 from the start of the horizon")
        return x
    }

    mutating func seed(_ key: String, _ value: inout UInt64) throws {
        guard let n = node(key) else { return }
        guard case .scalar = n, let text = n.string, let x = SeedDerivation.parse(text) else {
            throw error(key, n, "expected a seed, a whole number in \(Int64.min)...\(UInt64.max), found \(describe(n, lines: lines))")
        }
        value = x
    }

    mutating func string(_ key: String, _ value: inout String) throws {
        guard let n = node(key) else { return }
        guard case .scalar = n, let s = n.string, !s.isEmpty else { throw error(key, n, "expected text, found \(describe(n, lines: lines))") }
        value = s
    }

    /// `true` or `false`, when the key is there.
    mutating func flag(_ key: String, _ value: inout Bool) throws {
        guard let n = node(key) else { return }
        guard case .scalar = n, let b = n.bool else { throw error(key, n, "expected true or false, found \(describe(n, lines: lines))") }
        value = b
    }

    mutating func requiredString(_ key: String) throws -> String {
        var s = ""
        try string(key, &s)
        guard !s.isEmpty else { throw error(key, nil, "required text is missing") }
        return s
    }

    mutating func choice<T: RawRepresentable>(_ key: String, _ value: inout T, _ all: [T]) throws where T.RawValue == String {
        guard let n = node(key) else { return }
        guard case .scalar = n, let s = n.string, let v = T(rawValue: s) else {
            throw error(key, n, "expected one of \(all.map(\.rawValue).joined(separator: ", ")), found \(describe(n, lines: lines))")
        }
        value = v
    }

    /// A list of probabilities summing to 1, of a given length.
    mutating func shares(_ key: String, _ value: inout [Double], names: [String]) throws {
        guard let n = node(key) else { return }
        guard case .mapping = n else { throw error(key, n, "expected a mapping of \(names.joined(separator: ", ")) to shares, found \(describe(n, lines: lines))") }
        var sub = try YAMLMapping(n, in: self, path: fieldPath(key))
        var result = Array(repeating: 0.0, count: names.count)
        for (i, name) in names.enumerated() {
            guard sub.has(name) else { throw sub.error(name, nil, "required share is missing (expected \(names.joined(separator: ", ")))") }
            try sub.probability(name, &result[i])
        }
        try sub.finish()
        let total = result.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            throw error(key, n, "expected shares summing to 1, found a sum of \(total)")
        }
        value = result
    }

    /// A mapping of named numbers (`stage name: value`), each optional (a missing one keeps its
    /// value), each within `range`.
    mutating func named(_ key: String, _ value: inout [Double], names: [String], in range: ClosedRange<Double>, rangeText: String) throws {
        guard let n = node(key) else { return }
        guard case .mapping = n else { throw error(key, n, "expected a mapping of \(names.joined(separator: ", ")) to numbers, found \(describe(n, lines: lines))") }
        var sub = try YAMLMapping(n, in: self, path: fieldPath(key))
        for (i, name) in names.enumerated() { try sub.double(name, &value[i], in: range, rangeText: rangeText) }
        try sub.finish()
    }

    /// A mapping of named whole numbers, each optional, each within `range`.
    mutating func named(_ key: String, _ value: inout [Int], names: [String], in range: ClosedRange<Int>) throws {
        guard let n = node(key) else { return }
        guard case .mapping = n else { throw error(key, n, "expected a mapping of \(names.joined(separator: ", ")) to whole numbers, found \(describe(n, lines: lines))") }
        var sub = try YAMLMapping(n, in: self, path: fieldPath(key))
        for (i, name) in names.enumerated() { try sub.int(name, &value[i], in: range) }
        try sub.finish()
    }

    /// Reads a declared parameter if present, checking its bounds.
    mutating func declared(_ d: ParameterDeclaration, _ value: inout Double) throws {
        switch d.bounds {
        case .whole(let range):
            var x = Int(value)
            try int(d.key, &x, in: range)
            value = Double(x)
        case .probability: try probability(d.key, &value)
        case .range(let r): try double(d.key, &value, in: r, rangeText: d.bounds.text)
        }
    }

    /// Reads every declared key this mapping holds (a dotted key descends into the sub-mapping of
    /// its first part, which is then checked for unknown keys) and returns their values by key.
    mutating func declared(_ declarations: [ParameterDeclaration]) throws -> [String: Double] {
        var values: [String: Double] = [:]
        var nested: [(prefix: String, rest: [ParameterDeclaration])] = []
        for d in declarations {
            if let dot = d.key.firstIndex(of: ".") {
                let prefix = String(d.key[..<dot])
                var rest = d
                rest.key = String(d.key[d.key.index(after: dot)...])
                if let i = nested.firstIndex(where: { $0.prefix == prefix }) { nested[i].rest.append(rest) } else { nested.append((prefix, [rest])) }
            } else if byKey[d.key] != nil {
                var x = d.defaultValue
                try declared(d, &x)
                values[d.key] = x
            } else {
                _ = has(d.key)
            }
        }
        for (prefix, rest) in nested {
            guard var sub = try mapping(prefix) else { continue }
            for (k, x) in try sub.declared(rest) { values[prefix + "." + k] = x }
            try sub.finish()
        }
        return values
    }

    /// The bounds `low` and `high` of a parameter searched or sampled in an interval, both
    /// required, with high > low.
    mutating func bounds(_ node: Node) throws -> (low: Double, high: Double) {
        guard has("low"), has("high") else { throw error("low", node, "expected both bounds, low and high") }
        var low = 0.0, high = 0.0
        try double("low", &low)
        try double("high", &high)
        guard low < high else { throw error("high", node, "expected high > low, found low \(low) and high \(high)") }
        return (low, high)
    }

    // MARK: Structure

    mutating func mapping(_ key: String) throws -> YAMLMapping? {
        guard let n = node(key) else { return nil }
        return try YAMLMapping(n, in: self, path: fieldPath(key))
    }

    mutating func list(_ key: String) throws -> [(node: Node, path: String)]? {
        guard let n = node(key) else { return nil }
        guard case .sequence(let seq) = n else { throw error(key, n, "expected a list, found \(describe(n, lines: lines))") }
        return seq.enumerated().map { ($1, "\(fieldPath(key))[\($0)]") }
    }
}

/// A short description of a YAML node for error messages. A scalar is quoted as far as its own
/// line of the file goes (a plain scalar may fold several lines into one value), and 60
/// characters at most, so that a message never quotes more than one line of a file.
func describe(_ node: Node, lines: [Substring] = []) -> String {
    switch node {
    case .scalar(let s):
        guard !s.string.isEmpty else { return "an empty value" }
        var text = Substring(s.string.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[0])
        if let mark = node.mark, mark.line >= 1, mark.line <= lines.count {
            let line = lines[mark.line - 1]
            let rest = line.dropFirst(max(0, mark.column - 1))
            // Quoted scalars start with their quote; plain ones with their text.
            let room = rest.count - (s.style == .singleQuoted || s.style == .doubleQuoted ? 1 : 0)
            text = text.prefix(max(0, room))
        } else {
            text = text.prefix(40)
        }
        let cut = text.count < s.string.count
        return "'" + DelimitedText.excerpt(String(text)) + (cut ? " …" : "") + "'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
}

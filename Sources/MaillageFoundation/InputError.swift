/// A problem with a file the user gave: where it is and what was expected.
///
/// Its description reads `file:line:column: field: expected …, found …`, the form compilers
/// use, so that editors can jump to it.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, as the user named it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Dotted path of the field, such as `journey.give_up_per_month`, when there is one.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// An error; `message` is kept to one line of at most 600 characters, so that an error never
    /// quotes more than a line of a file it could not read.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = Self.oneLine(message)
    }

    static func oneLine(_ text: String) -> String {
        var line = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).first.map(String.init) ?? ""
        if line.count < text.count { line += " …" }
        return line.count <= 600 ? line : String(line.prefix(600)) + " …"
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line = line, line > 0, let column { location += ":\(column)" }
        if let field { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }
}

/// The known name closest to `word` by edit distance, if close enough to be a likely typo.
package func suggestion(for word: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let w = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
    guard let (best, d) = scored, d <= max(2, w.count / 3) else { return nil }
    return best
}

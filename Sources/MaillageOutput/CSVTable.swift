import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// A CSV table built in memory and written atomically: one way to write every CSV output.
///
/// Numbers are written with `%.10g` (locale-independent, identical on every run); NaN is
/// written `NA`. Text fields are quoted when they hold a comma, a quote or a line break.
public struct CSVTable {
    private var lines: [String]

    /// A table with a header row.
    public init(header: [String]) { lines = [header.map(Self.field).joined(separator: ",")] }

    /// Appends a row.
    public mutating func append(_ row: [String]) { lines.append(row.map(Self.field).joined(separator: ",")) }

    /// The table as text, each row ending with a line feed.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Writes the table to `path` atomically.
    public func write(to path: String) throws { try AtomicFile.write(text, to: path) }

    /// A number as written in outputs.
    public static func number(_ x: Double) -> String {
        x.isNaN ? "NA" : String(format: "%.10g", x)
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

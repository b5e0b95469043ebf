import Foundation
import MaillageFoundation

/// A posterior sample of calibrated parameters: the accepted draws of an approximate Bayesian
/// computation (`maillage calibrate --abc`), as the `posterior.csv` it writes.
///
/// The file has a `draw` column, one column per parameter path and a `distance` column; every
/// other column is refused. ``PriorSet`` draws one of its rows (uniformly, with replacement, from
/// the draw's own seed) for every parameter draw of `maillage uncertainty --posterior`, so the
/// calibrated parameters carry their fitted uncertainty, jointly (a row keeps the correlations
/// between the parameters the targets induce).
public struct Posterior: Sendable, Equatable {
    /// The file it was read from.
    public var file: String
    /// The parameter paths, in the file's column order.
    public var paths: [String]
    /// The accepted draws: one value per path.
    public var rows: [[Double]]
    /// The file's text fingerprint, for manifests.
    public var fingerprint: String

    /// The most rows a posterior file may hold.
    public static let maximumRows = 100_000

    public init(file: String, paths: [String], rows: [[Double]], fingerprint: String) {
        self.file = file
        self.paths = paths
        self.rows = rows
        self.fingerprint = fingerprint
    }

    /// Reads and checks a posterior file.
    /// - Throws: ``InputError`` naming the file, the line and the column.
    public static func load(_ path: String) throws -> Posterior {
        let text = try TextFile.read(path, maxBytes: Limits.csvBytes)
        let table = try DelimitedText(text: text, file: path, delimiter: ",")
        let bookkeeping: Set<String> = ["draw", "distance"]
        let columns = table.header.indices.filter { !bookkeeping.contains(table.header[$0]) }
        guard !columns.isEmpty else {
            throw InputError(file: path, line: 1, message: "expected a column per calibrated parameter (such as holders.seek_support_share) besides draw and distance, found \(table.header.joined(separator: ", "))")
        }
        for c in columns where !table.header[c].contains(".") {
            throw InputError(file: path, line: 1, field: table.header[c],
                             message: "expected a parameter path (section.name), draw or distance, found '\(table.header[c])'")
        }
        guard !table.rows.isEmpty else { throw InputError(file: path, line: 2, message: "expected at least one accepted draw, found none") }
        guard table.rows.count <= maximumRows else {
            throw InputError(file: path, message: "expected at most \(maximumRows) draws, found \(table.rows.count)")
        }
        let rows = try table.rows.map { row in try columns.map { try table.number(row, $0) } }
        return Posterior(file: path, paths: columns.map { table.header[$0] }, rows: rows, fingerprint: ExactText.fingerprint(text))
    }

    /// The row a parameter draw uses: uniform over the rows, from the draw's seed.
    public func row(seed: UInt64) -> [Double] {
        rows[Int(SeedDerivation.replicationSeed(runSeed: seed, index: 2) % UInt64(rows.count))]
    }

    /// Each parameter's smallest and largest value in the sample.
    public var ranges: [ClosedRange<Double>] {
        paths.indices.map { k in
            let column = rows.map { $0[k] }
            return column.min()!...column.max()!
        }
    }
}

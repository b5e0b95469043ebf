import Foundation
import MaillageFoundation

/// A posterior sample of calibrated parameters: the accepted draws of an approximate Bayesian
/// computation (`maillage calibrate --abc`), as the `posterior.csv` it writes.
///
/// The file has a `draw` column, one column per parameter path, a `distance` column and
/// optionally a `weight` column (the regression adjustment's kernel weights; without it every row
/// weighs the same); every other column is refused. ``PriorSet`` draws one of its rows (with
/// probability its weight, with replacement, from the draw's own seed) for every parameter draw
/// of `maillage uncertainty --posterior`, so the calibrated parameters carry their fitted
/// uncertainty, jointly (a row keeps the correlations between the parameters the targets induce).
public struct Posterior: Sendable, Equatable {
    /// The file it was read from.
    public var file: String
    /// The parameter paths, in the file's column order.
    public var paths: [String]
    /// The accepted draws with a positive weight: one value per path.
    public var rows: [[Double]]
    /// Each row's weight, summing to 1 (nil: every row weighs the same).
    public var weights: [Double]?
    /// The file's text fingerprint, for manifests.
    public var fingerprint: String

    /// The most rows a posterior file may hold.
    public static let maximumRows = 100_000

    public init(file: String, paths: [String], rows: [[Double]], weights: [Double]? = nil, fingerprint: String) {
        self.file = file
        self.paths = paths
        self.rows = rows
        self.weights = weights
        self.fingerprint = fingerprint
    }

    /// Reads and checks a posterior file.
    /// - Throws: ``InputError`` naming the file, the line and the column.
    public static func load(_ path: String) throws -> Posterior {
        let text = try TextFile.read(path, maxBytes: Limits.csvBytes)
        let table = try DelimitedText(text: text, file: path, delimiter: ",")
        let bookkeeping: Set<String> = ["draw", "distance", "weight"]
        let columns = table.header.indices.filter { !bookkeeping.contains(table.header[$0]) }
        guard !columns.isEmpty else {
            throw InputError(file: path, line: 1, message: "expected a column per calibrated parameter (such as holders.seek_support_share) besides draw and distance, found \(table.header.joined(separator: ", "))")
        }
        for c in columns where !table.header[c].contains(".") {
            throw InputError(file: path, line: 1, field: table.header[c],
                             message: "expected a parameter path (section.name), draw, distance or weight, found '\(table.header[c])'")
        }
        guard !table.rows.isEmpty else { throw InputError(file: path, line: 2, message: "expected at least one accepted draw, found none") }
        guard table.rows.count <= maximumRows else {
            throw InputError(file: path, message: "expected at most \(maximumRows) draws, found \(table.rows.count)")
        }
        var rows = try table.rows.map { row in try columns.map { try table.number(row, $0) } }
        var weights: [Double]?
        if let w = table.header.firstIndex(of: "weight") {
            var read: [Double] = []
            for row in table.rows {
                let x = try table.number(row, w)
                guard x >= 0 else {
                    throw InputError(file: path, line: row.line, field: "weight", message: "expected a weight of 0 or more, found \(row.fields[w])")
                }
                read.append(x)
            }
            // Rows of weight zero are never drawn: dropped.
            let kept = read.indices.filter { read[$0] > 0 }
            guard !kept.isEmpty else { throw InputError(file: path, field: "weight", message: "expected at least one positive weight, found none") }
            let total = kept.reduce(0.0) { $0 + read[$1] }
            rows = kept.map { rows[$0] }
            weights = kept.map { read[$0] / total }
        }
        return Posterior(file: path, paths: columns.map { table.header[$0] }, rows: rows, weights: weights, fingerprint: ExactText.fingerprint(text))
    }

    /// The row a parameter draw uses, from the draw's seed: uniform over the rows, or with
    /// probability its weight.
    public func row(seed: UInt64) -> [Double] {
        let h = SeedDerivation.replicationSeed(runSeed: seed, index: 2)
        guard let weights else { return rows[Int(h % UInt64(rows.count))] }
        // The hash's top 53 bits as a number in [0, 1), against the cumulative weights.
        let u = Double(h >> 11) * 0x1p-53
        var cumulative = 0.0
        for (k, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { return rows[k] }
        }
        return rows[rows.count - 1]
    }

    /// Each parameter's smallest and largest value in the sample.
    public var ranges: [ClosedRange<Double>] {
        paths.indices.map { k in
            let column = rows.map { $0[k] }
            return column.min()!...column.max()!
        }
    }
}

import Foundation
import MaillageFoundation
import MaillageScenario

extension Calibration {
    /// Every draw of an earlier ABC run, as its `abc_draws.csv` holds them: each draw's residuals
    /// on the fitted targets and whether it met them all. With it,
    /// ``abc(draws:accept:designSeed:jobs:adjust:reusing:checkEvery:progress:)`` simulates again
    /// only a share of the draws, checks them against the record, and takes the others from it.
    /// That is how CI checks a shipped posterior of thousands of draws in the time of a few
    /// hundred (`maillage regenerate --abc-check`).
    public struct ABCRecord: Sendable {
        /// The file it was read from.
        public var file: String
        /// Per draw, its residual on each fitted target (in ``Calibration/fittedTargets`` order).
        public var residuals: [[Double]]
        /// Per draw, whether it met every fitted target within its tolerance.
        public var within: [Bool]
        /// Per draw, its 1-based line in the file.
        public var lines: [Int]
    }

    /// The column of `abc_draws.csv` that holds a draw's residual on target `i`.
    public func residualColumn(_ i: Int) -> String {
        "residual_\(targets[i].metric.name)_\(territories[targets[i].territory].name)"
    }

    /// The columns of `abc_draws.csv`, in order.
    public var drawsColumns: [String] {
        ["draw"] + parameters.map(\.path) + ["distance", "within_tolerance", "accepted"] + fittedTargets.map(residualColumn)
    }

    /// Reads the `abc_draws.csv` an earlier run of `draws` draws from `designSeed` wrote with
    /// this calibration (numbers written exactly, ``ExactText``).
    /// - Throws: ``InputError`` naming the file, the line and the column when the header is not
    ///   this calibration's, the file does not hold `draws` draws in order, a draw's parameter
    ///   values are not the design's bit for bit, or a field is not an exact number or a boolean.
    public func record(_ path: String, draws: Int, designSeed: UInt64) throws -> ABCRecord {
        let table = try DelimitedText(path: path, delimiter: ",")
        guard table.header == drawsColumns else {
            throw InputError(file: path, line: 1, message: "expected the columns \(drawsColumns.joined(separator: ", ")), found \(table.header.joined(separator: ", "))")
        }
        guard table.rows.count == draws else {
            throw InputError(file: path, message: "expected \(draws) draws (the design's), found \(table.rows.count)")
        }
        let values = try design(draws: draws, designSeed: designSeed)
        let n = parameters.count, firstResidual = n + 4
        var record = ABCRecord(file: path, residuals: [], within: [], lines: [])
        for (d, row) in table.rows.enumerated() {
            func exact(_ c: Int) throws -> Double {
                guard let x = ExactText.parse(row.fields[c]), x.isFinite else {
                    throw InputError(file: path, line: row.line, field: table.header[c], message: "expected a finite number, found '\(DelimitedText.excerpt(row.fields[c]))'")
                }
                return x
            }
            guard row.fields[0] == String(d) else {
                throw InputError(file: path, line: row.line, field: "draw", message: "expected draw \(d), found '\(DelimitedText.excerpt(row.fields[0]))'")
            }
            for k in 0..<n where try exact(1 + k).bitPattern != values[d][k].bitPattern {
                throw InputError(file: path, line: row.line, field: parameters[k].path,
                                 message: "expected the design's value \(ExactText.number(values[d][k])) (design seed \(designSeed)), found '\(DelimitedText.excerpt(row.fields[1 + k]))'")
            }
            guard let within = Bool(row.fields[n + 2]) else {
                throw InputError(file: path, line: row.line, field: "within_tolerance", message: "expected true or false, found '\(DelimitedText.excerpt(row.fields[n + 2]))'")
            }
            record.residuals.append(try (firstResidual..<table.header.count).map(exact))
            record.within.append(within)
            record.lines.append(row.line)
        }
        return record
    }
}

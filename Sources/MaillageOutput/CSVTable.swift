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
        x.isNaN ? "NA" : GeneralNumber.text(x)
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The files a Sobol analysis writes, for a sweep (`sensitivity.csv`) and for priors
/// (`sobol.csv`): one table of indices and SALib's problem file.
enum SobolFiles {
    /// The indices' table: per metric and parameter S1 and ST with their bootstrap intervals,
    /// and the metric's noise ratio. A metric whose Monte Carlo noise is not under
    /// ``Sweep/noiseRatioLimit`` of its variance between points gets its ratio and NA for the
    /// indices: they would measure the noise, not the parameters.
    static func table(_ rows: [(metric: Metric, indices: SobolIndices, noiseRatio: Double)], parameters: [String]) -> CSVTable {
        var table = CSVTable(header: ["metric", "parameter", "S1", "S1_ci95_low", "S1_ci95_high", "ST", "ST_ci95_low", "ST_ci95_high", "noise_ratio"])
        for (metric, i, ratio) in rows {
            let refused = !(ratio < Sweep.noiseRatioLimit)
            for (k, p) in parameters.enumerated() {
                let values = [i.first[k], i.firstLow[k], i.firstHigh[k], i.total[k], i.totalLow[k], i.totalHigh[k]]
                table.append([metric.name, p] + (refused ? values.map { _ in .nan } : values).map(CSVTable.number) + [CSVTable.number(ratio)])
            }
        }
        return table
    }

    /// SALib's problem (`salib_problem.json`): for `sobol.analyze(problem, Y, calc_second_order=False)`.
    static func writeProblem(names: [String], bounds: [[Double]], to folder: String) throws {
        struct Problem: Encodable { var numVars: Int; var names: [String]; var bounds: [[Double]] }
        try AtomicFile.write(try AtomicFile.json(Problem(numVars: names.count, names: names, bounds: bounds)), to: folder + "/salib_problem.json")
    }
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// The files of a national study (`maillage study Scenarios/experiments/france.yaml`):
/// `territories.csv` (one row per territory), `territories.geojson` (the same rows on the
/// territories' outlines), `by_density_class.csv` (the effect by INSEE density class and the rural
/// minus large urban centres difference), `regression.csv` (the effect on density, rural share
/// and structures) and the map of France of the effect, `map.svg` (English) and `carte.svg`.
public enum NationalOutput {
    /// `territories.csv`'s header.
    static var header: [String] {
        var h = ["code", "name", "population", "communes", "area_km2", "density_per_km2"]
        h += NationalRun.DensityClass.allCases.map { "share_\($0.key)" } + ["density_class", "classic_structures", "ess_structures",
                                                                           "structures_per_100k", "budget_eur", "budget_unspent_eur", "cost_over_horizon_eur"]
        for m in NationalRun.stateMetrics { h += ["\(m.name)_no_cooperation", "\(m.name)_standard"] }
        for m in NationalRun.effectMetrics { h += [m.name, "\(m.name)_ci95_low", "\(m.name)_ci95_high"] }
        h += ["jobs_added_net_plausible_low", "jobs_added_net_plausible_high", "jobs_added_net_plausible_p_positive", "warnings"]
        return h
    }

    static func row(_ r: NationalRun.Row) -> [String] {
        let n = CSVTable.number
        var row = [r.territory.code, r.territory.name, String(r.population), String(r.territory.communes), n(r.areaKm2), n(r.density)]
        row += NationalRun.DensityClass.allCases.map { n(r.share($0)) }
        row += [r.densityClass.key, String(r.classicStructures), String(r.essStructures), n(r.structuresPer100k), n(r.budgetEur), n(r.policy[NationalRun.unspent]?.mean ?? .nan),
                n(r.costOverHorizonEur)]
        for m in NationalRun.stateMetrics { row += [n(r.baseline[m]?.mean ?? .nan), n(r.policy[m]?.mean ?? .nan)] }
        for m in NationalRun.effectMetrics {
            let e = r.policy[m]
            row += [n(e?.mean ?? .nan), n(e?.low ?? .nan), n(e?.high ?? .nan)]
        }
        row += [n(r.plausible?.low ?? .nan), n(r.plausible?.high ?? .nan), n(r.plausible?.probPositive ?? .nan), String(r.warnings.count)]
        return row
    }

    /// Every file, in memory.
    public static func files(_ rows: [NationalRun.Row]) throws -> FileSet {
        var files = FileSet()
        var table = CSVTable(header: header)
        for r in rows { table.append(row(r)) }
        files.add("territories.csv", table.text)
        let layer = ZoneLayer(points: rows.map(\.point),
                              shapes: rows.map { r in r.outline.compactMap { polygon in
                                  let rings = polygon.enumerated().compactMap { k, ring in ZoneLayer.closed(ring, counterClockwise: k == 0) }
                                  return rings.isEmpty ? nil : rings
                              } })
        files.add("territories.geojson", layer.geoJSON(header: header, rows: rows.map(row), text: ["code", "name", "density_class"]))
        files.add("by_density_class.csv", classTable(rows).text)
        files.add("regression.csv", try regressionTable(rows).text)
        return files
    }

    /// The effect by density class, then rural minus large urban centres.
    static func classTable(_ rows: [NationalRun.Row]) -> CSVTable {
        let n = CSVTable.number
        var table = CSVTable(header: ["density_class", "territories", "population", "jobs_per_100k_eur_mean", "ci95_low", "ci95_high", "pooled_jobs_per_100k_eur"])
        for c in NationalRun.byClass(rows) {
            table.append([c.densityClass.key, String(c.territories), String(c.population), n(c.effect.mean), n(c.effect.low), n(c.effect.high), n(c.pooled)])
        }
        if let d = NationalRun.ruralMinusDense(rows) {
            table.append(["rural_minus_dense_urban", "", "", n(d.mean), n(d.low), n(d.high), "NA"])
        }
        return table
    }

    /// The regression's coefficients with HC1 standard errors and 95% intervals.
    static func regressionTable(_ rows: [NationalRun.Row]) throws -> CSVTable {
        let n = CSVTable.number
        var table = CSVTable(header: ["term", "coefficient", "hc1_standard_error", "ci95_low", "ci95_high", "r_squared", "territories"])
        guard let fit = try NationalRun.regression(rows) else { return table }
        for (k, term) in NationalRun.regressors.enumerated() {
            table.append([term, n(fit.coefficients[k]), n(fit.standardErrors[k]), n(fit.low[k]), n(fit.high[k]), n(fit.rSquared), String(fit.observations)])
        }
        return table
    }

    /// The terminal's summary: the effect by density class, rural minus large urban centres and
    /// the regression, each with its 95% interval.
    public static func readableSummary(_ rows: [NationalRun.Row], language l: Language) throws -> String {
        let french = l == .fr
        func x(_ v: Double) -> String { v.isFinite ? Numerals.grouped(v, decimals: 2, french: french) : "NA" }
        func interval(_ e: Estimate) -> String { "\(x(e.mean)) [\(x(e.low)); \(x(e.high))]" }
        var lines = [l.words("national.summary_by_class")]
        for c in NationalRun.byClass(rows) {
            lines.append(l.words("national.summary_class", ["class": l.t(c.densityClass.label), "interval": interval(c.effect), "territories": String(c.territories)]))
        }
        if let d = NationalRun.ruralMinusDense(rows) {
            lines.append(l.words("national.summary_rural_minus_dense", ["interval": interval(d)]))
        }
        let positive = rows.compactMap { $0.plausible?.probPositive }.filter(\.isFinite).sorted()
        if !positive.isEmpty {
            let median = Quantile.ofSorted(positive, 0.5)
            lines.append(l.words("national.summary_plausible", ["median": l.percent(median, decimals: 0), "lowest": l.percent(positive[0], decimals: 0),
                                                                 "highest": l.percent(positive[positive.count - 1], decimals: 0)]))
        }
        if let fit = try NationalRun.regression(rows) {
            lines.append(l.words("national.summary_regression", ["r2": x(fit.rSquared), "territories": String(fit.observations)]))
            for (k, term) in NationalRun.regressors.enumerated() {
                lines.append("  \(term): \(x(fit.coefficients[k])) [\(x(fit.low[k])); \(x(fit.high[k]))]")
            }
        }
        return lines.joined(separator: "\n")
    }

}

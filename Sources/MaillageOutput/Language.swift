import Foundation
import MaillageFoundation
import MaillageModel

/// How charts, reports and summaries say things in each language (``Language`` itself and its
/// words are in MaillageFoundation).
extension Language {
    /// A territory scenario's name for readers.
    func territory(_ scenario: String) -> String {
        switch scenario.replacingOccurrences(of: "real-", with: "") {
        case "rural-franche-comte": words("territory.rural_franche_comte")
        case "metro-lyon": words("territory.metro_lyon")
        case "qpv-seine-saint-denis": words("territory.qpv_seine_saint_denis")
        default: scenario
        }
    }

    /// A policy's, lever's or budget line's name for readers: the levers' and lines' own labels,
    /// and the names the shipped studies give their policies.
    func policy(_ name: String) -> String {
        if let lever = Levers.named(name) { return t(lever.label) }
        if let line = FundingLine(rawValue: name) { return t(line.label) }
        switch name {
        case "no_cooperation": return words("vocabulary.no_cooperation")
        case "full_cooperation": return words("vocabulary.full_cooperation")
        case "without_outreach_training": return words("vocabulary.without_outreach_training")
        case "status_quo": return words("vocabulary.status_quo")
        case "balanced": return words("vocabulary.balanced")
        default: return name
        }
    }

    /// A metric's name and unit for readers.
    func metric(_ m: Metric) -> (name: String, unit: String) { (t(m.label), t(m.unit)) }

    // MARK: Numbers for readers

    /// The language a person's environment asks for: French when `LANG` (or `LC_ALL`, which
    /// overrides it) starts with `fr`, else English.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        let value = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        return value.lowercased().hasPrefix("fr") ? .fr : .en
    }

    /// What an undefined value reads as.
    public var undefined: String { words("vocabulary.not_available") }

    /// `x` with `decimals` decimals, grouped by thousands: `12,345.6` in English, `12 345,6` in
    /// French (a narrow no-break space between groups, a comma before the decimals).
    public func number(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? undefined : (x > 0 ? "∞" : "−∞") }
        return Numerals.grouped(x, decimals: decimals, french: self == .fr)
    }

    /// "written to PATH", said when a command has written its results.
    public func writtenTo(_ path: String) -> String { words("vocabulary.written_to", ["path": path]) }

    /// A signed number: `+12` or `−3`.
    public func signed(_ x: Double, decimals: Int) -> String {
        let s = number(x, decimals: decimals)
        return x > 0 && x.isFinite && s != number(0, decimals: decimals) ? "+" + s : s
    }

    /// A share (0–1) as a percentage: `45.2%` in English, `45,2 %` in French.
    public func percent(_ share: Double, decimals: Int = 1, signed: Bool = false) -> String {
        guard share.isFinite else { return undefined }
        let n = signed ? self.signed(100 * share, decimals: decimals) : number(100 * share, decimals: decimals)
        return n + (self == .fr ? "\u{202F}%" : "%")
    }

    /// A metric's value for readers: shares as percentages, changes of shares in percentage
    /// points, counts whole (one decimal below 10), euros whole with `€`, ratios with two decimals.
    /// A `difference` of a share is in percentage points.
    public func value(_ x: Double, _ metric: Metric, signed: Bool = false, difference: Bool = false) -> String {
        guard x.isFinite else { return undefined }
        func n(_ v: Double, _ d: Int) -> String { signed ? self.signed(v, decimals: d) : number(v, decimals: d) }
        switch metric.kind {
        case .share where difference: return n(100 * x, 1) + words("vocabulary.points_suffix")
        case .share: return percent(x, decimals: 1, signed: signed)
        case .shareChange: return n(100 * x, 1) + words("vocabulary.points_suffix")
        case .count: return n(x, abs(x) < 10 && x != x.rounded() ? 1 : 0)
        case .euros: return n(x, 0) + "\u{00A0}€"
        case .ratio: return n(x, abs(x) < 10 ? 2 : abs(x) < 100 ? 1 : 0)
        }
    }

    /// A metric's estimate with its 95% interval: `45.2% [43.1%, 47.3%]`.
    public func interval(_ e: (mean: Double, low: Double, high: Double), _ metric: Metric, signed: Bool = false, difference: Bool = false) -> String {
        guard e.mean.isFinite else { return undefined }
        func v(_ x: Double) -> String { value(x, metric, signed: signed, difference: difference) }
        guard e.low.isFinite, e.high.isFinite else { return v(e.mean) }
        return "\(v(e.mean)) [\(v(e.low)); \(v(e.high))]"
    }
}

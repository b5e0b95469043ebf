/// Words for the person running the tool, written in English and in French.
///
/// The model's warnings (money that buys nothing, a placement that is not the proven optimum,
/// what a real-data import could not match) are made where the facts are known, in both
/// languages; each reader — the terminal, a report, the web page — shows the one its user asked
/// for. Files meant for machines (`summary.json`) keep both.
public struct Message: Sendable, Hashable, CustomStringConvertible {
    /// The English text.
    public var en: String
    /// The French text.
    public var fr: String

    public init(en: String, fr: String) {
        self.en = en
        self.fr = fr
    }

    /// The text in French when `french`, else in English.
    public func text(french: Bool) -> String { french ? fr : en }

    /// The same message after `prefix` (a scenario's or a file's name) and a colon, with French
    /// typography's space before the colon.
    public func prefixed(_ prefix: String) -> Message {
        Message(en: "\(prefix): \(en)", fr: "\(prefix)\u{00A0}: \(fr)")
    }

    public var description: String { en }
}

/// Numbers written for people: grouped by thousands, `12,345.6` in English and `12 345,6` in
/// French (a narrow no-break space between groups, a comma before the decimals).
public enum Numerals {
    /// A finite `x` with `decimals` decimals, grouped by thousands; a negative number takes the
    /// minus sign (−), and one that rounds to zero takes none.
    public static func grouped(_ x: Double, decimals: Int, french: Bool) -> String {
        let text = String(format: "%.\(max(0, decimals))f", abs(x))
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = ""
        let digits = Array(parts[0])
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { whole += french ? "\u{202F}" : "," }
            whole.append(d)
        }
        let negative = x < 0 && text.contains(where: { $0 != "0" && $0 != "." })
        var out = (negative ? "−" : "") + whole
        if parts.count > 1 { out += (french ? "," : ".") + parts[1] }
        return out
    }

    /// Whole euros for messages: `12,000 €` in English, `12 000 €` in French.
    public static func euros(_ x: Double, french: Bool) -> String {
        grouped(x.rounded(), decimals: 0, french: french) + (french ? "\u{00A0}€" : " €")
    }

    /// A whole count for messages: `1,234` in English, `1 234` in French.
    public static func count(_ n: Int, french: Bool) -> String {
        grouped(Double(n), decimals: 0, french: french)
    }
}

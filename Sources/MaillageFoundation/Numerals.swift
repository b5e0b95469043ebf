/// Numbers written for people: grouped by thousands, `12,345.6` in English and `12 345,6` in
/// French (a narrow no-break space between groups, a comma before the decimals).
public enum Numerals {
    /// A finite `x` with `decimals` decimals, grouped by thousands; a negative number takes the
    /// minus sign (−), and one that rounds to zero takes none.
    public static func grouped(_ x: Double, decimals: Int, french: Bool) -> String {
        let text = FixedDecimal.text(abs(x), decimals: min(max(0, decimals), 9))
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

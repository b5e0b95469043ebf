import Foundation

/// Reading numbers the way people write them in scenario and data files: decimal notation only
/// (`12`, `-0.5`, `.25`, `3e4`), with `.` as the decimal separator. Hexadecimal (`0x10`),
/// infinities, NaN, digit separators and surrounding text are refused, so that a typo never
/// becomes a surprising value.
public enum DecimalNumber {
    /// The value of `text` written in decimal notation, or nil.
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard isDecimal(t), let x = Double(t), x.isFinite else { return nil }
        return x
    }

    /// Whether `t` is `[+-]digits[.digits][(e|E)[+-]digits]` with at least one digit before the
    /// exponent.
    public static func isDecimal(_ t: String) -> Bool {
        var chars = Substring(t).utf8[...]
        if let c = chars.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { chars = chars.dropFirst() }
        var digits = 0
        while let c = chars.first, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { digits += 1; chars = chars.dropFirst() }
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            while let c = chars.first, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { digits += 1; chars = chars.dropFirst() }
        }
        guard digits > 0 else { return false }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if let s = chars.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { chars = chars.dropFirst() }
            var exponent = 0
            while let c = chars.first, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { exponent += 1; chars = chars.dropFirst() }
            guard exponent > 0 else { return false }
        }
        return chars.isEmpty
    }

    /// A hint for a value that is not a decimal number: a comma used as the decimal separator is
    /// the usual French slip.
    public static func hint(for text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains(","), isDecimal(t.replacingOccurrences(of: ",", with: ".")) {
            return " (write the decimal separator as '.', not ',': \(t.replacingOccurrences(of: ",", with: ".")))"
        }
        if t.lowercased().hasPrefix("0x") || t.lowercased().hasPrefix("-0x") { return " (hexadecimal is not accepted; write the number in decimal)" }
        return ""
    }
}

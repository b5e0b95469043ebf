import Foundation

/// Numbers written so that reading them back gives the same bits: for files a later process
/// must read exactly (shards, resumable sweep points).
public enum ExactText {
    /// `%.17g`, or `nan`.
    public static func number(_ x: Double) -> String { x.isNaN ? "nan" : String(format: "%.17g", x) }

    /// The number `number(_:)` wrote, or nil.
    public static func parse(_ text: String) -> Double? { text == "nan" ? .nan : Double(text) }

    /// FNV-1a, 64 bits, as 16 hexadecimal digits: a fingerprint that tells two texts apart, not a
    /// security hash.
    public static func fingerprint(_ text: String) -> String { fnv(text.utf8) }

    /// The same fingerprint over bytes: a file's, read as they are (the text's for UTF-8 text;
    /// a compressed file is not decoded as text first, which would replace its invalid
    /// sequences and take far longer).
    public static func fingerprint(bytes: Data) -> String { bytes.withUnsafeBytes { fnv($0) } }

    private static func fnv<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(format: "%016llx", h)
    }
}

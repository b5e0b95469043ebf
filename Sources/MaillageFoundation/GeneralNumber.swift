import Foundation
import _MaillageSystem

/// `String(format: "%.10g", x)`, the way every CSV and JSON file writes its numbers, through the C
/// library's `snprintf` directly rather than Foundation's formatter (which builds the format
/// string and an `NSString` for each number, and itself ends in `snprintf`): the same text, several
/// times faster. A run of 100,000 zones spent a tenth of its time formatting its zone layers'
/// numbers.
public enum GeneralNumber {
    /// `x` with at most ten significant digits, as `%.10g` writes it (`inf`, `-inf`, `nan` for
    /// the values that are not finite).
    public static func text(_ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            let n = Int(maillage_format_g10(x, buffer.baseAddress!, 40))
            return buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 40) { bytes in
                String(decoding: UnsafeBufferPointer(start: bytes, count: min(max(n, 0), 39)), as: UTF8.self)
            }
        }
    }
}

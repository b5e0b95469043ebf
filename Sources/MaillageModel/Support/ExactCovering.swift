import Foundation
import _MaillageGLPK

extension CoveringSolver {
    /// Why the exact solver could not answer.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether GLPK can be loaded, and if not, why.
    public static var glpk: (available: Bool, reason: String) {
        var message = [CChar](repeating: 0, count: 256)
        let ok = maillage_glpk_available(&message, message.count) != 0
        return (ok, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The optimum, by GLPK's branch and cut on the integer programme (no gap tolerance), within
    /// `timeLimit` seconds; a solution stopped by the limit says so (`optimal` false).
    /// - Throws: ``Unavailable`` when GLPK cannot be loaded or fails.
    public static func exact(_ p: CoveringProblem, k: Int, timeLimit: Double = 60) throws -> CoveringSolution {
        var start = [Int32](), flat = [Int32]()
        start.reserveCapacity(p.covers.count + 1)
        start.append(0)
        for c in p.covers {
            flat.append(contentsOf: c.map(Int32.init))
            start.append(Int32(flat.count))
        }
        var chosen = [Int32](repeating: 0, count: p.sites)
        let milliseconds = Int32(clamping: Int((timeLimit * 1000).rounded()))
        let r = maillage_mclp_solve(Int32(p.weights.count), p.weights, start, flat, Int32(p.sites), Int32(k), milliseconds, &chosen)
        guard r.code == 0 else {
            let message = withUnsafeBytes(of: r.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw Unavailable(description: message)
        }
        let sites = chosen.indices.filter { chosen[$0] != 0 }
        return CoveringSolution(sites: sites, value: p.value(sites), optimal: r.optimal != 0, gap: r.gap >= 0 ? r.gap : nil)
    }
}

import _MaillageGSL

/// A failure reported by GSL through its error codes, carrying GSL's own message.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// GSL's error code (`GSL_EDOM`, `GSL_ENOMEM`, …).
    public let code: Int32
    /// What Maillage was doing when GSL failed.
    public let context: String

    /// GSL's own text for the code, from `gsl_strerror`.
    public var gslMessage: String { String(cString: gsl_strerror(code)) }

    public var description: String { "GSL error while \(context): \(gslMessage) (code \(code))" }

    public init(code: Int32, context: String) {
        self.code = code
        self.context = context
    }
}

/// Switches GSL's aborting error handler off, once per process.
///
/// Every entry point that calls GSL goes through ``GSL/prepare()`` first, so that an invalid
/// argument becomes a ``GSLError`` instead of `abort()`.
package enum GSL {
    private static let disabled: Bool = {
        maillage_gsl_disable_abort()
        return true
    }()

    /// Ensures the error handler is off; cheap after the first call.
    package static func prepare() {
        _ = disabled
    }
}

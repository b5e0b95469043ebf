// Written by scripts/generate-api.sh with swift-openapi-generator 1.14.3; do not edit.

/// What the generated API code was generated from.
enum GeneratedAPI {
    /// The fingerprint of openapi.json (`ExactText.fingerprint`) when the code was generated.
    static let specFingerprint = "d8c2ecd919705b37"
    static let generatorVersion = "1.14.3"
}

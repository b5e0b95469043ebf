// Written by scripts/generate-api.sh with swift-openapi-generator 1.14.3; do not edit.

/// What the generated API code was generated from.
enum GeneratedAPI {
    /// The fingerprint of openapi.json (`ExactText.fingerprint`) when the code was generated.
    static let specFingerprint = "51e88910c0fb93e6"
    static let generatorVersion = "1.14.3"
}

/// The tool's version, recorded in every summary and manifest and part of every fingerprint.
public let maillageVersion = "0.1.0"

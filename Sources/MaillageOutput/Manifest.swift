import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// What a results folder holds, written beside its files as `manifest.json`: the command that
/// wrote it, its scenario or scenarios, its seed and replications, and the tool's version.
/// `maillage report` and `maillage charts` read it to know which sections and charts apply, and
/// refuse a folder without one.
public struct Manifest: Codable, Equatable, Sendable {
    /// The command that wrote the folder.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// `make charts`: the shipped results under `Output/`.
        case shipped
        case run, study, compare, sweep, coverage, uncertainty, morris, sobol, budget, placement
        /// A national study: one row per territory (`territories.csv`).
        case national
        /// One shard of a run or sweep, waiting for `maillage merge`.
        case shard
    }

    public var kind: Kind
    /// Always `maillage`: tells a manifest of this tool from another tool's.
    public var tool: String
    public var toolVersion: String
    /// The scenario, study, plan or comparison names, in the order the command took them.
    public var scenarios: [String]
    /// The run's seed, when it drew random numbers.
    public var seed: UInt64?
    /// Replications per evaluated point, when it ran Monte Carlo replications.
    public var replications: Int?

    public init(kind: Kind, scenarios: [String], seed: UInt64? = nil, replications: Int? = nil) {
        self.kind = kind
        tool = "maillage"
        toolVersion = maillageVersion
        self.scenarios = scenarios
        self.seed = seed
        self.replications = replications
    }

    /// The file's name in a results folder.
    public static let fileName = "manifest.json"

    /// Writes the manifest into `folder`.
    public func write(to folder: String) throws {
        try AtomicFile.write(try AtomicFile.json(self), to: folder + "/" + Self.fileName)
    }

    /// Reads the manifest of the results folder `folder`.
    /// - Throws: ``InputError`` naming the folder or the file when the folder is missing, has no
    ///   manifest, or its manifest is not one this tool wrote.
    public static func read(_ folder: String) throws -> Manifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: folder, message: "expected a results folder, found none there")
        }
        let path = folder + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: folder, message: "expected a results folder written by maillage (with a \(fileName): run, study, compare, sweep, coverage, uncertainty, morris, budget or placement), found no \(fileName)")
        }
        let data = try TextFile.read(path, maxBytes: 1 << 16)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let manifest: Manifest
        do {
            manifest = try decoder.decode(Manifest.self, from: Data(data.utf8))
        } catch {
            throw InputError(file: path, message: "expected a maillage manifest (kind, tool, tool_version, scenarios), found something else: \(Self.describe(error))")
        }
        guard manifest.tool == "maillage" else {
            throw InputError(file: path, field: "tool", message: "expected maillage, found \(manifest.tool)")
        }
        return manifest
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): "not JSON (\(c.debugDescription))"
        case DecodingError.keyNotFound(let key, _): "no field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "a wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}

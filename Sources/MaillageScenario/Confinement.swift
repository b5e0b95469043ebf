import Foundation
import MaillageFoundation
import Synchronization

/// Where the files a scenario names may be: inside the folder tree of the file the command was
/// given, or inside the shipped `Scenarios/` folder. A `base:`, a data file, a study's scenario
/// or a plan's scenario elsewhere (an absolute path, or `../` climbing out) is refused unless the
/// command runs with `--allow-outside`: once scenarios come from other people (a web page, a
/// shared cluster), a path must not reach files they should not read.
public struct Confinement: Sendable {
    /// Folders (real paths, without a trailing slash) inside which references are allowed.
    public let roots: [String]

    /// Whether every reference is allowed (`--allow-outside`), for the whole process.
    public static let allowOutside = Atomic<Bool>(false)

    /// The confinement of a command given `file`: its folder tree and the shipped scenarios.
    public init(topLevel file: String) {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        roots = ([folder] + Self.shippedScenarios).map(Self.real)
    }

    /// The shipped `Scenarios/` folders this process can see: beside the executable's folder (the
    /// portable release's `bin/`), three levels up from a build folder (`.build/<triple>/release`),
    /// and in the working folder.
    public static var shippedScenarios: [String] {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [executable.appendingPathComponent("../Scenarios").path,
                          executable.appendingPathComponent("../../../Scenarios").path,
                          FileManager.default.currentDirectoryPath + "/Scenarios"]
        return candidates.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// The absolute path with symbolic links and `..` resolved (as far as it exists).
    static func real(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` lies inside one of the roots.
    public func allows(_ path: String) -> Bool {
        if Self.allowOutside.load(ordering: .relaxed) { return true }
        let p = Self.real(path)
        return roots.contains { p == $0 || p.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    /// Checks a reference made in `file` at `field`, without reading it.
    /// - Throws: ``InputError`` naming the reference, never its contents.
    public func check(_ path: String, as written: String, in file: String, field: String, line: Int? = nil, column: Int? = nil) throws {
        guard allows(path) else {
            throw InputError(file: file, line: line, column: column, field: field,
                             message: "expected a file inside the scenario's folder or the shipped Scenarios folder, found '\(written)', which is outside them (run with --allow-outside to read it anyway)")
        }
    }
}

import Foundation
import Synchronization

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file in
/// the same folder, which is then renamed over the destination (rename is atomic on POSIX file
/// systems).
public enum AtomicFile {
    /// Writes `text` to `path`, creating the parent folders.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        removeStaleTemporaries(in: folder.path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw OutputError(path: path, message: "cannot write the file (check the folder's permissions and free space)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, message: "cannot move the finished file into place: \(reason)")
        }
    }
}

extension AtomicFile {
    /// `value` as the JSON every output uses: snake_case keys, sorted, indented, ending with a
    /// line feed, so that the same value always gives the same bytes.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Folders already cleaned by this process: a sweep writes hundreds of files into one folder,
    /// which needs listing once.
    private static let cleaned = Mutex<Set<String>>([])

    /// Removes temporary files (`.NAME.tmp-PID`) that a process killed while writing left in
    /// `folder`, when that process is gone; once per folder and process.
    package static func removeStaleTemporaries(in folder: String) {
        guard cleaned.withLock({ $0.insert(folder).inserted }) else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[range.upperBound...]) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }
}

/// A failure to write results.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file in
/// the same folder (`.NAME.tmp-PID`, written with POSIX calls and flushed), which is then renamed
/// over the destination (rename is atomic on POSIX file systems).
public enum AtomicFile {
    /// Writes `text` to `path`, creating the parent folders.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path`, creating the parent folders.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        removeStaleTemporaries(in: folder.path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        do {
            try writeWhole(data, to: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: path, message: "cannot move the finished file into place: \(reason)")
        }
    }

    /// Writes every byte of `data` to a new file at `path` and flushes it to disk.
    static func writeWhole(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno))) (is the disk full?)")
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else {
            throw OutputError(path: path, message: "cannot flush the file to disk: \(String(cString: strerror(errno)))")
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
            guard let pid = ownerPID(name, marker: ".tmp-") else { continue }
            if !isAlive(pid) { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }

    /// The process id a temporary name ends with, after `marker`.
    static func ownerPID(_ name: String, marker: String) -> Int32? {
        guard let range = name.range(of: marker, options: .backwards) else { return nil }
        return Int32(name[range.upperBound...])
    }

    /// Whether process `pid` still runs (it is not this one).
    static func isAlive(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH
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

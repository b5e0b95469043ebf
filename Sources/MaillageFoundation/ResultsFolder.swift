import Foundation
import _MaillageSystem

/// A results folder written as a whole: a command writes its files into a temporary sibling
/// folder (`.NAME.new-PID`), and ``commit()`` puts it in place of the folder with one atomic
/// exchange of the two paths, then removes the previous results. A failed or killed run leaves the
/// previous results intact; what a killed process left behind is cleaned by the next command
/// that writes there.
///
/// The folder is also locked while it is written (``FolderLock``), so that a second writer gets a
/// clear error instead of mixing its results with the first's.
public final class ResultsFolder {
    /// Where the results end up.
    public let path: String
    /// Where they are written until ``commit()``.
    public let staging: String
    private let lock: FolderLock
    private var committed = false

    /// Prepares to write the folder at `path`: takes its lock, cleans what killed runs left, and
    /// creates an empty staging folder.
    /// - Throws: ``InputError`` when another command holds the lock; ``OutputError`` when the
    ///   folders cannot be created.
    public init(_ path: String) throws {
        let clean = Self.standardized(path)
        self.path = clean
        lock = try FolderLock(clean)
        let (parent, name) = Self.split(clean)
        staging = parent + "/.\(name).new-\(getpid())"
        Self.recover(parent: parent, name: name)
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: staging, message: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// The staging path of a file or folder `name` inside the results.
    public func file(_ name: String) -> String { staging + "/" + name }

    /// Puts the staged results in place of the folder: one atomic exchange when the file system
    /// can, else two renames (a kill between them leaves the previous results under
    /// `.NAME.old-PID`, which the next writer puts back). Then removes the previous results.
    public func commit() throws {
        let (parent, name) = Self.split(path)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw OutputError(path: path, message: "expected a folder for the results, found a file")
        }
        if !exists {
            guard rename(staging, path) == 0 else { throw renameError() }
        } else if maillage_exchange_paths(staging, path) == 0 {
            // The staging path now holds the previous results.
            try? FileManager.default.removeItem(atPath: staging)
        } else {
            let old = parent + "/.\(name).old-\(getpid())"
            guard rename(path, old) == 0 else { throw renameError() }
            guard rename(staging, path) == 0 else {
                let error = renameError()
                rename(old, path)
                throw error
            }
            try? FileManager.default.removeItem(atPath: old)
        }
        committed = true
    }

    private func renameError() -> OutputError {
        OutputError(path: path, message: "cannot move the finished results into place: \(String(cString: strerror(errno)))")
    }

    /// Restores results a killed commit left under `.NAME.old-PID`, and removes staging folders
    /// of processes that are gone.
    static func recover(parent: String, name: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in names where entry.hasPrefix(".\(name).") {
            let full = parent + "/" + entry
            if let pid = AtomicFile.ownerPID(entry, marker: ".old-"), entry == ".\(name).old-\(pid)", !AtomicFile.isAlive(pid) {
                if FileManager.default.fileExists(atPath: parent + "/" + name) {
                    try? FileManager.default.removeItem(atPath: full)
                } else {
                    rename(full, parent + "/" + name)
                }
            } else if let pid = AtomicFile.ownerPID(entry, marker: ".new-"), entry == ".\(name).new-\(pid)", !AtomicFile.isAlive(pid) {
                try? FileManager.default.removeItem(atPath: full)
            }
        }
    }

    /// The path without a trailing slash or dot components.
    static func standardized(_ path: String) -> String {
        let p = (path as NSString).standardizingPath
        return p.isEmpty ? "." : p
    }

    /// The parent folder (created if missing) and the last component.
    static func split(_ path: String) -> (parent: String, name: String) {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        return (parent, url.lastPathComponent)
    }
}

/// An exclusive lock on an output folder for the lifetime of this value: `flock` on
/// `.NAME.lock` beside the folder, removed when the lock is released.
///
/// A lock file removed while another process waits for it would let two processes lock two
/// different files of the same name: after taking the lock, the holder checks that the path still
/// names the file it locked, and tries again otherwise.
public final class FolderLock {
    private let fd: Int32
    private let path: String

    /// Takes the lock on the folder at `folder`, without waiting.
    /// - Throws: ``InputError`` when another process holds it.
    public init(_ folder: String) throws {
        let (parent, name) = ResultsFolder.split(ResultsFolder.standardized(folder))
        let lockPath = parent + "/.\(name).lock"
        path = lockPath
        for _ in 0..<100 {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw OutputError(path: lockPath, message: "cannot create the lock file: \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                throw InputError(file: folder, message: "another maillage command is writing this folder (it holds \(lockPath)); wait for it to finish, or use another --out")
            }
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                self.fd = fd
                return
            }
            // The file was removed by the previous holder after we opened it: start again.
            close(fd)
        }
        throw OutputError(path: lockPath, message: "cannot take the lock: the lock file keeps changing")
    }

    deinit {
        unlink(path)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

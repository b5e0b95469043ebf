import Foundation
import MaillageFoundation
import MaillageExperiments

/// What a job tells the front end that started it, as it runs. The command line draws progress
/// bars and prints warnings in the reader's language; `regenerate` logs one line per folder; the
/// web application listens to nothing.
public struct JobProgress: Sendable {
    public enum Event: Sendable {
        /// The work the job is about to simulate, once it passed the work limit.
        case work(Work)
        /// One of a model's warnings (money that buys nothing, what an import could not match),
        /// prefixed with its scenario's name.
        case warning(Label)
        /// A stage starts: "replications", "cell 2 of 6: lever shares"…
        case stage(String)
        /// `done` of the `total` steps of the current stage are done.
        case advance(done: Int, total: Int)
    }

    private let handle: @Sendable (Event) -> Void

    public init(_ handle: @escaping @Sendable (Event) -> Void) { self.handle = handle }

    /// A sink that ignores everything.
    public static let silent = JobProgress { _ in }

    public func callAsFunction(_ event: Event) { handle(event) }

    /// Starts a stage and returns its step counter, for the experiments' progress closures.
    func stage(_ label: String) -> @Sendable (Int, Int) -> Void {
        handle(.stage(label))
        return { [handle] done, total in handle(.advance(done: done, total: total)) }
    }

    /// A stage of `total` steps, counted by the experiments' `(done)` closures.
    func stage(_ label: String, of total: Int) -> @Sendable (Int) -> Void {
        let advance = stage(label)
        return { advance($0, total) }
    }

    /// The same sink, keeping only warnings: for jobs run inside another job.
    public var warningsOnly: JobProgress {
        JobProgress { [handle] event in if case .warning = event { handle(event) } }
    }
}

/// What a job wrote: the folder or file, and every file it holds (paths relative to it, sorted).
public struct Written: Sendable, Equatable {
    public var path: String
    public var files: [String]

    /// The files under `path` (a folder, or a single file).
    public init(_ path: String) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            files = FileManager.default.fileExists(atPath: path) ? [(path as NSString).lastPathComponent] : []
            return
        }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder), !isFolder.boolValue { found.append(name) }
        }
        files = found.sorted()
    }
}

extension ResultsFolder {
    /// Commits the staged results and says what the folder now holds.
    func committed() throws -> Written {
        try commit()
        return Written(path)
    }
}

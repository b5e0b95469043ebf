import Foundation
import MaillageFoundation

/// Files of a results folder held in memory, in the order they were made: each a name relative to
/// the folder and its text. A command writes them into its folder; the web application shows them
/// (a run's zone layers become its maps) without writing anything.
public struct FileSet: Sendable {
    public private(set) var files: [(name: String, text: String)] = []

    public init() {}

    /// Adds a file, or replaces the text of one of that name.
    public mutating func add(_ name: String, _ text: String) {
        if let i = files.firstIndex(where: { $0.name == name }) { files[i].text = text } else { files.append((name, text)) }
    }

    /// The text of the file `name`, if the set holds it.
    public subscript(name: String) -> String? { files.first { $0.name == name }?.text }

    /// Writes every file into `folder`, each whole or not at all.
    public func write(to folder: String) throws {
        for (name, text) in files { try AtomicFile.write(text, to: folder + "/" + name) }
    }
}

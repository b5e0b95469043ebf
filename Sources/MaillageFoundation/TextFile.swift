import Foundation

/// Reading the text files users give: one place that checks existence, kind, permissions and
/// encoding, and names the file in every error.
public enum TextFile {
    /// Reads a UTF-8 text file, failing with an ``InputError`` that names it.
    public static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, message: "expected a file, found a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "expected UTF-8 text, found bytes that are not UTF-8 (a binary file, or another encoding)")
        }
        if text.contains("\u{0}") { throw InputError(file: path, message: "expected text, found NUL bytes (a binary file?)") }
        return text
    }
}

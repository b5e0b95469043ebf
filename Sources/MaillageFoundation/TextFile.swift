import Foundation
import _MaillageSystem

/// Reading the text files users give: one place that checks existence, kind, permissions, size
/// and encoding, and names the file in every error.
public enum TextFile {
    /// Reads a UTF-8 text file of at most `maxBytes`, failing with an ``InputError`` that names it.
    public static func read(_ path: String, maxBytes: Int = Limits.yamlBytes) throws -> String {
        let data = try bytes(path, maxBytes: maxBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: notUTF8(data))
        }
        // On the bytes: a search of the text for NUL goes through Foundation's locale-aware search.
        if data.contains(0) { throw InputError(file: path, message: "expected text, found NUL bytes (a binary file?)") }
        return text
    }

    /// The bytes of a regular file of at most `maxBytes`, checked before anything is read.
    /// A file whose name ends in `.gz` is decompressed (at most `maxBytes` once decompressed)
    /// unless `decompress` is false.
    public static func bytes(_ path: String, maxBytes: Int, decompress: Bool = true) throws -> Data {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, message: "expected a file, found a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes else {
            throw InputError(file: path, message: "expected a file of at most \(maxBytes >> 20) MB, found \(size >> 20) MB")
        }
        if decompress && path.hasSuffix(".gz") { return try gunzip(path, maxBytes: maxBytes) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot be read (check its permissions)")
        }
        guard data.count <= maxBytes else {
            throw InputError(file: path, message: "expected a file of at most \(maxBytes >> 20) MB, found more (is it growing?)")
        }
        return data
    }

    /// The decompressed bytes of a gzip file (a name ending in `.gz`), at most `maxBytes` of them:
    /// decompression stops as soon as the data grows past that bound.
    static func gunzip(_ path: String, maxBytes: Int) throws -> Data {
        var buffer: UnsafeMutablePointer<UInt8>?
        let size = maillage_gunzip(path, maxBytes, &buffer)
        guard size >= 0, let buffer else {
            switch Int32(size) {
            case MAILLAGE_GZ_NOT_GZIP: throw InputError(file: path, message: "expected gzip-compressed data (the name ends in .gz), found a file that is not gzip")
            case MAILLAGE_GZ_CORRUPT: throw InputError(file: path, message: "expected gzip-compressed data, found damaged or truncated data")
            case MAILLAGE_GZ_TOO_LARGE: throw InputError(file: path, message: "expected data of at most \(maxBytes >> 20) MB once decompressed, found more")
            case MAILLAGE_GZ_NO_MEMORY: throw InputError(file: path, message: "cannot be decompressed: out of memory")
            default: throw InputError(file: path, message: "cannot be read (check its permissions)")
            }
        }
        return Data(bytesNoCopy: buffer, count: Int(size), deallocator: .free)
    }

    /// Why bytes are not UTF-8 text, with what to do about it.
    static func notUTF8(_ data: Data) -> String {
        // Latin-1 (ISO-8859-1, or Windows-1252) text: printable bytes, accented letters above 0x7F,
        // no control characters but tab and line ends. INSEE distributes some files so.
        let looksLatin1 = !data.isEmpty && data.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if looksLatin1 {
            return "expected UTF-8 text, found Latin-1 (ISO-8859-1) text, as some INSEE files come: convert it to UTF-8, for instance with `iconv -f latin1 -t utf-8 FILE > FILE.utf8`"
        }
        return "expected UTF-8 text, found bytes that are not UTF-8 (a binary file, or another encoding)"
    }
}

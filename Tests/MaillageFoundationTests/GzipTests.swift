import Foundation
import Testing
@testable import MaillageFoundation
import MaillageTestSupport

/// Gzipped data files (the national commune polygons are shipped so): read as they are, with a
/// bound on what they decompress to, and a clear error for anything that is not sound gzip data.
@Suite("Gzip-compressed files")
struct GzipTests {
    /// `text` gzipped by the system's gzip, in a new file named `name`.
    func gzipped(_ text: String, name: String = "data.csv.gz") throws -> String {
        let folder = try temporaryFolder()
        let plain = folder.appendingPathComponent("data.csv")
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -n -c '\(plain.path)' > '\(folder.appendingPathComponent(name).path)'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return folder.appendingPathComponent(name).path
    }

    func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as InputError { return error.message } catch { return "\(error)" }
    }

    @Test("A .gz file reads as its decompressed text, large or empty")
    func roundTrip() throws {
        let text = (0..<200_000).map { "line \($0);\($0 * 7)" }.joined(separator: "\n")
        #expect(try TextFile.read(try gzipped(text), maxBytes: 16 << 20) == text)
        #expect(try TextFile.bytes(try gzipped(""), maxBytes: 1 << 20).isEmpty)
        // Its compressed bytes when asked.
        let path = try gzipped(text)
        #expect(try TextFile.bytes(path, maxBytes: 16 << 20, decompress: false) == FileManager.default.contents(atPath: path))
    }

    @Test("A file's fingerprint over its bytes is its text's for UTF-8 text, and tells compressed files apart")
    func fingerprintOfBytes() throws {
        for text in ["", "a", "Finistère;29;Quimper\n", String(repeating: "Besançon ", count: 5_000)] {
            #expect(ExactText.fingerprint(bytes: Data(text.utf8)) == ExactText.fingerprint(text))
        }
        let a = try TextFile.bytes(try gzipped("one;1\n"), maxBytes: 1 << 20, decompress: false)
        let b = try TextFile.bytes(try gzipped("one;2\n"), maxBytes: 1 << 20, decompress: false)
        #expect(ExactText.fingerprint(bytes: a) != ExactText.fingerprint(bytes: b))
    }

    @Test("Truncated, damaged, not gzip, or decompressing past the bound: an error naming the file, never a crash")
    func badData() throws {
        let text = (0..<50_000).map { "row \($0)" }.joined(separator: "\n")
        let path = try gzipped(text)
        let whole = try #require(FileManager.default.contents(atPath: path))
        // Truncated in the middle.
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(message { try TextFile.bytes(path, maxBytes: 16 << 20) }?.contains("damaged or truncated") == true)
        // A damaged checksum (the last 8 bytes: CRC and length).
        var damaged = whole
        damaged[damaged.count - 6] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(message { try TextFile.bytes(path, maxBytes: 16 << 20) }?.contains("damaged or truncated") == true)
        // Plain text under a .gz name.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(message { try TextFile.bytes(path, maxBytes: 16 << 20) }?.contains("not gzip") == true)
        // A small file that decompresses to more than the bound: decompression stops there.
        let bomb = try gzipped(String(repeating: "0", count: 8 << 20))
        let compressed = try #require(try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int)
        #expect(compressed < (64 << 10))
        #expect(message { try TextFile.bytes(bomb, maxBytes: 1 << 20) }?.contains("at most 1 MB once decompressed") == true)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import HTTPTypes
import Logging
import ServiceLifecycle
@testable import MaillageServer

/// A live server on a loopback port for the duration of `body`, and a client that talks to it
/// as HTTP/1.1 clients do: it keeps its connection between requests unless the server said
/// `Connection: close`, so a server that closes a kept-alive connection without saying so fails
/// the next request.
///
/// The client is a plain socket rather than AsyncHTTPClient (which HummingbirdTesting brings):
/// that library and its TLS and HTTP/2 dependencies would double the test build, and these
/// tests need to see the connection itself.
func live<T: Sendable>(_ server: MaillageServer, _ body: (TestClient) async throws -> T) async throws -> T {
    let (ports, announce) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "maillage-serve-test")
    logger.logLevel = .warning
    let app = server.application(logger: logger) { port in announce.yield(port) }
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    let running = Task { try await group.run() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
        running.cancel()
        throw TestClient.Failure("the server did not start")
    }
    let client = TestClient(port: port)
    do {
        let value = try await body(client)
        client.close()
        await group.triggerGracefulShutdown()
        try await running.value
        return value
    } catch {
        client.close()
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        throw error
    }
}

/// An answer as the tests read it.
struct TestResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
    /// Whether the server said it closes the connection after this answer.
    var closes: Bool { headers[.connection]?.lowercased() == "close" }
}

/// An HTTP/1.1 client over one kept-alive loopback connection (see ``live(_:_:)``). Socket I/O
/// runs on Dispatch threads, never on the Swift concurrency pool the server's handlers share.
final class TestClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    let port: Int
    private let lock = NSLock()
    private var socket: Int32 = -1
    /// Connections opened so far, and answers that said `Connection: close`.
    private(set) var connectionsOpened = 0
    private(set) var closingAnswers = 0

    init(port: Int) { self.port = port }

    deinit { close() }

    func close() {
        lock.withLock {
            if socket >= 0 { Glibc.close(socket) }
            socket = -1
        }
    }

    /// Sends a request and reads its answer. Requests of one client go one at a time on its
    /// connection; concurrent requests need one client each (``fresh()``).
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        let request = Self.encode(uri: uri, method: method, headers: headers, body: body, port: port)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.lock.withLock { try self.exchange(request) } })
            }
        }
    }

    /// ``execute(uri:method:headers:body:)``, then `check` on the answer.
    @discardableResult
    func execute<T>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                    _ check: (TestResponse) async throws -> T) async throws -> T {
        try await check(try await execute(uri: uri, method: method, headers: headers, body: body))
    }

    /// Another client of the same server, on its own connection.
    func fresh() -> TestClient { TestClient(port: port) }

    static func encode(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?, port: Int) -> [UInt8] {
        var head = "\(method.rawValue) \(uri) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for field in headers { head += "\(field.name.rawName): \(field.value)\r\n" }
        let bytes = body.map { Array($0.readableBytesView) } ?? []
        if body != nil || method == .post { head += "Content-Length: \(bytes.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + bytes
    }

    /// One request and its answer on the kept connection (opened when there is none). A
    /// connection the server closed without saying so is a failure, not something to retry.
    private func exchange(_ request: [UInt8]) throws -> TestResponse {
        if socket < 0 { try connect() }
        try write(request)
        let response = try read()
        if response.closes {
            closingAnswers += 1
            Glibc.close(socket)
            socket = -1
        }
        return response
    }

    private func connect() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        // A test that waits longer than this has hung: fail it instead.
        var timeout = timeval(tv_sec: 300, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            Glibc.close(fd)
            throw Failure("connect to port \(port): \(String(cString: strerror(errno)))")
        }
        socket = fd
        connectionsOpened += 1
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure("the server closed the connection while the request was sent: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    /// Bytes received but not yet consumed.
    private var pending: [UInt8] = []

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
        if n == 0 { throw Failure("the server closed the connection without an answer (and had not said Connection: close)") }
        guard n > 0 else { throw Failure("receiving: \(String(cString: strerror(errno)))") }
        pending += chunk[0..<n]
    }

    private func line() throws -> String {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: ["\r"])
                pending.removeFirst(end + 1)
                return text
            }
            try fill()
        }
    }

    private func bytes(_ count: Int) throws -> [UInt8] {
        while pending.count < count { try fill() }
        let out = Array(pending[..<count])
        pending.removeFirst(count)
        return out
    }

    /// Reads one answer: status line, header fields, then a body framed by Content-Length or
    /// chunked transfer coding.
    private func read() throws -> TestResponse {
        let status = try line().split(separator: " ", maxSplits: 2)
        guard status.count >= 2, status[0].hasPrefix("HTTP/1."), let code = Int(status[1]) else {
            throw Failure("expected an HTTP/1.1 status line, found \(status)")
        }
        var headers = HTTPFields()
        while true {
            let field = try line()
            if field.isEmpty { break }
            guard let colon = field.firstIndex(of: ":"), let name = HTTPField.Name(String(field[..<colon])) else {
                throw Failure("expected a header field, found '\(field)'")
            }
            headers.append(HTTPField(name: name, value: field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body: [UInt8] = []
        if headers[.transferEncoding]?.lowercased() == "chunked" {
            while true {
                guard let size = Int(try line().split(separator: ";")[0], radix: 16) else { throw Failure("expected a chunk size") }
                if size == 0 { _ = try line(); break }
                body += try bytes(size)
                _ = try line()
            }
        } else if let length = headers[.contentLength].flatMap(Int.init) {
            body = try bytes(length)
        }
        return TestResponse(status: HTTPResponse.Status(code: code), headers: headers, body: ByteBuffer(bytes: body))
    }
}

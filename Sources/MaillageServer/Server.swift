import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Logging
import MaillageFoundation

/// How `maillage serve` runs.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The bearer token every API call must carry; required when bound beyond loopback.
    public var token: String?
    /// Simulations run at once; the rest wait in the queue.
    public var jobs = 1
    /// Requests waiting for a simulation beyond which the API answers 503.
    public var queueLimit = 8
    /// The largest request body taken (413 beyond).
    public var maxBodyBytes = 16 * 1024
    /// Threads each simulation uses.
    public var threads = 1

    public init() {}

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// The web application: the page, its assets, and the JSON API under `/api/v1`, over one
/// ``Evaluator``, one ``ResultStore`` and one ``WorkPool``.
public struct MaillageServer: Sendable {
    public let settings: ServerSettings
    public let evaluator: Evaluator
    public let store: ResultStore
    public let pool: WorkPool

    public init(settings: ServerSettings, evaluator: Evaluator, store: ResultStore) {
        self.settings = settings
        self.evaluator = evaluator
        self.store = store
        pool = WorkPool(slots: settings.jobs, queueLimit: settings.queueLimit)
    }

    /// The application, bound as the settings say; `onRunning` is told the port once it listens.
    public func application(logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "maillage-serve")
        if logger.logLevel > .notice { logger.logLevel = .notice }
        return Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "maillage"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// Every route, behind the error and token middleware.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ClosingPOSTMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: TokenMiddleware(token: settings.token))
        router.get("/") { _, _ in Self.asset(PageAssets.index, type: "text/html; charset=utf-8") }
        router.get("/words.js") { _, _ in Self.asset(PageAssets.wordsScript, type: "text/javascript; charset=utf-8") }
        router.get("/app.js") { _, _ in Self.asset(PackageResources.app_js, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.asset(PackageResources.app_css, type: "text/css; charset=utf-8") }
        router.add(middleware: CollectingPOSTMiddleware(limit: settings.maxBodyBytes))
        // The API's routes, generated from Web/openapi.json (``API``); its paths start with /api/v1.
        do {
            try API(server: self).registerHandlers(on: router, serverURL: URL(string: "/")!, configuration: .init(jsonEncodingOptions: [.sortedKeys]),
                                                    middlewares: [RequestChecks(server: self)])
        } catch {
            preconditionFailure("the API's routes could not be registered: \(error)")
        }
        return router
    }

    /// A try's request, read from its body: a listed territory, or a national one where the
    /// server has the national files.
    func evaluationRequest(_ body: Data) throws -> EvaluationRequest {
        try EvaluationRequest.parse(body, territories: evaluator.catalog.ids, national: evaluator.catalog.national != nil)
    }

    /// Keeps a try's answer in the store under `key`, with the line the tries table shows, and
    /// returns its document (the evaluation as the API writes it).
    func keep(_ answer: Evaluator.Answer, of request: EvaluationRequest, key: String) throws -> Data {
        let evaluation = answer.evaluation
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = try encoder.encode(evaluation)
        // The tries table compares tries side by side by this line.
        func mean(_ name: String) -> Double? { evaluation.metrics.first { $0.name == name }?.with.mean }
        let na = Words.text("vocabulary.not_available", .en), naFr = Words.text("vocabulary.not_available", .fr)
        let net = mean("jobs_added_net").map(Self.whole) ?? na
        let cost = mean("cost_per_job_eur").map { Self.whole($0) + " EUR" } ?? na
        let coverage = mean("coverage_rate").map { String(format: "%.1f%%", 100 * $0) } ?? na
        let summary = Words.text("serve.try_summary", .en, ["budget": EvaluationRequest.describe(budgetEur: request.budgetEur, split: request.split),
                                                             "months": String(request.horizonMonths), "net": net, "cost": cost, "coverage": coverage])
        let netFr = mean("jobs_added_net").map { ($0 > 0.5 ? "+" : "") + Numerals.grouped($0, decimals: 0, french: true) } ?? naFr
        let costFr = mean("cost_per_job_eur").map { Numerals.grouped($0, decimals: 0, french: true) + "\u{00A0}€" } ?? naFr
        let coverageFr = mean("coverage_rate").map { Numerals.grouped(100 * $0, decimals: 1, french: true) + "\u{00A0}%" } ?? naFr
        let summaryFr = Words.text("serve.try_summary", .fr, ["budget": EvaluationRequest.describeFr(budgetEur: request.budgetEur, split: request.split),
                                                               "months": String(request.horizonMonths), "net": netFr, "cost": costFr, "coverage": coverageFr])
        try store.save(key: key, createdAt: evaluation.createdAt, territory: request.territory, summary: summary, summaryFr: summaryFr,
                       document: document, maps: try encoder.encode(answer.maps))
        return document
    }

    /// A number rounded to a whole one for the tries table; beyond Int's range (a cost per job
    /// near zero jobs can reach 1.8e308) in scientific notation, never a trap.
    static func whole(_ x: Double) -> String {
        abs(x) < 1e15 ? String(Int(x.rounded())) : String(format: "%.3g", x)
    }

    static func asset(_ bytes: [UInt8], type: String) -> Response {
        response(.ok, type: type, body: Data(bytes), headers: [.cacheControl: "no-cache"])
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return response(status, type: "application/json", body: try encoder.encode(value))
    }

    static func response(_ status: HTTPResponse.Status, type: String, body: Data, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = type
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error into a JSON answer: 400 naming the field for a bad request, 413 over the
/// size limit, 404, 401, 503 with `Retry-After` when the queue is full, 500 otherwise (the
/// message only, never a trace).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    struct Body: Encodable {
        struct Fault: Encodable {
            var message: String
            var field: String?
            var expected: String?
            var found: String?
        }
        var error: Fault
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as ServerError {
            // An API call's error, wrapped by the generated code: the server's own is answered as
            // when thrown directly; one of the generated decoding (a body or parameter the checks
            // let through) keeps its status (400, 415…) and gives its cause.
            if e.underlyingError is RequestError || e.underlyingError is InputError || e.underlyingError is WorkPool.Busy
                || e.underlyingError is any HTTPResponseError || e.underlyingError is CancellationError {
                return try await handle(request, context: context) { _, _ in throw e.underlyingError }
            }
            if e.httpStatus != .internalServerError {
                return try MaillageServer.json(Body(error: .init(message: "\(e.causeDescription): \(e.underlyingError)")), status: e.httpStatus)
            }
            context.logger.error("\(request.method) \(request.uri.path): \(e.underlyingError)")
            return try MaillageServer.json(Body(error: .init(message: "internal error: \(e.underlyingError)")), status: .internalServerError)
        } catch let e as RequestError {
            return try MaillageServer.json(Body(error: .init(message: e.description, field: e.field, expected: e.expected, found: e.found)),
                                           status: .badRequest)
        } catch let e as InputError {
            return try MaillageServer.json(Body(error: .init(message: e.description, field: e.field)), status: .unprocessableContent)
        } catch is WorkPool.Busy {
            var response = try MaillageServer.json(Body(error: .init(message: "every simulation slot is busy and the queue is full; try again shortly")),
                                                   status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        } catch let e as any HTTPResponseError {
            let message: String
            switch e.status {
            case .notFound: message = (e as? HTTPError)?.body ?? "no such route: \(request.method) \(request.uri.path.prefix(100))"
            case .contentTooLarge: message = "the request body is over the limit of the server"
            default: message = (e as? HTTPError)?.body ?? e.status.reasonPhrase
            }
            var response = try MaillageServer.json(Body(error: .init(message: message)), status: e.status)
            for field in (e as? HTTPError)?.headers ?? [:] { response.headers.append(field) }
            return response
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return try MaillageServer.json(Body(error: .init(message: "internal error: \(error)")), status: .internalServerError)
        }
    }
}

/// Collects a POST's body (at most `limit` bytes, 413 beyond) and answers it within a task that
/// is cancelled when the connection's inbound side closes: a visitor who closes the page stops
/// their simulation. Watching the inbound side ends the connection's request stream, so the
/// server closes the connection after the answer, and says so (``ClosingPOSTMiddleware``).
struct CollectingPOSTMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        return try await request.body.consumeWithCancellationOnInboundClose { body in
            var collected = request
            collected.body = RequestBody(buffer: try await body.collect(upTo: limit))
            return try await next(collected, context)
        }
    }
}

/// Marks every answer to a POST `Connection: close` (RFC 9112, 9.6). The POST routes watch the
/// connection for the client going away (``CollectingPOSTMiddleware``), which ends its request stream: the server closes the connection after the answer, and a
/// client that keeps connections (Python's `http.client`, a browser) must know to open another.
/// Answers to GETs keep the connection.
struct ClosingPOSTMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if request.method == .post { response.headers[.connection] = "close" }
        return response
    }
}

/// With a token set, every `/api/` call must carry `Authorization: Bearer <token>`, or a GET
/// `?access_token=<token>` (401 otherwise).
/// The page and its assets are public: the page asks for the token and sends it.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, request.uri.path.hasPrefix("/api/") {
            let header = request.headers[.authorization] ?? ""
            // Links and images cannot send headers: a GET may carry the token as `access_token` (RFC 6750, 2.3).
            let query = request.method == .get ? request.uri.queryParameters.get("access_token") : nil
            guard Self.equal(header, "Bearer " + token) || query.map({ Self.equal($0, token) }) == true else {
                throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "this server requires a bearer token (Authorization: Bearer <token>)")
            }
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the texts differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return difference == 0
    }
}

/// At most `slots` simulations at once and `queueLimit` waiting; beyond, ``Busy``.
public actor WorkPool {
    public struct Busy: Error {}
    let slots: Int, queueLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(slots: Int, queueLimit: Int) {
        self.slots = max(1, slots)
        self.queueLimit = max(0, queueLimit)
    }

    /// Runs `work` when a slot is free.
    /// - Throws: ``Busy`` at once when every slot is taken and the queue is full.
    public func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if running < slots {
            running += 1
        } else {
            guard waiting.count < queueLimit else { throw Busy() }
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { release() }
        return try await work()
    }

    private func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Simulations running and waiting, for tests and logs.
    public var load: (running: Int, waiting: Int) { (running, waiting.count) }
}

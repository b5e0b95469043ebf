import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime

/// Checks each API call's parameters and body before the generated code decodes them, and
/// refuses a bad one with the field, what was expected and what was found (``RequestError``,
/// answered as 400), or with 404 for a result file the server does not write. The generated
/// decoding would refuse the same calls, but only with a decoding error's wording; and the
/// document's ranges (`minimum`, `maxLength`…) are not checked by it at all.
struct RequestChecks: ServerMiddleware {
    let server: MaillageServer

    static let noNationalFiles = HTTPError(.notFound, message: "this server has no national files (Scenarios/data/france): it offers its listed territories only")
    static let files = Operations.GetResultFile.Input.Path.FilePayload.allCases.map(\.rawValue)

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws
        -> (HTTPResponse, HTTPBody?)
    {
        let query = Self.query(request.path ?? "")
        switch operationID {
        case "searchTerritories":
            guard server.evaluator.catalog.national != nil else { throw Self.noNationalFiles }
            let text = query["q"] ?? ""
            guard (1...100).contains(text.count) else {
                throw RequestError(field: "q", expected: "a code or part of a name, 1 to 100 characters", found: text.isEmpty ? "nothing" : "\(text.count) characters")
            }
            if let raw = query["limit"] {
                guard let n = Int(raw), (1...100).contains(n) else {
                    throw RequestError(field: "limit", expected: "a whole number from 1 to 100", found: "'\(raw.prefix(20))'")
                }
            }
        case "getResult", "getResultFile":
            let key = metadata.pathParameters["key"].map(String.init) ?? ""
            guard key.count == 16, key.allSatisfy(\.isHexDigit) else {
                throw RequestError(field: "key", expected: "a result key of 16 hexadecimal digits", found: "'\(key.prefix(40))'")
            }
            guard operationID == "getResultFile" else { break }
            let file = metadata.pathParameters["file"].map(String.init) ?? ""
            guard Self.files.contains(file) else {
                throw HTTPError(.notFound, message: "no file \(file.prefix(60)); expected \(Self.files.joined(separator: ", "))")
            }
            if let lang = query["lang"], lang != "fr", lang != "en" {
                throw RequestError(field: "lang", expected: "fr or en", found: "'\(lang.prefix(20))'")
            }
        case "evaluate", "plausible", "optimise":
            // The body was collected within the server's limit (``CollectingPOSTMiddleware``).
            let data = try await Data(collecting: body ?? HTTPBody(), upTo: server.settings.maxBodyBytes)
            let catalog = server.evaluator.catalog
            if operationID == "optimise" {
                _ = try OptimisationRequest.parse(data, territories: catalog.ids, national: catalog.national != nil)
            } else {
                _ = try server.evaluationRequest(data)
            }
            return try await next(request, HTTPBody(data), metadata)
        default:
            break
        }
        return try await next(request, body, metadata)
    }

    /// The query's parameters, percent-decoded (the first of a repeated name).
    static func query(_ path: String) -> [String: String] {
        guard let items = URLComponents(string: path)?.queryItems else { return [:] }
        var values: [String: String] = [:]
        for item in items where values[item.name] == nil { values[item.name] = item.value ?? "" }
        return values
    }
}

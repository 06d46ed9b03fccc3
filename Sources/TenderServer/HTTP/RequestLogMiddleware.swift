import Vapor

/// One log line per request with its id. At info level it names the route pattern, never the
/// concrete path: a bid id in a path must not tell a log reader that a bid exists (招标投标法 art. 22).
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        if let incoming = request.headers.first(name: "X-Request-Id"), Self.isSafe(incoming) {
            request.logger[metadataKey: "request-id"] = .string(incoming)
        }
        let response = try await next.respond(to: request)
        let id = request.logger[metadataKey: "request-id"].map { "\($0)" } ?? request.id
        response.headers.replaceOrAdd(name: "X-Request-Id", value: id)
        let elapsed = ContinuousClock.now - start
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        // An autoclosure: nothing below is built when info is not logged.
        request.logger.info("\(request.method) \(request.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? "(no route)") \(response.status.code) \(tenths / 10).\(tenths % 10)ms")
        request.logger.debug("path \(request.url.path)")
        return response
    }

    static func isSafe(_ s: String) -> Bool {
        s.count <= 128 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

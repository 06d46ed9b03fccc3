import CoreMetrics
import Foundation
import Vapor

/// One log line per request with its id. At info level it names the route pattern, never the
/// concrete path: a bid id in a path must not tell a log reader that a bid exists (招标投标法 art. 22).
///
/// The request id is the client's `X-Request-Id` only when it is a short safe token (at most 64
/// letters, digits, `-`, `_`, `.`); anything else (long, spaces, markup) is replaced by a new id, so
/// what the client sends never reaches a response header, an error body or a log line unchecked.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let id = request.headers.first(name: "X-Request-Id").flatMap { Self.isSafe($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        request.storage[SafeRequestIdKey.self] = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: id)
        let elapsed = ContinuousClock.now - start
        HTTPMetrics.record(request, status: response.status.code, elapsed: elapsed)
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        // An autoclosure: nothing below is built when info is not logged.
        request.logger.info(
            "\(request.method) \(request.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? "(no route)") \(response.status.code) \(tenths / 10).\(tenths % 10)ms"
        )
        request.logger.debug("path \(request.url.path)")
        return response
    }

    static let maxIdLength = 64

    static func isSafe(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= maxIdLength
            && s.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e
            }
    }
}

struct SafeRequestIdKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The request id as answered and logged (see `RequestLogMiddleware`); never the raw header.
    var safeRequestId: String { storage[SafeRequestIdKey.self] ?? "unassigned" }
}

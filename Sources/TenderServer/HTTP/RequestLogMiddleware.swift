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
        request.logger.info("\(request.method) \(request.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? "(no route)") \(response.status.code) \(tenths / 10).\(tenths % 10)ms")
        request.logger.debug("path \(request.url.path)")
        return response
    }

    static let maxIdLength = 64

    static func isSafe(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= maxIdLength
            && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e }
    }
}

struct SafeRequestIdKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The request id as answered and logged (see `RequestLogMiddleware`); never the raw header.
    var safeRequestId: String { storage[SafeRequestIdKey.self] ?? "unassigned" }
}

/// Refuses a NUL anywhere in the URL (`/js/app.js%00.png`, `?q=%00x`) with 400 `invalid_text`:
/// file systems, C libraries and SQLite stop at NUL, so the server would act on a different
/// string than the one it checked.
struct URLGuardMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.hasNUL(request.url.string) {
            throw APIError(.badRequest, "invalid_text", "the URL contains a NUL character (%00)")
        }
        return try await next.respond(to: request)
    }

    static func hasNUL(_ url: String) -> Bool {
        let u = Array(url.utf8)
        if u.contains(0) { return true }
        guard u.count >= 3 else { return false }
        for i in 0..<(u.count - 2) where u[i] == UInt8(ascii: "%") && u[i + 1] == UInt8(ascii: "0") && u[i + 2] == UInt8(ascii: "0") {
            return true
        }
        return false
    }
}

/// The JSON decoder of every request body: refuses the escape `\u0000` with 422 `invalid_text`
/// before decoding (a raw NUL is already invalid JSON), so no text field can carry a NUL.
struct GuardedJSONDecoder: ContentDecoder {
    let decoder = JSONDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body.readableBytesView)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try decode(D.self, from: body.readableBytesView)
    }

    func decode<D: Decodable, C: Collection>(_ type: D.Type, from bytes: C) throws -> D where C.Element == UInt8 {
        let data = Data(bytes)
        if Self.containsEscapedNUL(data) {
            throw APIError.invalid("invalid_text", "a text field contains NUL (\\u0000), which is not accepted")
        }
        return try decoder.decode(D.self, from: data)
    }

    /// Whether JSON text holds the escape `\u0000` (a backslash pair `\\` is skipped as a whole, so
    /// `"\\u0000"`, the six characters, is not a NUL).
    static func containsEscapedNUL(_ data: Data) -> Bool {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = b.count
            while i < n {
                if b[i] == 0x5c {  // backslash
                    if i + 5 < n, b[i + 1] == 0x75, b[i + 2] == 0x30, b[i + 3] == 0x30, b[i + 4] == 0x30, b[i + 5] == 0x30 { return true }
                    i += 2
                } else {
                    i += 1
                }
            }
            return false
        }
    }
}

/// Request counts and durations per route pattern, in place of Vapor's own (turned off in
/// `configure`). Routes that touch bids one by one (`…/bids…`) are never counted: their 201s per
/// route would tell a scraper how many bids a tender has before its deadline (招标投标法 art. 22).
enum HTTPMetrics {
    static func record(_ request: Request, status: UInt, elapsed: Duration) {
        guard let route = request.route else {
            Counter(label: "http_requests_total", dimensions: [("method", request.method.rawValue), ("path", "(unmatched)"), ("status", String(status))]).increment()
            return
        }
        guard !isBidRoute(route.path) else { return }
        let path = "/" + route.path.map { "\($0)" }.joined(separator: "/")
        let dims = [("method", request.method.rawValue), ("path", path), ("status", String(status))]
        Counter(label: "http_requests_total", dimensions: dims).increment()
        Timer(label: "http_request_duration_seconds", dimensions: [("method", request.method.rawValue), ("path", path)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    static func isBidRoute(_ path: [PathComponent]) -> Bool {
        path.contains { if case .constant("bids") = $0 { return true } else { return false } }
    }
}

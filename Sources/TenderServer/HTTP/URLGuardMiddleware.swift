import CoreMetrics
import Foundation
import Vapor

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

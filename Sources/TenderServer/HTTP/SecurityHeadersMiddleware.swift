import CoreMetrics
import Prometheus
import Vapor

/// Conservative browser headers for the API and the static UI (no inline scripts).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value:
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        )
        if request.isAPI || response.status.code >= 400 {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

extension Request {
    /// Whether the request was routed to the JSON API (known once routing happened; the route's
    /// first component is compared, because `URI.path`/`URI.string` rebuild the URI on every call).
    var isAPI: Bool {
        if case .constant("api")? = route?.path.first { return true }
        return false
    }
}

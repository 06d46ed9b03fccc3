import CoreMetrics
import Prometheus
import Vapor

/// Prometheus exposition of what swift-metrics collects (Vapor's `http_requests_total` and
/// `http_request_duration_seconds`, labelled by route pattern, never by concrete ids).
enum Metrics {
    /// swift-metrics allows one bootstrap per process; tests build many apps in one process.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func bootstrapOnce() { _ = registry }

    static func render() -> String { registry.emitToString() }
}

/// Conservative browser headers for the API and the static UI (no inline scripts).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
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

/// Serves `Static/` from a catch-all GET route, so that API requests, matched by the router first,
/// never cost a file-system lookup.
struct StaticFiles: Sendable {
    let files: FileMiddleware

    struct Missing: AsyncResponder {
        func respond(to request: Request) async throws -> Response { throw Abort(.notFound) }
    }

    func register(_ app: Application) {
        let handler: @Sendable (Request) async throws -> Response = { req in try await files.respond(to: req, chainingTo: Missing()) }
        app.get(use: handler)
        app.get("**", use: handler)
    }
}

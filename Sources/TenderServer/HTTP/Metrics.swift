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
        if request.isAPI {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

extension Request {
    /// Whether the request targets the JSON API, read from the raw request target: `URI.path`
    /// parses the whole URI, which is measurable on the hot path.
    var isAPI: Bool { url.string.hasPrefix("/api/") }
}

/// Serves `Static/` for everything but the API: an API request never costs a file-system lookup.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}

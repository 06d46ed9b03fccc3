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

import CoreMetrics
import Foundation
import Vapor

/// Request counts and durations per route pattern, in place of Vapor's own (turned off in
/// `configure`). Routes that touch bids one by one (`…/bids…`) are never counted: their 201s per
/// route would tell a scraper how many bids a tender has before its deadline (招标投标法 art. 22).
enum HTTPMetrics {
    static func record(_ request: Request, status: UInt, elapsed: Duration) {
        guard let route = request.route else {
            Counter(
                label: "http_requests_total",
                dimensions: [("method", request.method.rawValue), ("path", "(unmatched)"), ("status", String(status))]
            ).increment()
            return
        }
        guard !isBidRoute(route.path) else { return }
        let path = "/" + route.path.map { "\($0)" }.joined(separator: "/")
        let dims = [("method", request.method.rawValue), ("path", path), ("status", String(status))]
        Counter(label: "http_requests_total", dimensions: dims).increment()
        Timer(
            label: "http_request_duration_seconds", dimensions: [("method", request.method.rawValue), ("path", path)],
            preferredDisplayUnit: .seconds
        )
        .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    static func isBidRoute(_ path: [PathComponent]) -> Bool {
        path.contains { if case .constant("bids") = $0 { return true } else { return false } }
    }
}

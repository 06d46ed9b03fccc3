import CoreMetrics
import Prometheus
import Vapor

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

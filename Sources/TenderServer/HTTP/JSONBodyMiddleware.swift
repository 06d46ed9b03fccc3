import Vapor

/// The API speaks JSON: a request body in any other media type is refused with 415 before a
/// handler tries to decode it.
struct JSONBodyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if [.POST, .PUT, .PATCH].contains(request.method), (request.body.data?.readableBytes ?? 0) > 0 || request.body.data == nil,
            let type = request.headers.contentType, type != .json
        {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the request body as application/json")
        }
        return try await next.respond(to: request)
    }
}

import Vapor

/// The API speaks JSON: a request body in any other media type is refused with 415 before a
/// handler tries to decode it.
struct JSONBodyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if [.POST, .PUT, .PATCH].contains(request.method), (request.body.data?.readableBytes ?? 0) > 0 || request.body.data == nil,
            let raw = request.headers.first(name: .contentType), !Self.isPlainJSON(raw),
            let type = request.headers.contentType, type != .json
        {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the request body as application/json")
        }
        return try await next.respond(to: request)
    }

    /// `application/json`, optionally with `; charset=utf-8`: decided without Vapor's general
    /// media-type parser, which is measurable on the bid-submission hot path.
    static func isPlainJSON(_ raw: String) -> Bool {
        let u = raw.utf8
        let json = "application/json".utf8
        guard u.count >= json.count, zip(u, json).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return false }
        let rest = raw.utf8.dropFirst(json.count)
        return rest.isEmpty || rest.first == UInt8(ascii: ";")
    }
}

extension Request {
    /// Decodes a JSON body directly when it is declared `application/json`, else through Vapor's
    /// content negotiation; both throw the same `DecodingError`s for the error middleware.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        if let raw = headers.first(name: .contentType), JSONBodyMiddleware.isPlainJSON(raw), let body = body.data, body.readableBytes > 0 {
            return try GuardedJSONDecoder().decode(T.self, from: body.readableBytesView)
        }
        return try content.decode(T.self)
    }
}

extension Response {
    static func json(_ status: HTTPResponseStatus, bytes: [UInt8]) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: status, headers: headers, body: .init(buffer: buffer))
    }
}

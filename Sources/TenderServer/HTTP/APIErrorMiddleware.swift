import FluentKit
import TenderDomain
import Vapor

/// Turns every error into the JSON error body with a stable code. Client mistakes become 4xx;
/// anything unexpected is logged with the request id and answered 500 without internals.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let api = Self.map(error, request: request)
            let body = ErrorBody(error: .init(code: api.code, message: api.message, field: api.field, requestId: request.safeRequestId))
            let response = Response(status: api.status, headers: api.headers)
            try response.content.encode(body, as: .json)
            return response
        }
    }

    static func map(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as RuleViolation:
            return APIError(.unprocessableEntity, e.code, e.message, field: e.field)
        case let e as StateConflict:
            return APIError(.conflict, e.code, e.message)
        case let e as DecodingError:
            return decoding(e)
        case let e as any AbortError:
            return abort(e)
        default:
            if let db = error as? any DatabaseError, db.isConstraintFailure {
                return APIError(.conflict, "conflict", "the change conflicts with existing data")
            }
            request.logger.error("unexpected error: \(String(reflecting: error))")
            return APIError(.internalServerError, "internal_error", "an internal error occurred; quote the request id when reporting it")
        }
    }

    static func decoding(_ e: DecodingError) -> APIError {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch e {
        case .typeMismatch(let type, let ctx):
            return .invalid(
                "invalid_field", "field '\(path(ctx.codingPath))' has the wrong type (expected \(type))", field: path(ctx.codingPath))
        case .valueNotFound(_, let ctx):
            return .invalid("missing_field", "field '\(path(ctx.codingPath))' must not be null", field: path(ctx.codingPath))
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return .invalid("missing_field", "field '\(p)' is required", field: p)
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                return APIError(.badRequest, "malformed_json", "the request body is not valid JSON")
            }
            return .invalid("invalid_field", "field '\(path(ctx.codingPath))' has an invalid value", field: path(ctx.codingPath))
        @unknown default:
            return APIError(.badRequest, "malformed_json", "the request body could not be read")
        }
    }

    static func abort(_ e: any AbortError) -> APIError {
        let code: String
        switch e.status {
        case .badRequest: code = "bad_request"
        case .unauthorized: code = "unauthorized"
        case .forbidden: code = "forbidden"
        case .notFound: code = "not_found"
        case .methodNotAllowed: code = "method_not_allowed"
        case .payloadTooLarge: code = "payload_too_large"
        case .unsupportedMediaType: code = "unsupported_media_type"
        case .unprocessableEntity: code = "invalid_request"
        case .tooManyRequests: code = "too_many_requests"
        default: code = e.status.code >= 500 ? "internal_error" : "bad_request"
        }
        let message: String
        switch e.status {
        case .payloadTooLarge: message = "the request body is larger than the limit"
        case .notFound: message = "no such resource"
        case .unsupportedMediaType: message = "send the body as application/json"
        default: message = e.status.code >= 500 ? "an internal error occurred" : e.reason
        }
        var api = APIError(e.status.code >= 500 ? .internalServerError : e.status, code, message)
        api.headers = e.headers
        api.headers.remove(name: .contentType)
        return api
    }
}

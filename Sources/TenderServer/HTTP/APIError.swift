import Vapor

/// An error answered with the JSON body of docs/DESIGN.md §9: `{"error":{"code","message"}}`.
public struct APIError: Error, Sendable {
    public let status: HTTPResponseStatus
    public let code: String
    public let message: String
    public var field: String?
    public var headers: HTTPHeaders = [:]

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "\(what) not found") }
    public static func forbidden(_ message: String = "your role does not allow this") -> APIError {
        APIError(.forbidden, "forbidden", message)
    }
    public static func unauthorized(_ message: String = "a valid bearer token is required") -> APIError {
        APIError(.unauthorized, "unauthorized", message)
    }
    public static func invalid(_ code: String, _ message: String, field: String? = nil) -> APIError {
        APIError(.unprocessableEntity, code, message, field: field)
    }
    public static func conflict(_ code: String, _ message: String) -> APIError { APIError(.conflict, code, message) }
}

struct ErrorBody: Content {
    struct Detail: Content {
        let code: String
        let message: String
        let field: String?
        let requestId: String?
    }
    let error: Detail
}

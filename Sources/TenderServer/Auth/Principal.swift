import TenderDomain
import Vapor

/// The authenticated caller of a request.
struct Principal: Sendable {
    let userId: String
    let role: Role
    let email: String
    let name: String
    let tokenHash: String
}

struct PrincipalKey: StorageKey {
    typealias Value = Principal
}

extension Request {
    var principal: Principal? { storage[PrincipalKey.self] }

    /// The caller, who must be logged in and hold one of `roles` (any role when empty).
    func require(_ roles: Role...) throws -> Principal {
        guard let p = principal else { throw APIError.unauthorized() }
        guard roles.isEmpty || roles.contains(p.role) else {
            throw APIError.forbidden("this action needs the role \(roles.map(\.rawValue).joined(separator: " or "))")
        }
        return p
    }
}

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

    /// The caller, who must be logged in (any role).
    func require() throws -> Principal {
        guard let p = principal else { throw APIError.unauthorized() }
        return p
    }

    /// The caller, who must be logged in with a role that holds `permission` (the domain's table).
    func require(_ permission: Permission) throws -> Principal {
        let p = try require()
        guard p.role.may(permission) else {
            let roles = Role.allCases.filter(permission.roles.contains).map(\.rawValue)
            throw APIError.forbidden("this action needs the role \(roles.joined(separator: " or "))")
        }
        return p
    }
}

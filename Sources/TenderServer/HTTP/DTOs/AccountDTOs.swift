import TenderDomain
import Vapor

struct RegisterRequest: Content {
    let email: String
    let password: String
    let name: String
    let registrationNumber: String
}

struct LoginRequest: Content {
    let email: String
    let password: String
}

struct UserResponse: Content {
    let id: String
    let email: String
    let role: String
    let name: String
    let createdAt: String
    /// Set while an admin has deactivated the account.
    let disabledAt: String?
    /// The staff account's department (docs/DESIGN.md §10).
    let departmentId: String?

    init(_ u: UserRecord) {
        id = u.id
        email = u.email
        role = u.role.rawValue
        name = u.name
        createdAt = Timestamp.format(milliseconds: u.createdAt)
        disabledAt = u.disabledAt.map { Timestamp.format(milliseconds: $0) }
        departmentId = u.departmentId
    }
}

struct TokenResponse: Content {
    let token: String
    let expiresAt: String
    let user: UserResponse
}

struct CreateUserRequest: Content {
    let email: String
    let password: String
    let role: String
    let name: String
    let departmentId: String?
}

struct UserList: Content {
    let items: [UserResponse]
    let metadata: PageMetadata
}

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

    init(_ u: UserRecord) {
        id = u.id
        email = u.email
        role = u.role.rawValue
        name = u.name
        createdAt = Timestamp.format(milliseconds: u.createdAt)
        disabledAt = u.disabledAt.map { Timestamp.format(milliseconds: $0) }
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
}

struct UserList: Content {
    let items: [UserResponse]
    let metadata: PageMetadata
}

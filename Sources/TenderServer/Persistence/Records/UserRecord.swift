import Foundation
import SQLKit
import TenderDomain

struct UserRecord: Sendable {
    let id: String
    let email: String
    let role: Role
    let name: String
    let createdAt: Int64
    /// When an admin deactivated the account (staff only); nil while active.
    var disabledAt: Int64? = nil
    /// The department a staff account belongs to (docs/DESIGN.md §10).
    var departmentId: String? = nil

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        email = try row.decode(column: "email", as: String.self)
        role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .vendor
        name = try row.decode(column: "name", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        disabledAt = try row.decode(column: "disabled_at", as: Int64?.self)
        departmentId = try row.decode(column: "department_id", as: String?.self)
    }

    init(id: String, email: String, role: Role, name: String, createdAt: Int64, departmentId: String? = nil) {
        self.id = id
        self.email = email
        self.role = role
        self.name = name
        self.createdAt = createdAt
        self.departmentId = departmentId
    }
}

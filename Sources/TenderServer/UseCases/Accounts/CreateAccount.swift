import FluentKit
import Foundation
import TenderDomain
import Vapor

/// A new account: a vendor registering itself (with its registration number), or a staff account
/// an admin (or the command line, or the bootstrap) creates. One transaction with its audit entry;
/// a taken e-mail or registration number answers 409.
struct CreateAccount {
    let app: Application

    /// A staff account may belong to a department; a requester must (it files for its department).
    func run(
        email: String, password: String, role: Role, name: String, registrationNumber: String?, createdBy: String?,
        departmentId: String? = nil
    ) async throws -> UserRecord {
        let sql = app.db.sql
        if role == .requester, departmentId == nil {
            throw APIError.invalid(
                "department_required", "a requester files requests for its department: give departmentId", field: "departmentId")
        }
        if let departmentId {
            guard role.isStaff, try await DepartmentStore.find(sql, id: departmentId) != nil else {
                throw APIError.invalid("unknown_department", "departmentId names no department", field: "departmentId")
            }
        }
        let hash = try await Passwords.hash(password, app: app)
        let user = UserRecord(
            id: newID(), email: email, role: role, name: name, createdAt: app.tender.nowMillis, departmentId: departmentId)
        if try await AccountStore.emailTaken(sql, email) {
            throw APIError.conflict("email_taken", "an account with this e-mail already exists")
        }
        if let registrationNumber, try await AccountStore.registrationNumberTaken(sql, registrationNumber) {
            throw APIError.conflict("registration_number_taken", "a vendor with this registration number already exists")
        }
        do {
            try await inTransaction(app.db, gate: app.tender.writeGate) { tx in
                try await AccountStore.insertUser(tx, user, passwordHash: hash, createdBy: createdBy)
                if let registrationNumber {
                    try await AccountStore.insertVendor(tx, userId: user.id, registrationNumber: registrationNumber, at: user.createdAt)
                }
                // Staff accounts an admin creates are in the audit chain (who gave whom which powers).
                if let createdBy {
                    try await AuditStore.append(
                        tx, at: user.createdAt, actor: createdBy, action: .userCreated, tenderId: nil,
                        details: [
                            "userId": user.id, "role": role.rawValue, "departmentId": departmentId,
                        ].compactMapValues { $0 })
                } else if role == .vendor {
                    // Self-registration: the vendor is its own actor.
                    try await AuditStore.append(
                        tx, at: user.createdAt, actor: user.id, action: .vendorRegistered, tenderId: nil,
                        details: [
                            "userId": user.id, "registrationNumber": registrationNumber ?? "",
                        ])
                }
            }
        } catch  where error.isUniqueViolation {
            // Lost a race with a concurrent registration of the same e-mail or number.
            throw APIError.conflict("email_taken", "an account with this e-mail or registration number already exists")
        }
        return user
    }

    /// With TENDER_ADMIN_EMAIL and TENDER_ADMIN_PASSWORD set, the first start creates that admin
    /// when no admin exists yet.
    static func bootstrapAdmin(_ app: Application) async throws {
        let config = app.tender.config
        guard let rawEmail = config.adminEmail, let password = config.adminPassword else { return }
        if try await AccountStore.hasAdmin(app.sql) { return }
        let email = try Validate.email(rawEmail)
        try Validate.password(password)
        _ = try await CreateAccount(app: app).run(
            email: email, password: password, role: .admin, name: "Administrator", registrationNumber: nil, createdBy: nil)
        app.logger.notice("created the bootstrap admin \(email)")
    }
}

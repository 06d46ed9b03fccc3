import Foundation
import TenderDomain
import Testing

@testable import TenderServer

let adminEmail = "admin@example.com"
let adminPassword = "admin-password-1"
let testPassword = "correct-horse-1"

extension TestApp {
    static func withAdmin(_ extra: [String: String] = [:]) -> [String: String] {
        var env = extra
        env["TENDER_ADMIN_EMAIL"] = adminEmail
        env["TENDER_ADMIN_PASSWORD"] = adminPassword
        return env
    }

    func login(_ email: String, _ password: String = testPassword) async throws -> String {
        let r = try await request(.POST, "/api/v1/auth/login", json: ["email": email, "password": password])
        #expect(r.status == .ok, "login \(email): \(r.body)")
        return try #require(r.string("token"))
    }

    func adminToken() async throws -> String { try await login(adminEmail, adminPassword) }

    /// Creates a staff account through the admin API and logs it in.
    func staff(_ role: String, _ email: String? = nil, department: String? = nil) async throws -> (token: String, id: String) {
        let admin = try await adminToken()
        let mail = email ?? "\(role)-\(UUID().uuidString.prefix(8))@example.com"
        var body: [String: Any] = ["email": mail, "password": testPassword, "role": role, "name": "\(role) user"]
        if let department { body["departmentId"] = department }
        let r = try await request(.POST, "/api/v1/users", json: body, token: admin)
        #expect(r.status == .created, "create \(role): \(r.body)")
        return (try await login(mail), try #require(r.string("id")))
    }

    /// Registers a vendor; returns its token and id.
    func vendor(_ name: String = "Vendor") async throws -> (token: String, id: String) {
        let suffix = UUID().uuidString.prefix(8)
        let r = try await request(
            .POST, "/api/v1/auth/register",
            json: [
                "email": "v-\(suffix)@example.com", "password": testPassword, "name": "\(name) \(suffix)",
                "registrationNumber": "91310000\(suffix)",
            ])
        #expect(r.status == .created, "register: \(r.body)")
        let user = try #require(r["user"] as? [String: Any])
        return (try #require(r.string("token")), try #require(user["id"] as? String))
    }

    func at(_ offsetSeconds: TimeInterval) -> String {
        Timestamp.format(clock.now.addingTimeInterval(offsetSeconds))
    }
}

let day: TimeInterval = 86_400

/// A valid tender body: deadlines 30 and 31 days out, price 60 + technical 40, one qualification.
func tenderBody(_ t: TestApp, _ overrides: [String: Any] = [:]) -> [String: Any] {
    var body: [String: Any] = [
        "title": "Data centre cleaning services 2027",
        "description": "Outsourced cleaning of two data centre halls for 24 months.",
        "category": "services",
        "budget": ["amount": "1500000.00", "currency": "CNY"],
        "submissionDeadline": t.at(30 * day),
        "revealDeadline": t.at(31 * day),
        "criteria": [
            ["key": "price", "type": "price", "weight": 60],
            ["key": "technical", "name": "Technical proposal", "type": "scored", "weight": 40, "maxScore": 40],
            ["key": "license", "name": "Business licence", "type": "qualification"],
        ],
    ]
    for (k, v) in overrides { body[k] = v }
    return body
}

extension TestApp {
    /// Creates a draft as `token`; returns its id.
    func draft(_ token: String, _ overrides: [String: Any] = [:]) async throws -> String {
        let r = try await request(.POST, "/api/v1/tenders", json: tenderBody(self, overrides), token: token)
        #expect(r.status == .created, "create tender: \(r.body)")
        return try #require(r.string("id"))
    }

    func published(_ token: String, _ overrides: [String: Any] = [:]) async throws -> String {
        let id = try await draft(token, overrides)
        let r = try await request(.POST, "/api/v1/tenders/\(id)/publish", token: token)
        #expect(r.status == .ok, "publish: \(r.body)")
        return id
    }
}

extension TestApp {
    /// Creates a department through the admin API; returns its id.
    func department(_ name: String, parent: String? = nil) async throws -> String {
        var body: [String: Any] = ["name": name]
        if let parent { body["parentId"] = parent }
        let r = try await request(.POST, "/api/v1/departments", json: body, token: try await adminToken())
        #expect(r.status == .created, "create department: \(r.body)")
        return try #require(r.string("id"))
    }
}

/// A valid outsourcing request of `department` (line patrol, open tender, 2027).
func requestBody(department: String, _ overrides: [String: Any] = [:]) -> [String: Any] {
    var body: [String: Any] = [
        "title": "Pole line and trunk cable patrol, east district",
        "scope": "Monthly patrol of ducts, pole lines and trunk optical cables in the east district.",
        "businessType": "line-patrol", "mode": "partial", "departmentId": department,
        "estimatedBudget": ["amount": "800000.00", "currency": "CNY"],
        "servicePeriod": ["start": "2027-01-01", "end": "2027-12-31"],
        "justification": "Patrol is routine work that a specialised vendor does at lower cost.",
        "method": "open",
    ]
    for (k, v) in overrides { body[k] = v }
    return body
}

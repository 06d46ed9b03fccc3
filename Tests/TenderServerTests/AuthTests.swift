import Foundation
import SQLKit
import Testing

@testable import TenderServer

@Suite struct AuthTests {
    @Test func register_returnsTokenThatWorks() async throws {
        try await withTestApp { t in
            let r = try await t.request(
                .POST, "/api/v1/auth/register",
                json: [
                    "email": "Sales@Acme.example", "password": testPassword, "name": "Acme Ltd", "registrationNumber": "91310000MA1FL0001X",
                ])
            #expect(r.status == .created)
            let user = try #require(r["user"] as? [String: Any])
            #expect(user["role"] as? String == "vendor")
            #expect(user["email"] as? String == "sales@acme.example")
            let me = try await t.request(.GET, "/api/v1/users/me", token: r.string("token"))
            #expect(me.status == .ok)
            #expect(me.string("id") == user["id"] as? String)
            let profile = try await t.request(.GET, "/api/v1/vendors/me", token: r.string("token"))
            #expect(profile.string("registrationNumber") == "91310000MA1FL0001X")
        }
    }

    @Test func register_rejectsBadInput() async throws {
        try await withTestApp { t in
            let good: [String: Any] = ["email": "a@b.example", "password": testPassword, "name": "A", "registrationNumber": "X1"]
            let cases: [([String: Any], HTTPStatusCodeExpectation)] = [
                (good.merging(["password": "short"]) { $1 }, .init(422, "weak_password")),
                (good.merging(["email": "not-an-email"]) { $1 }, .init(422, "invalid_email")),
                (good.merging(["name": "   "]) { $1 }, .init(422, "invalid_field")),
                (good.merging(["password": 12345678901]) { $1 }, .init(422, "invalid_field")),
                (good.filter { $0.key != "registrationNumber" }, .init(422, "missing_field")),
            ]
            for (body, expected) in cases {
                let r = try await t.request(.POST, "/api/v1/auth/register", json: body)
                #expect(r.status.code == expected.status, "\(body): \(r.body)")
                #expect(r.errorCode == expected.code, "\(body): \(r.body)")
            }
            #expect(try await t.request(.POST, "/api/v1/auth/register", json: good).status == .created)
            let again = try await t.request(.POST, "/api/v1/auth/register", json: good.merging(["registrationNumber": "X2"]) { $1 })
            #expect(again.status == .conflict)
            #expect(again.errorCode == "email_taken")
            let sameNumber = try await t.request(.POST, "/api/v1/auth/register", json: good.merging(["email": "c@d.example"]) { $1 })
            #expect(sameNumber.errorCode == "registration_number_taken")
        }
    }

    @Test func login_wrongPassword_isInvalidCredentials() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let r = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": "wrong-password-x"])
            #expect(r.status == .unauthorized)
            #expect(r.errorCode == "invalid_credentials")
            let unknown = try await t.request(
                .POST, "/api/v1/auth/login", json: ["email": "nobody@example.com", "password": "whatever-123"])
            #expect(unknown.errorCode == "invalid_credentials")
            #expect(try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": adminPassword]).status == .ok)
        }
    }

    @Test func login_repeatedFailures_areThrottledWithRetryAfter() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            // Defaults: 5 failures lock the account for 30 s, doubling with each further failure.
            for i in 1...4 {
                let r = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": "wrong-\(i)-xxxxxx"])
                #expect(r.status == .unauthorized)
            }
            let fifth = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": "wrong-5-xxxxxx"])
            #expect(fifth.status == .tooManyRequests)
            #expect(fifth.errorCode == "too_many_attempts")
            #expect(fifth.headers.first(name: "Retry-After") == "30")
            // Even the right password is refused while locked.
            let locked = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": adminPassword])
            #expect(locked.status == .tooManyRequests)
            t.clock.advance(by: 20)
            #expect(
                try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": adminPassword]).headers.first(
                    name: "Retry-After") == "10")
            t.clock.advance(by: 11)
            // A sixth failure doubles the lock to 60 s.
            let sixth = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": "wrong-6-xxxxxx"])
            #expect(sixth.headers.first(name: "Retry-After") == "60")
            t.clock.advance(by: 61)
            #expect(try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": adminPassword]).status == .ok)
            // Success resets the counter.
            let after = try await t.request(.POST, "/api/v1/auth/login", json: ["email": adminEmail, "password": "wrong-7-xxxxxx"])
            #expect(after.status == .unauthorized)
        }
    }

    /// A revocation made by another instance (here: straight in the database) is honoured within
    /// TENDER_TOKEN_CACHE; with the cache off, at once.
    @Test(arguments: [("10s", 10.0), ("0", 0.0)])
    func tokenCache_honoursRevocationByOtherInstancesWithinItsLifetime(_ setting: String, _ lifetime: Double) async throws {
        try await withTestApp(TestApp.withAdmin(["TENDER_TOKEN_CACHE": setting])) { t in
            let token = try await t.adminToken()
            #expect(try await t.request(.GET, "/api/v1/users/me", token: token).status == .ok)
            try await t.app.sql.raw("UPDATE tokens SET revoked_at = 1 WHERE token_hash = \(bind: TokenAuthenticator.hash(token))").run()
            let soon = try await t.request(.GET, "/api/v1/users/me", token: token)
            #expect(soon.status == (lifetime > 0 ? .ok : .unauthorized))
            t.clock.advance(by: lifetime)
            let later = try await t.request(.GET, "/api/v1/users/me", token: token)
            #expect(later.errorCode == "token_revoked")
        }
    }

    @Test func tokens_expireAndCanBeRevoked_andAreStoredHashed() async throws {
        try await withTestApp(TestApp.withAdmin(["TENDER_TOKEN_LIFETIME": "2h"])) { t in
            let token = try await t.adminToken()
            let stored = try await t.app.sql.raw("SELECT token_hash FROM tokens").all().map {
                try $0.decode(column: "token_hash", as: String.self)
            }
            #expect(!stored.contains(token))
            #expect(stored.contains(TokenAuthenticator.hash(token)))
            #expect(try await t.request(.GET, "/api/v1/users/me", token: token).status == .ok)
            t.clock.advance(by: 2 * 3600)
            let expired = try await t.request(.GET, "/api/v1/users/me", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.errorCode == "token_expired")

            let fresh = try await t.adminToken()
            #expect(try await t.request(.POST, "/api/v1/auth/logout", token: fresh).status == .noContent)
            let revoked = try await t.request(.GET, "/api/v1/users/me", token: fresh)
            #expect(revoked.errorCode == "token_revoked")
            let garbage = try await t.request(.GET, "/api/v1/tenders", token: "not-a-token")
            #expect(garbage.status == .unauthorized)
            #expect(garbage.errorCode == "invalid_token")
            let basic = try await t.request(.GET, "/api/v1/tenders", headers: [("Authorization", "Basic abc")])
            #expect(basic.errorCode == "invalid_token")
        }
    }

    @Test func staffAccounts_areCreatedByAdminOnly() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let admin = try await t.adminToken()
            let body: [String: Any] = ["email": "officer@example.com", "password": testPassword, "role": "procurement", "name": "Officer"]
            let vendor = try await t.vendor()
            let byVendor = try await t.request(.POST, "/api/v1/users", json: body, token: vendor.token)
            #expect(byVendor.status == .forbidden)
            #expect(try await t.request(.POST, "/api/v1/users", json: body).status == .unauthorized)
            let created = try await t.request(.POST, "/api/v1/users", json: body, token: admin)
            #expect(created.status == .created)
            #expect(created.string("role") == "procurement")
            let badRole = try await t.request(
                .POST, "/api/v1/users", json: body.merging(["role": "vendor", "email": "x@example.com"]) { $1 }, token: admin)
            #expect(badRole.errorCode == "invalid_role")
            let list = try await t.request(.GET, "/api/v1/users?role=procurement", token: admin)
            #expect(list.items.map { $0["email"] as? String } == ["officer@example.com"])
            let officer = try await t.login("officer@example.com")
            #expect(try await t.request(.GET, "/api/v1/users", token: officer).status == .forbidden)
        }
    }

    @Test func bootstrapAdmin_isCreatedOnceOnly() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            try await CreateAccount.bootstrapAdmin(t.app)
            let n = try await t.app.sql.raw("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").first()?.decode(
                column: "n", as: Int64.self)
            #expect(n == 1)
        }
    }
}

struct HTTPStatusCodeExpectation {
    let status: UInt
    let code: String
    init(_ status: UInt, _ code: String) {
        self.status = status
        self.code = code
    }
}

import Foundation
import Testing

@testable import TenderServer

@Suite struct VendorTests {
    @Test func profile_canBeEdited_exceptTheRegistrationNumber() async throws {
        try await withTestApp { t in
            let v = try await t.vendor()
            let r = try await t.request(
                .PUT, "/api/v1/vendors/me", json: ["name": "Acme Cleaning Ltd", "phone": "+86 21 5555 0000", "contactName": "Li Wei"],
                token: v.token)
            #expect(r.status == .ok)
            #expect(r.string("name") == "Acme Cleaning Ltd")
            #expect(r.string("phone") == "+86 21 5555 0000")
            let again = try await t.request(.GET, "/api/v1/vendors/me", token: v.token)
            #expect(again.string("contactName") == "Li Wei")
            let number = try await t.request(.PUT, "/api/v1/vendors/me", json: ["registrationNumber": "OTHER"], token: v.token)
            #expect(number.errorCode == "immutable_field")
            #expect(try await t.request(.GET, "/api/v1/vendors/me").status == .unauthorized)
        }
    }

    @Test func suspension_byProcurement_isShownAndCanBeLifted() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let v = try await t.vendor(), other = try await t.vendor()
            let byVendor = try await t.request(.POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "x"], token: other.token)
            #expect(byVendor.status == .forbidden)
            let past = try await t.request(
                .POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "Fraud", "until": t.at(-1)], token: officer.token)
            #expect(past.errorCode == "invalid_time")
            let r = try await t.request(
                .POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "False documents", "until": t.at(10 * day)],
                token: officer.token)
            #expect(r.status == .ok)
            #expect(r["suspended"] as? Bool == true)
            #expect((r["suspension"] as? [String: Any])?["reason"] as? String == "False documents")
            #expect(try await t.request(.GET, "/api/v1/vendors/me", token: v.token)["suspended"] as? Bool == true)
            t.clock.advance(by: 10 * day)
            #expect(try await t.request(.GET, "/api/v1/vendors/me", token: v.token)["suspended"] as? Bool == false)

            let indefinite = try await t.request(
                .POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "Debarred"], token: officer.token)
            #expect(indefinite["suspended"] as? Bool == true)
            let lifted = try await t.request(.DELETE, "/api/v1/vendors/\(v.id)/suspension", token: officer.token)
            #expect(lifted.status == .ok)
            #expect(lifted["suspended"] as? Bool == false)
            #expect(try await t.request(.DELETE, "/api/v1/vendors/\(v.id)/suspension", token: officer.token).errorCode == "not_suspended")
            #expect(
                try await t.request(.POST, "/api/v1/vendors/\(UUID().uuidString)/suspension", json: ["reason": "x"], token: officer.token)
                    .status == .notFound)
            // Each suspension and reinstatement is in the audit chain, newest first.
            let auditor = try await t.staff("auditor")
            let log = try await t.request(.GET, "/api/v1/audit", token: auditor.token).items.filter {
                ["vendor.suspended", "vendor.reinstated"].contains($0["action"] as? String)
            }
            #expect(log.map { $0["action"] as? String } == ["vendor.reinstated", "vendor.suspended", "vendor.suspended"])
            #expect(log.prefix(3).allSatisfy { $0["actor"] as? String == officer.id && ($0["details"] as? String)?.contains(v.id) == true })
            #expect(log.allSatisfy { $0["actorName"] as? String == "procurement user" })  // the account's name, for reading the log
            #expect((log[1]["details"] as? String)?.contains("Debarred") == true)
            #expect((log[2]["details"] as? String)?.contains(t.at(0)) == true)  // `until`: ten days after it was set, which is now
        }
    }

    /// A vendor's bids across tenders, newest first, with each tender's title and phase; only its own.
    @Test func myBids_acrossTenders() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let first = try await t.published(officer.token, ["title": "First tender"])
            let second = try await t.published(officer.token, ["title": "Second tender"])
            let v = try await t.vendor(), other = try await t.vendor()
            let a = try await t.bid(first, v, price: "100.00")
            t.clock.advance(by: 1)
            let replaced = try await t.bid(second, v, price: "200.00")
            t.clock.advance(by: 1)
            let b = try await t.bid(second, v, price: "150.00")  // replaces the previous bid on the same tender
            _ = try await t.bid(first, other, price: "90.00")
            let all = try await t.request(.GET, "/api/v1/vendors/me/bids", token: v.token)
            #expect(all.status == .ok)
            #expect(all.items.map { ($0["bid"] as? [String: Any])?["id"] as? String } == [b.id, replaced.id, a.id])
            #expect(all.items.map { ($0["bid"] as? [String: Any])?["status"] as? String } == ["sealed", "replaced", "sealed"])
            #expect(
                all.items.map { ($0["tender"] as? [String: Any])?["title"] as? String } == [
                    "Second tender", "Second tender", "First tender",
                ])
            #expect(all.items.allSatisfy { ($0["tender"] as? [String: Any])?["phase"] as? String == "bidding" })
            #expect((all["metadata"] as? [String: Any])?["total"] as? Int == 3)
            let active = try await t.request(.GET, "/api/v1/vendors/me/bids?active=true&per=1&page=2", token: v.token)
            #expect(active.items.map { ($0["bid"] as? [String: Any])?["id"] as? String } == [a.id])
            #expect((active["metadata"] as? [String: Any])?["total"] as? Int == 2)
            #expect(try await t.request(.GET, "/api/v1/vendors/me/bids?active=yes", token: v.token).errorCode == "invalid_field")
            #expect(try await t.request(.GET, "/api/v1/vendors/me/bids", token: officer.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/vendors/me/bids").status == .unauthorized)
            #expect(try await t.request(.GET, "/api/v1/vendors/me/bids", token: other.token).items.count == 1)
        }
    }

    @Test func vendorList_isForStaffOnly() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let v = try await t.vendor("Zeta")
            _ = try await t.vendor("Alpha")
            let list = try await t.request(.GET, "/api/v1/vendors?q=zeta", token: officer.token)
            #expect(list.items.compactMap { $0["id"] as? String } == [v.id])
            #expect(try await t.request(.GET, "/api/v1/vendors", token: v.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/vendors/\(v.id)", token: officer.token).string("id") == v.id)
        }
    }

    /// An admin deactivates a staff account: login refused, tokens revoked, audited; reactivation restores it.
    @Test func staffDeactivation_refusesLoginAndRevokesTokens() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let admin = try await t.adminToken()
            let officer = try await t.staff("procurement", "leaver@example.com")
            let v = try await t.vendor()
            let me = try await t.request(.GET, "/api/v1/users/me", token: admin)
            #expect(try await t.request(.POST, "/api/v1/users/\(officer.id)/deactivation", token: officer.token).status == .forbidden)
            #expect(try await t.request(.POST, "/api/v1/users/\(v.id)/deactivation", token: admin).errorCode == "not_staff")
            #expect(
                try await t.request(.POST, "/api/v1/users/\(me.string("id")!)/deactivation", token: admin).errorCode
                    == "cannot_deactivate_self")
            #expect(try await t.request(.POST, "/api/v1/users/\(UUID().uuidString)/deactivation", token: admin).status == .notFound)
            let off = try await t.request(.POST, "/api/v1/users/\(officer.id)/deactivation", token: admin)
            #expect(off.status == .ok)
            #expect(off.string("disabledAt") == t.at(0))
            #expect(try await t.request(.POST, "/api/v1/users/\(officer.id)/deactivation", token: admin).errorCode == "already_deactivated")
            #expect(try await t.request(.GET, "/api/v1/users/me", token: officer.token).errorCode == "token_revoked")
            let login = try await t.request(.POST, "/api/v1/auth/login", json: ["email": "leaver@example.com", "password": testPassword])
            #expect(login.status == .forbidden && login.errorCode == "account_disabled")
            let wrong = try await t.request(
                .POST, "/api/v1/auth/login", json: ["email": "leaver@example.com", "password": "not-the-password"])
            #expect(wrong.errorCode == "invalid_credentials")  // the account's state is told only with the right password
            let listed = try await t.request(.GET, "/api/v1/users?role=procurement", token: admin).items
            #expect(listed.first?["disabledAt"] as? String == t.at(0))
            #expect(try await t.request(.DELETE, "/api/v1/users/\(officer.id)/deactivation", token: admin).status == .ok)
            #expect(try await t.request(.DELETE, "/api/v1/users/\(officer.id)/deactivation", token: admin).errorCode == "not_deactivated")
            #expect(
                try await t.request(.POST, "/api/v1/auth/login", json: ["email": "leaver@example.com", "password": testPassword]).status
                    == .ok)
            let actions = try await t.request(.GET, "/api/v1/audit", token: admin).items.prefix(3).map { $0["action"] as? String }
            // A vendor registered after the officer's creation.
            #expect(actions == ["user.reactivated", "user.deactivated", "vendor.registered"])
        }
    }

    /// Procurement lists evaluators to build committees, and nothing else; admins list every account.
    @Test func userList_evaluatorsForProcurement() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let evaluators = try await t.request(.GET, "/api/v1/users?role=evaluator", token: officer.token)
            #expect(evaluators.items.compactMap { $0["id"] as? String } == [member.id])
            #expect(try await t.request(.GET, "/api/v1/users", token: officer.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/users?role=admin", token: officer.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/users?role=evaluator", token: member.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/users?role=boss", token: officer.token).errorCode == "invalid_role")
            #expect(try await t.request(.GET, "/api/v1/users", token: try await t.adminToken()).items.count == 3)
        }
    }
}

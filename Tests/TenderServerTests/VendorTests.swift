import Foundation
import Testing
@testable import TenderServer

@Suite struct VendorTests {
    @Test func profile_canBeEdited_exceptTheRegistrationNumber() async throws {
        try await withTestApp { t in
            let v = try await t.vendor()
            let r = try await t.request(.PUT, "/api/v1/vendors/me", json: ["name": "Acme Cleaning Ltd", "phone": "+86 21 5555 0000", "contactName": "Li Wei"], token: v.token)
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
            let past = try await t.request(.POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "Fraud", "until": t.at(-1)], token: officer.token)
            #expect(past.errorCode == "invalid_time")
            let r = try await t.request(.POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "False documents", "until": t.at(10 * day)], token: officer.token)
            #expect(r.status == .ok)
            #expect(r["suspended"] as? Bool == true)
            #expect((r["suspension"] as? [String: Any])?["reason"] as? String == "False documents")
            #expect(try await t.request(.GET, "/api/v1/vendors/me", token: v.token)["suspended"] as? Bool == true)
            t.clock.advance(by: 10 * day)
            #expect(try await t.request(.GET, "/api/v1/vendors/me", token: v.token)["suspended"] as? Bool == false)

            let indefinite = try await t.request(.POST, "/api/v1/vendors/\(v.id)/suspension", json: ["reason": "Debarred"], token: officer.token)
            #expect(indefinite["suspended"] as? Bool == true)
            let lifted = try await t.request(.DELETE, "/api/v1/vendors/\(v.id)/suspension", token: officer.token)
            #expect(lifted.status == .ok)
            #expect(lifted["suspended"] as? Bool == false)
            #expect(try await t.request(.DELETE, "/api/v1/vendors/\(v.id)/suspension", token: officer.token).errorCode == "not_suspended")
            #expect(try await t.request(.POST, "/api/v1/vendors/\(UUID().uuidString)/suspension", json: ["reason": "x"], token: officer.token).status == .notFound)
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
}

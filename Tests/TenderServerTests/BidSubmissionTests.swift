import Crypto
import Foundation
import SQLKit
import TenderDomain
import Testing

@testable import TenderServer

/// A vendor's side of a sealed bid, computed independently of the server's code.
struct SealedBid {
    let tenderId: String
    let vendorId: String
    let salt: String
    let document: String
    var commitment: String {
        SHA256.hash(data: Data("\(tenderId):\(vendorId):\(salt):\(document)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func make(tender: String, vendor: String, price: String = "1200000.00", license: Bool = true) -> SealedBid {
        let salt = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let doc =
            #"{"price":"\#(price)","currency":"CNY","qualifications":{"license":\#(license)},"experienceYears":6,"proposal":"Two shifts"}"#
        return SealedBid(tenderId: tender, vendorId: vendor, salt: salt, document: doc)
    }
}

extension TestApp {
    func commit(_ bid: SealedBid, token: String) async throws -> JSONResponse {
        try await request(.POST, "/api/v1/tenders/\(bid.tenderId)/bids", json: ["commitment": bid.commitment], token: token)
    }

    func bidId(_ r: JSONResponse) throws -> String {
        try #require((r["bid"] as? [String: Any])?["id"] as? String)
    }
}

@Suite struct BidSubmissionTests {
    @Test func submit_returnsSignedReceipt_thatVerifiesWithThePublishedKey() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            let sealed = SealedBid.make(tender: tender, vendor: v.id)
            let r = try await t.commit(sealed, token: v.token)
            #expect(r.status == .created)
            let bid = try #require(r["bid"] as? [String: Any])
            let receipt = try #require(r["receipt"] as? [String: Any])
            #expect(bid["status"] as? String == "sealed")
            #expect(bid["commitment"] as? String == sealed.commitment)
            #expect(bid["submittedAt"] as? String == "2026-03-02T02:00:00.000Z")
            let payload = try #require(receipt["payload"] as? String)
            #expect(payload == "tender-receipt/v1\n\(tender)\n\(bid["id"]!)\n\(v.id)\n\(sealed.commitment)\n2026-03-02T02:00:00.000Z")
            let keys = try await t.request(.GET, "/api/v1/keys")
            let key = try #require((keys["keys"] as? [[String: Any]])?.first)
            #expect(key["algorithm"] as? String == "Ed25519")
            #expect(key["keyId"] as? String == receipt["keyId"] as? String)
            let publicKey = try Curve25519.Signing.PublicKey(
                rawRepresentation: try #require(Data(base64Encoded: key["publicKey"] as! String)))
            let signature = try #require(Data(base64Encoded: receipt["signature"] as! String))
            #expect(publicKey.isValidSignature(signature, for: Data(payload.utf8)))
            #expect(!publicKey.isValidSignature(signature, for: Data((payload + "x").utf8)))
        }
    }

    @Test func replaceAndWithdraw_keepOneActiveBid() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            let first = try t.bidId(try await t.commit(.make(tender: tender, vendor: v.id), token: v.token))
            t.clock.advance(by: 1)
            let second = try t.bidId(try await t.commit(.make(tender: tender, vendor: v.id, price: "1100000"), token: v.token))
            let list = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids", token: v.token)
            #expect(list.items.map { $0["status"] as? String } == ["replaced", "sealed"])
            #expect(list.items.map { $0["id"] as? String } == [first, second])
            let withdrawn = try await t.request(.DELETE, "/api/v1/tenders/\(tender)/bids/\(second)", token: v.token)
            #expect(withdrawn.string("status") == "withdrawn")
            #expect(try await t.request(.DELETE, "/api/v1/tenders/\(tender)/bids/\(second)", token: v.token).errorCode == "bid_not_active")
            let active = try await t.app.sql.raw("SELECT COUNT(*) AS n FROM bids WHERE active_vendor IS NOT NULL").first()?.decode(
                column: "n", as: Int64.self)
            #expect(active == 0)
        }
    }

    @Test func submit_rules_answerWithCodes() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let a = try await t.vendor(), b = try await t.vendor(), c = try await t.vendor(), outsider = try await t.vendor()
            let tender = try await t.published(officer.token)
            let bad = try await t.request(.POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": "ABC"], token: a.token)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorCode == "invalid_commitment")
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": String(repeating: "a", count: 64)], token: officer.token
                ).status == .forbidden)

            // The same commitment value from anyone else is refused.
            let sealed = SealedBid.make(tender: tender, vendor: a.id)
            #expect(try await t.commit(sealed, token: a.token).status == .created)
            let copy = try await t.request(.POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": sealed.commitment], token: b.token)
            #expect(copy.status == .conflict)
            #expect(copy.errorCode == "duplicate_commitment")

            _ = try await t.request(.POST, "/api/v1/vendors/\(c.id)/suspension", json: ["reason": "False documents"], token: officer.token)
            let suspended = try await t.commit(.make(tender: tender, vendor: c.id), token: c.token)
            #expect(suspended.status == .forbidden)
            #expect(suspended.errorCode == "vendor_suspended")

            let selective = try await t.published(officer.token, ["method": "selective", "invitedVendorIds": [a.id, b.id, c.id]])
            let uninvited = try await t.commit(.make(tender: selective, vendor: outsider.id), token: outsider.token)
            #expect(uninvited.errorCode == "not_invited")
            #expect(try await t.commit(.make(tender: selective, vendor: b.id), token: b.token).status == .created)

            let draft = try await t.draft(officer.token)
            #expect(try await t.commit(.make(tender: draft, vendor: a.id), token: a.token).status == .notFound)

            t.clock.advance(by: 30 * day)
            let late = try await t.commit(.make(tender: tender, vendor: b.id), token: b.token)
            #expect(late.status == .conflict)
            #expect(late.errorCode == "deadline_passed")
            let lateWithdraw = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids", token: a.token)
            let id = try #require(lateWithdraw.items.first?["id"] as? String)
            #expect(try await t.request(.DELETE, "/api/v1/tenders/\(tender)/bids/\(id)", token: a.token).errorCode == "deadline_passed")
        }
    }

    /// The database constraints hold under concurrent requests.
    @Test func concurrentSubmissions_leaveOneActiveBidPerVendor_andUniqueCommitments() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor(), w = try await t.vendor()
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<30 {
                    group.addTask { try await t.commit(.make(tender: tender, vendor: v.id), token: v.token).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 })
            let rows = try await t.app.sql.raw("SELECT status FROM bids WHERE vendor_id = \(bind: v.id)").all().map {
                try $0.decode(column: "status", as: String.self)
            }
            #expect(rows.count == 30)
            #expect(rows.filter { $0 == "sealed" }.count == 1)

            // Two vendors racing with one commitment value: exactly one wins.
            let value = String(repeating: "ab", count: 32)
            let race = try await withThrowingTaskGroup(of: UInt.self) { group in
                for who in [v, w] {
                    group.addTask {
                        try await t.request(.POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": value], token: who.token).status
                            .code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(race.sorted() == [201, 409])
        }
    }

    @Test func receiptKey_persistsAcrossRestarts() async throws {
        let dir = NSTemporaryDirectory() + "key-" + UUID().uuidString
        let a = try ReceiptSigner.loadOrCreate(path: dir + "/receipt-key.pem")
        let b = try ReceiptSigner.loadOrCreate(path: dir + "/receipt-key.pem")
        #expect(a.keyId == b.keyId)
        #expect(a.publicKeyBase64 == b.publicKeyBase64)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/receipt-key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await withTestApp(["TENDER_RECEIPT_KEY_FILE": dir + "/receipt-key.pem"]) { t in
            let keys = try await t.request(.GET, "/api/v1/keys")
            #expect((keys["keys"] as? [[String: Any]])?.first?["publicKey"] as? String == a.publicKeyBase64)
        }
    }
}

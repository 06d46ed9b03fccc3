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

@Suite struct BidSecrecyTests {
    /// Before the deadline nothing tells anyone but the bidder that a bid exists (招标投标法 art. 22).
    @Test func beforeTheDeadline_nobodyElseLearnsThatABidExists() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let auditor = try await t.staff("auditor")
            let withBid = try await t.published(officer.token)
            let without = try await t.published(officer.token)
            let v = try await t.vendor(), other = try await t.vendor()
            let sealed = SealedBid.make(tender: withBid, vendor: v.id)
            let bid = try t.bidId(try await t.commit(sealed, token: v.token))

            for token in [nil, officer.token, auditor.token, other.token] as [String?] {
                for tender in [withBid, without] {
                    let list = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments", token: token)
                    #expect(list.status == .forbidden)
                    #expect(list.errorCode == "sealed")
                    let detail = try await t.request(.GET, "/api/v1/tenders/\(tender)", token: token)
                    #expect(!detail.body.contains(sealed.commitment) && !detail.body.contains(bid))
                    #expect(
                        try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments/\(bid)/proof", token: token).errorCode == "sealed")
                }
                #expect(try await t.request(.GET, "/api/v1/tenders/\(withBid)/bids/\(bid)", token: token).status == .notFound)
            }
            // Other roles asking for the bid list get the same answer with or without bids.
            for token in [officer.token, auditor.token] {
                let a = try await t.request(.GET, "/api/v1/tenders/\(withBid)/bids", token: token)
                let b = try await t.request(.GET, "/api/v1/tenders/\(without)/bids", token: token)
                #expect(a.status == .forbidden && b.status == .forbidden)
                #expect(a.errorCode == b.errorCode)
            }
            #expect(try await t.request(.GET, "/api/v1/tenders/\(withBid)/bids", token: other.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(withBid)/bids/\(bid)", token: v.token).string("id") == bid)
            let list = try await t.request(.GET, "/api/v1/tenders", token: officer.token)
            #expect(!list.body.contains(bid) && !list.body.contains(sealed.commitment))
            let metrics = try await t.request(.GET, "/metrics")
            #expect(!metrics.body.contains(bid) && !metrics.body.contains(withBid))
        }
    }

    @Test func amendment_voidsSealedBids() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            let sealed = SealedBid.make(tender: tender, vendor: v.id)
            _ = try await t.commit(sealed, token: v.token)
            let amended = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/amendments", json: ["reason": "Scope", "description": "Three halls."],
                token: officer.token)
            #expect(amended.status == .created)
            let mine = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids", token: v.token)
            #expect(mine.items.first?["status"] as? String == "voided")
            #expect((mine.items.first?["note"] as? String)?.contains("amendment") == true)
            // The same envelope may be committed again against the amended tender.
            #expect(try await t.commit(sealed, token: v.token).status == .created)
        }
    }
}

@Suite struct CloseAndRevealTests {
    @Test func close_publishesCommitmentsWithAVerifiableRootAndProofs() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            var commitments: [String] = []
            var bidIds: [String] = []
            for i in 0..<5 {
                let v = try await t.vendor("V\(i)")
                let s = SealedBid.make(tender: tender, vendor: v.id)
                if i == 4 {
                    // A withdrawn bid is not in the list.
                    let id = try t.bidId(try await t.commit(s, token: v.token))
                    _ = try await t.request(.DELETE, "/api/v1/tenders/\(tender)/bids/\(id)", token: v.token)
                    continue
                }
                bidIds.append(try t.bidId(try await t.commit(s, token: v.token)))
                commitments.append(s.commitment)
            }
            t.clock.advance(by: 30 * day)
            let r = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments")
            #expect(r.status == .ok)
            #expect(r["count"] as? Int == 4)
            let listed = try #require(r["commitments"] as? [[String: Any]])
            #expect(listed.compactMap { $0["commitment"] as? String } == commitments.sorted())
            #expect(listed.allSatisfy { ($0["vendorName"] as? String)?.hasPrefix("V") == true })
            // The root a vendor recomputes from the public list (RFC 6962 over sorted raw commitments).
            func leafHash(_ hex: String) -> [UInt8] { Array(SHA256.hash(data: [0] + Commitment.bytes(hex: hex)!)) }
            func node(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: [1] + a + b)) }
            let s = commitments.sorted().map(leafHash)
            let expectedRoot = node(node(s[0], s[1]), node(s[2], s[3]))
            #expect(r.string("root") == Commitment.hex(expectedRoot))
            for id in bidIds {
                let proof = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments/\(id)/proof")
                let index = try #require(proof["leafIndex"] as? Int)
                let path = try #require(proof["auditPath"] as? [String]).map { Commitment.bytes(hex: $0)! }
                #expect(proof["treeSize"] as? Int == 4)
                #expect(proof.string("root") == r.string("root"))
                let leaf = Commitment.bytes(hex: listed[index]["commitment"] as! String)!
                #expect(MerkleTree.rootFromPath(leaf: leaf, index: index, treeSize: 4, path: path) == expectedRoot)
            }
        }
    }

    @Test func reveal_checksTheHash_andTheDocument() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let a = try await t.vendor(), b = try await t.vendor(), c = try await t.vendor()
            let good = SealedBid.make(tender: tender, vendor: a.id, price: "1250000.50")
            let broken = SealedBid(
                tenderId: tender, vendorId: b.id, salt: String(repeating: "0f", count: 16), document: #"{"price":"abc","currency":"USD"}"#)
            let lazy = SealedBid.make(tender: tender, vendor: c.id)
            let ga = try t.bidId(try await t.commit(good, token: a.token))
            let gb = try t.bidId(try await t.commit(broken, token: b.token))
            let gc = try t.bidId(try await t.commit(lazy, token: c.token))

            let early = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": good.salt, "document": good.document], token: a.token)
            #expect(early.errorCode == "wrong_phase")
            t.clock.advance(by: 30 * day)

            let wrong = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": good.salt, "document": good.document + " "],
                token: a.token)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.errorCode == "commitment_mismatch")
            let failures = try await t.app.sql.raw("SELECT reveal_failures FROM bids WHERE id = \(bind: ga)").first()?.decode(
                column: "reveal_failures", as: Int64.self)
            #expect(failures == 1)
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": "XYZ", "document": good.document], token: a.token
                ).errorCode == "invalid_salt")
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": good.salt, "document": good.document],
                    token: b.token
                ).status == .notFound)

            let ok = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": good.salt, "document": good.document], token: a.token)
            #expect(ok.status == .ok)
            #expect(ok.string("status") == "revealed")
            #expect(ok.string("price") == "1250000.50")
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/bids/\(ga)/reveal", json: ["salt": good.salt, "document": good.document],
                    token: a.token
                ).errorCode == "already_revealed")

            let invalid = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(gb)/reveal", json: ["salt": broken.salt, "document": broken.document],
                token: b.token)
            #expect(invalid.status == .ok)
            #expect(invalid.string("status") == "invalid")
            let problems = try #require(invalid["problems"] as? [String])
            #expect(problems.contains("currency must be CNY"))
            #expect(problems.contains("qualifications.license is missing"))

            t.clock.advance(by: day)
            let late = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(gc)/reveal", json: ["salt": lazy.salt, "document": lazy.document], token: c.token)
            #expect(late.errorCode == "deadline_passed")
            let record = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids/\(gc)", token: c.token)
            #expect(record.string("status") == "unrevealed")
            #expect((record.string("note"))?.contains("excluded") == true)
            let list = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments")
            let statuses = (list["commitments"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["bidId"] as! String] = $1["status"] as? String
            }
            #expect(statuses == [ga: "revealed", gb: "invalid", gc: "unrevealed"])
        }
    }
}

import Crypto
import Foundation
import SQLKit
import TenderDomain
import Testing

@testable import TenderServer

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

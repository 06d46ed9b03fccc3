import Crypto
import Foundation
import SQLKit
import TenderDomain
import Testing

@testable import TenderServer

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

import Foundation
import SQLKit
import TenderDomain
import Testing
import Vapor
import VaporTesting

@testable import TenderServer

/// A tender's red flags over HTTP (docs/DESIGN.md §14), with commitments sent through a trusted
/// proxy so that each has a client origin.
@Suite struct RedFlagsHTTPTests {
    static let env = HardeningTests.env.merging(["TENDER_TRUSTED_PROXIES": "127.0.0.1"]) { $1 }
    static let proposal = (1...40).map { "第\($0)项：保洁人员每日巡检机房并填写记录" }.joined(separator: "；")

    static func document(price: String, proposal: String) -> String {
        #"{"price":"\#(price)","currency":"CNY","qualifications":{"license":true},"experienceYears":5,"proposal":"\#(proposal)"}"#
    }

    /// Commits from a real socket, the client named in X-Forwarded-For; answers the bid id.
    static func commit(_ live: any TestingApplicationTester, _ bid: SealedBid, token: String, from address: String) async throws -> String {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json")
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.add(name: .xForwardedFor, value: address)
        let r = try await live.sendRequest(
            .POST, "/api/v1/tenders/\(bid.tenderId)/bids", headers: headers,
            body: ByteBuffer(string: #"{"commitment":"\#(bid.commitment)"}"#))
        #expect(r.status == .created, "\(r.body.string)")
        let json = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
        return try #require((json?["bid"] as? [String: Any])?["id"] as? String)
    }

    /// Three bids: (price, proposal, client address) each; answers the tender, the bid ids, the vendors.
    static func tender(_ t: TestApp, _ bids: [(String, String, String)]) async throws -> (
        tender: String, ids: [String], vendors: [(token: String, id: String)], officer: String
    ) {
        let officer = try await t.staff("procurement")
        let tender = try await t.published(officer.token)
        let live = try t.app.testing(method: .running(hostname: "127.0.0.1", port: TestPorts.next()))
        var ids: [String] = []
        var vendors: [(token: String, id: String)] = []
        var sealed: [SealedBid] = []
        for (price, proposal, address) in bids {
            let v = try await t.vendor()
            let s = SealedBid(
                tenderId: tender, vendorId: v.id, salt: String(repeating: "ab", count: 16),
                document: document(price: price, proposal: proposal))
            ids.append(try await commit(live, s, token: v.token, from: address))
            vendors.append(v)
            sealed.append(s)
        }
        t.clock.advance(by: 30 * day)
        for (i, s) in sealed.enumerated() { try await t.reveal(tender, (ids[i], s), token: vendors[i].token) }
        return (tender, ids, vendors, officer.token)
    }

    @Test func seededTender_showsExactlyItsFlags_onlyAfterTheRevealDeadline_andOnlyToItsReaders() async throws {
        try await withTestApp(Self.env) { t in
            let auditor = try await t.staff("auditor")
            let copy = Self.proposal + "；另设夜班"
            let (tender, ids, vendors, officer) = try await Self.tender(
                t,
                [
                    ("1000000.00", Self.proposal, "198.51.100.7"), ("1020000.00", copy, "198.51.100.7"),
                    ("1040000.00", "我们采用机器人清扫与人工复核相结合的方式。", "198.51.100.9"),
                ])
            let path = "/api/v1/tenders/\(tender)/red-flags"
            // Revealing phase: sealed to everyone, the tender's readers included.
            for token in [auditor.token, officer, vendors[0].token, nil] {
                let r = try await t.request(.GET, path, token: token)
                #expect(r.status == .forbidden && r.errorCode == "sealed", "\(r.body)")
            }
            t.clock.advance(by: day)
            let r = try await t.request(.GET, path, token: auditor.token)
            #expect(r.status == .ok, "\(r.body)")
            #expect(r.items.map { $0["code"] as? String } == ["price_pattern", "similar_documents", "shared_origin"])
            let pattern = r.items[0]
            #expect(pattern["bidIds"] as? [String] == ids)  // in price order
            let evidence = try #require(pattern["evidence"] as? [String: Any])
            #expect(evidence["kind"] as? String == "arithmetic" && evidence["steps"] as? [String] == ["20000.00", "20000.00"])
            #expect(evidence["prices"] as? [String] == ["1000000.00", "1020000.00", "1040000.00"])
            let similar = r.items[1]
            #expect(Set(similar["bidIds"] as? [String] ?? []) == Set(ids[0...1]))
            let sim = try #require((similar["evidence"] as? [String: Any])?["similarity"] as? String)
            #expect(Double(sim)! >= 0.8)
            #expect(((similar["evidence"] as? [String: Any])?["passages"] as? [String])?.count == 2)
            #expect(Set(r.items[2]["bidIds"] as? [String] ?? []) == Set(ids[0...1]))
            #expect((r.items[2]["evidence"] as? [String: Any])?["origin"] as? String == "same")
            #expect(r.items.allSatisfy { $0["severity"] as? String == "warning" })
            // The address is never stored or shown, only its keyed hash.
            #expect(!r.body.contains("198.51.100"))
            let stored: String?? = try await t.app.sql.raw("SELECT origin FROM bids WHERE id = \(bind: ids[0])").first()?.decode(
                column: "origin", as: String?.self)
            #expect(stored??.count == 64)

            // An auditor dismisses one with a reason (audited); it stays listed with its dismissal.
            let key = try #require(r.items[2]["key"] as? String)
            #expect(key == "shared_origin:" + [ids[0], ids[1]].sorted().joined(separator: ","))
            let dismissal = ["key": key, "reason": "Both vendors bid from the shared business centre's network."]
            #expect(try await t.request(.POST, path + "/dismissals", json: dismissal, token: officer).status == .forbidden)
            let dismissed = try await t.request(.POST, path + "/dismissals", json: dismissal, token: auditor.token)
            #expect(dismissed.status == .created && dismissed.string("by") == auditor.id, "\(dismissed.body)")
            #expect(
                try await t.request(.POST, path + "/dismissals", json: dismissal, token: auditor.token).errorCode == "already_dismissed")
            let unknown = try await t.request(
                .POST, path + "/dismissals", json: ["key": "single_bid:x", "reason": "No such flag here."], token: auditor.token)
            #expect(unknown.status == .notFound)
            let after = try await t.request(.GET, path, token: auditor.token)
            #expect(after.items.count == 3)
            #expect((after.items[2]["dismissal"] as? [String: Any])?["reason"] as? String == dismissal["reason"])
            #expect(after.items[0]["dismissal"] == nil)
            let audited = try await t.app.sql.raw("SELECT actor FROM audit_log WHERE action = 'red_flag.dismissed'").all()
            #expect(audited.count == 1)

            // Who may read them.
            #expect(try await t.request(.GET, path, token: officer).status == .ok)
            #expect(try await t.request(.GET, path, token: try await t.staff("approver").token).status == .ok)
            #expect(try await t.request(.GET, path, token: vendors[0].token).status == .forbidden)
            #expect(try await t.request(.GET, path, token: try await t.staff("finance").token).status == .forbidden)
            #expect(try await t.request(.GET, path).status == .unauthorized)
        }
    }

    @Test func cleanTender_showsNone() async throws {
        try await withTestApp(Self.env) { t in
            let auditor = try await t.staff("auditor")
            let (tender, _, _, _) = try await Self.tender(
                t,
                [
                    ("873000.00", "两班倒保洁，专职主管驻场。", "198.51.100.1"), ("912500.00", "Three shifts with a night supervisor.", "198.51.100.2"),
                    ("1034900.00", "机器人清扫加人工复核，每周报告。", "198.51.100.3"),
                ])
            t.clock.advance(by: day)
            let r = try await t.request(.GET, "/api/v1/tenders/\(tender)/red-flags", token: auditor.token)
            #expect(r.status == .ok && r.items.isEmpty, "\(r.body)")
        }
    }
}

/// Red flags across tenders: recomputed from the standing awards, read page by page.
@Suite struct CrossRedFlagsHTTPTests {
    /// A tender A and B both bid on, evaluated and awarded to `winner` ("A" or "B").
    static func awarded(
        _ t: TestApp, officer: String, member: (token: String, id: String), a: (token: String, id: String),
        b: (token: String, id: String), winner: String
    ) async throws -> String {
        let tender = try await t.published(officer)
        let path = "/api/v1/tenders/\(tender)"
        #expect(
            try await t.request(
                .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                token: officer
            ).status == .ok)
        let bidA = try await t.bid(tender, a, price: "1000000.00")
        let bidB = try await t.bid(tender, b, price: "1100000.00")
        t.clock.advance(by: 30 * day)
        try await t.reveal(tender, bidA, token: a.token)
        try await t.reveal(tender, bidB, token: b.token)
        t.clock.advance(by: day)
        #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
        for bid in [bidA.id, bidB.id] {
            #expect(
                try await t.request(
                    .PUT, "\(path)/scoresheets/\(bid)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token
                ).status == .ok)
        }
        #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer).status == .ok)
        let award: [String: Any] =
            winner == "A"
            ? ["bidId": bidA.id] : ["bidId": bidB.id, "justification": "The first candidate withdrew its bid bond in writing."]
        let r = try await t.request(.POST, "\(path)/award", json: award, token: officer)
        #expect(r.status == .created, "\(r.body)")
        return tender
    }

    @Test func rotation_isFound_andPagedByVendor() async throws {
        try await withTestApp(HardeningTests.env) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let auditor = try await t.staff("auditor")
            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            var tenders: [String] = []
            for w in ["A", "B", "A"] {
                tenders.append(try await Self.awarded(t, officer: officer.token, member: member, a: a, b: b, winner: w))
            }
            // The refresh reads the awards in chunks (here of 1, 2 and 3): the same awards whatever the size.
            for chunk in [1, 2, 3] {
                let read = try await CrossRedFlagStore.awards(t.app.sql, chunk: chunk)
                #expect(read.map(\.tenderId) == tenders.sorted(), "chunk \(chunk)")
                #expect(read.allSatisfy { $0.bidderIds == [a.id, b.id] && $0.departmentId == nil })
                #expect(
                    Dictionary(uniqueKeysWithValues: read.map { ($0.tenderId, $0.winnerId) }) == [
                        tenders[0]: a.id, tenders[1]: b.id, tenders[2]: a.id,
                    ])
            }
            #expect(try await t.request(.POST, "/api/v1/red-flags/refresh", token: officer.token).status == .forbidden)
            let refreshed = try await t.request(.POST, "/api/v1/red-flags/refresh", token: auditor.token)
            #expect(refreshed.status == .ok && refreshed["flags"] as? Int == 1, "\(refreshed.body)")
            let all = try await t.request(.GET, "/api/v1/red-flags", token: auditor.token)
            #expect(all.items.map { $0["code"] as? String } == ["bid_rotation"])
            #expect(all.items.first?["tenderIds"] as? [String] == tenders)
            #expect(Set(all.items.first?["vendorIds"] as? [String] ?? []) == [a.id, b.id])
            #expect((all.items.first?["evidence"] as? [String: Any])?["winners"] as? [String] == [a.id, b.id, a.id])
            // Names beside the ids, in the same order: the vendors' names and the tenders' titles.
            let named = (all.items.first?["vendors"] as? [[String: Any]]) ?? []
            #expect(named.map { $0["id"] as? String ?? "" } == (all.items.first?["vendorIds"] as? [String] ?? ["?"]))
            #expect(
                named.allSatisfy { ($0["name"] as? String)?.hasPrefix("A ") == true || ($0["name"] as? String)?.hasPrefix("B ") == true })
            let titled = (all.items.first?["tenders"] as? [[String: Any]]) ?? []
            #expect(titled.map { $0["id"] as? String ?? "" } == tenders)
            let title = try await t.request(.GET, "/api/v1/tenders/\(tenders[0])", token: officer.token).string("title")
            #expect(titled.first?["name"] as? String == title && title != nil)
            #expect(try await t.request(.GET, "/api/v1/red-flags?vendorId=\(a.id)", token: officer.token).items.count == 1)
            let other = try await t.vendor("C")
            #expect(try await t.request(.GET, "/api/v1/red-flags?vendorId=\(other.id)", token: auditor.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/red-flags?code=single_bid", token: auditor.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/red-flags?code=nonsense", token: auditor.token).errorCode == "invalid_field")
            #expect(try await t.request(.GET, "/api/v1/red-flags", token: a.token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/red-flags", token: member.token).status == .forbidden)
        }
    }

    /// A flag across tenders keeps its key through refreshes, is dismissed by an auditor with a
    /// reason (audited), and opens again when a later tender joins it.
    @Test func crossFlag_dismissedUntilATenderJoinsIt() async throws {
        try await withTestApp(HardeningTests.env) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let auditor = try await t.staff("auditor")
            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            var tenders: [String] = []
            for w in ["A", "B", "A"] {
                tenders.append(try await Self.awarded(t, officer: officer.token, member: member, a: a, b: b, winner: w))
            }
            let first = try await t.request(.POST, "/api/v1/red-flags/refresh", token: auditor.token)
            #expect(first["added"] as? Int == 1 && first["changed"] as? Int == 0 && first["removed"] as? Int == 0, "\(first.body)")
            let again = try await t.request(.POST, "/api/v1/red-flags/refresh", token: auditor.token)
            #expect(again["flags"] as? Int == 1 && again["added"] as? Int == 0 && again["changed"] as? Int == 0, "\(again.body)")
            let listed = try await t.request(.GET, "/api/v1/red-flags", token: auditor.token)
            let key = try #require(listed.items.first?["key"] as? String)
            #expect(key == "bid_rotation:" + [a.id, b.id].sorted().joined(separator: ","))
            #expect(listed.items.first?["status"] as? String == "open" && listed.items.first?["dismissal"] == nil)
            #expect(listed["refreshedAt"] as? String != nil)

            let dismissal = ["key": key, "reason": "The two are the only licensed operators in the district."]
            #expect(try await t.request(.POST, "/api/v1/red-flags/dismissals", json: dismissal, token: officer.token).status == .forbidden)
            #expect(
                try await t.request(
                    .POST, "/api/v1/red-flags/dismissals", json: ["key": "bid_rotation:x,y", "reason": "No such flag."],
                    token: auditor.token
                ).status == .notFound)
            #expect(
                try await t.request(.POST, "/api/v1/red-flags/dismissals", json: ["key": key, "reason": " "], token: auditor.token)
                    .status == .unprocessableEntity)
            let dismissed = try await t.request(.POST, "/api/v1/red-flags/dismissals", json: dismissal, token: auditor.token)
            #expect(dismissed.status == .created && dismissed["tenderIds"] as? [String] == tenders, "\(dismissed.body)")
            #expect(
                try await t.request(.POST, "/api/v1/red-flags/dismissals", json: dismissal, token: auditor.token).errorCode
                    == "already_dismissed")
            #expect(try await t.request(.GET, "/api/v1/red-flags?status=open", token: auditor.token).items.isEmpty)
            let closed = try await t.request(.GET, "/api/v1/red-flags?status=dismissed", token: officer.token)
            #expect(closed.items.map { $0["key"] as? String } == [key])
            #expect((closed.items.first?["dismissal"] as? [String: Any])?["reason"] as? String == dismissal["reason"])
            #expect(try await t.request(.GET, "/api/v1/red-flags?status=later", token: auditor.token).errorCode == "invalid_status")
            // A refresh with nothing new keeps the dismissal.
            #expect(try await t.request(.POST, "/api/v1/red-flags/refresh", token: auditor.token)["changed"] as? Int == 0)
            #expect(try await t.request(.GET, "/api/v1/red-flags?status=dismissed", token: auditor.token).items.count == 1)

            // A fourth meeting (B wins) joins the flag: the same key, changed in place, open again.
            tenders.append(try await Self.awarded(t, officer: officer.token, member: member, a: a, b: b, winner: "B"))
            let joined = try await t.request(.POST, "/api/v1/red-flags/refresh", token: auditor.token)
            #expect(joined["flags"] as? Int == 1 && joined["added"] as? Int == 0 && joined["changed"] as? Int == 1, "\(joined.body)")
            let reopened = try await t.request(.GET, "/api/v1/red-flags?status=open", token: auditor.token)
            #expect(reopened.items.map { $0["key"] as? String } == [key])
            #expect(reopened.items.first?["tenderIds"] as? [String] == tenders)
            #expect((reopened.items.first?["dismissal"] as? [String: Any])?["tenderIds"] as? [String] == Array(tenders.prefix(3)))
            let anew = try await t.request(
                .POST, "/api/v1/red-flags/dismissals", json: ["key": key, "reason": "Checked again: still the only two."],
                token: auditor.token)
            #expect(anew.status == .created && anew["tenderIds"] as? [String] == tenders, "\(anew.body)")
            let audited = try await t.app.sql.raw(
                "SELECT actor, tender_id FROM audit_log WHERE action = 'red_flag.dismissed' ORDER BY seq"
            ).all()
            #expect(audited.count == 2)
            #expect(try audited.allSatisfy { try $0.decode(column: "actor", as: String.self) == auditor.id })
            #expect(try audited.allSatisfy { try $0.decode(column: "tender_id", as: String?.self) == nil })
        }
    }

    /// The sweeper's refresh recomputes only when an award, a vendor or a request changed since
    /// the last computation: a row removed behind its back stays removed until then.
    @Test func sweeper_recomputesOnlyWhenTheSourceChanged() async throws {
        try await withTestApp(HardeningTests.env) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let auditor = try await t.staff("auditor")
            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            for w in ["A", "B", "A"] { _ = try await Self.awarded(t, officer: officer.token, member: member, a: a, b: b, winner: w) }
            let sweep = RefreshCrossTenderFlags(ctx: UseCaseContext(db: t.app.db, app: t.app.tender, principal: nil, logger: t.app.logger))
            try await sweep.runIfStale()
            let first = try await t.request(.GET, "/api/v1/red-flags", token: auditor.token)
            #expect(first.items.count == 1)
            try await t.app.sql.raw("DELETE FROM cross_red_flag_vendors").run()
            try await t.app.sql.raw("DELETE FROM cross_red_flags").run()
            t.clock.advance(by: 11 * 60)
            try await sweep.runIfStale()
            let unchanged = try await t.request(.GET, "/api/v1/red-flags", token: auditor.token)
            #expect(unchanged.items.isEmpty, "nothing changed: not recomputed")
            let checkedAt = try #require(unchanged["refreshedAt"] as? String)
            #expect(checkedAt > (first["refreshedAt"] as? String ?? "~"), "the check is recorded")
            // A vendor edits its profile: the next stale sweep recomputes.
            #expect(try await t.request(.PUT, "/api/v1/vendors/me", json: ["phone": "13800138000"], token: a.token).status == .ok)
            try await sweep.runIfStale()
            #expect(try await t.request(.GET, "/api/v1/red-flags", token: auditor.token).items.isEmpty, "not stale yet")
            t.clock.advance(by: 11 * 60)
            try await sweep.runIfStale()
            #expect(try await t.request(.GET, "/api/v1/red-flags", token: auditor.token).items.count == 1)
        }
    }
}

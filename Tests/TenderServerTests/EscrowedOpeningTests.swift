import Crypto
import Foundation
import SQLKit
import Testing
import Vapor

@testable import TenderDomain
@testable import TenderServer

/// A key holder: a staff account with an X25519 key made here, as the browser makes it.
struct Holder {
    let token: String
    let id: String
    let key: Curve25519.KeyAgreement.PrivateKey
}

extension TestApp {
    func holder(_ role: String) async throws -> Holder {
        let s = try await staff(role)
        let key = Curve25519.KeyAgreement.PrivateKey()
        let r = try await request(
            .POST, "/api/v1/opening-keys", json: ["publicKey": key.publicKey.rawRepresentation.base64EncodedString()], token: s.token)
        #expect(r.status == .created, "register key: \(r.body)")
        return Holder(token: s.token, id: s.id, key: key)
    }

    /// Five holders (t = 3) and a published tender that requires escrow.
    func escrowTender(threshold: Int = 3) async throws -> (officer: String, tender: String, holders: [Holder]) {
        let officer = try await staff("procurement")
        var holders: [Holder] = []
        for role in ["auditor", "approver", "finance", "procurement", "evaluator"] { holders.append(try await holder(role)) }
        let tender = try await published(officer.token, ["opening": ["holders": holders.map(\.id), "threshold": threshold]])
        return (officer.token, tender, holders)
    }

    /// The vendor's client: the escrow sealed to the tender's published keys.
    func escrow(for bid: SealedBid, threshold: Int = 3, document: String? = nil) async throws -> [String: Any] {
        let keys = try await request(.GET, "/api/v1/tenders/\(bid.tenderId)/opening-keys")
        let holders = try #require(keys["holders"] as? [[String: Any]])
        let publicKeys = try holders.map {
            try Curve25519.KeyAgreement.PublicKey(rawRepresentation: Data(base64Encoded: $0["publicKey"] as! String)!)
        }
        let e = try EscrowOpening.seal(
            salt: bid.salt, document: document ?? bid.document, tenderId: bid.tenderId, commitment: bid.commitment, threshold: threshold,
            holderKeys: publicKeys)
        return try JSONSerialization.jsonObject(with: JSONEncoder().encode(e)) as! [String: Any]
    }

    func commitEscrowed(_ bid: SealedBid, token: String, document: String? = nil) async throws -> String {
        let r = try await request(
            .POST, "/api/v1/tenders/\(bid.tenderId)/bids",
            json: ["commitment": bid.commitment, "escrow": try await escrow(for: bid, document: document)],
            token: token)
        #expect(r.status == .created, "commit with escrow: \(r.body)")
        return try bidId(r)
    }

    /// The holder's client: fetch its sealed shares, open them with its key, post them.
    func openShares(_ h: Holder, tender: String, only: Set<String>? = nil, corrupt: Bool = false) async throws -> JSONResponse {
        let r = try await request(.GET, "/api/v1/tenders/\(tender)/opening/shares", token: h.token)
        #expect(r.status == .ok, "holder shares: \(r.body)")
        var shares: [[String: String]] = []
        for item in r.items where only == nil || only!.contains(item["bidId"] as! String) {
            let sealed = Escrow.SealedShare(
                number: item["number"] as! Int, enc: item["enc"] as! String, ct: item["ct"] as! String, hash: "")
            var bytes = try EscrowOpening.unseal(sealed, privateKey: h.key, tenderId: tender, commitment: item["commitment"] as! String)
            if corrupt { bytes[0] ^= 0x01 }
            shares.append(["bidId": item["bidId"] as! String, "share": Commitment.hex(bytes)])
        }
        return try await request(.POST, "/api/v1/tenders/\(tender)/opening/shares", json: ["shares": shares], token: h.token)
    }

    /// Every byte the server keeps: the files of its data folder, and on PostgreSQL every row's text.
    func storedText() async throws -> String {
        var text = ""
        let dir = app.tender.config.dataDir
        var files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).map { dir + "/" + $0 }
        if case .sqliteFile(let path) = app.tender.config.database { files += [path, path + "-wal", path + "-journal"] }
        for file in files {
            if let d = FileManager.default.contents(atPath: file) { text += String(decoding: d, as: UTF8.self) }
        }
        if TestApp.usesPostgres {
            let tables = try await app.sql.raw(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            ).all().map { try $0.decode(column: "table_name", as: String.self) }
            for table in tables {
                for row in try await app.sql.raw("SELECT CAST(t AS TEXT) AS r FROM \(ident: table) t").all() {
                    text += try row.decode(column: "r", as: String.self)
                }
            }
        }
        return text
    }
}

@Suite struct EscrowedOpeningTests {
    @Test func vendorThatNeverReveals_isOpenedByThreeOfFiveHolders_andAnyoneCanRedoIt() async throws {
        // On SQLite a database file (not memory), so that the test can read what the server stores.
        let file = NSTemporaryDirectory() + "escrow-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        try await withTestApp(TestApp.withAdmin(TestApp.usesPostgres ? [:] : ["TENDER_DATABASE_URL": "sqlite:" + file])) { t in
            let (_, tender, holders) = try await t.escrowTender()
            let detail = try await t.request(.GET, "/api/v1/tenders/\(tender)")
            #expect(detail["escrowRequired"] as? Bool == true)
            let opening = try #require(detail["opening"] as? [String: Any])
            #expect(opening["threshold"] as? Int == 3 && opening["holderCount"] as? Int == 5 && opening["holders"] == nil)
            let keys = try await t.request(.GET, "/api/v1/tenders/\(tender)/opening-keys")
            #expect(keys["threshold"] as? Int == 3)
            #expect(
                (keys["holders"] as? [[String: Any]])?.map { $0["publicKey"] as? String }
                    == holders.map { $0.key.publicKey.rawRepresentation.base64EncodedString() })

            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            let c = try await t.vendor("C")
            let bidA = SealedBid.make(tender: tender, vendor: a.id, price: "1100000.00")
            let bidB = SealedBid.make(tender: tender, vendor: b.id, price: "1200000.00")
            let idA = try await t.commitEscrowed(bidA, token: a.token)
            let idB = try await t.commitEscrowed(bidB, token: b.token)
            // Without an escrow, or with a malformed one, the commitment is refused.
            let bidC = SealedBid.make(tender: tender, vendor: c.id)
            #expect(try await t.commit(bidC, token: c.token).errorCode == "escrow_required")
            var broken = try await t.escrow(for: bidC)
            broken["nonce"] = "AAAA"
            let refused = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": bidC.commitment, "escrow": broken], token: c.token)
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_escrow")

            // Before the deadline nothing about the escrow is handed out, and the server holds no
            // plaintext bid and no private opening key.
            for (method, path) in [(HTTPMethod.GET, "opening/shares"), (.POST, "opening/shares"), (.GET, "opening")] {
                let r = try await t.request(
                    method, "/api/v1/tenders/\(tender)/\(path)", json: method == .POST ? ["shares": []] : nil, token: holders[0].token)
                #expect(r.status == .forbidden && r.errorCode == "sealed", "\(method) \(path): \(r.body)")
            }
            let stored = try await t.storedText()
            #expect(stored.contains(bidA.commitment))
            for secret in [bidA.salt, bidB.salt, "Two shifts", "1100000.00"] { #expect(!stored.contains(secret), "\(secret) is stored") }
            for h in holders {
                #expect(!stored.contains(h.key.rawRepresentation.base64EncodedString()))
                #expect(!stored.contains(Commitment.hex(h.key.rawRepresentation)))
            }

            t.clock.advance(by: 30 * day)
            // B reveals itself; A never does.
            let revealB = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(idB)/reveal", json: ["salt": bidB.salt, "document": bidB.document], token: b.token)
            #expect(revealB.string("status") == "revealed" && revealB.string("openedBy") == "vendor")

            // Two holders: A stays sealed (t − 1 shares open nothing). Posting again changes nothing.
            for h in holders[0..<2] {
                let r = try await t.openShares(h, tender: tender)
                #expect(r.status == .ok, "\(r.body)")
                #expect(r.items.map { $0["bidId"] as? String } == [idA])
                #expect(r.items.first?["status"] as? String == "sealed")
            }
            let again = try await t.openShares(holders[1], tender: tender)
            #expect(again.items.first?["sharesPosted"] as? Int == 2 && again.items.first?["status"] as? String == "sealed")

            // A wrong share is refused, audited against its holder, and stores nothing: a changed one,
            // and a genuine share of A posted as the share of another bid (B).
            let wrong = try await t.openShares(holders[2], tender: tender, corrupt: true)
            #expect(wrong.status == .unprocessableEntity && wrong.errorCode == "share_mismatch", "\(wrong.body)")
            let sealedForA = try #require(
                try await t.request(.GET, "/api/v1/tenders/\(tender)/opening/shares", token: holders[2].token).items.first)
            let shareOfA = try EscrowOpening.unseal(
                .init(number: 3, enc: sealedForA["enc"] as! String, ct: sealedForA["ct"] as! String, hash: ""), privateKey: holders[2].key,
                tenderId: tender, commitment: bidA.commitment)
            let misplaced = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/opening/shares", json: ["shares": [["bidId": idB, "share": Commitment.hex(shareOfA)]]],
                token: holders[2].token)
            #expect(misplaced.status == .unprocessableEntity && misplaced.errorCode == "share_mismatch", "\(misplaced.body)")
            let mismatches = try await t.app.sql.raw(
                "SELECT actor FROM audit_log WHERE action = 'opening.share_mismatch'"
            ).all().map { try $0.decode(column: "actor", as: String.self) }
            #expect(mismatches == [holders[2].id, holders[2].id])

            // The third share opens A as if A had revealed.
            let third = try await t.openShares(holders[2], tender: tender)
            #expect(third.items.first?["status"] as? String == "revealed" && third.items.first?["openedBy"] as? String == "escrow")
            let shown = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids/\(idA)", token: a.token)
            #expect(shown.string("status") == "revealed" && shown.string("price") == "1100000.00" && shown.string("openedBy") == "escrow")
            // Nothing sealed is left for the other holders to open.
            #expect(try await t.request(.GET, "/api/v1/tenders/\(tender)/opening/shares", token: holders[3].token).items.isEmpty)
            let opened = try await t.app.sql.raw("SELECT actor FROM audit_log WHERE action = 'bid.opened_by_escrow'").all()
            #expect(opened.count == 1)

            // Roles and relations.
            let outsider = try await t.staff("auditor")
            let notHolder = try await t.request(.GET, "/api/v1/tenders/\(tender)/opening/shares", token: outsider.token)
            #expect(notHolder.status == .forbidden && notHolder.errorCode == "not_a_holder")
            #expect(try await t.request(.GET, "/api/v1/tenders/\(tender)/opening/shares", token: a.token).status == .forbidden)
            let unknown = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/opening/shares",
                json: ["shares": [["bidId": "nope", "share": String(repeating: "0", count: 64)]]], token: holders[3].token)
            #expect(unknown.status == .notFound)

            // After the reveal deadline: no more shares; the record is public and enough to redo A's opening.
            t.clock.advance(by: day)
            let late = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/opening/shares",
                json: ["shares": [["bidId": idA, "share": String(repeating: "0", count: 64)]]], token: holders[4].token)
            #expect(late.status == .conflict && late.errorCode == "deadline_passed")
            let record = try await t.request(.GET, "/api/v1/tenders/\(tender)/opening")
            #expect(record.status == .ok)
            let bids = try #require(record["bids"] as? [[String: Any]])
            let entryA = try #require(bids.first { $0["bidId"] as? String == idA })
            #expect(entryA["sharesUsed"] as? [Int] == [1, 2, 3] && entryA["openedBy"] as? String == "escrow")
            let e = try #require(entryA["escrow"] as? [String: Any])
            let posted = try #require(entryA["sharesPosted"] as? [[String: Any]])
            let points = posted.map {
                Shamir.Share(number: UInt8($0["number"] as! Int), bytes: Commitment.bytes(hex: $0["share"] as! String)!)
            }
            let publicEscrow = Escrow(
                ciphertext: e["ciphertext"] as! String, nonce: e["nonce"] as! String, keyHash: e["keyHash"] as! String, shares: [])
            let redone = EscrowOpening.open(
                publicEscrow, shares: points, tenderId: tender, vendorId: entryA["vendorId"] as! String,
                commitment: entryA["commitment"] as! String)
            #expect(redone == .success(.init(salt: bidA.salt, document: bidA.document)))
            let commitments = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments")
            let statuses = (commitments["commitments"] as? [[String: Any]] ?? []).map { $0["status"] as? String }
            #expect(statuses.sorted { ($0 ?? "") < ($1 ?? "") } == ["revealed", "revealed"])
            // The openings' entries, appended many at once, keep the chain whole.
            let verify = try await t.request(.GET, "/api/v1/audit/verify", token: holders[0].token)
            #expect(verify["valid"] as? Bool == true, "\(verify.body)")
            let postings = try await t.app.sql.raw("SELECT details FROM audit_log WHERE action = 'opening.shares_posted' ORDER BY seq")
                .all()
                .map { try $0.decode(column: "details", as: String.self) }
            #expect(postings.count == 4 && postings[2].contains(#""new":"0""#), "\(postings)")
        }
    }

    /// The escrow-opened bid takes part in the evaluation like any revealed bid, and is ranked.
    @Test func bidOpenedByEscrow_isScoredAndRanked() async throws {
        try await withTestApp(HardeningTests.env) { t in
            let (officer, tender, holders) = try await t.escrowTender()
            let path = "/api/v1/tenders/\(tender)"
            let member = try await t.staff("evaluator")
            #expect(
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                    token: officer
                ).status == .ok)
            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            let bidA = SealedBid.make(tender: tender, vendor: a.id, price: "900000.00")
            let bidB = SealedBid.make(tender: tender, vendor: b.id, price: "1000000.00")
            let idA = try await t.commitEscrowed(bidA, token: a.token)
            let idB = try await t.commitEscrowed(bidB, token: b.token)
            t.clock.advance(by: 30 * day)
            try await t.reveal(tender, (idB, bidB), token: b.token)
            for h in holders[1..<4] { _ = try await t.openShares(h, tender: tender) }
            t.clock.advance(by: day)
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            for id in [idA, idB] {
                let r = try await t.request(
                    .PUT, "\(path)/scoresheets/\(id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token)
                #expect(r.status == .ok, "\(r.body)")
            }
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer).status == .ok)
            let evaluation = try await t.request(.GET, "\(path)/evaluation", token: officer)
            let ranking = try #require(evaluation["ranking"] as? [[String: Any]], "\(evaluation.body)")
            #expect(ranking.map { $0["bidId"] as? String } == [idA, idB])
            #expect(ranking.map { $0["rank"] as? Int } == [1, 2])
            #expect(ranking.first?["price"] as? String == "900000.00")
        }
    }

    /// The vendor sealed something other than its committed bid: once three holders post, the bid is
    /// `invalid` with `escrow_invalid` (every share matched the vendor's own hashes, so the fault is its).
    @Test func escrowThatDoesNotMatchTheCommitment_makesTheBidInvalid() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let (_, tender, holders) = try await t.escrowTender()
            let v = try await t.vendor()
            let bid = SealedBid.make(tender: tender, vendor: v.id)
            let id = try await t.commitEscrowed(bid, token: v.token, document: #"{"price":"1.00","currency":"CNY"}"#)
            t.clock.advance(by: 30 * day)
            for h in holders[0..<3] { _ = try await t.openShares(h, tender: tender) }
            let shown = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids/\(id)", token: v.token)
            #expect(shown.string("status") == "invalid" && shown.string("openedBy") == "escrow")
            #expect((shown["problems"] as? [String])?.first?.hasPrefix("escrow_invalid") == true)
            // The vendor's own reveal comes too late now.
            let reveal = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(id)/reveal", json: ["salt": bid.salt, "document": bid.document], token: v.token)
            #expect(reveal.errorCode == "already_revealed")
        }
    }

    @Test func openingSettings_keysAndRotation() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let h = [try await t.holder("auditor"), try await t.holder("approver"), try await t.holder("finance")]
            let noKey = try await t.staff("finance")
            let v = try await t.vendor()
            func create(_ opening: Any) async throws -> JSONResponse {
                try await t.request(.POST, "/api/v1/tenders", json: tenderBody(t, ["opening": opening]), token: officer.token)
            }
            for bad: [String: Any] in [
                ["holders": [h[0].id, h[1].id], "threshold": 2], ["holders": h.map(\.id), "threshold": 1],
                ["holders": h.map(\.id), "threshold": 4], ["holders": [h[0].id, h[1].id, noKey.id], "threshold": 2],
                ["holders": [h[0].id, h[1].id, v.id], "threshold": 2], ["holders": [h[0].id, h[0].id, h[1].id], "threshold": 2],
            ] {
                let r = try await create(bad)
                #expect(r.status == .unprocessableEntity && r.errorCode == "invalid_opening", "\(bad): \(r.body)")
            }
            // Keys: only staff, only usable X25519 keys.
            #expect(
                try await t.request(
                    .POST, "/api/v1/opening-keys",
                    json: ["publicKey": Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation.base64EncodedString()],
                    token: v.token
                ).status == .forbidden)
            for bad in ["", "AAAA", Data(count: 32).base64EncodedString(), Data(count: 33).base64EncodedString()] {
                let r = try await t.request(.POST, "/api/v1/opening-keys", json: ["publicKey": bad], token: noKey.token)
                #expect(r.errorCode == "invalid_public_key", "\(bad)")
            }

            let draft = try await create(["holders": h.map(\.id), "threshold": 2])
            #expect(draft.status == .created)
            let id = try #require(draft.string("id"))
            #expect((draft["opening"] as? [String: Any])?["holders"] as? [String] == h.map(\.id))
            // Removing the setting and putting it back.
            let removed = try await t.request(.PATCH, "/api/v1/tenders/\(id)", raw: #"{"opening":null}"#, token: officer.token)
            #expect(removed["escrowRequired"] as? Bool == false)
            let back = try await t.request(
                .PATCH, "/api/v1/tenders/\(id)", json: ["opening": ["holders": h.map(\.id), "threshold": 2]], token: officer.token)
            #expect(back["escrowRequired"] as? Bool == true)

            // A holder that lost its key blocks publication until it registers a new one.
            let keys = try await t.request(.GET, "/api/v1/opening-keys", token: h[2].token)
            let oldKey = try #require(keys.items.first?["keyId"] as? String)
            let retired = try await t.request(
                .POST, "/api/v1/opening-keys/\(oldKey)/retire", json: ["reason": "laptop lost"], token: h[2].token)
            #expect(retired.string("retireReason") == "laptop lost")
            let blocked = try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token)
            #expect(blocked.errorCode == "invalid_opening")
            let newKey = Curve25519.KeyAgreement.PrivateKey()
            let registered = try await t.request(
                .POST, "/api/v1/opening-keys", json: ["publicKey": newKey.publicKey.rawRepresentation.base64EncodedString()],
                token: h[2].token)
            #expect(registered.status == .created)
            #expect(try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token).status == .ok)

            // Rotation after publication leaves the published tender's keys as they were.
            let before = try await t.request(.GET, "/api/v1/tenders/\(id)/opening-keys")
            _ = try await t.request(
                .POST, "/api/v1/opening-keys",
                json: ["publicKey": Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation.base64EncodedString()],
                token: h[0].token)
            let after = try await t.request(.GET, "/api/v1/tenders/\(id)/opening-keys")
            #expect(before.status == .ok && NSDictionary(dictionary: before.json).isEqual(to: after.json))
            let mine = try await t.request(.GET, "/api/v1/opening-keys", token: h[0].token)
            #expect(mine.items.count == 2 && mine.items.filter { $0["retiredAt"] == nil }.count == 1)
            // A tender without escrow refuses one, and has no opening keys.
            let plain = try await t.published(officer.token)
            let bid = SealedBid.make(tender: plain, vendor: v.id)
            let withEscrow = try await t.request(
                .POST, "/api/v1/tenders/\(plain)/bids",
                json: ["commitment": bid.commitment, "escrow": try await t.escrow(for: SealedBid.make(tender: id, vendor: v.id))],
                token: v.token)
            #expect(withEscrow.errorCode == "invalid_escrow")
            #expect(try await t.request(.GET, "/api/v1/tenders/\(plain)/opening-keys").status == .notFound)
        }
    }
}

/// The browser's escrow code (Static/js/escrow.js, run by node) and the server's (Swift) open each
/// other's escrows.
@Suite struct EscrowInteropTests {
    static func node(_ command: String, _ input: Any) async throws -> [String: Any] {
        let file = NSTemporaryDirectory() + "escrow-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: input).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, output) = try await PublicToolsTests.bash(
            "-c", in: repoRoot, environment: ProcessInfo.processInfo.environment,
            arguments: ["node", "Tests/js/escrow-tool.mjs", command, file])
        #expect(status == 0, "\(output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    }

    @Test func escrowBuiltByTheBrowserCode_isOpenedByTheServer() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let (_, tender, holders) = try await t.escrowTender()
            let v = try await t.vendor()
            let bid = SealedBid.make(tender: tender, vendor: v.id, price: "987654.32")
            let keys = try await t.request(.GET, "/api/v1/tenders/\(tender)/opening-keys")
            let escrow = try await Self.node(
                "seal",
                [
                    "tenderId": tender, "commitment": bid.commitment, "salt": bid.salt, "document": bid.document, "threshold": 3,
                    "holders": try #require(keys["holders"] as? [[String: Any]]),
                ])
            let committed = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": bid.commitment, "escrow": escrow], token: v.token)
            #expect(committed.status == .created, "\(committed.body)")
            let id = try t.bidId(committed)
            t.clock.advance(by: 30 * day)
            for h in [holders[4], holders[0], holders[2]] { _ = try await t.openShares(h, tender: tender) }
            let shown = try await t.request(.GET, "/api/v1/tenders/\(tender)/bids/\(id)", token: v.token)
            #expect(shown.string("status") == "revealed" && shown.string("price") == "987654.32" && shown.string("openedBy") == "escrow")
        }
    }

    @Test func escrowBuiltByTheServerCode_isOpenedByTheBrowserCode() async throws {
        let keys = (0..<5).map { _ in Curve25519.KeyAgreement.PrivateKey() }
        let bid = SealedBid.make(tender: "tender-9", vendor: "vendor-9", price: "4321.00")
        let escrow = try EscrowOpening.seal(
            salt: bid.salt, document: bid.document, tenderId: bid.tenderId, commitment: bid.commitment, threshold: 3,
            holderKeys: keys.map(\.publicKey))
        let escrowJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(escrow))
        let opened = try await Self.node(
            "open",
            [
                "tenderId": bid.tenderId, "commitment": bid.commitment, "escrow": escrowJSON,
                "holders": [2, 4, 5].map { ["number": $0, "privateKey": keys[$0 - 1].rawRepresentation.base64EncodedString()] },
            ])
        #expect(opened["salt"] as? String == bid.salt)
        #expect(opened["document"] as? String == bid.document)
    }
}

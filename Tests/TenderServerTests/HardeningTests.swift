import Crypto
import Foundation
import NIOCore
import SQLKit
import TenderDomain
import Testing
import Vapor

@testable import TenderServer

/// Regression tests for the defects of the security review (issue 11), one or more per item;
/// each failed on the code before its fix. They run on SQLite and on PostgreSQL.
@Suite struct HardeningTests {
    static let env = TestApp.withAdmin([
        "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_STANDSTILL_PERIOD": "10s", "TENDER_OBJECTION_REPLY_PERIOD": "5s",
        "TENDER_AWARD_REPORT_PERIOD": "20s", "TENDER_CONTRACT_SIGNING_PERIOD": "30s", "TENDER_FILING_PERIOD": "10s",
        "TENDER_MINIMUM_VALID_BIDS": "1",
    ])

    /// Concurrency needs a file database on SQLite (an in-memory one does not wait for locks).
    static func fileEnv(_ name: String, base: [String: String] = env) -> [String: String] {
        var e = base
        if !TestApp.usesPostgres { e["TENDER_DATABASE_URL"] = "sqlite:" + NSTemporaryDirectory() + "\(name)-\(UUID().uuidString).sqlite" }
        return e
    }

    // MARK: 1. periods are bounded

    @Test(
        arguments: [
            ("5000000wd", 422 as UInt, "period_too_long"), ("999999999wd", 422, "period_too_long"), ("999999999s", 422, "period_too_long"),
            ("784wd", 422, "period_too_long"), ("1099d", 422, "period_too_long"),
            ("783wd", 200, nil), ("1098d", 200, nil), ("20d", 200, nil), ("x", 422, "invalid_period"),
        ] as [(String, UInt, String?)])
    func deadlinePeriods_areBoundedToThreeYears(_ period: String, _ status: UInt, _ code: String?) async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, "/api/v1/deadlines?period=\(period)&from=2026-03-02T02:00:00Z")
            #expect(r.status.code == status, "\(period): \(r.body.prefix(200))")
            #expect(r.errorCode == code)
            #expect(r.body.utf8.count < 200_000, "the answer stays small")
        }
    }

    // MARK: 2. /metrics

    @Test func metrics_needTheCredential_orALoopbackPeer_andNeverCountBids() async throws {
        let token = "scrape-credential-0123456789"
        try await withTestApp(TestApp.withAdmin(["TENDER_METRICS_TOKEN": token])) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            for _ in 0..<3 { _ = try await t.bid(tender, try await t.vendor(), price: "1000000.00") }
            #expect(try await t.request(.GET, "/metrics").errorCode == "unauthorized")
            #expect(
                try await t.request(.GET, "/metrics", headers: [("Authorization", "Bearer wrong-credential-000000")]).status
                    == .unauthorized)
            let r = try await t.request(.GET, "/metrics", headers: [("Authorization", "Bearer \(token)")])
            #expect(r.status == .ok)
            #expect(r.body.contains("/api/v1/tenders/:tenderId/publish"))
            #expect(!r.body.contains("bids"), "no metric names the bid routes")
        }
        // Without a credential: loopback peers only, and a forwarded header never counts as loopback.
        try await withTestApp { t in
            #expect(try await t.request(.GET, "/metrics").status == .forbidden)  // no socket address (in-memory tester)
            // A random port; another if it is taken (parallel suites start servers too).
            var relayed = HTTPHeaders()
            relayed.add(name: .xForwardedFor, value: "127.0.0.1")
            var answers: (direct: HTTPStatus, relayed: HTTPStatus)?
            for _ in 0..<5 where answers == nil {
                let live = try t.app.testing(method: .running(hostname: "127.0.0.1", port: TestPorts.next()))
                do {
                    answers = (
                        try await live.sendRequest(.GET, "/metrics").status,
                        try await live.sendRequest(.GET, "/metrics", headers: relayed).status
                    )
                } catch let e as IOError where e.errnoCode == EADDRINUSE {
                    continue
                }
            }
            #expect(answers?.direct == .ok)
            #expect(answers?.relayed == .forbidden)
        }
    }

    // MARK: 3. races: every state change re-checks its precondition in its transaction

    /// A tender with one revealed bid, scored by a one-member committee; `finalized` also finalizes.
    static func evaluated(_ t: TestApp, finalized: Bool = true) async throws
        -> (
            officer: (token: String, id: String), member: (token: String, id: String), tender: String, bid: String,
            vendor: (token: String, id: String)
        )
    {
        let officer = try await t.staff("procurement")
        let member = try await t.staff("evaluator")
        let tender = try await t.published(officer.token)
        let path = "/api/v1/tenders/\(tender)"
        #expect(
            try await t.request(
                .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                token: officer.token
            ).status == .ok)
        let v = try await t.vendor()
        let b = try await t.bid(tender, v, price: "1000000.00")
        t.clock.advance(by: 30 * day)
        try await t.reveal(tender, b, token: v.token)
        t.clock.advance(by: day)
        #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
        #expect(
            try await t.request(
                .PUT, "\(path)/scoresheets/\(b.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                token: member.token
            ).status == .ok)
        if finalized { #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).status == .ok) }
        return (officer, member, tender, b.id, v)
    }

    /// Sends both requests at once; answers their statuses in order.
    static func together(_ a: @escaping @Sendable () async throws -> JSONResponse, _ b: @escaping @Sendable () async throws -> JSONResponse)
        async throws -> (JSONResponse, JSONResponse)
    {
        async let x = a()
        async let y = b()
        return try await (x, y)
    }

    @Test func awardAndCancel_together_oneWins_andTheStateAgrees() async throws {
        try await withTestApp(Self.fileEnv("award-cancel")) { t in
            for _ in 0..<3 {
                let e = try await Self.evaluated(t)
                let path = "/api/v1/tenders/\(e.tender)"
                let (award, cancel) = try await Self.together(
                    { try await t.request(.POST, "\(path)/award", json: ["bidId": e.bid], token: e.officer.token) },
                    { try await t.request(.POST, "\(path)/cancel", json: ["reason": "Budget withdrawn"], token: e.officer.token) })
                let successes = (award.status == .created ? 1 : 0) + (cancel.status == .ok ? 1 : 0)
                #expect(successes == 1, "award \(award.status), cancel \(cancel.status)")
                let detail = try await t.request(.GET, path)
                let standing = try await t.app.sql.raw("SELECT 1 AS one FROM awards WHERE active_tender = \(bind: e.tender)").first() != nil
                if cancel.status == .ok {
                    #expect(award.status == .conflict)
                    #expect(detail.string("phase") == "cancelled")
                    #expect(!standing)
                    let due = try await t.app.sql.raw("SELECT COUNT(*) AS n FROM obligations WHERE tender_id = \(bind: e.tender)").first()?
                        .decode(column: "n", as: Int64.self)
                    #expect(due == 0)
                } else {
                    #expect(cancel.errorCode == "wrong_phase")
                    #expect(detail.string("phase") == "standstill")
                    #expect(standing)
                }
            }
        }
    }

    @Test func finalizeAndCancel_together_oneWins() async throws {
        try await withTestApp(Self.fileEnv("finalize-cancel")) { t in
            for _ in 0..<3 {
                let e = try await Self.evaluated(t, finalized: false)
                let path = "/api/v1/tenders/\(e.tender)"
                let (finalize, cancel) = try await Self.together(
                    { try await t.request(.POST, "\(path)/evaluation/finalize", token: e.officer.token) },
                    { try await t.request(.POST, "\(path)/cancel", json: ["reason": "Budget withdrawn"], token: e.officer.token) })
                let stored = try await t.app.sql.raw("SELECT 1 AS one FROM evaluations WHERE tender_id = \(bind: e.tender)").first() != nil
                // The chain's order is the order the two transactions committed in.
                let order = try await t.app.sql.raw(
                    """
                    SELECT action FROM audit_log WHERE tender_id = \(bind: e.tender)
                    AND action IN ('evaluation.finalized', 'tender.cancelled') ORDER BY seq
                    """
                ).all().map { try $0.decode(column: "action", as: String.self) }
                #expect(finalize.status == .ok || finalize.status == .conflict, "\(finalize.body)")
                #expect(stored == (finalize.status == .ok))
                if cancel.status == .ok && finalize.status == .ok {
                    // A final evaluation does not end the cancellable phase (only an award does): both
                    // succeed only when the finalize committed first.
                    #expect(order == ["evaluation.finalized", "tender.cancelled"])
                } else if cancel.status == .ok {
                    // The cancellation came first: the finalize saw it on the locked row.
                    #expect(finalize.errorCode == "wrong_phase", "\(finalize.body)")
                    #expect(order == ["tender.cancelled"])
                } else {
                    #expect(finalize.status == .ok)
                    #expect(order == ["evaluation.finalized"])
                }
                #expect(cancel.status == .ok || cancel.status == .conflict)
            }
        }
    }

    @Test func revealAndCancel_together_aCancelledTenderKeepsNoReveal() async throws {
        try await withTestApp(Self.fileEnv("reveal-cancel")) { t in
            for _ in 0..<3 {
                let officer = try await t.staff("procurement")
                let tender = try await t.published(officer.token)
                let v = try await t.vendor()
                let b = try await t.bid(tender, v, price: "1000000.00")
                t.clock.advance(by: 30 * day)
                let (reveal, cancel) = try await Self.together(
                    {
                        try await t.request(
                            .POST, "/api/v1/tenders/\(tender)/bids/\(b.id)/reveal",
                            json: ["salt": b.sealed.salt, "document": b.sealed.document], token: v.token)
                    },
                    {
                        try await t.request(
                            .POST, "/api/v1/tenders/\(tender)/cancel", json: ["reason": "Budget withdrawn"], token: officer.token)
                    })
                #expect(cancel.status == .ok)
                let revealed = try await t.app.sql.raw("SELECT revealed_at FROM bids WHERE id = \(bind: b.id)").first()?.decode(
                    column: "revealed_at", as: Int64?.self)
                // Either the reveal came first (then it stands, before the cancellation) or it is refused.
                #expect((reveal.status == .ok) == (revealed != nil))
                if reveal.status != .ok { #expect(reveal.errorCode == "wrong_phase") }
                t.clock.advance(by: -30 * day)
            }
        }
    }

    @Test func objectionAndUpheldResolution_together_noObjectionAgainstARevokedAward() async throws {
        try await withTestApp(Self.fileEnv("objection-resolution")) { t in
            for _ in 0..<3 {
                let officer = try await t.staff("procurement")
                let member = try await t.staff("evaluator")
                let tender = try await t.published(officer.token)
                let path = "/api/v1/tenders/\(tender)"
                #expect(
                    try await t.request(
                        .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                        token: officer.token
                    ).status == .ok)
                let v = [try await t.vendor(), try await t.vendor(), try await t.vendor()]
                var bids: [(id: String, sealed: SealedBid)] = []
                for (i, p) in ["1000000.00", "1100000.00", "1200000.00"].enumerated() {
                    bids.append(try await t.bid(tender, v[i], price: p))
                }
                t.clock.advance(by: 30 * day)
                for i in 0..<3 { try await t.reveal(tender, bids[i], token: v[i].token) }
                t.clock.advance(by: day)
                #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
                for b in bids {
                    #expect(
                        try await t.request(
                            .PUT, "\(path)/scoresheets/\(b.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                            token: member.token
                        ).status == .ok)
                }
                #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).status == .ok)
                #expect(try await t.request(.POST, "\(path)/award", json: ["bidId": bids[0].id], token: officer.token).status == .created)
                let first = try await t.request(
                    .POST, "\(path)/objections", json: ["text": "The winner's licence has expired."], token: v[1].token)
                let firstId = try #require(first.string("id"))
                let (objection, resolution) = try await Self.together(
                    {
                        try await t.request(
                            .POST, "\(path)/objections", json: ["text": "The winning price is abnormally low."], token: v[2].token)
                    },
                    {
                        try await t.request(
                            .POST, "\(path)/objections/\(firstId)/resolution", json: ["decision": "upheld", "response": "Confirmed."],
                            token: officer.token)
                    })
                #expect(resolution.status == .ok)
                // Every objection is resolved (the late one refused, or closed as moot), and the counter agrees.
                let open = try await t.app.sql.raw(
                    "SELECT COUNT(*) AS n FROM objections WHERE tender_id = \(bind: tender) AND resolved_at IS NULL"
                ).first()?.decode(column: "n", as: Int64.self)
                #expect(open == 0, "objection \(objection.status)")
                #expect(try await TenderStore.find(t.app.sql, id: tender)?.openObjections == 0)
                if objection.status != .created { #expect(objection.errorCode == "wrong_phase") }
                t.clock.advance(by: -31 * day)
            }
        }
    }

    @Test func contractAndFiling_twiceAtOnce_recordedOnce() async throws {
        try await withTestApp(Self.fileEnv("contract-twice")) { t in
            let e = try await Self.evaluated(t)
            let path = "/api/v1/tenders/\(e.tender)"
            #expect(try await t.request(.POST, "\(path)/award", json: ["bidId": e.bid], token: e.officer.token).status == .created)
            t.clock.advance(by: 11)
            let doc = String(repeating: "ab", count: 32)
            let signedAt = t.at(0)
            let sendContract: @Sendable () async throws -> JSONResponse = {
                try await t.request(
                    .POST, "\(path)/contract", json: ["signedAt": signedAt, "amount": "1000000.00", "documentSha256": doc],
                    token: e.officer.token)
            }
            let (a, b) = try await Self.together(sendContract, sendContract)
            #expect([a.status, b.status].sorted { $0.code < $1.code } == [.created, .conflict])
            let sendFiling: @Sendable () async throws -> JSONResponse = {
                try await t.request(
                    .POST, "\(path)/contract/filing", json: ["reference": "BA-1", "authority": "Finance bureau"], token: e.officer.token)
            }
            let (c, d) = try await Self.together(sendFiling, sendFiling)
            #expect([c.status, d.status].sorted { $0.code < $1.code } == [.created, .conflict])
            let filed = try await t.app.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'contract.filed'").first()?.decode(
                column: "n", as: Int64.self)
            #expect(filed == 1)
        }
    }

    // MARK: 4. anonymous labels

    @Test func publicSheetLabels_followAStoredRandomOrder_sameInSheetsAndOutliers() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let members = try await (0..<7).asyncMap { _ in try await t.staff("evaluator") }
            let tender = try await t.published(officer.token)
            let path = "/api/v1/tenders/\(tender)"
            let committee = members.map { ["userId": $0.id, "kind": "expert"] }
            #expect(
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": committee, "chairId": members[0].id], token: officer.token
                ).status == .ok)
            let v = try await t.vendor()
            let b = try await t.bid(tender, v, price: "1000000.00")
            t.clock.advance(by: 30 * day)
            try await t.reveal(tender, b, token: v.token)
            t.clock.advance(by: day)
            // Member i (committee order) gives 30 + i; the last gives 2: an outlier.
            var given: [String: Int] = [:]
            for (i, m) in members.enumerated() {
                let score = i == 6 ? 2 : 30 + i
                given[m.id] = score
                #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: m.token).status == .created)
                #expect(
                    try await t.request(
                        .PUT, "\(path)/scoresheets/\(b.id)", json: ["qualification": ["license": true], "scores": ["technical": score]],
                        token: m.token
                    ).status == .ok)
            }
            let final = try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token)
            #expect(try await t.request(.POST, "\(path)/award", json: ["bidId": b.id], token: officer.token).status == .created)
            let stored = try #require(try await EvaluationStore.final(t.app.sql, tenderId: tender)).members
            #expect(Set(stored) == Set(members.map(\.id)))
            // Public sheets: "Member k" carries the score of the k-th member of the stored order.
            let sheets = try #require(try await t.request(.GET, "\(path)/evaluation/scoresheets").json["sheets"] as? [[String: Any]])
            #expect(sheets.count == 7)
            for s in sheets {
                let label = try #require(s["member"] as? String)
                let k = try #require(Int(label.dropFirst("Member ".count)))
                let score = (s["scores"] as? [String: String])?["technical"]
                #expect(score == "\(given[stored[k - 1]]!).00", "\(label)")
            }
            // The outlier flag names the same label as the sheet of the member who gave 2.
            let outliers = try #require(final.json["outliers"] as? [[String: Any]])
            let expected = MemberLabels.label(of: members[6].id, in: stored)
            #expect(outliers.contains { $0["member"] as? String == expected })
            // The printable report signs by name without the labels.
            let report = try await t.request(.GET, "\(path)/evaluation/report.html", token: officer.token)
            #expect(!report.body.contains("<td>Member "))
        }
    }

    // MARK: 5. no contract inside the standstill

    @Test func contractSignedInsideTheStandstill_isRefused() async throws {
        try await withTestApp(Self.env) { t in
            let e = try await Self.evaluated(t)
            let path = "/api/v1/tenders/\(e.tender)"
            #expect(try await t.request(.POST, "\(path)/award", json: ["bidId": e.bid], token: e.officer.token).status == .created)
            let awardedAt = t.at(0)
            t.clock.advance(by: 11)
            let doc = String(repeating: "cd", count: 32)
            let early = try await t.request(
                .POST, "\(path)/contract", json: ["signedAt": awardedAt, "amount": "1000000.00", "documentSha256": doc],
                token: e.officer.token)
            #expect(early.status == .unprocessableEntity)
            #expect(early.errorCode == "standstill_not_over")
            let ok = try await t.request(
                .POST, "\(path)/contract", json: ["signedAt": t.at(0), "amount": "1000000.00", "documentSha256": doc],
                token: e.officer.token)
            #expect(ok.status == .created)
        }
    }

    // MARK: 6. a cancelled tender never publishes its commitments

    @Test func cancelledTender_neverPublishesItsCommitments() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor("Hidden bidder")
            let b = try await t.bid(tender, v, price: "1000000.00")
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/cancel", json: ["reason": "Requirement withdrawn"], token: officer.token
                ).status == .ok)
            t.clock.advance(by: 31 * day)
            for who in [nil, officer.token, v.token] {
                let list = try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments", token: who)
                #expect(list.status == .forbidden && list.errorCode == "sealed")
                #expect(!list.body.contains("Hidden bidder"))
                #expect(try await t.request(.GET, "/api/v1/tenders/\(tender)/commitments/\(b.id)/proof", token: who).status == .forbidden)
            }
        }
    }

    // MARK: 7. state changes in the audit chain

    @Test func questionsProfilesSheetsAndRegistrations_areAudited_withTheRecordedName() async throws {
        try await withTestApp(Self.env) { t in
            let auditor = try await t.staff("auditor")
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor("Acme")
            let q = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/questions", json: ["text": "Is night work included?"], token: v.token)
            #expect(q.status == .created)
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/questions/\(q.string("id")!)/answer", json: ["answer": "Yes, two nights a week."],
                    token: officer.token
                ).status == .ok)
            let oldName = try #require(try await t.request(.GET, "/api/v1/vendors/me", token: v.token).string("name"))
            #expect(
                try await t.request(
                    .PUT, "/api/v1/vendors/me", json: ["name": "Acme Renamed Ltd", "phone": "+86 21 5555 0100"], token: v.token
                ).status == .ok)
            func log() async throws -> [[String: Any]] {
                try await t.request(.GET, "/api/v1/audit?actor=\(v.id)", token: auditor.token).items
            }
            let entries = try await log()
            #expect(entries.map { $0["action"] as? String } == ["vendor.updated", "question.asked", "vendor.registered"])
            // Each entry shows the name recorded in it, not the account's current name.
            #expect(entries[1]["actorName"] as? String == oldName)
            #expect(entries[0]["actorName"] as? String == "Acme Renamed Ltd")
            #expect(entries.allSatisfy { $0["version"] as? Int == 2 })
            #expect((entries[0]["details"] as? String)?.contains("\"fields\":\"name,phone\"") == true)
            let answered = try await t.request(.GET, "/api/v1/audit?action=question.answered", token: auditor.token).items
            #expect(answered.count == 1 && answered[0]["actor"] as? String == officer.id)
            #expect((answered[0]["details"] as? String)?.contains(AuditStore.sha256("Yes, two nights a week.")) == true)

            // A scoresheet save: a salted fingerprint, not the scores; it matches the sheet and its salt.
            let e = try await Self.evaluated(t, finalized: false)
            let saved = try await t.request(.GET, "/api/v1/audit?action=scoresheet.saved&tenderId=\(e.tender)", token: auditor.token).items
            #expect(saved.count == 1)
            let details = try #require(saved.first?["details"] as? String)
            #expect(!details.contains("30") || details.contains("sheetSha256"))
            #expect(!details.contains("technical"))
            let mine = try await t.request(.GET, "/api/v1/tenders/\(e.tender)/scoresheets", token: e.member.token).items
            let salt = try #require(mine.first?["salt"] as? String)
            let digest = ScoresheetDigest.sha256(salt: salt, qualification: ["license": true], scores: ["technical": 3000])
            #expect(details.contains(digest))
            #expect(try await AuditStore.verify(t.app.sql).valid)
        }
    }

    // MARK: 8 and 11. text: controls, invisible characters, bidirectional overrides, NUL

    @Test(arguments: ["Vendor\u{202E}gnp.exe", "Zero\u{200B}width", "Bell\u{07}", "Two\nlines", "Nul\u{0}hidden", "Isolate\u{2066}x"])
    func namesWithControlOrInvisibleCharacters_areRefused(_ name: String) async throws {
        try await withTestApp(Self.env) { t in
            let r = try await t.request(
                .POST, "/api/v1/auth/register",
                json: [
                    "email": "v-\(UUID().uuidString.prefix(8))@example.com", "password": testPassword, "name": name,
                    "registrationNumber": "9131\(UUID().uuidString.prefix(8))",
                ])
            #expect(r.status == .unprocessableEntity)
            #expect(r.errorCode == "invalid_text")
            let officer = try await t.staff("procurement")
            let title = try await t.request(.POST, "/api/v1/tenders", json: tenderBody(t, ["title": name]), token: officer.token)
            #expect(title.errorCode == "invalid_text")
            let count = try await t.app.sql.raw("SELECT COUNT(*) AS n FROM tenders").first()?.decode(column: "n", as: Int64.self)
            #expect(count == 0)
        }
    }

    @Test func ordinaryTextIsKept_CJKPunctuationSpaces_andNewlinesInProse() async throws {
        try await withTestApp(Self.env) { t in
            let v = try await t.vendor("上海·清洁服务（集团）有限公司 A&B — “优质”")
            #expect(
                try await t.request(.GET, "/api/v1/vendors/me", token: v.token).string("name")?.hasPrefix("上海·清洁服务（集团）有限公司 A&B — “优质”")
                    == true)
            let officer = try await t.staff("procurement")
            let r = try await t.request(
                .POST, "/api/v1/tenders", json: tenderBody(t, ["title": "数据中心保洁 2027 (二期)", "description": "第一段。\n\n第二段：\t含制表符。"]),
                token: officer.token)
            #expect(r.status == .created)
            #expect(r.string("description") == "第一段。\n\n第二段：\t含制表符。")
        }
    }

    @Test func nulInBodiesQueriesAndPaths_isRefused() async throws {
        try await withTestApp(Self.env) { t in
            let body =
                #"{"email":"v@example.com","password":"correct-horse-1","name":"Vendor 2\u0000 hidden","registrationNumber":"9131000077"}"#
            let r = try await t.request(.POST, "/api/v1/auth/register", raw: body)
            #expect(r.status == .unprocessableEntity && r.errorCode == "invalid_text")
            #expect(try await t.app.sql.raw("SELECT 1 AS one FROM users WHERE email = 'v@example.com'").first() == nil)
            // The six characters \u0000 (an escaped backslash) are ordinary text.
            let literal =
                #"{"email":"w@example.com","password":"correct-horse-1","name":"Vendor \\u0000 literal","registrationNumber":"9131000078"}"#
            #expect(try await t.request(.POST, "/api/v1/auth/register", raw: literal).status == .created)
            let q = try await t.request(.GET, "/api/v1/tenders?q=%00x")
            #expect(q.status == .badRequest && q.errorCode == "invalid_text")
            let file = try await t.request(.GET, "/js/app.js%00.png")
            #expect(file.status == .badRequest && file.errorCode == "invalid_text")
            #expect(!file.body.contains("import"))
        }
    }

    // MARK: 9. duplicate keys

    @Test func bidDocumentWithDuplicateKeys_revealsAsInvalid() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            let salt = String(repeating: "7", count: 64)
            let doc = #"{"price":"100.00","currency":"CNY","qualifications":{"license":true},"price":"990.00"}"#
            let sealed = SealedBid(tenderId: tender, vendorId: v.id, salt: salt, document: doc)
            let r = try await t.commit(sealed, token: v.token)
            let id = try t.bidId(r)
            t.clock.advance(by: 30 * day)
            let revealed = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids/\(id)/reveal", json: ["salt": salt, "document": doc], token: v.token)
            #expect(revealed.string("status") == "invalid")
            #expect(revealed["price"] == nil)
            #expect((revealed["problems"] as? [String])?.contains { $0.hasPrefix("duplicate_key") } == true)
        }
    }

    // MARK: 10. security headers on errors

    @Test(arguments: ["/api/v1/tenders/not-a-tender", "/api/v1/users/me", "/api/v1/deadlines?period=x", "/no/such/page"])
    func errorResponses_carryTheSecurityHeaders(_ path: String) async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, path, headers: path.contains("users") ? [("Authorization", "Bearer nope")] : [])
            #expect(r.status.code >= 400)
            #expect(r.headers.first(name: .cacheControl) == "no-store")
            #expect(r.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(r.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
        }
    }

    // MARK: 12. request ids

    @Test(arguments: [String(repeating: "a", count: 300), "two words", "<b>bold</b>", "id\"quote", ""])
    func unsafeRequestIds_areReplaced(_ id: String) async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, "/api/v1/tenders/\(UUID().uuidString)", headers: [("X-Request-Id", id)])
            let answered = try #require(r.headers.first(name: "X-Request-Id"))
            #expect(answered != id)
            #expect(RequestLogMiddleware.isSafe(answered))
            let bodyId = (r.json["error"] as? [String: Any])?["requestId"] as? String
            #expect(bodyId == answered)
            #expect(!r.body.contains("<b>") && !r.body.contains("aaaaaaaaaaaaaaaaaaaaaaaa"))
        }
        try await withTestApp { t in
            let r = try await t.request(.GET, "/api/v1/tenders/\(UUID().uuidString)", headers: [("X-Request-Id", "trace-01.abc_9")])
            #expect(r.headers.first(name: "X-Request-Id") == "trace-01.abc_9")
            #expect((r.json["error"] as? [String: Any])?["requestId"] as? String == "trace-01.abc_9")
        }
    }

    // MARK: 13. absent and empty differ in the chain

    @Test func auditChain_tenderIdNullToEmpty_isDetected() async throws {
        try await withTestApp(Self.env) { t in
            _ = try await t.staff("procurement")  // user.created: no tender id
            #expect(try await AuditStore.verify(t.app.sql).valid)
            try await t.app.sql.raw("UPDATE audit_log SET tender_id = '' WHERE seq = 1").run()
            let v = try await AuditStore.verify(t.app.sql)
            #expect(!v.valid)
            #expect(v.firstInvalid == 1 && v.problem == .hash)
        }
    }

    @Test func auditChain_versionOneEntriesStillVerify_andADowngradeIsDetected() async throws {
        try await withTestApp(Self.env) { t in
            // An entry written the old way (version 1, as before migration 0010), then a new one.
            let h1 = AuditChain.hash(
                seq: 1, at: 5, actor: "legacy", action: "tender.created", tenderId: nil, details: "{}", prevHash: AuditChain.genesis)
            try await t.app.sql.raw(
                """
                INSERT INTO audit_log (seq, at, actor, action, tender_id, details, prev_hash, hash, version) VALUES (1, 5, 'legacy', 'tender.created', NULL, '{}', \(bind: AuditChain.genesis), \(bind: h1), 1)
                """
            ).run()
            try await t.app.sql.raw("UPDATE audit_head SET seq = 1, hash = \(bind: h1) WHERE id = 1").run()
            _ = try await t.staff("procurement")
            #expect(try await AuditStore.verify(t.app.sql).valid)
            try await t.app.sql.raw("UPDATE audit_log SET version = 1, actor_name = NULL WHERE seq = 2").run()
            let v = try await AuditStore.verify(t.app.sql)
            #expect(!v.valid && v.firstInvalid == 2)
        }
    }

    // MARK: 15. only procurement forms the committee

    @Test func adminCannotSetACommittee() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let tender = try await t.published(officer.token)
            let body: [String: Any] = ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id]
            let r = try await t.request(.PUT, "/api/v1/tenders/\(tender)/committee", json: body, token: try await t.adminToken())
            #expect(r.status == .forbidden)
            #expect(try await t.request(.PUT, "/api/v1/tenders/\(tender)/committee", json: body, token: officer.token).status == .ok)
        }
    }

    // MARK: suspected gaps

    @Test func aTokenIssuedAfterADeactivation_isRefused() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            #expect(try await t.request(.POST, "/api/v1/users/\(officer.id)/deactivation", token: try await t.adminToken()).status == .ok)
            // The race: a login that read the account before the deactivation stores its token after it.
            let token = TokenAuthenticator.newToken()
            try await t.app.sql.raw(
                """
                INSERT INTO tokens (token_hash, user_id, created_at, expires_at)
                VALUES (\(bind: TokenAuthenticator.hash(token)), \(bind: officer.id), \(bind: t.app.tender.nowMillis), \(bind: t.app.tender.nowMillis + 3_600_000))
                """
            ).run()
            let r = try await t.request(.GET, "/api/v1/users/me", token: token)
            #expect(r.status == .unauthorized && r.errorCode == "account_disabled")
        }
    }

    @Test func tooManyInvitationsOrMembers_areRefusedBeforeAnyLookup() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let ids = (0..<1001).map { _ in UUID().uuidString }
            let r = try await t.request(
                .POST, "/api/v1/tenders", json: tenderBody(t, ["method": "selective", "invitedVendorIds": ids]), token: officer.token)
            #expect(r.status == .unprocessableEntity && r.field == "invitedVendorIds")
            let tender = try await t.published(officer.token)
            let members = (0..<101).map { _ in ["userId": UUID().uuidString, "kind": "expert"] }
            let c = try await t.request(
                .PUT, "/api/v1/tenders/\(tender)/committee", json: ["members": members, "chairId": members[0]["userId"]!],
                token: officer.token)
            #expect(c.errorCode == "committee_too_large")
            // Invitations of known vendors, one unknown among them: named by its index.
            let v = [try await t.vendor(), try await t.vendor(), try await t.vendor()]
            let unknown = UUID().uuidString
            let mixed = try await t.request(
                .POST, "/api/v1/tenders", json: tenderBody(t, ["method": "selective", "invitedVendorIds": v.map(\.id) + [unknown]]),
                token: officer.token)
            #expect(mixed.errorCode == "unknown_vendor" && mixed.field == "invitedVendorIds[3]")
        }
    }

    @Test func failedReveals_areCounted_butAuditedOnlyAtPowersOfTwo() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            let b = try await t.bid(tender, v, price: "1000000.00")
            t.clock.advance(by: 30 * day)
            for _ in 0..<9 {
                let r = try await t.request(
                    .POST, "/api/v1/tenders/\(tender)/bids/\(b.id)/reveal", json: ["salt": b.sealed.salt, "document": "{}"], token: v.token)
                #expect(r.errorCode == "commitment_mismatch")
            }
            let counted = try await t.app.sql.raw("SELECT reveal_failures FROM bids WHERE id = \(bind: b.id)").first()?.decode(
                column: "reveal_failures", as: Int64.self)
            #expect(counted == 9)
            let audited = try await t.app.sql.raw("SELECT details FROM audit_log WHERE action = 'bid.reveal_mismatch' ORDER BY seq").all()
                .map { try $0.decode(column: "details", as: String.self) }
            #expect(audited.count == 4)  // the 1st, 2nd, 4th and 8th
            #expect(audited.last?.contains("\"failures\":\"8\"") == true)
        }
    }

    @Test func ocdsPackage_declaresTheBidExtension_whenItHasBids() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let before = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds")
            #expect(before["extensions"] == nil)
            _ = try await t.bid(tender, try await t.vendor(), price: "1000000.00")
            t.clock.advance(by: 31 * day)
            let after = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds")
            #expect(after["extensions"] as? [String] == [OCDS.bidExtension])
            #expect(((after["releases"] as? [[String: Any]])?.first?["bids"]) != nil)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ f: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await f(e)) }
        return out
    }
}

extension JSONResponse {
    var field: String? { (json["error"] as? [String: Any])?["field"] as? String }
}

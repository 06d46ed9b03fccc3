import Foundation
import SQLKit
import TenderDomain
import Testing

@testable import TenderServer

/// A whole tender from publication to a late filing, with periods of seconds (DESIGN sections 5, 6).
@Suite struct LifecycleTests {
    static let env = TestApp.withAdmin([
        "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_STANDSTILL_PERIOD": "10s", "TENDER_OBJECTION_REPLY_PERIOD": "5s",
        "TENDER_AWARD_REPORT_PERIOD": "20s", "TENDER_CONTRACT_SIGNING_PERIOD": "30s", "TENDER_FILING_PERIOD": "10s",
    ])

    @Test func wholeTender_fromPublicationToALateFiling() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let auditor = try await t.staff("auditor")
            let member = try await t.staff("evaluator")
            let tender = try await t.published(officer.token)
            let path = "/api/v1/tenders/\(tender)"
            #expect(
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                    token: officer.token
                ).status == .ok)
            let v = [try await t.vendor("A"), try await t.vendor("B"), try await t.vendor("C")]
            let outsider = try await t.vendor("Outsider")
            var bids: [(id: String, sealed: SealedBid)] = []
            for (i, price) in ["1000000.00", "1100000.00", "1200000.00"].enumerated() {
                bids.append(try await t.bid(tender, v[i], price: price))
            }
            // Nothing about bids reaches the audit log before the deadline. Published without an
            // outsourcing request, the tender is a procedure deviation.
            let early = try await t.request(.GET, "/api/v1/audit?tenderId=\(tender)", token: auditor.token)
            #expect(
                early.items.map { $0["action"] as? String } == [
                    "committee.set", "procedure.deviation", "tender.published", "tender.created",
                ])
            t.clock.advance(by: 30 * day)
            for i in 0..<3 { try await t.reveal(tender, bids[i], token: v[i].token) }
            t.clock.advance(by: day)
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            for b in bids {
                let r = try await t.request(
                    .PUT, "\(path)/scoresheets/\(b.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token)
                #expect(r.status == .ok)
            }
            #expect(
                try await t.request(.POST, "\(path)/award", json: ["bidId": bids[0].id], token: officer.token).errorCode
                    == "evaluation_pending")
            let final = try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token)
            #expect(final["candidates"] as? [String] == bids.map(\.id))
            #expect(try await t.request(.GET, "\(path)/evaluation", token: v[2].token).errorCode == "sealed")

            // Award: top three only; a justification for any but the first.
            #expect(
                try await t.request(.POST, "\(path)/award", json: ["bidId": UUID().uuidString], token: officer.token).errorCode
                    == "not_a_candidate")
            #expect(
                try await t.request(
                    .POST, "\(path)/award", json: ["bidId": bids[1].id, "justification": "too short"], token: officer.token
                ).errorCode == "justification_required")
            let first = try await t.request(.POST, "\(path)/award", json: ["bidId": bids[0].id], token: officer.token)
            #expect(first.status == .created, "\(first.body)")
            #expect(first.string("standstillEndsAt") == t.at(10))
            #expect(first.string("status") == "standstill", "a fresh award is in its standstill")
            #expect(try await t.request(.GET, path).string("phase") == "standstill")
            #expect(
                try await t.request(.POST, "\(path)/award", json: ["bidId": bids[0].id], token: officer.token).errorCode
                    == "already_awarded")
            // Published with the award: result, anonymized sheets and committee.
            #expect(try await t.request(.GET, "\(path)/evaluation").string("status") == "final")
            #expect(try await t.request(.GET, "\(path)/evaluation/scoresheets").status == .ok)
            #expect(try await t.request(.GET, "\(path)/committee").status == .ok)

            // Objections: bidders only, during the standstill; upheld revokes the award.
            let text = "The winning bid does not meet the licence requirement."
            #expect(
                try await t.request(.POST, "\(path)/objections", json: ["text": text], token: outsider.token).errorCode == "not_a_bidder")
            let objection = try await t.request(.POST, "\(path)/objections", json: ["text": text], token: v[2].token)
            #expect(objection.status == .created)
            let concurrent = try await t.request(
                .POST, "\(path)/objections", json: ["text": "The winning price is abnormally low."], token: v[1].token)
            #expect(concurrent.status == .created)
            #expect(
                try await t.request(
                    .POST, "\(path)/objections/\(objection.string("id")!)/resolution", json: ["decision": "moot", "response": "x"],
                    token: officer.token
                )
                .errorCode == "invalid_decision")
            let upheld = try await t.request(
                .POST, "\(path)/objections/\(objection.string("id")!)/resolution",
                json: ["decision": "upheld", "response": "Confirmed; award revoked."], token: officer.token)
            #expect(upheld.string("decision") == "upheld")
            #expect(try await t.request(.GET, "\(path)/award").string("status") == "revoked")
            #expect(try await t.request(.GET, path).string("phase") == "evaluating")
            // The other objection against the revoked award is closed as moot, naming the upheld one; it cannot be resolved again.
            let mootList = try await t.request(.GET, "\(path)/objections", token: v[1].token).items
            #expect(mootList.count == 1)
            #expect(mootList.first?["decision"] as? String == "moot")
            #expect((mootList.first?["response"] as? String)?.contains(objection.string("id")!) == true)
            #expect(mootList.first?["resolvedAt"] as? String == t.at(0))
            #expect(
                try await t.request(
                    .POST, "\(path)/objections/\(concurrent.string("id")!)/resolution", json: ["decision": "rejected", "response": "late"],
                    token: officer.token
                )
                .errorCode == "already_resolved")
            let revocation = try await t.request(.GET, "/api/v1/audit?tenderId=\(tender)", token: auditor.token).items.prefix(3)
            #expect(revocation.map { $0["action"] as? String } == ["objection.resolved", "award.revoked", "objection.resolved"])
            #expect((revocation.first?["details"] as? String)?.contains("\"decision\":\"moot\"") == true)
            #expect((revocation.last?["details"] as? String)?.contains("\"decision\":\"upheld\"") == true)

            // A new award to the second candidate, with a justification.
            let second = try await t.request(
                .POST, "\(path)/award",
                json: ["bidId": bids[1].id, "justification": "The first candidate's licence had expired (objection upheld)."],
                token: officer.token)
            #expect(second.status == .created, "\(second.body)")
            let secondObjection = try await t.request(
                .POST, "\(path)/objections", json: ["text": "The second candidate should not win either."], token: v[0].token)
            #expect(secondObjection.status == .created)
            t.clock.advance(by: 11)
            // The standstill has ended but an objection is open: not final yet; no more objections.
            #expect(try await t.request(.GET, path).string("phase") == "standstill")
            #expect(try await t.request(.POST, "\(path)/objections", json: ["text": text], token: v[2].token).errorCode == "wrong_phase")
            let rejected = try await t.request(
                .POST, "\(path)/objections/\(secondObjection.string("id")!)/resolution",
                json: ["decision": "rejected", "response": "Unfounded."], token: officer.token)
            #expect(rejected.string("decision") == "rejected")
            #expect(try await t.request(.GET, path).string("phase") == "awarded")
            #expect(try await t.request(.GET, "\(path)/award").string("status") == "final")

            // Contract: the amount must be the awarded price; signed after the due date → late.
            let doc = String(repeating: "ab", count: 32)
            let deviating = try await t.request(
                .POST, "\(path)/contract", json: ["signedAt": t.at(0), "amount": "1000000.00", "documentSha256": doc], token: officer.token)
            #expect(deviating.errorCode == "amount_deviates")
            #expect(
                try await t.request(.POST, "\(path)/contract/filing", json: ["reference": "X", "authority": "Y"], token: officer.token)
                    .errorCode == "wrong_phase")
            t.clock.advance(by: 31)
            let contract = try await t.request(
                .POST, "\(path)/contract",
                json: ["signedAt": t.at(0), "amount": "1100000.00", "documentSha256": doc, "supervisorId": auditor.id], token: officer.token
            )
            #expect(contract.status == .created, "\(contract.body)")
            #expect(contract["late"] as? Bool == true)
            #expect(contract.string("supervisorId") == auditor.id)
            #expect(try await t.request(.GET, path).string("phase") == "contracted")
            t.clock.advance(by: 11)
            let filing = try await t.request(
                .POST, "\(path)/contract/filing", json: ["reference": "BA-2026-001", "authority": "District finance bureau"],
                token: officer.token)
            #expect(filing.status == .created)
            #expect(filing["late"] as? Bool == true)
            #expect(try await t.request(.GET, path).string("phase") == "filed")
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=filed").items.count == 1)

            // Obligations: the report was never made (overdue); the rest met late; the briefing of the
            // signed contract (docs/DESIGN.md §11) is due 5 working days after the signature.
            let obligations = try await t.request(.GET, "/api/v1/obligations?tenderId=\(tender)", token: auditor.token)
            let states = Dictionary(
                obligations.items.map { ($0["kind"] as! String + ":" + ($0["state"] as! String), 1) }, uniquingKeysWith: +)
            #expect(
                states == [
                    "award_report:overdue": 1, "objection_reply:met_late": 1, "objection_reply:met": 2, "contract_signing:met_late": 1,
                    "contract_filing:met_late": 1, "contract_briefing:due": 1,
                ])
            #expect(obligations.items.first?["kind"] as? String == "award_report")
            #expect(try await t.request(.GET, "/api/v1/obligations?state=overdue", token: officer.token).items.count == 1)
            #expect(try await t.request(.GET, "/api/v1/obligations", token: v[0].token).status == .forbidden)
            #expect(try await t.request(.GET, "/api/v1/obligations?state=soon", token: officer.token).errorCode == "invalid_state")

            // The sweeper records the overdue report and the close once, however often it runs.
            #expect(try await Sweeper.sweep(t.app) == .init(overdue: 1, closed: 1))
            #expect(try await Sweeper.sweep(t.app) == .init(overdue: 0, closed: 0))
            let log = try await t.request(.GET, "/api/v1/audit?tenderId=\(tender)&per=100", token: auditor.token)
            let actions = log.items.compactMap { $0["action"] as? String }
            #expect(actions.filter { $0 == "obligation.overdue" }.count == 1)
            #expect(actions.contains("tender.closed") && actions.contains("contract.filed") && actions.contains("award.revoked"))
            let closed = try #require(log.items.first { $0["action"] as? String == "tender.closed" })
            let commitments = try await t.request(.GET, "\(path)/commitments")
            #expect((closed["details"] as? String)?.contains(commitments.string("root")!) == true)
            #expect(try await t.request(.GET, "/api/v1/audit", token: v[0].token).status == .forbidden)

            // OCDS: the whole process as open data (validated against the official schema in .ci/run).
            let ocds = try await t.request(.GET, "\(path)/ocds")
            #expect(ocds.status == .ok)
            try exportOCDS(ocds.body, name: "lifecycle-filed")
            let release = try #require((ocds["releases"] as? [[String: Any]])?.first)
            #expect(release["ocid"] as? String == "ocds-tender0-\(tender)")
            #expect(release["tag"] as? [String] == ["tender", "award", "contract", "implementation"])
            let ocdsTender = try #require(release["tender"] as? [String: Any])
            #expect(ocdsTender["status"] as? String == "complete")
            #expect(ocdsTender["numberOfTenderers"] as? Int == 3)
            #expect(
                (release["planning"] as? [String: Any]).flatMap { ($0["budget"] as? [String: Any])?["amount"] as? [String: Any] }?["amount"]
                    as? Double == 1_500_000)
            let ocdsAwards = try #require(release["awards"] as? [[String: Any]])
            #expect(ocdsAwards.map { $0["status"] as? String } == ["cancelled", "active"])
            let ocdsContract = try #require((release["contracts"] as? [[String: Any]])?.first)
            #expect((ocdsContract["value"] as? [String: Any])?["amount"] as? Double == 1_100_000)
            #expect(ocdsContract["awardID"] as? String == second.string("id"))

            // The chain verifies; the public head matches.
            let verify = try await t.request(.GET, "/api/v1/audit/verify", token: auditor.token)
            #expect(verify["valid"] as? Bool == true)
            let head = try await t.request(.GET, "/api/v1/audit/head")
            #expect(head["length"] as? Int == verify["length"] as? Int)
            #expect(head.string("head") == verify.string("head"))
        }
    }

    /// Due dates in the regime's own units across 国庆 2026 (Oct 1–7 off, Saturday Oct 10 a make-up
    /// workday), worked out by hand: an award on Tuesday 2026-09-29 (Asia/Shanghai) under
    /// `government-procurement` —
    /// standstill 7wd: Sep 30 (1), Oct 8 (2), 9 (3), Sat 10 (4, make-up), 12 (5), 13 (6), 14 (7) → Oct 14 24:00 = 16:00Z;
    /// award report 15d: Oct 14, a Wednesday → Oct 14 24:00;
    /// contract signing 30d from the award notice (Oct 15 00:00): day 30 is Sat Nov 14 → Mon Nov 16 24:00.
    @Test func obligations_countWorkingDaysAcrossNationalDay() async throws {
        try await withTestApp(
            TestApp.withAdmin([
                "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_MINIMUM_VALID_BIDS": "1", "TENDER_MIN_BIDDING_PERIOD": "1s",
                "TENDER_CLARIFICATION_LEAD": "0s", "TENDER_MIN_REVEAL_WINDOW": "1s",
            ])
        ) { t in
            t.clock.set(Timestamp.parse("2026-09-29T00:00:00Z")!)
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let tender = try await t.published(
                officer.token,
                [
                    "regime": "government-procurement", "submissionDeadline": t.at(3600), "revealDeadline": t.at(7200),
                ])
            let path = "/api/v1/tenders/\(tender)"
            #expect(
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                    token: officer.token
                ).status == .ok)
            let v = try await t.vendor()
            let bid = try await t.bid(tender, v, price: "1000000.00")
            t.clock.advance(by: 3600)
            try await t.reveal(tender, bid, token: v.token)
            t.clock.advance(by: 3600)
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            #expect(
                try await t.request(
                    .PUT, "\(path)/scoresheets/\(bid.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token
                ).status == .ok)
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).status == .ok)
            let award = try await t.request(.POST, "\(path)/award", json: ["bidId": bid.id], token: officer.token)
            #expect(award.status == .created, "\(award.body)")
            #expect(award.string("awardedAt") == "2026-09-29T02:00:00.000Z")
            #expect(award.string("standstillEndsAt") == "2026-10-14T16:00:00.000Z")
            let obligations = try await t.request(.GET, "/api/v1/obligations?tenderId=\(tender)", token: officer.token)
            let due = Dictionary(uniqueKeysWithValues: obligations.items.map { ($0["kind"] as! String, $0["dueAt"] as! String) })
            #expect(due == ["award_report": "2026-10-14T16:00:00.000Z", "contract_signing": "2026-11-16T16:00:00.000Z"])
        }
    }

    /// Before the deadline the OCDS release says nothing about bids.
    @Test func ocds_beforeTheDeadline_hasNoBidInformation() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let v = try await t.vendor()
            _ = try await t.bid(tender, v, price: "1000000.00")
            let ocds = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds")
            try exportOCDS(ocds.body, name: "bidding")
            let release = try #require((ocds["releases"] as? [[String: Any]])?.first)
            #expect(release["bids"] == nil)
            #expect((release["tender"] as? [String: Any])?["numberOfTenderers"] == nil)
            #expect((release["tender"] as? [String: Any])?["status"] as? String == "active")
            #expect(!ocds.body.contains(v.id))
            // No public URL configured: the listen address, never the request's Host header.
            #expect(ocds.string("uri") == "http://127.0.0.1:8080/api/v1/tenders/\(tender)/ocds")
            let spoofed = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds", headers: [("Host", "evil.example")])
            #expect(spoofed.string("uri") == "http://127.0.0.1:8080/api/v1/tenders/\(tender)/ocds")
            let draft = try await t.draft(officer.token)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(draft)/ocds").status == .notFound)
        }
    }

    /// With TENDER_PUBLIC_URL the published documents name the configured address, whatever Host the request had.
    @Test func ocds_usesTheConfiguredPublicURL() async throws {
        var env = Self.env
        env["TENDER_PUBLIC_URL"] = "https://tenders.example.gov.cn/"
        try await withTestApp(env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let ocds = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds", headers: [("Host", "evil.example")])
            #expect(ocds.string("uri") == "https://tenders.example.gov.cn/api/v1/tenders/\(tender)/ocds")
        }
        for bad in ["ftp://x.example", "tenders.example.gov.cn", "https://x.example/?a=1"] {
            var env = TestApp.environment([:], schema: nil, dataDir: NSTemporaryDirectory())
            env["TENDER_PUBLIC_URL"] = bad
            #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(root: repoRoot, environment: env) }
        }
    }

    /// Concurrent appenders queue on the head row: sequence numbers stay 1…n without gaps.
    @Test func auditSequence_isGapFree_underConcurrentWriters() async throws {
        // In-memory SQLite shares one cache between connections and does not wait for locks;
        // a file database behaves as in production (WAL, busy_timeout).
        var env = Self.env
        if !TestApp.usesPostgres { env["TENDER_DATABASE_URL"] = "sqlite:" + NSTemporaryDirectory() + "audit-\(UUID().uuidString).sqlite" }
        try await withTestApp(env) { t in
            let officer = try await t.staff("procurement")
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await t.request(.POST, "/api/v1/tenders", json: tenderBody(t), token: officer.token).status.code }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses == Array(repeating: 201, count: 24))
            let seqs = try await t.app.sql.raw("SELECT seq FROM audit_log ORDER BY seq").all().map {
                try $0.decode(column: "seq", as: Int64.self)
            }
            #expect(seqs == Array(1...25))  // the officer's account, then the 24 tenders
            #expect(try await AuditStore.verify(t.app.sql).valid)
        }
    }

    /// Two instances' sweepers racing record an overdue obligation and a close once.
    @Test func concurrentSweepers_recordEachEventOnce() async throws {
        var env = Self.env
        if !TestApp.usesPostgres { env["TENDER_DATABASE_URL"] = "sqlite:" + NSTemporaryDirectory() + "sweep-\(UUID().uuidString).sqlite" }
        try await withTestApp(env) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let due = t.app.tender.nowMillis + 1000
            try await t.app.sql.raw(
                """
                INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at)
                VALUES (\(bind: newID()), \(bind: tender), 'award_report', \(bind: newID()), \(bind: due - 5000), \(bind: due))
                """
            ).run()
            t.clock.advance(by: 31 * day)
            async let a = Sweeper.sweep(t.app)
            async let b = Sweeper.sweep(t.app)
            let (ra, rb) = try await (a, b)
            #expect(ra.overdue + rb.overdue == 1)
            #expect(ra.closed + rb.closed == 1)
            let actions = try await t.app.sql.raw("SELECT action FROM audit_log ORDER BY seq").all().map {
                try $0.decode(column: "action", as: String.self)
            }
            #expect(actions.filter { $0 == "obligation.overdue" }.count == 1)
            #expect(actions.filter { $0 == "tender.closed" }.count == 1)
            #expect(try await AuditStore.verify(t.app.sql).valid)
        }
    }

    /// Tampering with stored rows is detected and located.
    @Test(arguments: ["edit", "delete", "swap"])
    func tamperedAuditLog_isDetected(_ kind: String) async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            for _ in 0..<3 { _ = try await t.draft(officer.token) }  // seq 1: user.created (the officer), 2…4: tender.created
            let before = try await t.request(.GET, "/api/v1/audit/verify", token: try await t.adminToken())
            #expect(before["valid"] as? Bool == true)
            #expect(before["length"] as? Int == 4)
            switch kind {
            case "edit": try await t.app.sql.raw("UPDATE audit_log SET details = '{\"title\":\"forged\"}' WHERE seq = 2").run()
            case "delete": try await t.app.sql.raw("DELETE FROM audit_log WHERE seq = 2").run()
            default:
                // Swap the contents of rows 2 and 3 (as a reordering would).
                try await t.app.sql.raw("UPDATE audit_log SET seq = 99 WHERE seq = 2").run()
                try await t.app.sql.raw("UPDATE audit_log SET seq = 2 WHERE seq = 3").run()
                try await t.app.sql.raw("UPDATE audit_log SET seq = 3 WHERE seq = 99").run()
            }
            let after = try await t.request(.GET, "/api/v1/audit/verify", token: try await t.adminToken())
            #expect(after["valid"] as? Bool == false)
            #expect(after["firstInvalid"] as? Int == 2)
            let v = try await AuditStore.verify(t.app.sql)
            #expect(!v.valid && v.firstInvalid == 2)
        }
    }
}

/// With OCDS_EXPORT_DIR set (as `.ci/run` does), packages are written there for the schema check.
func exportOCDS(_ body: String, name: String) throws {
    guard let dir = ProcessInfo.processInfo.environment["OCDS_EXPORT_DIR"], !dir.isEmpty else { return }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let suffix = TestApp.usesPostgres ? "postgres" : "sqlite"
    try Data(body.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(name)-\(suffix).json"))
}

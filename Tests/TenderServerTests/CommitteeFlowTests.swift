import Foundation
import TenderDomain
import Testing

@testable import TenderServer

extension TestApp {
    /// Commits and later reveals; returns the bid id.
    func bid(_ tender: String, _ v: (token: String, id: String), price: String) async throws -> (id: String, sealed: SealedBid) {
        let sealed = SealedBid.make(tender: tender, vendor: v.id, price: price)
        let r = try await commit(sealed, token: v.token)
        #expect(r.status == .created, "commit: \(r.body)")
        return (try bidId(r), sealed)
    }

    func reveal(_ tender: String, _ bid: (id: String, sealed: SealedBid), token: String) async throws {
        let r = try await request(
            .POST, "/api/v1/tenders/\(tender)/bids/\(bid.id)/reveal", json: ["salt": bid.sealed.salt, "document": bid.sealed.document],
            token: token)
        #expect(r.status == .ok, "reveal: \(r.body)")
    }

    func sheet(_ tender: String, _ bid: String, token: String, license: Bool = true, technical: Double, experience: Double) async throws
        -> JSONResponse
    {
        try await request(
            .PUT, "/api/v1/tenders/\(tender)/scoresheets/\(bid)",
            json: ["qualification": ["license": license], "scores": ["technical": technical, "experience": experience]], token: token)
    }
}

/// The README's worked example (see EvaluationTests in TenderDomainTests for the arithmetic),
/// driven through the HTTP API with every committee rule on the way.
@Suite struct CommitteeFlowTests {
    static var criteria: [[String: Any]] {
        [
            ["key": "price", "type": "price", "weight": 40],
            ["key": "technical", "name": "Technical proposal", "type": "scored", "weight": 40, "maxScore": 10],
            ["key": "experience", "name": "Experience", "type": "scored", "weight": 20, "maxScore": 5],
            ["key": "license", "name": "Business licence", "type": "qualification"],
        ]
    }

    @Test func committeeFlow_rulesAndTheWorkedExample() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            var e: [(token: String, id: String)] = []
            for _ in 0..<6 { e.append(try await t.staff("evaluator")) }
            let tender = try await t.published(
                officer.token,
                [
                    "criteria": Self.criteria, "budget": ["amount": "1000000.00", "currency": "CNY"], "title": "Cleaning <b>2027</b>",
                ])
            let path = "/api/v1/tenders/\(tender)"
            func committee(_ members: [(String, String)], chair: String) async throws -> JSONResponse {
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": members.map { ["userId": $0.0, "kind": $0.1] }, "chairId": chair],
                    token: officer.token)
            }
            // Composition rules (招标投标法 art. 37).
            let v = [try await t.vendor("A"), try await t.vendor("B"), try await t.vendor("C"), try await t.vendor("D")]
            #expect(try await committee(e.prefix(4).map { ($0.id, "expert") }, chair: e[0].id).errorCode == "committee_too_small")
            #expect(try await committee(e.prefix(6).map { ($0.id, "expert") }, chair: e[0].id).errorCode == "committee_size_even")
            let twoExperts = e.prefix(5).enumerated().map { ($1.id, $0 < 2 ? "expert" : "representative") }
            #expect(try await committee(twoExperts, chair: e[0].id).errorCode == "too_few_experts")
            #expect(
                try await committee([(v[0].id, "expert")] + e.prefix(4).map { ($0.id, "expert") }, chair: e[0].id).errorCode
                    == "not_an_evaluator")
            #expect(try await committee(e.prefix(5).map { ($0.id, "expert") }, chair: e[5].id).errorCode == "chair_not_member")
            #expect(
                try await committee([(e[0].id, "expert"), (e[0].id, "expert")] + e[1..<4].map { ($0.id, "expert") }, chair: e[0].id)
                    .errorCode == "duplicate_member")
            let first = e.prefix(5).enumerated().map { ($1.id, $0 == 4 ? "representative" : "expert") }
            let put = try await committee(first, chair: e[0].id)
            #expect(put.status == .ok, "\(put.body)")
            #expect((put["members"] as? [[String: Any]])?.count == 5)

            // The member list is confidential; an evaluator sees only the tenders it sits on.
            #expect(try await t.request(.GET, "\(path)/committee", token: v[0].token).errorCode == "sealed")
            #expect(try await t.request(.GET, "\(path)/committee").errorCode == "sealed")
            #expect(try await t.request(.GET, path, token: e[5].token).status == .notFound)
            #expect(try await t.request(.GET, path, token: e[0].token).status == .ok)
            #expect(try await t.request(.GET, "/api/v1/tenders", token: e[5].token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders", token: e[0].token).items.count == 1)

            let prices = ["800000.00", "900000.00", "1000000.00", "1100000.00"]
            var bids: [(id: String, sealed: SealedBid)] = []
            for i in 0..<4 { bids.append(try await t.bid(tender, v[i], price: prices[i])) }
            // Declarations come after the submission deadline.
            #expect(
                try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: e[0].token).errorCode == "wrong_phase")
            t.clock.advance(by: 30 * day)
            for i in 0..<4 { try await t.reveal(tender, bids[i], token: v[i].token) }
            for m in e.prefix(4) {
                #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: m.token).status == .created)
            }
            #expect(
                try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: e[0].token).errorCode
                    == "already_declared")
            #expect(
                try await t.request(.POST, "\(path)/declarations", json: ["conflicts": [UUID().uuidString]], token: e[4].token).errorCode
                    == "unknown_vendor")
            let recusal = try await t.request(.POST, "\(path)/declarations", json: ["conflicts": [v[0].id]], token: e[4].token)
            #expect(recusal["recused"] as? Bool == true)
            // Scoring opens at the reveal deadline.
            #expect(try await t.sheet(tender, bids[0].id, token: e[0].token, technical: 8, experience: 3).errorCode == "wrong_phase")
            t.clock.advance(by: day)
            #expect(try await t.sheet(tender, bids[0].id, token: e[4].token, technical: 8, experience: 3).errorCode == "recused")
            // A recused member (e4) gave A a sheet? No: recused members cannot score at all. Replace it by e5.
            let replaced = try await committee(e.prefix(4).map { ($0.id, "expert") } + [(e[5].id, "representative")], chair: e[0].id)
            #expect(replaced.status == .ok)
            #expect(try await t.request(.GET, path, token: e[4].token).status == .notFound)
            #expect(
                try await t.sheet(tender, bids[0].id, token: e[5].token, technical: 4, experience: 3).errorCode == "declaration_required")
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: e[5].token).status == .created)

            // Sheet validation.
            #expect(
                try await t.sheet(tender, bids[0].id, token: e[0].token, technical: 11, experience: 3).errorCode == "score_out_of_range")
            #expect(
                try await t.sheet(tender, bids[0].id, token: e[0].token, technical: 7.555, experience: 3).errorCode == "score_out_of_range")
            #expect(
                try await t.sheet(tender, bids[0].id, token: e[0].token, technical: -1, experience: 3).errorCode == "score_out_of_range")
            let missing = try await t.request(
                .PUT, "\(path)/scoresheets/\(bids[0].id)", json: ["qualification": ["license": true], "scores": ["technical": 8]],
                token: e[0].token)
            #expect(missing.errorCode == "missing_score")
            let unknown = try await t.request(
                .PUT, "\(path)/scoresheets/\(bids[0].id)",
                json: ["qualification": ["license": true, "iso9001": true], "scores": ["technical": 8, "experience": 3]], token: e[0].token)
            #expect(unknown.errorCode == "unknown_criterion")
            #expect(try await t.sheet(tender, UUID().uuidString, token: e[0].token, technical: 8, experience: 3).status == .notFound)

            // Members in order: e0, e1, e2, e3, e5 = Member 1…5. Scores (technical, experience) per bid, as in the README.
            let members = [e[0], e[1], e[2], e[3], e[5]]
            let sheets: [[(Double, Double)]] = [
                [(8, 3), (7, 3), (9, 4), (8, 3), (4, 3)],
                [(9, 4), (9, 4), (8, 4), (10, 5), (9, 4)],
                [(6, 5), (7, 5), (7, 5), (6, 5), (6, 5)],
                [(5, 2), (5, 2), (5, 2), (5, 2), (5, 2)],
            ]
            // First a wrong sheet, corrected later: sheets stay editable until finalization.
            #expect(try await t.sheet(tender, bids[1].id, token: e[0].token, technical: 1, experience: 1).status == .ok)
            for (b, row) in sheets.enumerated() where b < 3 {
                for (m, s) in row.enumerated() {
                    let license = !(b == 2 && m >= 3)  // C: 3 of 5 say yes, a strict majority
                    let r = try await t.sheet(
                        tender, bids[b].id, token: members[m].token, license: license, technical: s.0, experience: s.1)
                    #expect(r.status == .ok, "\(r.body)")
                }
            }
            // A member reads only its own sheets; staff see none before finalization.
            let own = try await t.request(.GET, "\(path)/scoresheets", token: e[0].token)
            #expect(own.items.count == 3)
            #expect(
                own.items.first { $0["bidId"] as? String == bids[1].id }?["scores"] as? [String: String] == [
                    "technical": "9.00", "experience": "4.00",
                ])
            #expect(try await t.request(.GET, "\(path)/scoresheets", token: officer.token).errorCode == "sealed")
            let pending = try await t.request(.GET, "\(path)/evaluation", token: officer.token)
            #expect(pending.string("status") == "pending")
            #expect((pending["progress"] as? [String: Any])?["sheetsSubmitted"] as? Int == 15)
            #expect((pending["progress"] as? [String: Any])?["sheetsExpected"] as? Int == 20)

            // Finalize: missing sheets, wrong callers.
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).errorCode == "committee_incomplete")
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: e[1].token).status == .forbidden)
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: v[0].token).status == .forbidden)
            for (m, s) in sheets[3].enumerated() {
                #expect(try await t.sheet(tender, bids[3].id, token: members[m].token, technical: s.0, experience: s.1).status == .ok)
            }
            let final = try await t.request(.POST, "\(path)/evaluation/finalize", token: e[0].token)
            #expect(final.status == .ok, "\(final.body)")
            let ranking = try #require(final["ranking"] as? [[String: Any]])
            #expect(ranking.map { $0["bidId"] as? String } == [bids[1].id, bids[0].id, bids[2].id, bids[3].id])
            #expect(ranking.map { $0["total"] as? String } == ["88.36", "81.60", "77.60", nil])
            #expect(ranking.map { $0["rank"] as? Int } == [1, 2, 3, nil])
            #expect(ranking[0]["scores"] as? [String: String] == ["price": "35.56", "technical": "36.00", "experience": "16.80"])
            #expect(ranking[3]["reasons"] as? [String] == ["over_budget"])
            #expect(ranking[1]["price"] as? String == "800000.00")
            #expect(final["candidates"] as? [String] == [bids[1].id, bids[0].id, bids[2].id])
            let outliers = try #require(final["outliers"] as? [[String: Any]])
            #expect(outliers.count == 1)
            // Labels follow the random order stored at finalization (not the committee's order).
            let order = try #require(try await EvaluationStore.final(t.app.sql, tenderId: tender)).members
            #expect(Set(order) == Set(members.map(\.id)))
            #expect(outliers.first?["member"] as? String == MemberLabels.label(of: members[4].id, in: order))
            #expect(outliers.first?["score"] as? String == "4.00")
            #expect(outliers.first?["othersMean"] as? String == "8.00")
            #expect(final["failed"] as? Bool == false)

            // Locked.
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).errorCode == "evaluation_final")
            #expect(try await t.sheet(tender, bids[0].id, token: e[0].token, technical: 9, experience: 3).errorCode == "evaluation_final")
            #expect(try await committee(first, chair: e[0].id).errorCode == "evaluation_final")
            #expect(try await t.request(.GET, path, token: officer.token).string("phase") == "evaluating")

            // Vendors and the public wait for the award; staff and members read the result.
            #expect(try await t.request(.GET, "\(path)/evaluation", token: v[0].token).errorCode == "sealed")
            #expect(try await t.request(.GET, "\(path)/evaluation/scoresheets").errorCode == "sealed")
            #expect(try await t.request(.GET, "\(path)/evaluation", token: e[2].token).string("status") == "final")
            let anonymized = try await t.request(.GET, "\(path)/evaluation/scoresheets", token: officer.token)
            #expect((anonymized["sheets"] as? [[String: Any]])?.count == 20)
            #expect(anonymized["members"] as? [String] == ["Member 1", "Member 2", "Member 3", "Member 4", "Member 5"])
            for m in e { #expect(!anonymized.body.contains(m.id)) }
            #expect((anonymized["criteria"] as? [[String: Any]])?.count == 4)
            let staffSheets = try await t.request(.GET, "\(path)/scoresheets", token: officer.token)
            #expect(staffSheets.items.count == 20)

            let csv = try await t.request(.GET, "\(path)/evaluation/report.csv", token: officer.token)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            // Per bid: price + 2 scored criteria × 5 members = 11 rows, × 4 bids, + header.
            #expect(lines.count == 1 + 4 * 11)
            let label4 = try #require(MemberLabels.label(of: members[3].id, in: order))
            #expect(
                lines.contains(
                    #""\#(bids[1].id)","\#(v[1].id)","900000.00","true","","1","88.36","technical","36.00","\#(label4)","10.00""#))
            let html = try await t.request(.GET, "\(path)/evaluation/report.html", token: e[0].token)
            #expect(html.body.contains("Cleaning &lt;b&gt;2027&lt;/b&gt;"))
            #expect(!html.body.contains("<b>2027"))
            // Signed by name; the anonymous labels are not mapped to names.
            #expect(html.body.contains("evaluator user") && !html.body.contains("<td>Member "))
            #expect(try await t.request(.GET, "\(path)/evaluation/report.csv", token: v[0].token).errorCode == "sealed")
        }
    }

    /// Fewer valid bids than `minimumValidBids` (3): the tender fails; a bid never revealed is `unrevealed`.
    @Test func tooFewValidBids_failTheTender() async throws {
        try await withTestApp(TestApp.withAdmin(["TENDER_COMMITTEE_MIN_SIZE": "1"])) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let tender = try await t.published(officer.token, ["criteria": Self.criteria])
            let path = "/api/v1/tenders/\(tender)"
            let put = try await t.request(
                .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                token: officer.token)
            #expect(put.status == .ok, "\(put.body)")
            let v = [try await t.vendor(), try await t.vendor(), try await t.vendor()]
            var bids: [(id: String, sealed: SealedBid)] = []
            for (i, vendor) in v.enumerated() { bids.append(try await t.bid(tender, vendor, price: "\(1_000_000 + i * 1000).00")) }
            t.clock.advance(by: 30 * day)
            try await t.reveal(tender, bids[0], token: v[0].token)
            try await t.reveal(tender, bids[1], token: v[1].token)
            t.clock.advance(by: day)
            #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).errorCode == "committee_incomplete")
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            // The never-revealed bid is not scorable.
            #expect(try await t.sheet(tender, bids[2].id, token: member.token, technical: 5, experience: 3).errorCode == "not_scorable")
            for b in bids.prefix(2) {
                #expect(try await t.sheet(tender, b.id, token: member.token, technical: 5, experience: 3).status == .ok)
            }
            let final = try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token)
            #expect(final["failed"] as? Bool == true)
            #expect(final["candidates"] as? [String] == [])
            let ranking = try #require(final["ranking"] as? [[String: Any]])
            #expect(ranking.last?["reasons"] as? [String] == ["unrevealed"])
            #expect(try await t.request(.GET, path).string("phase") == "failed")
            let failed = try await t.request(.GET, "/api/v1/tenders?phase=failed")
            #expect(failed.items.map { $0["id"] as? String } == [tender])
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=evaluating").items.isEmpty)
        }
    }
    /// Scoresheet changes racing the finalization: every change either lands before the result is
    /// computed (and is in it) or gets 409 `evaluation_final`; recomputing the result from the stored
    /// sheets gives exactly the stored result. (PostgreSQL: row locks; SQLite: serialized writers.)
    /// `attempts`: "3" is the optimistic path (with retries), "0" always computes under the exclusive lock.
    @Test(arguments: ["3", "0"])
    func scoresheetsRacingFinalize_areInTheResultOrRefused(_ attempts: String) async throws {
        var env = TestApp.withAdmin(["TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_FINALIZE_ATTEMPTS": attempts])
        if !TestApp.usesPostgres { env["TENDER_DATABASE_URL"] = "sqlite:" + NSTemporaryDirectory() + "race-\(UUID().uuidString).sqlite" }
        try await withTestApp(env) { t in
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let tender = try await t.published(officer.token, ["criteria": Self.criteria])
            let path = "/api/v1/tenders/\(tender)"
            #expect(
                try await t.request(
                    .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                    token: officer.token
                ).status == .ok)
            let v = [try await t.vendor(), try await t.vendor(), try await t.vendor()]
            var bids: [(id: String, sealed: SealedBid)] = []
            for (i, vendor) in v.enumerated() { bids.append(try await t.bid(tender, vendor, price: "\(1_000_000 + i * 1000).00")) }
            t.clock.advance(by: 30 * day)
            for i in 0..<3 { try await t.reveal(tender, bids[i], token: v[i].token) }
            t.clock.advance(by: day)
            #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            for b in bids { #expect(try await t.sheet(tender, b.id, token: member.token, technical: 1, experience: 1).status == .ok) }
            // 30 sheet changes and the finalization at once.
            let ids = bids.map(\.id)
            let statuses = try await withThrowingTaskGroup(of: (Int, UInt).self) { group in
                for i in 0..<30 {
                    group.addTask {
                        let r = try await t.sheet(
                            tender, ids[i % 3], token: member.token, technical: Double(2 + i % 8), experience: Double(i % 5))
                        return (i, r.status.code)
                    }
                }
                group.addTask { (-1, try await t.request(.POST, "\(path)/evaluation/finalize", token: officer.token).status.code) }
                var out: [Int: UInt] = [:]
                for try await (i, s) in group { out[i] = s }
                return out
            }
            #expect(statuses[-1] == 200)
            #expect(statuses.filter { $0.key >= 0 }.allSatisfy { $0.value == 200 || $0.value == 409 })
            // Recompute from what is stored now.
            let record = try #require(try await TenderStore.find(t.app.sql, id: tender))
            let stored = try #require(try await EvaluationStore.final(t.app.sql, tenderId: tender))
            let members = stored.members  // in the stored label order
            let input = try FinalizeEvaluation.engineInput(
                record, rules: try #require(t.app.tender.config.rules(for: record.regime)),
                bids: try await CommitteeStore.evaluatedBids(t.app.sql, tenderId: tender), members: members,
                sheets: try await CommitteeStore.sheets(t.app.sql, tenderId: tender))
            let recomputed = FinalizeEvaluation.response(EvaluationEngine.evaluate(input), finalizedAt: record.evaluatedAt ?? 0)
            let storedResponse = try JSONDecoder().decode(EvaluationResponse.self, from: Data(stored.json.utf8))
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let (a, b) = (
                String(decoding: try encoder.encode(recomputed), as: UTF8.self),
                String(decoding: try encoder.encode(storedResponse), as: UTF8.self)
            )
            #expect(a == b)
            #expect(a.contains("\"status\":\"final\""))
        }
    }
}

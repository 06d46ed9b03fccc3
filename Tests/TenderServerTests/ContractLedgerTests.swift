import Foundation
import TenderDomain
import Testing

@testable import TenderServer

/// After the award (docs/DESIGN.md §11): the ledger, briefing, undertakings, changes, reviews,
/// payments, termination, suspension proposals, the annual performance and the cost report.
@Suite struct ContractLedgerTests {
    static let env = TestApp.withAdmin([
        "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_MINIMUM_VALID_BIDS": "1", "TENDER_STANDSTILL_PERIOD": "10s",
    ])

    /// Awards `tender` to `v` at `price` and signs the contract with `supervisor`; returns the contract's id.
    static func contract(
        _ t: TestApp, tender: String, officer: String, supervisor: String, vendor v: (token: String, id: String), price: String,
        servicePeriod: [String: String]? = ["start": "2026-04-01", "end": "2027-03-31"]
    ) async throws -> String {
        let path = "/api/v1/tenders/\(tender)"
        let member = try await t.staff("evaluator")
        #expect(
            try await t.request(
                .PUT, "\(path)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                token: officer
            ).status == .ok)
        let bid = try await t.bid(tender, v, price: price)
        t.clock.advance(by: 30 * day)
        try await t.reveal(tender, bid, token: v.token)
        t.clock.advance(by: day)
        #expect(try await t.request(.POST, "\(path)/declarations", json: ["conflicts": []], token: member.token).status == .created)
        let criteria = try await t.request(.GET, path)["criteria"] as? [[String: Any]] ?? []
        if criteria.contains(where: { $0["key"] as? String == "technical" }) {
            #expect(
                try await t.request(
                    .PUT, "\(path)/scoresheets/\(bid.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token
                ).status == .ok)
        }
        #expect(try await t.request(.POST, "\(path)/evaluation/finalize", token: officer).status == .ok)
        #expect(try await t.request(.POST, "\(path)/award", json: ["bidId": bid.id], token: officer).status == .created)
        t.clock.advance(by: 20)
        var body: [String: Any] = [
            "signedAt": t.at(0), "amount": price, "documentSha256": String(repeating: "ab", count: 32), "supervisorId": supervisor,
        ]
        if let servicePeriod { body["servicePeriod"] = servicePeriod }
        let signed = try await t.request(.POST, "\(path)/contract", json: body, token: officer)
        #expect(signed.status == .created, "\(signed.body)")
        return try #require(signed.string("id"))
    }

    @Test func contract_briefedReviewedPaidChangedAndTerminatedEarly() async throws {
        try await withTestApp(Self.env) { t in
            let o = try await OutsourcingRequestTests.org(t)
            // Request → priced (750,000.00) → tender → contract at 700,000.00 supervised by the requester.
            let filed = try await t.request(.POST, "/api/v1/requests", json: requestBody(department: o.network), token: o.requester.token)
            let rq = "/api/v1/requests/\(try #require(filed.string("id")))"
            #expect(try await t.request(.POST, "\(rq)/submit", token: o.requester.token).status == .ok)
            #expect(try await t.request(.POST, "\(rq)/decision", json: ["decision": "approved"], token: o.approver.token).status == .ok)
            #expect(
                try await t.request(
                    .PUT, "\(rq)/reference-price", json: ["amount": "750000.00", "currency": "CNY", "basis": "Market survey of 2025"],
                    token: o.finance.token
                ).status == .ok)
            var fields = tenderBody(t)
            fields.removeValue(forKey: "budget")
            let tender = try #require(try await t.request(.POST, "\(rq)/tender", json: fields, token: o.officer.token).string("id"))
            #expect(try await t.request(.POST, "/api/v1/tenders/\(tender)/publish", token: o.officer.token).status == .ok)
            let v = try await t.vendor("Patrol Co")
            let id = try await Self.contract(
                t, tender: tender, officer: o.officer.token, supervisor: o.requester.id, vendor: v, price: "700000.00")
            let c = "/api/v1/contracts/\(id)"

            // In the ledger, active, with the briefing due.
            let ledger = try await t.request(.GET, "/api/v1/contracts", token: o.finance.token)
            #expect(ledger.items.map { $0["id"] as? String } == [id])
            let shown = try await t.request(.GET, c, token: o.requester.token)
            #expect(
                shown.string("status") == "active" && shown.string("originalAmount") == "700000.00" && shown.string("paidAmount") == "0.00")
            #expect((shown["servicePeriod"] as? [String: Any])?["start"] as? String == "2026-04-01")
            #expect(shown.string("vendorName")?.hasPrefix("Patrol Co") == true)
            let due = try await t.request(.GET, "/api/v1/obligations?state=open", token: o.officer.token)
            #expect(due.items.compactMap { $0["kind"] as? String }.contains("contract_briefing"))
            #expect(try await t.request(.GET, c, token: try await t.vendor("Other").token).status == .notFound)

            // Undertakings first: a review without them is refused.
            let scores: [String: Any] = ["discipline": 25, "calls": 45, "training": 17.5]
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-04", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "undertaking_missing")
            for kind in ["no_subcontracting", "confidentiality"] {
                #expect(try await t.request(.POST, "\(c)/undertakings", json: ["kind": kind], token: v.token).status == .created)
            }
            #expect(
                try await t.request(.POST, "\(c)/undertakings", json: ["kind": "confidentiality"], token: v.token).errorCode
                    == "already_given")

            // The briefing, signed by both sides.
            #expect(try await t.request(.POST, "\(c)/briefing/acknowledgement", token: o.requester.token).errorCode == "briefing_required")
            #expect(
                try await t.request(
                    .POST, "\(c)/briefing", json: ["notes": "Scope, KPIs and the no-subcontracting clause."], token: o.officer.token
                )
                .status == .ok)
            #expect(try await t.request(.POST, "\(c)/briefing/acknowledgement", token: o.officer.token).errorCode == "not_supervisor")
            let briefed = try await t.request(.POST, "\(c)/briefing/acknowledgement", token: o.requester.token)
            #expect((briefed["briefing"] as? [String: Any])?["acknowledgedAt"] as? String != nil)

            // The scorecard: 100 points.
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-04", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "scorecard_required")
            var criteria: [[String: Any]] = [
                ["key": "discipline", "name": "Discipline", "maxPoints": 30],
                ["key": "calls", "name": "Successful calls", "maxPoints": 50],
                ["key": "training", "name": "Training", "maxPoints": 19],
            ]
            #expect(
                try await t.request(.PUT, "\(c)/scorecard", json: ["period": "month", "criteria": criteria], token: o.officer.token)
                    .errorCode
                    == "scorecard_total")
            criteria[2]["maxPoints"] = 20
            #expect(
                try await t.request(.PUT, "\(c)/scorecard", json: ["period": "month", "criteria": criteria], token: o.officer.token).status
                    == .ok)

            // Three monthly reviews (one 不合格), each graded by the policy's thresholds.
            t.clock.set(Timestamp.parse("2026-07-03T02:00:00Z")!)
            let reviews: [(String, [String: Any], String, String)] = [
                ("2026-04", scores, "87.50", "good"), ("2026-05", ["discipline": 10, "calls": 20, "training": 10], "40.00", "fail"),
                ("2026-06", ["discipline": 28, "calls": 48, "training": 19], "95.00", "excellent"),
            ]
            for (period, s, total, grade) in reviews {
                let r = try await t.request(
                    .POST, "\(c)/reviews", json: ["period": period, "scores": s, "satisfaction": 91.5, "notes": "Monthly check"],
                    token: o.requester.token)
                #expect(r.status == .created, "\(r.body)")
                #expect(r.string("total") == total && r.string("grade") == grade, "\(period): \(r.body)")
            }
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-04", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "duplicate_review")
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-08", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "future_period")
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-03", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "outside_service_period")
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-07", "scores": scores], token: o.officer.token).errorCode
                    == "not_supervisor")
            #expect(
                try await t.request(
                    .POST, "\(c)/reviews", json: ["period": "2026-07", "scores": ["discipline": 31, "calls": 45, "training": 17]],
                    token: o.requester.token
                ).errorCode == "score_out_of_range")

            // Payments follow the grade: 50,000.00 a month, 20 % withheld for a failing month.
            let terms: [String: Any] = [
                "installment": ["amount": "50000.00", "currency": "CNY"],
                "deductions": ["excellent": "0", "good": "0", "pass": "5", "fail": "20"],
            ]
            #expect(
                try await t.request(.POST, "\(c)/payments", json: ["period": "2026-04"], token: o.requester.token).errorCode
                    == "payment_terms_required")
            #expect(try await t.request(.PUT, "\(c)/payment-terms", json: terms, token: o.officer.token).status == .ok)
            #expect(
                try await t.request(.POST, "\(c)/payments", json: ["period": "2026-07"], token: o.requester.token).errorCode
                    == "review_required")
            let april = try await t.request(.POST, "\(c)/payments", json: ["period": "2026-04"], token: o.requester.token)
            #expect(
                april.status == .created && april.string("deduction") == "0.00" && april.string("payable") == "50000.00", "\(april.body)")
            let may = try await t.request(.POST, "\(c)/payments", json: ["period": "2026-05"], token: o.officer.token)
            #expect(may.string("grade") == "fail" && may.string("deductionPercent") == "20.00")
            #expect(may.string("deduction") == "10000.00" && may.string("payable") == "40000.00" && may.string("status") == "pending")
            #expect(
                try await t.request(.POST, "\(c)/payments", json: ["period": "2026-05"], token: o.officer.token).errorCode
                    == "duplicate_payment")
            for payment in [april, may] {
                let pid = try #require(payment.string("id"))
                #expect(
                    try await t.request(.POST, "/api/v1/payments/\(pid)/decision", json: ["decision": "approved"], token: o.approver.token)
                        .errorCode == "forbidden")
                let decided = try await t.request(
                    .POST, "/api/v1/payments/\(pid)/decision", json: ["decision": "approved"], token: o.finance.token)
                #expect(decided.string("status") == "approved")
            }
            #expect(try await t.request(.GET, c, token: o.finance.token).string("paidAmount") == "90000.00")

            // Changes: up to 10 % of the original amount in increases (70,000.00), not a cent more.
            let up = try await t.request(
                .POST, "\(c)/changes",
                json: ["rationale": "volume_change", "description": "Two more districts", "amountDelta": "70000.00"],
                token: o.officer.token)
            #expect(up.status == .created && up.string("status") == "pending", "\(up.body)")
            let upId = try #require(up.string("id"))
            #expect(
                try await t.request(
                    .POST, "\(c)/changes/\(upId)/decision", json: ["decision": "approved", "reason": "short"], token: o.approver.token
                )
                .errorCode == "reason_too_short")
            let approved = try await t.request(
                .POST, "\(c)/changes/\(upId)/decision", json: ["decision": "approved", "reason": "Within the 10 % of art. 49"],
                token: o.approver.token)
            #expect(approved.string("status") == "approved")
            #expect(try await t.request(.GET, c, token: o.finance.token).string("currentAmount") == "770000.00")
            let over = try await t.request(
                .POST, "\(c)/changes", json: ["rationale": "price_variation", "description": "Fuel", "amountDelta": "0.01"],
                token: o.officer.token)
            #expect(over.status == .unprocessableEntity && over.errorCode == "change_over_limit")

            // Early termination with a settlement; nothing is accepted afterwards.
            #expect(
                try await t.request(
                    .POST, "\(c)/termination", json: ["kind": "early", "reason": "Quality", "settlementAmount": "12345.67"],
                    token: o.officer.token
                ).errorCode == "reason_too_short")
            let ended = try await t.request(
                .POST, "\(c)/termination",
                json: ["kind": "early", "reason": "Repeated failures of the patrol schedule in May.", "settlementAmount": "12345.67"],
                token: o.officer.token)
            #expect(ended.string("status") == "terminated")
            #expect((ended["termination"] as? [String: Any])?["settlementAmount"] as? String == "12345.67")
            #expect(
                try await t.request(.POST, "\(c)/reviews", json: ["period": "2026-07", "scores": scores], token: o.requester.token)
                    .errorCode
                    == "contract_closed")
            #expect(
                try await t.request(.POST, "\(c)/payments", json: ["period": "2026-06"], token: o.officer.token).errorCode
                    == "contract_closed")

            // The cost report, by hand: reference 750,000.00 − awarded 700,000.00 = 50,000.00 of
            // savings; 10 % is 5,000.00, so the reward cap is the 1,000.00 limit.
            let report = try await t.request(.GET, "/api/v1/reports/costs?year=2026", token: o.finance.token)
            let department = try #require((report["departments"] as? [[String: Any]])?.first)
            #expect(department["departmentId"] as? String == o.network)
            let expected = [
                "referencePrice": "750000.00", "budget": "750000.00", "awarded": "700000.00", "currentAmount": "770000.00",
                "paid": "90000.00",
                "withheld": "10000.00", "savings": "50000.00", "rewardCap": "1000.00",
            ]
            for (k, v) in expected { #expect(department[k] as? String == v, "\(k)") }
            let csv = try await t.request(.GET, "/api/v1/reports/costs?format=csv", token: o.auditor.token)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.body.contains("\"contract\",\"\(o.network)\",\"\(id)\""))
            #expect(try await t.request(.GET, "/api/v1/reports/costs", token: o.requester.token).errorCode == "forbidden")

            // The annual evaluation: (87.50 + 40.00 + 95.00) / 3 = 74.1666… → 74.17, 合格.
            let performance = try await t.request(.GET, "/api/v1/vendors/\(v.id)/performance?year=2026", token: o.approver.token)
            #expect(
                performance["reviews"] as? Int == 3 && performance.string("average") == "74.17" && performance.string("grade") == "pass")
            #expect(try await t.request(.GET, "/api/v1/vendors/\(v.id)/performance?year=2026", token: v.token).status == .ok)
            #expect(
                try await t.request(.GET, "/api/v1/vendors/\(v.id)/performance", token: try await t.vendor("Rival").token).status
                    == .notFound)

            let ocds = try await t.request(.GET, "/api/v1/tenders/\(tender)/ocds")
            try exportOCDS(ocds.body, name: "contract-ledger")
            let contract = try #require(((ocds["releases"] as? [[String: Any]])?.first?["contracts"] as? [[String: Any]])?.first)
            #expect(contract["status"] as? String == "terminated")
            let transactions = try #require((contract["implementation"] as? [String: Any])?["transactions"] as? [[String: Any]])
            #expect(transactions.compactMap { ($0["value"] as? [String: Any])?["amount"] as? Double }.sorted() == [40000, 50000])
            #expect((contract["amendments"] as? [[String: Any]])?.count == 1)
            #expect(try await t.request(.GET, "/api/v1/audit/verify", token: o.auditor.token)["valid"] as? Bool == true)
        }
    }

    @Test func twoFailingReviewsInARow_proposeASuspension_thatBlocksTheNextBid() async throws {
        try await withTestApp(Self.env) { t in
            let officer = try await t.staff("procurement")
            let supervisor = try await t.staff("procurement")
            let approver = try await t.staff("approver")
            let v = try await t.vendor("Late Co")
            let tender = try await t.published(officer.token)
            let id = try await Self.contract(
                t, tender: tender, officer: officer.token, supervisor: supervisor.id, vendor: v, price: "1000000.00")
            let c = "/api/v1/contracts/\(id)"
            for kind in ["no_subcontracting", "confidentiality"] {
                #expect(try await t.request(.POST, "\(c)/undertakings", json: ["kind": kind], token: v.token).status == .created)
            }
            #expect(
                try await t.request(
                    .PUT, "\(c)/scorecard",
                    json: ["period": "month", "criteria": [["key": "quality", "name": "Quality", "maxPoints": 100]]],
                    token: officer.token
                ).status == .ok)
            t.clock.set(Timestamp.parse("2026-06-03T02:00:00Z")!)
            for (period, score) in [("2026-04", 59.99), ("2026-05", 30)] {
                let r = try await t.request(
                    .POST, "\(c)/reviews", json: ["period": period, "scores": ["quality": score]], token: supervisor.token)
                #expect(r.string("grade") == "fail", "\(period): \(r.body)")
            }
            let proposals = try await t.request(.GET, "/api/v1/suspension-proposals?status=pending", token: approver.token)
            #expect(proposals.items.count == 1)
            let proposal = try #require(proposals.items.first)
            #expect(proposal["vendorId"] as? String == v.id && (proposal["reviewIds"] as? [String])?.count == 2)
            let pid = try #require(proposal["id"] as? String)
            #expect(
                try await t.request(
                    .POST, "/api/v1/suspension-proposals/\(pid)/decision", json: ["decision": "confirmed", "reason": "Two failing months"],
                    token: officer.token
                ).errorCode == "forbidden")
            let confirmed = try await t.request(
                .POST, "/api/v1/suspension-proposals/\(pid)/decision", json: ["decision": "confirmed", "reason": "Two failing months"],
                token: approver.token)
            #expect(confirmed.string("status") == "confirmed")
            #expect(
                try await t.request(
                    .POST, "/api/v1/suspension-proposals/\(pid)/decision", json: ["decision": "dismissed", "reason": "Changed my mind"],
                    token: approver.token
                ).errorCode == "already_resolved")
            // The vendor's next bid is refused.
            let next = try await t.published(officer.token, ["submissionDeadline": t.at(30 * day), "revealDeadline": t.at(31 * day)])
            let sealed = SealedBid.make(tender: next, vendor: v.id, price: "900000.00")
            #expect(try await t.commit(sealed, token: v.token).errorCode == "vendor_suspended")
        }
    }
}

import Foundation
import TenderDomain
import Testing

@testable import TenderServer

/// Outsourcing requests before the tender (docs/DESIGN.md §10): filed, returned, edited,
/// resubmitted, approved, priced, turned into a tender that is published and awarded.
@Suite struct OutsourcingRequestTests {
    static let env = TestApp.withAdmin([
        "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_MINIMUM_VALID_BIDS": "1", "TENDER_STANDSTILL_PERIOD": "10s",
    ])

    /// The organisation of one test: a company with two departments and one account per role.
    struct Org {
        let company: String, network: String, sales: String
        let requester: (token: String, id: String)
        let otherRequester: (token: String, id: String)
        let approver: (token: String, id: String)
        let finance: (token: String, id: String)
        let officer: (token: String, id: String)
        let auditor: (token: String, id: String)
    }

    static func org(_ t: TestApp) async throws -> Org {
        let company = try await t.department("East Province Company")
        let network = try await t.department("Network Maintenance", parent: company)
        let sales = try await t.department("Sales", parent: company)
        return Org(
            company: company, network: network, sales: sales, requester: try await t.staff("requester", department: network),
            otherRequester: try await t.staff("requester", department: sales), approver: try await t.staff("approver", department: company),
            finance: try await t.staff("finance", department: company), officer: try await t.staff("procurement"),
            auditor: try await t.staff("auditor"))
    }

    @Test func request_filedReturnedResubmittedApprovedPriced_becomesATenderThatIsAwarded() async throws {
        try await withTestApp(Self.env) { t in
            let o = try await Self.org(t)
            let created = try await t.request(.POST, "/api/v1/requests", json: requestBody(department: o.network), token: o.requester.token)
            #expect(created.status == .created, "\(created.body)")
            #expect(created.string("status") == "draft")
            let id = try #require(created.string("id"))
            let path = "/api/v1/requests/\(id)"

            // Submitted: the approvers' decision is an obligation in the monitor.
            #expect(try await t.request(.POST, "\(path)/submit", token: o.requester.token).string("status") == "submitted")
            #expect(try await t.request(.POST, "\(path)/submit", token: o.requester.token).errorCode == "wrong_phase")
            let due = try await t.request(.GET, "/api/v1/obligations?state=open", token: o.approver.token)
            let decision = try #require(due.items.first { $0["kind"] as? String == "request_decision" })
            #expect(
                decision["requestId"] as? String == id && decision["title"] as? String == "Pole line and trunk cable patrol, east district")
            #expect(decision["state"] as? String == "due")

            // Returned with a reason (a short one is refused), edited, resubmitted.
            #expect(
                try await t.request(
                    .POST, "\(path)/decision", json: ["decision": "returned", "reason": "too vague"], token: o.approver.token
                )
                .errorCode == "reason_too_short")
            #expect(
                try await t.request(.POST, "\(path)/decision", json: ["decision": "approved"], token: o.requester.token).errorCode
                    == "forbidden", "a requester never decides its own request")
            let returned = try await t.request(
                .POST, "\(path)/decision", json: ["decision": "returned", "reason": "State the number of cable kilometres."],
                token: o.approver.token)
            #expect(returned.string("status") == "returned")
            let edited = try await t.request(
                .PATCH, path, json: ["scope": "Monthly patrol of 420 km of ducts, pole lines and trunk optical cables."],
                token: o.requester.token)
            #expect(edited.status == .ok && edited.string("scope")?.contains("420 km") == true, "\(edited.body)")
            #expect(try await t.request(.POST, "\(path)/submit", token: o.requester.token).string("status") == "submitted")
            // Not editable once submitted; prices and tenders wait for the approval.
            #expect(try await t.request(.PATCH, path, json: ["title": "Changed"], token: o.requester.token).errorCode == "wrong_phase")
            #expect(
                try await t.request(
                    .PUT, "\(path)/reference-price", json: ["amount": "750000.00", "currency": "CNY", "basis": "Last year's contract"],
                    token: o.finance.token
                ).errorCode == "wrong_phase")
            let approved = try await t.request(.POST, "\(path)/decision", json: ["decision": "approved"], token: o.approver.token)
            #expect(approved.string("status") == "approved")
            let decisions = try #require(approved["decisions"] as? [[String: Any]])
            #expect(decisions.map { $0["decision"] as? String } == ["returned", "approved"])
            #expect(decisions.first?["reason"] as? String == "State the number of cable kilometres.")
            #expect(try await t.request(.POST, "\(path)/tender", token: o.officer.token).errorCode == "wrong_phase")

            // Finance prices it; procurement's tender preparation falls due.
            let priced = try await t.request(
                .PUT, "\(path)/reference-price", json: ["amount": "750000.00", "currency": "CNY", "basis": "Last year's contract, +3 %"],
                token: o.finance.token)
            #expect(priced.string("status") == "priced")
            #expect((priced["referencePrice"] as? [String: Any])?["amount"] as? String == "750000.00")
            let open = try await t.request(.GET, "/api/v1/obligations?state=open", token: o.officer.token)
            #expect(open.items.compactMap { $0["kind"] as? String }.sorted() == ["tender_preparation"], "the decision was met")

            // The tender: above the reference price refused; its budget defaults to the reference price.
            var fields = tenderBody(t)
            fields["budget"] = ["amount": "750000.01", "currency": "CNY"]
            #expect(try await t.request(.POST, "\(path)/tender", json: fields, token: o.officer.token).errorCode == "over_reference_price")
            fields.removeValue(forKey: "budget")
            let tender = try await t.request(.POST, "\(path)/tender", json: fields, token: o.officer.token)
            #expect(tender.status == .created, "\(tender.body)")
            let tenderId = try #require(tender.string("id"))
            #expect(tender.string("requestId") == id && tender.string("method") == "open")
            #expect((tender["budget"] as? [String: Any])?["amount"] as? String == "750000.00")
            #expect(try await t.request(.GET, path, token: o.requester.token).string("tenderId") == tenderId)
            #expect(try await t.request(.GET, path, token: o.requester.token).string("status") == "tendered")
            #expect(try await t.request(.POST, "\(path)/tender", token: o.officer.token).errorCode == "wrong_phase")
            #expect(try await t.request(.GET, "/api/v1/obligations?state=open", token: o.officer.token).items.isEmpty)
            let tpath = "/api/v1/tenders/\(tenderId)"
            #expect(
                try await t.request(.PATCH, tpath, json: ["budget": ["amount": "900000.00", "currency": "CNY"]], token: o.officer.token)
                    .errorCode == "over_reference_price")

            // Published and awarded; no procedure deviation.
            #expect(try await t.request(.POST, "\(tpath)/publish", token: o.officer.token).status == .ok)
            #expect(
                try await t.request(
                    .POST, "\(tpath)/amendments", json: ["reason": "Budget", "budget": ["amount": "750000.50", "currency": "CNY"]],
                    token: o.officer.token
                ).errorCode == "over_reference_price")
            #expect(try await t.request(.GET, "/api/v1/deviations", token: o.auditor.token).items.isEmpty)
            let member = try await t.staff("evaluator")
            #expect(
                try await t.request(
                    .PUT, "\(tpath)/committee", json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id],
                    token: o.officer.token
                ).status == .ok)
            let v = try await t.vendor("Patrol Co")
            let bid = try await t.bid(tenderId, v, price: "700000.00")
            t.clock.advance(by: 30 * day)
            try await t.reveal(tenderId, bid, token: v.token)
            t.clock.advance(by: day)
            #expect(try await t.request(.POST, "\(tpath)/declarations", json: ["conflicts": []], token: member.token).status == .created)
            #expect(
                try await t.request(
                    .PUT, "\(tpath)/scoresheets/\(bid.id)", json: ["qualification": ["license": true], "scores": ["technical": 30]],
                    token: member.token
                ).status == .ok)
            #expect(try await t.request(.POST, "\(tpath)/evaluation/finalize", token: o.officer.token).status == .ok)
            #expect(try await t.request(.POST, "\(tpath)/award", json: ["bidId": bid.id], token: o.officer.token).status == .created)
            // Its OCDS release plans with the request: the justification, the reference price.
            let ocds = try await t.request(.GET, "\(tpath)/ocds")
            try exportOCDS(ocds.body, name: "outsourcing-request")
            let release = try #require((ocds["releases"] as? [[String: Any]])?.first)
            let planning = try #require(release["planning"] as? [String: Any])
            #expect(planning["rationale"] as? String == "Patrol is routine work that a specialised vendor does at lower cost.")
            let budget = try #require(planning["budget"] as? [String: Any])
            #expect((budget["amount"] as? [String: Any])?["amount"] as? Double == 750000)
            #expect((budget["description"] as? String)?.contains("Last year's contract, +3 %") == true)

            // Every step of the request is in the audit chain, in order.
            let audit = try await t.request(.GET, "/api/v1/audit?per=100", token: o.auditor.token)
            let requestActions = audit.items.compactMap { $0["action"] as? String }.filter { $0.hasPrefix("request.") }.reversed()
            #expect(
                Array(requestActions) == [
                    "request.created", "request.submitted", "request.decided", "request.updated", "request.submitted", "request.decided",
                    "request.priced", "request.tendered",
                ])
            #expect(try await t.request(.GET, "/api/v1/audit/verify", token: o.auditor.token)["valid"] as? Bool == true)
        }
    }

    @Test func policy_refusesWorkThatMayNotBeOutsourced_namingTheClause() async throws {
        try await withTestApp(Self.env) { t in
            let o = try await Self.org(t)
            let policy = try await t.request(.GET, "/api/v1/outsourcing/policy", token: o.requester.token)
            let types = try #require(policy["businessTypes"] as? [[String: Any]])
            let kept = try #require(types.first { $0["key"] as? String == "key-account-management" })
            #expect(kept["outsourceable"] as? Bool == false)
            #expect(policy["modes"] as? [String] == ["partial", "whole"])
            #expect((policy["grades"] as? [String: Any])?["excellent"] as? Int == 90)
            #expect(try await t.request(.GET, "/api/v1/outsourcing/policy").status == .unauthorized)

            let r = try await t.request(
                .POST, "/api/v1/requests", json: requestBody(department: o.network, ["businessType": "key-account-management"]),
                token: o.requester.token)
            #expect(r.status == .unprocessableEntity && r.errorCode == "not_outsourceable")
            let error = try #require(r["error"] as? [String: Any])
            #expect(error["field"] as? String == "businessType")
            #expect((error["message"] as? String)?.contains("第八条") == true, "the message names the clause: \(r.body)")
            // Every validation of the request form, each with its code.
            let cases: [([String: Any], String)] = [
                (["businessType": "no-such-work"], "unknown_business_type"),
                (["justification": "Cheaper."], "justification_too_short"),
                (["method": "selective"], "selective_reason_required"),
                (["servicePeriod": ["start": "2027-12-31", "end": "2027-01-01"]], "invalid_period"),
                (["servicePeriod": ["start": "2027-02-30", "end": "2027-12-31"]], "invalid_period"),
                (["mode": "half"], "invalid_mode"),
                (["estimatedBudget": ["amount": "-5", "currency": "CNY"]], "invalid_money"),
                (["departmentId": UUID().uuidString], "unknown_department"),
            ]
            for (override, code) in cases {
                let bad = try await t.request(
                    .POST, "/api/v1/requests", json: requestBody(department: o.network, override), token: o.requester.token)
                #expect(bad.status == .unprocessableEntity && bad.errorCode == code, "\(override) → \(bad.body)")
            }
            let selective = try await t.request(
                .POST, "/api/v1/requests",
                json: requestBody(
                    department: o.network, ["method": "selective", "selectiveReason": "Only three vendors hold the licence."]),
                token: o.requester.token)
            #expect(selective.status == .created && selective.string("selectiveReason") == "Only three vendors hold the licence.")
            // A requester files for its own department only, and sees only its department's requests.
            #expect(
                try await t.request(.POST, "/api/v1/requests", json: requestBody(department: o.network), token: o.otherRequester.token)
                    .errorCode
                    == "other_department")
            let id = try #require(selective.string("id"))
            #expect(try await t.request(.GET, "/api/v1/requests/\(id)", token: o.otherRequester.token).status == .notFound)
            #expect(try await t.request(.GET, "/api/v1/requests", token: o.otherRequester.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/requests", token: o.requester.token).items.count == 1)
            #expect(try await t.request(.GET, "/api/v1/requests?status=draft", token: o.approver.token).items.count == 1)
            #expect(try await t.request(.GET, "/api/v1/requests?status=submitted", token: o.approver.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/requests?departmentId=\(o.sales)", token: o.approver.token).items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/requests?status=lost", token: o.approver.token).errorCode == "invalid_status")
            // A requester account needs a department.
            let admin = try await t.adminToken()
            let noDepartment = try await t.request(
                .POST, "/api/v1/users", json: ["email": "r@example.com", "password": testPassword, "role": "requester", "name": "R"],
                token: admin)
            #expect(noDepartment.errorCode == "department_required")
        }
    }

    @Test func directPublication_isAProcedureDeviation_listedForAuditorsAndApprovers() async throws {
        try await withTestApp(Self.env) { t in
            let o = try await Self.org(t)
            let tender = try await t.published(o.officer.token)
            for token in [o.auditor.token, o.approver.token, try await t.adminToken()] {
                let list = try await t.request(.GET, "/api/v1/deviations", token: token)
                #expect(list.items.count == 1)
                #expect(list.items.first?["tenderId"] as? String == tender)
                #expect(list.items.first?["kind"] as? String == "published_without_request")
            }
            for token in [o.officer.token, o.requester.token, o.finance.token] {
                #expect(try await t.request(.GET, "/api/v1/deviations", token: token).errorCode == "forbidden")
            }
            let audit = try await t.request(.GET, "/api/v1/audit?tenderId=\(tender)", token: o.auditor.token)
            #expect(audit.items.compactMap { $0["action"] as? String }.contains("procedure.deviation"))
        }
    }

    @Test func departments_formATree_andDecisionsOverdueAreRecorded() async throws {
        try await withTestApp(Self.env) { t in
            let o = try await Self.org(t)
            let tree = try await t.request(.GET, "/api/v1/departments", token: o.requester.token)
            #expect(tree.items.count == 1)
            let root = try #require(tree.items.first)
            #expect(root["name"] as? String == "East Province Company")
            #expect((root["children"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Network Maintenance", "Sales"])
            #expect(try await t.request(.GET, "/api/v1/departments", token: try await t.vendor().token).errorCode == "forbidden")
            let admin = try await t.adminToken()
            #expect(
                try await t.request(.POST, "/api/v1/departments", json: ["name": "Sales", "parentId": o.company], token: admin).errorCode
                    == "department_exists")
            #expect(
                try await t.request(.POST, "/api/v1/departments", json: ["name": "X", "parentId": UUID().uuidString], token: admin)
                    .errorCode
                    == "unknown_department")
            #expect(
                try await t.request(.POST, "/api/v1/departments", json: ["name": "X"], token: o.approver.token).errorCode == "forbidden")
            let me = try await t.request(.GET, "/api/v1/users/me", token: o.requester.token)
            #expect(me.string("departmentId") == o.network && me.string("role") == "requester")

            // A submission left undecided past requestDecisionPeriod (5wd) is overdue, and the sweep records it.
            let r = try await t.request(.POST, "/api/v1/requests", json: requestBody(department: o.network), token: o.requester.token)
            let id = try #require(r.string("id"))
            #expect(try await t.request(.POST, "/api/v1/requests/\(id)/submit", token: o.requester.token).status == .ok)
            t.clock.advance(by: 8 * day)
            let overdue = try await t.request(.GET, "/api/v1/obligations?state=overdue", token: o.approver.token)
            #expect(overdue.items.compactMap { $0["kind"] as? String } == ["request_decision"])
            #expect(overdue.items.first?["tenderId"] == nil || overdue.items.first?["tenderId"] is NSNull)
            #expect(try await Sweeper.sweep(t.app).overdue == 1)
            let audit = try await t.request(.GET, "/api/v1/audit?action=obligation.overdue", token: o.auditor.token)
            #expect(audit.items.count == 1)
        }
    }
}

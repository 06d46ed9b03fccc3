import Foundation
import TenderDomain
import Testing

@testable import TenderServer

@Suite struct TenderTests {
    @Test func publishedTender_isFoundByAnonymousClient_draftIsNot() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let draft = try await t.draft(officer.token, ["title": "Hidden draft"])
            #expect(try await t.request(.GET, "/api/v1/tenders").items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(draft)").status == .notFound)
            let vendor = try await t.vendor()
            #expect(try await t.request(.GET, "/api/v1/tenders/\(draft)", token: vendor.token).status == .notFound)
            #expect(try await t.request(.GET, "/api/v1/tenders", token: officer.token).items.count == 1)

            let published = try await t.request(.POST, "/api/v1/tenders/\(draft)/publish", token: officer.token)
            #expect(published.status == .ok)
            #expect(published.string("phase") == "bidding")
            #expect(published.string("publishedAt") == Timestamp.format(t.clock.now))
            let list = try await t.request(.GET, "/api/v1/tenders")
            #expect(list.items.map { $0["id"] as? String } == [draft])
            #expect(list.items.first?["phase"] as? String == "bidding")
            let detail = try await t.request(.GET, "/api/v1/tenders/\(draft)")
            #expect(detail.string("title") == "Hidden draft")
            #expect((detail["budget"] as? [String: Any])?["amount"] as? String == "1500000.00")
            let again = try await t.request(.POST, "/api/v1/tenders/\(draft)/publish", token: officer.token)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "wrong_phase")
        }
    }

    @Test func create_requiresProcurementRole() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let body = tenderBody(t)
            #expect(try await t.request(.POST, "/api/v1/tenders", json: body).status == .unauthorized)
            let vendor = try await t.vendor()
            let r = try await t.request(.POST, "/api/v1/tenders", json: body, token: vendor.token)
            #expect(r.status == .forbidden)
            #expect(r.errorCode == "forbidden")
            let auditor = try await t.staff("auditor")
            #expect(try await t.request(.POST, "/api/v1/tenders", json: body, token: auditor.token).status == .forbidden)
        }
    }

    /// Every validation rule of a tender answers 422 with its code.
    @Test func create_validationRules_answer422WithCodes() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let price: [String: Any] = ["key": "price", "type": "price", "weight": 60]
            let cases: [([String: Any], String)] = [
                (["criteria": [price]], "weights_total"),
                (
                    ["criteria": [["key": "tech", "name": "T", "type": "scored", "weight": 100, "maxScore": 10]]],
                    "price_criterion_required"
                ),
                (
                    ["criteria": [price, ["key": "Tech", "name": "T", "type": "scored", "weight": 40, "maxScore": 10]]],
                    "invalid_criterion_key"
                ),
                (["criteria": [price, ["key": "price", "type": "price", "weight": 40]]], "duplicate_criterion_key"),
                (["criteria": [price, ["key": "t", "name": "T", "type": "scored", "weight": 40]]], "invalid_max_score"),
                (["criteria": [["key": "price", "type": "price", "weight": 0]]], "invalid_weight"),
                (["criteria": [price, ["key": "t", "type": "scored", "weight": 40, "maxScore": 5]]], "criterion_name_required"),
                (["criteria": [price, ["key": "t", "name": "T", "type": "bonus", "weight": 40]]], "invalid_field"),
                (["budget": ["amount": "-5", "currency": "CNY"]], "invalid_money"),
                (["budget": ["amount": "10.123", "currency": "CNY"]], "invalid_money"),
                (["budget": ["amount": 100, "currency": "CNY"]], "invalid_field"),
                (["budget": ["amount": "100", "currency": "yuan"]], "invalid_currency"),
                (["regime": "martial-law"], "unknown_regime"),
                (["method": "auction"], "invalid_method"),
                (["timeZone": "Mars/Olympus"], "invalid_time_zone"),
                (["title": ""], "invalid_field"),
                (["title": String(repeating: "x", count: 301)], "invalid_field"),
                (["submissionDeadline": "next friday"], "invalid_time"),
                // 20d from Mon 2026-03-02 10:00 CST ends 24:00 Mon 03-23 (the 22nd is a Sunday).
                (["submissionDeadline": "2026-03-23T15:59:59Z", "revealDeadline": "2026-03-24T15:59:59Z"], "bidding_period_too_short"),
                (["submissionDeadline": t.at(30 * day), "revealDeadline": t.at(30 * day + 3599)], "reveal_window_too_short"),
                (["submissionDeadline": t.at(-60), "revealDeadline": t.at(3600)], "deadline_in_past"),
                (["invitedVendorIds": ["not-a-uuid"], "method": "selective"], "invalid_id"),
                (["invitedVendorIds": [UUID().uuidString], "method": "selective"], "unknown_vendor"),
            ]
            for (overrides, code) in cases {
                let r = try await t.request(.POST, "/api/v1/tenders", json: tenderBody(t, overrides), token: officer.token)
                #expect(r.status == .unprocessableEntity, "\(overrides): \(r.body)")
                #expect(r.errorCode == code, "\(overrides): \(r.body)")
            }
            var missing = tenderBody(t)
            missing.removeValue(forKey: "criteria")
            let r = try await t.request(.POST, "/api/v1/tenders", json: missing, token: officer.token)
            #expect(r.errorCode == "missing_field")
            // Exactly at the minimum is allowed.
            let ok = try await t.request(
                .POST, "/api/v1/tenders",
                json: tenderBody(t, ["submissionDeadline": "2026-03-23T16:00:00Z", "revealDeadline": "2026-03-23T17:00:00Z"]),
                token: officer.token)
            #expect(ok.status == .created, "\(ok.body)")
            #expect(try await t.request(.GET, "/api/v1/tenders", token: officer.token).metadata?["total"] as? Int == 1)
        }
    }

    @Test func publish_rechecksTheBiddingPeriodAtPublicationTime() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            // Valid now (22d from Mon 03-02), too short when published on Wed 03-04 (minimum 24:00 Tue 03-24).
            let id = try await t.draft(officer.token, ["submissionDeadline": t.at(22 * day), "revealDeadline": t.at(23 * day)])
            t.clock.advance(by: 2 * day)
            let r = try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token)
            #expect(r.status == .unprocessableEntity)
            #expect(r.errorCode == "bidding_period_too_short")
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)", token: officer.token).string("status") == "draft")
        }
    }

    @Test func workingDayRegime_usesTheCalendar() async throws {
        // government-procurement with a 10wd minimum: from Thu 2026-09-24 10:00 CST, 09-25…09-27 中秋节,
        // Mon 09-28 (1) … Wed 09-30 (3), 10-01…10-07 国庆节, Thu 10-08 (4), Fri 10-09 (5), Sat 10-10 make-up (6),
        // Mon 10-12 (7) … Thu 10-15 (10): earliest deadline 24:00 10-15 = 2026-10-15T16:00Z.
        try await withTestApp(TestApp.withAdmin(["TENDER_MIN_BIDDING_PERIOD": "10wd"])) { t in
            t.clock.set(Timestamp.parse("2026-09-24T02:00:00Z")!)
            let officer = try await t.staff("procurement")
            let early = try await t.request(
                .POST, "/api/v1/tenders",
                json: tenderBody(
                    t,
                    [
                        "regime": "government-procurement", "submissionDeadline": "2026-10-15T15:59:59Z",
                        "revealDeadline": "2026-10-16T10:00:00Z",
                    ]),
                token: officer.token)
            #expect(early.errorCode == "bidding_period_too_short")
            let ok = try await t.request(
                .POST, "/api/v1/tenders",
                json: tenderBody(
                    t,
                    [
                        "regime": "government-procurement", "submissionDeadline": "2026-10-15T16:00:00Z",
                        "revealDeadline": "2026-10-16T10:00:00Z",
                    ]),
                token: officer.token)
            #expect(ok.status == .created, "\(ok.body)")
            let deadlines = try #require(ok["deadlines"] as? [String: Any])
            let earliest = try #require(deadlines["earliestSubmissionDeadline"] as? [String: Any])
            #expect(earliest["at"] as? String == "2026-10-15T16:00:00.000Z")
            #expect(earliest["unit"] as? String == "working_days")
            #expect(earliest["provisional"] as? Bool == false)
            #expect((earliest["skippedDays"] as? [[String: Any]])?.count == 11)
        }
    }

    @Test func deadlineInUncoveredYear_isMarkedProvisional() async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, "/api/v1/deadlines?from=2027-03-01T02:00:00Z&period=5wd")
            #expect(r.status == .ok)
            #expect(r["provisional"] as? Bool == true)
            #expect(r["uncoveredYears"] as? [Int] == [2027])
            // Mon 2027-03-01 + 5 working days (weekends only) = Mon 03-08, ends 24:00 CST.
            #expect(r.string("at") == "2027-03-08T16:00:00.000Z")
            let covered = try await t.request(.GET, "/api/v1/deadlines?from=2026-03-02T02:00:00Z&period=5wd")
            #expect(covered["provisional"] as? Bool == false)
            #expect(try await t.request(.GET, "/api/v1/deadlines?period=5weeks").errorCode == "invalid_period")
        }
    }

    @Test func patch_editsDraftsOnly() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let id = try await t.draft(officer.token)
            let r = try await t.request(
                .PATCH, "/api/v1/tenders/\(id)", json: ["title": "New title", "budget": ["amount": "2000000", "currency": "CNY"]],
                token: officer.token)
            #expect(r.status == .ok)
            #expect(r.string("title") == "New title")
            #expect((r["budget"] as? [String: Any])?["amount"] as? String == "2000000.00")
            #expect(r.string("description") == tenderBody(t)["description"] as? String)
            let bad = try await t.request(
                .PATCH, "/api/v1/tenders/\(id)", json: ["criteria": [["key": "price", "type": "price", "weight": 50]]], token: officer.token
            )
            #expect(bad.errorCode == "weights_total")
            #expect(try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token).status == .ok)
            let late = try await t.request(.PATCH, "/api/v1/tenders/\(id)", json: ["title": "Again"], token: officer.token)
            #expect(late.status == .conflict)
            #expect(late.errorCode == "wrong_phase")
            #expect(
                try await t.request(.PATCH, "/api/v1/tenders/\(UUID().uuidString)", json: ["title": "x"], token: officer.token).status
                    == .notFound)
        }
    }

    @Test func list_pagesSearchesAndFiltersByPhase() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let cleaning = try await t.published(officer.token, ["title": "Cleaning 清洁服务", "description": "Two halls."])
            let software = try await t.published(
                officer.token, ["title": "Software outsourcing 软件外包", "category": "it", "description": "Maintenance."])
            t.clock.advance(by: 1)
            let late = try await t.published(
                officer.token,
                [
                    "title": "Catering 50% discount", "description": "Canteen.", "submissionDeadline": t.at(22 * day),
                    "revealDeadline": t.at(22 * day + 3600),
                ])
            _ = try await t.draft(officer.token, ["title": "Draft cleaning", "description": "Later."])

            let all = try await t.request(.GET, "/api/v1/tenders?per=2")
            #expect(all.items.count == 2)
            #expect((all["metadata"] as? [String: Any])?["total"] as? Int == 3)
            let page2 = try await t.request(.GET, "/api/v1/tenders?per=2&page=2")
            #expect(page2.items.count == 1)
            #expect(Set((all.items + page2.items).compactMap { $0["id"] as? String }) == [cleaning, software, late])

            #expect(try await t.request(.GET, "/api/v1/tenders?q=CLEANING").items.compactMap { $0["id"] as? String } == [cleaning])
            #expect(try await t.request(.GET, "/api/v1/tenders?q=软件").items.compactMap { $0["id"] as? String } == [software])
            #expect(try await t.request(.GET, "/api/v1/tenders?q=50%25").items.compactMap { $0["id"] as? String } == [late])
            #expect(try await t.request(.GET, "/api/v1/tenders?q=5_%25").items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders?q=cleaning", token: officer.token).items.count == 2)

            t.clock.advance(by: 22 * day + 1)
            let revealing = try await t.request(.GET, "/api/v1/tenders?phase=revealing")
            #expect(revealing.items.compactMap { $0["id"] as? String } == [late])
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=bidding").items.count == 2)
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=draft").items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=draft", token: officer.token).items.count == 1)
            t.clock.advance(by: 3600)
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=evaluating").items.compactMap { $0["id"] as? String } == [late])

            #expect(try await t.request(.GET, "/api/v1/tenders?phase=sleeping").errorCode == "invalid_phase")
            #expect(try await t.request(.GET, "/api/v1/tenders?per=0").errorCode == "invalid_paging")
            #expect(try await t.request(.GET, "/api/v1/tenders?per=101").errorCode == "invalid_paging")
            #expect(try await t.request(.GET, "/api/v1/tenders?page=abc").errorCode == "invalid_paging")
        }
    }

    @Test func amendment_mustRespectClarificationLead() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            // Published Mon 03-02, deadline 30 days out (2026-04-01T02:00Z).
            let id = try await t.published(officer.token)
            // Fri 03-20 10:00 CST: less than 15d before the deadline; 15d → Sat 04-04, 清明 04-04…04-06 → Tue 04-07,
            // ends 24:00 04-07 = 2026-04-07T16:00Z.
            t.clock.set(Timestamp.parse("2026-03-20T02:00:00Z")!)
            let textOnly = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": "Fix scope", "description": "New scope"], token: officer.token)
            #expect(textOnly.status == .unprocessableEntity)
            #expect(textOnly.errorCode == "clarification_lead")
            let tooEarly = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments",
                json: [
                    "reason": "Fix scope", "description": "New scope", "submissionDeadline": "2026-04-07T15:59:59Z",
                    "revealDeadline": "2026-04-08T10:00:00Z",
                ],
                token: officer.token)
            #expect(tooEarly.errorCode == "clarification_lead")
            let moved = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments",
                json: [
                    "reason": "Fix scope", "description": "New scope", "submissionDeadline": "2026-04-07T16:00:00Z",
                    "revealDeadline": "2026-04-08T10:00:00Z",
                ],
                token: officer.token)
            #expect(moved.status == .created, "\(moved.body)")
            #expect(moved.string("submissionDeadline") == "2026-04-07T16:00:00.000Z")
            #expect(moved["amendmentCount"] as? Int == 1)
            let amendments = try #require(moved["amendments"] as? [[String: Any]])
            #expect(amendments.first?["reason"] as? String == "Fix scope")
            let fields = (amendments.first?["changes"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["description", "submissionDeadline", "revealDeadline"])

            let nothing = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": "noop", "description": "New scope"], token: officer.token)
            #expect(nothing.errorCode == "no_changes")
            let noReason = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": " ", "title": "x"], token: officer.token)
            #expect(noReason.errorCode == "invalid_field")
            let vendor = try await t.vendor()
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": "x", "title": "y"], token: vendor.token)
                    .status == .forbidden)

            t.clock.set(Timestamp.parse("2026-04-07T16:00:00Z")!)
            let closed = try await t.request(
                .POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": "late", "title": "Late"], token: officer.token)
            #expect(closed.status == .conflict)
            #expect(closed.errorCode == "wrong_phase")
        }
    }

    @Test func cancel_needsReason_andEndsTheTender() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let id = try await t.published(officer.token)
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(id)/cancel", json: [String: Any](), token: officer.token).errorCode
                    == "missing_field")
            let r = try await t.request(.POST, "/api/v1/tenders/\(id)/cancel", json: ["reason": "Budget withdrawn"], token: officer.token)
            #expect(r.status == .ok)
            #expect(r.string("phase") == "cancelled")
            #expect(r.string("cancelReason") == "Budget withdrawn")
            #expect(try await t.request(.GET, "/api/v1/tenders?phase=cancelled").items.count == 1)
            let twice = try await t.request(.POST, "/api/v1/tenders/\(id)/cancel", json: ["reason": "again"], token: officer.token)
            #expect(twice.errorCode == "wrong_phase")
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(id)/amendments", json: ["reason": "x", "title": "y"], token: officer.token)
                    .errorCode == "wrong_phase")
        }
    }

    @Test func selectiveTender_needsThreeInvitations_andHidesTheInvitees() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let a = try await t.vendor("A"), b = try await t.vendor("B"), c = try await t.vendor("C"), outsider = try await t.vendor("D")
            let open = try await t.request(
                .POST, "/api/v1/tenders", json: tenderBody(t, ["invitedVendorIds": [a.id]]), token: officer.token)
            #expect(open.errorCode == "invitations_not_allowed")
            let id = try await t.draft(officer.token, ["method": "selective", "invitedVendorIds": [a.id, b.id]])
            let few = try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token)
            #expect(few.errorCode == "invitations_required")
            #expect(
                try await t.request(.PATCH, "/api/v1/tenders/\(id)", json: ["invitedVendorIds": [a.id, b.id, c.id]], token: officer.token)
                    .status == .ok)
            let published = try await t.request(.POST, "/api/v1/tenders/\(id)/publish", token: officer.token)
            #expect(published.status == .ok)
            #expect(Set(published["invitedVendorIds"] as? [String] ?? []) == [a.id, b.id, c.id])

            let anonymous = try await t.request(.GET, "/api/v1/tenders/\(id)")
            #expect(anonymous["invitedVendorIds"] == nil)
            #expect(anonymous.string("method") == "selective")
            let invited = try await t.request(.GET, "/api/v1/tenders/\(id)", token: a.token)
            #expect(invited["invited"] as? Bool == true)
            #expect(invited["invitedVendorIds"] == nil)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)", token: outsider.token)["invited"] as? Bool == false)
        }
    }

    @Test func unknownAndMalformedIds_are404() async throws {
        try await withTestApp { t in
            let unknown = try await t.request(.GET, "/api/v1/tenders/\(UUID().uuidString)")
            #expect(unknown.errorCode == "not_found")
            let traversal = try await t.request(.GET, "/api/v1/tenders/%2e%2e%2fusers")
            #expect([.forbidden, .notFound].contains(traversal.status))
            #expect(traversal.errorCode != nil)
            #expect(try await t.request(.GET, "/api/v1/tenders/12345").status == .notFound)
        }
    }

    /// Periods in seconds walk a tender through its phases within a test.
    @Test func secondPeriods_makeTheLifecycleRunnable() async throws {
        let env = TestApp.withAdmin([
            "TENDER_MIN_BIDDING_PERIOD": "2s", "TENDER_CLARIFICATION_LEAD": "1s", "TENDER_MIN_REVEAL_WINDOW": "1s",
        ])
        try await withTestApp(env) { t in
            let officer = try await t.staff("procurement")
            let id = try await t.published(officer.token, ["submissionDeadline": t.at(2), "revealDeadline": t.at(3)])
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)").string("phase") == "bidding")
            t.clock.advance(by: 2)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)").string("phase") == "revealing")
            t.clock.advance(by: 1)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)").string("phase") == "evaluating")
        }
    }
}

extension JSONResponse {
    var metadata: [String: Any]? { json["metadata"] as? [String: Any] }
}

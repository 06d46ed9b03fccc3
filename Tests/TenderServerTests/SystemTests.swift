import Foundation
import NIOCore
import Testing
import Vapor

@testable import TenderServer

@Suite struct SystemTests {
    @Test func health_checksTheDatabase() async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, "/health")
            #expect(r.status == .ok)
            #expect(r.string("status") == "ok")
            #expect(r.string("database") == "ok")
            #expect(t.app.tender.dialect == (TestApp.usesPostgres ? .postgres : .sqlite))
            #expect(r.headers.first(name: "X-Request-Id") != nil)
            let echoed = try await t.request(.GET, "/health", headers: [("X-Request-Id", "abc-123")])
            #expect(echoed.headers.first(name: "X-Request-Id") == "abc-123")
        }
    }

    let metricsToken = "scrape-credential-0123456789"

    @Test func metrics_arePrometheusText_labelledByRoutePattern() async throws {
        try await withTestApp(["TENDER_METRICS_TOKEN": metricsToken]) { t in
            _ = try await t.request(.GET, "/api/v1/tenders/\(UUID().uuidString)")
            let r = try await t.request(.GET, "/metrics", headers: [("Authorization", "Bearer \(metricsToken)")])
            #expect(r.status == .ok)
            #expect(r.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            #expect(r.body.contains("# TYPE http_requests_total counter"))
            #expect(r.body.contains("/api/v1/tenders/:tenderId"))
        }
    }

    @Test func badInput_getsJSONErrorsWithCodes_neverA500() async throws {
        try await withTestApp(TestApp.withAdmin(["TENDER_BODY_LIMIT": "2kb"])) { t in
            let malformed = try await t.request(.POST, "/api/v1/auth/login", raw: "{\"email\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "malformed_json")
            let wrongType = try await t.request(.POST, "/api/v1/auth/login", json: ["email": 5, "password": true])
            #expect(wrongType.status == .unprocessableEntity)
            #expect(wrongType.errorCode == "invalid_field")
            let array = try await t.request(.POST, "/api/v1/auth/login", raw: "[1,2,3]")
            #expect(array.status.code >= 400 && array.status.code < 500)
            let unknown = try await t.request(.GET, "/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "not_found")
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "text/plain")
            let res = try await t.app.testing().sendRequest(
                .POST, "/api/v1/auth/login", headers: headers, body: ByteBuffer(string: "hello"))
            #expect(res.status == .unsupportedMediaType)
            #expect(res.body.string.contains("unsupported_media_type"))
            let officer = try await t.staff("procurement")
            let emptyBody = try await t.app.testing().sendRequest(
                .POST, "/api/v1/tenders", headers: ["Authorization": "Bearer \(officer.token)"])
            #expect(emptyBody.status.code >= 400 && emptyBody.status.code < 500)
        }
    }

    /// The body limit applies to bodies streamed from the network, so this runs a real listener.
    @Test func bodyOverTheLimit_is413() async throws {
        try await withTestApp(["TENDER_BODY_LIMIT": "2kb"]) { t in
            let port = TestPorts.next()
            let live = try t.app.testing(method: .running(hostname: "127.0.0.1", port: port))
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "application/json")
            let big = ByteBuffer(string: "{\"name\":\"" + String(repeating: "x", count: 4096) + "\"}")
            let res = try await live.sendRequest(.POST, "/api/v1/auth/register", headers: headers, body: big)
            #expect(res.status == .payloadTooLarge)
            #expect(res.body.string.contains("payload_too_large"))
            let small = try await live.sendRequest(.POST, "/api/v1/auth/login", headers: headers, body: ByteBuffer(string: "{}"))
            #expect(small.status == .unprocessableEntity)
        }
    }

    @Test func regimes_showTheRulesInForce_withEnvironmentOverrides() async throws {
        try await withTestApp(["TENDER_STANDSTILL_PERIOD": "5s", "TENDER_COMMITTEE_MIN_SIZE": "7"]) { t in
            let r = try await t.request(.GET, "/api/v1/regimes")
            let items = r.items
            #expect(items.compactMap { $0["name"] as? String } == ["bidding-law", "government-procurement"])
            for item in items {
                let rules = try #require(item["rules"] as? [String: String])
                #expect(rules["standstillPeriod"] == "5s")
                #expect(rules["committeeMinSize"] == "7")
            }
            let gp = try #require(items.last?["rules"] as? [String: String])
            #expect(gp["filingPeriod"] == "7wd")
            #expect(gp["contractPublicationPeriod"] == "2wd")
        }
    }

    /// Every route is in the OpenAPI document and every documented operation is a route.
    /// Static files come from a catch-all GET route tried after the API's routes.
    @Test func staticFiles_areServed_andMissesAre404() async throws {
        try await withTestApp { t in
            let css = try await t.request(.GET, "/report.css")
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .contentType)?.hasPrefix("text/css") == true)
            #expect(css.headers.first(name: "Content-Security-Policy") != nil)
            #expect(css.headers.first(name: .cacheControl) == nil)
            let missing = try await t.request(.GET, "/no-such-file.txt")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            let api = try await t.request(.GET, "/api/v1/no-such-thing")
            #expect(api.status == .notFound)
            #expect(api.errorCode == "not_found")
            #expect(api.headers.first(name: .cacheControl) == nil || api.headers.first(name: .cacheControl) == "no-store")
            #expect(try await t.request(.GET, "/api/v1/regimes").headers.first(name: .cacheControl) == "no-store")
            let traversal = try await t.request(.GET, "/../Package.swift")
            #expect(
                traversal.status == .notFound || traversal.status == .badRequest || traversal.status == .forbidden,
                "\(traversal.status) \(traversal.body.prefix(80))")
            #expect(!traversal.body.contains("swift-tools-version"))
        }
    }

    @Test func openAPI_documentsExactlyTheRoutes() async throws {
        try await withTestApp { t in
            let r = try await t.request(.GET, "/openapi.json")
            #expect(r.status == .ok)
            #expect(r.string("openapi")?.hasPrefix("3.1") == true)
            let paths = try #require(r["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, ops) in paths {
                for method in ops.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let routes = Set(
                t.app.routes.all.map { route -> String in
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return "\(component)"
                        }.joined(separator: "/")
                    return "\(route.method.rawValue) \(path)"
                }
            ).subtracting(["GET /", "GET /**"])  // the static web UI's catch-all, not the API
            #expect(routes.subtracting(documented).sorted() == [], "routes missing from openapi.json")
            #expect(documented.subtracting(routes).sorted() == [], "documented operations without a route")
        }
    }

    /// Every route, hit with junk by every kind of caller: ids that exist, that do not, that are not
    /// ids; no body, an empty object, an array, malformed JSON, fields of the wrong type; absurd
    /// query values. Nothing answers 500, and every error is the JSON error object with a code.
    @Test func everyRoute_withJunk_neverAnswers500() async throws {
        try await withTestApp(ContractLedgerTests.env) { t in
            let admin = try await t.adminToken()
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let v = try await t.vendor()
            let tender = try await t.published(officer.token)
            #expect(
                try await t.request(
                    .PUT, "/api/v1/tenders/\(tender)/committee",
                    json: ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id], token: officer.token
                ).status == .ok)
            let bid = try await t.bid(tender, v, price: "1000000.00")
            let department = try await t.department("Network Maintenance")
            let requester = try await t.staff("requester", department: department)
            let filed = try await t.request(.POST, "/api/v1/requests", json: requestBody(department: department), token: requester.token)
            let contracted = try await t.published(officer.token)
            let contract = try await ContractLedgerTests.contract(
                t, tender: contracted, officer: officer.token, supervisor: member.id, vendor: v, price: "1000000.00")
            let real = [
                "tenderId": tender, "bidId": bid.id, "vendorId": v.id, "userId": member.id, "objectionId": UUID().uuidString,
                "questionId": UUID().uuidString, "requestId": try #require(filed.string("id")), "contractId": contract,
                "changeId": UUID().uuidString, "paymentId": UUID().uuidString, "proposalId": UUID().uuidString, "keyId": UUID().uuidString,
            ]
            let spec = try await t.request(.GET, "/openapi.json")
            let paths = try #require(spec["paths"] as? [String: [String: Any]])
            let bodies: [String?] = [
                nil, "{}", "[1,2]", "{\"a\":",
                #"{"text":7,"reason":[],"members":"x","decision":{},"conflicts":5,"commitment":null,"price":true}"#,
                // Text a client should not be able to store: controls, a bidirectional override, a zero-width space, duplicate keys.
                #"{"name":"A\u202Eb","title":"Bell\u0007","text":"x\u200By","reason":"two\u000Blines","answer":"ok","reason":"again"}"#,
            ]
            let query =
                "?page=zero&per=-1&state=soon&phase=x&active=maybe&role=boss&q=%25%5F&tenderId=nope&action=x%0Ay&period=99999999wd&from=yesterday"
            var checked = 0
            for (template, ops) in paths.sorted(by: { $0.key < $1.key }) {
                for method in ops.keys.sorted() where ["get", "post", "put", "patch", "delete"].contains(method) {
                    for ids in [real, real.mapValues { _ in UUID().uuidString }, real.mapValues { _ in "not-an-id" }] {
                        var path = template
                        for (k, v) in ids { path = path.replacingOccurrences(of: "{\(k)}", with: v) }
                        for token in [nil, v.token, officer.token, member.token, admin, requester.token] {
                            for body in bodies where body == nil || method != "get" {
                                let r = try await t.request(
                                    HTTPMethod(rawValue: method.uppercased()), path + query, raw: body, token: token,
                                    headers: [("X-Request-Id", "<script>\(checked)</script>")])
                                #expect(!r.body.contains("<script>") && r.headers.first(name: "X-Request-Id")?.contains("<") == false)
                                checked += 1
                                #expect(
                                    r.status.code < 500,
                                    "\(method.uppercased()) \(path) \(body ?? "") → \(r.status.code) \(r.body.prefix(200))")
                                if r.status.code >= 400 && !template.hasSuffix("report.csv") && !template.hasSuffix("report.html") {
                                    #expect(r.errorCode != nil, "\(method.uppercased()) \(path) → \(r.status.code) without an error code")
                                }
                                if r.status.code >= 400 {
                                    #expect(
                                        r.headers.first(name: .cacheControl) == "no-store"
                                            && r.headers.first(name: "X-Content-Type-Options") == "nosniff",
                                        "\(method.uppercased()) \(path) → \(r.status.code) without the security headers")
                                }
                            }
                        }
                    }
                }
            }
            #expect(checked > 1_000)
            // A NUL anywhere in the URL is refused before any route runs, on every route.
            for template in paths.keys.sorted() {
                var path = template
                for (k, v) in real { path = path.replacingOccurrences(of: "{\(k)}", with: v) }
                for nul in ["?q=%00x", "%00"] {
                    let r = try await t.request(.GET, path + nul, token: admin)
                    #expect(r.status == .badRequest && r.errorCode == "invalid_text", "GET \(path + nul) → \(r.status.code)")
                }
            }
        }
    }

    /// Route × role: each privileged action answers 401 without a token and 403 to every role but
    /// the ones allowed (who get past the role check: any answer but 401/403).
    @Test func privilegedRoutes_byRole() async throws {
        try await withTestApp(ContractLedgerTests.env) { t in
            let admin = try await t.adminToken()
            let officer = try await t.staff("procurement")
            let member = try await t.staff("evaluator")
            let auditor = try await t.staff("auditor")
            let v = try await t.vendor()
            let tender = try await t.published(officer.token)
            let p = "/api/v1/tenders/\(tender)"
            let committee: [String: Any] = ["members": [["userId": member.id, "kind": "expert"]], "chairId": member.id]
            let department = try await t.department("Network Maintenance")
            let requester = try await t.staff("requester", department: department)
            let approver = try await t.staff("approver")
            let finance = try await t.staff("finance")
            let filed = try await t.request(.POST, "/api/v1/requests", json: requestBody(department: department), token: requester.token)
            let rq = "/api/v1/requests/\(try #require(filed.string("id")))"
            let roles = [
                "admin": admin, "procurement": officer.token, "evaluator": member.token, "auditor": auditor.token, "vendor": v.token,
                "requester": requester.token, "approver": approver.token, "finance": finance.token,
            ]
            let staff: Set<String> = ["admin", "procurement", "evaluator", "auditor", "requester", "approver", "finance"]
            let ct = try await ContractLedgerTests.contract(
                t, tender: try await t.published(officer.token), officer: officer.token, supervisor: member.id,
                vendor: try await t.vendor(),
                price: "1000000.00")
            let c = "/api/v1/contracts/\(ct)"
            let ledgerReaders: Set<String> = ["procurement", "approver", "finance", "auditor", "admin"]
            let table: [(HTTPMethod, String, Any?, Set<String>)] = [
                (.PUT, "\(p)/committee", committee, ["procurement"]),
                (.POST, "\(p)/award", ["bidId": UUID().uuidString], ["procurement"]),
                (.POST, "\(p)/award/report", ["reference": "R-1"], ["procurement"]),
                (.POST, "\(p)/cancel", ["reason": "no"], ["procurement"]),
                (
                    .POST, "\(p)/contract", ["signedAt": t.at(0), "amount": "1.00", "documentSha256": String(repeating: "a", count: 64)],
                    ["procurement"]
                ),
                (.POST, "\(p)/contract/filing", ["reference": "R", "authority": "A"], ["procurement"]),
                (.POST, "\(p)/objections/\(UUID().uuidString)/resolution", ["decision": "rejected", "response": "no"], ["procurement"]),
                (.POST, "\(p)/evaluation/finalize", nil, ["procurement", "evaluator"]),
                (.POST, "\(p)/objections", ["text": "An objection long enough."], ["vendor"]),
                (.POST, "\(p)/declarations", ["conflicts": []], ["evaluator"]),
                (.GET, "/api/v1/audit", nil, ["auditor", "admin"]),
                (.GET, "/api/v1/audit/verify", nil, ["auditor", "admin"]),
                (.GET, "/api/v1/obligations", nil, ["procurement", "auditor", "admin", "approver", "finance"]),
                (.POST, "/api/v1/users", ["email": "x@example.com", "password": testPassword, "role": "auditor", "name": "X"], ["admin"]),
                (.POST, "/api/v1/tenders", tenderBody(t), ["procurement"]),
                (.POST, "/api/v1/departments", ["name": "Sales"], ["admin"]),
                (.GET, "/api/v1/departments", nil, staff),
                (.GET, "/api/v1/opening-keys", nil, staff),
                (.POST, "/api/v1/opening-keys", ["publicKey": "AAAA"], staff),
                (.GET, "\(p)/opening/shares", nil, staff),
                (.GET, "/api/v1/deviations", nil, ["auditor", "admin", "approver"]),
                (.GET, "/api/v1/requests", nil, ["requester", "approver", "finance", "procurement", "auditor", "admin"]),
                (.GET, rq, nil, ["requester", "approver", "finance", "procurement", "auditor", "admin"]),
                (.POST, "/api/v1/requests", requestBody(department: department), ["requester"]),
                (.PATCH, rq, ["title": "Cable patrol"], ["requester"]),
                (.POST, "\(rq)/submit", nil, ["requester"]),
                (.POST, "\(rq)/decision", ["decision": "returned", "reason": "Name the districts covered."], ["approver"]),
                (.PUT, "\(rq)/reference-price", ["amount": "700000.00", "currency": "CNY", "basis": "Market survey"], ["finance"]),
                (.POST, "\(rq)/tender", nil, ["procurement"]),
                (.POST, "\(c)/briefing", ["notes": "Scope and KPIs"], ["procurement"]),
                (.POST, "\(c)/undertakings", ["kind": "confidentiality"], ["vendor"]),
                (.POST, "\(c)/changes", ["rationale": "other", "description": "x", "amountDelta": "1.00"], ["procurement"]),
                (.POST, "\(c)/changes/\(UUID().uuidString)/decision", ["decision": "approved", "reason": "Within the cap"], ["approver"]),
                (.PUT, "\(c)/scorecard", ["period": "month", "criteria": [["key": "q", "name": "Q", "maxPoints": 100]]], ["procurement"]),
                (
                    .PUT, "\(c)/payment-terms",
                    [
                        "installment": ["amount": "1.00", "currency": "CNY"],
                        "deductions": ["excellent": "0", "good": "0", "pass": "0", "fail": "0"],
                    ],
                    ["procurement"]
                ),
                (.POST, "/api/v1/payments/\(UUID().uuidString)/decision", ["decision": "approved"], ["finance"]),
                (.GET, "/api/v1/suspension-proposals", nil, ["approver", "procurement", "auditor", "admin"]),
                (
                    .POST, "/api/v1/suspension-proposals/\(UUID().uuidString)/decision",
                    ["decision": "dismissed", "reason": "Not consecutive"], ["approver"]
                ),
                (.GET, "/api/v1/reports/costs", nil, ledgerReaders),
                (.GET, "/api/v1/payments?status=pending", nil, ledgerReaders),
                (.POST, "\(c)/termination", ["kind": "completed", "settlementAmount": "0.00"], ["procurement"]),
            ]
            for (method, path, body, allowed) in table {
                #expect(
                    [.unauthorized, .notFound].contains(try await t.request(method, path, json: body).status), "\(method) \(path) anonymous"
                )
                for (role, token) in roles.sorted(by: { $0.key < $1.key }) {
                    let r = try await t.request(method, path, json: body, token: token)
                    if allowed.contains(role) {
                        // Past the role check; a relation check may still refuse (a vendor that did not bid: 403 not_a_bidder).
                        #expect(
                            r.status != .unauthorized && r.errorCode != "forbidden", "\(method) \(path) as \(role): \(r.body.prefix(160))")
                    } else {
                        // 404 where the tender itself is hidden from the role (an evaluator outside the committee).
                        #expect(
                            r.errorCode == "forbidden" || (role == "evaluator" && r.status == .notFound),
                            "\(method) \(path) as \(role) → \(r.status.code) \(r.body.prefix(120))")
                    }
                }
            }
        }
    }
}

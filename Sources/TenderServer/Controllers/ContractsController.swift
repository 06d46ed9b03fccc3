import Foundation
import TenderDomain
import Vapor

/// The contract ledger after the award (docs/DESIGN.md §11): briefing, undertakings, changes,
/// termination, scorecards and reviews, payments, suspension proposals, the vendor's annual
/// performance and the cost report. Each change is a use case under `UseCases/Contracts/`.
struct ContractsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("contracts", use: list)
        routes.get("contracts", ":contractId", use: show)
        routes.post("contracts", ":contractId", "briefing", use: brief)
        routes.post("contracts", ":contractId", "briefing", "acknowledgement", use: acknowledge)
        routes.post("contracts", ":contractId", "undertakings", use: undertake)
        routes.post("contracts", ":contractId", "changes", use: change)
        routes.post("contracts", ":contractId", "changes", ":changeId", "decision", use: decideChange)
        routes.post("contracts", ":contractId", "termination", use: terminate)
        routes.put("contracts", ":contractId", "scorecard", use: scorecard)
        routes.post("contracts", ":contractId", "reviews", use: review)
        routes.put("contracts", ":contractId", "payment-terms", use: paymentTerms)
        routes.post("contracts", ":contractId", "payments", use: requestPayment)
        routes.get("payments", use: payments)
        routes.post("payments", ":paymentId", "decision", use: decidePayment)
        routes.get("suspension-proposals", use: proposals)
        routes.post("suspension-proposals", ":proposalId", "decision", use: decideProposal)
        routes.get("vendors", ":vendorId", "performance", use: performance)
        routes.get("reports", "costs", use: costs)
    }

    // MARK: the ledger

    /// Paged: contracts with an overdue obligation first, then the newest; `status`, `departmentId`,
    /// `vendorId` filter. Supervisors see the contracts they supervise, vendors their own.
    @Sendable func list(req: Request) async throws -> ContractLedgerList {
        let p = try req.require()
        let page = try PageRequest(req)
        var filter = ContractStore.LedgerFilter()
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let status = ContractStatus(rawValue: s) else {
                throw APIError.invalid("invalid_status", "status must be active, completed or terminated", field: "status")
            }
            filter.status = status
        }
        filter.departmentId = try Self.queryID(req, "departmentId")
        filter.vendorId = try Self.queryID(req, "vendorId")
        if req.query[String.self, at: "supervisor"] == "me" { filter.supervisorId = p.userId }
        let result = try await ContractQueries.ledger(req.useCase, by: p, filter: filter, limit: page.per, offset: page.offset)
        var items: [ContractLedgerResponse] = []
        for l in result.items { items.append(ContractLedgerResponse(l, currency: try await Self.currency(req, l.contract))) }
        return ContractLedgerList(items: items, metadata: page.metadata(total: result.total))
    }

    @Sendable func show(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require()
        let c = try await ContractQueries.visible(req.useCase, id: try pathID(req, "contractId", "contract"), by: p)
        return try await Self.detail(req, c.id)
    }

    static func detail(_ req: Request, _ id: String) async throws -> ContractLedgerResponse {
        let d = try await ContractQueries.detail(req.useCase, id: id)
        return ContractLedgerResponse(d.listed, currency: try await currency(req, d.listed.contract), detail: d)
    }

    static func currency(_ req: Request, _ c: ContractRecord) async throws -> String {
        try await TenderStore.get(req.sql, id: c.tenderId).currency
    }

    static func queryID(_ req: Request, _ name: String) throws -> String? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
            throw APIError.invalid("invalid_id", "\(name) must be a UUID", field: name)
        }
        return id
    }

    // MARK: briefing, undertakings, changes, termination

    @Sendable func brief(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let notes = try Validate.requiredText(try req.content.decode(BriefingBody.self).notes, field: "notes", max: 20_000, rule: .prose)
        try await BriefContract(ctx: req.useCase).run(id: id, notes: notes, by: p)
        return try await Self.detail(req, id)
    }

    @Sendable func acknowledge(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require()
        let id = try pathID(req, "contractId", "contract")
        try await AcknowledgeBriefing(ctx: req.useCase).run(id: id, by: p)
        return try await Self.detail(req, id)
    }

    @Sendable func undertake(req: Request) async throws -> Response {
        let p = try req.require(.actAsVendor)
        let id = try pathID(req, "contractId", "contract")
        guard let kind = UndertakingKind(rawValue: try req.content.decode(UndertakingBody.self).kind) else {
            throw APIError.invalid("invalid_kind", "kind must be no_subcontracting or confidentiality", field: "kind")
        }
        try await GiveUndertaking(ctx: req.useCase).run(id: id, kind: kind, by: p)
        return try AwardController.created(try await Self.detail(req, id))
    }

    @Sendable func change(req: Request) async throws -> Response {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(ChangeBody.self)
        guard let rationale = ChangeRationale(rawValue: body.rationale) else {
            throw APIError.invalid(
                "invalid_rationale", "rationale must be one of \(ChangeRationale.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "rationale")
        }
        let description = try Validate.requiredText(body.description, field: "description", max: 5000, rule: .prose)
        let delta = try body.amountDelta.map { try Self.signedCents($0, field: "amountDelta") }
        let end = try body.newEndDate.map { raw in
            guard let d = CivilDate(raw) else {
                throw APIError.invalid("invalid_period", "newEndDate must be a date like 2027-12-31", field: "newEndDate")
            }
            return d
        }
        let change = try await RequestChange(ctx: req.useCase).run(
            id: id, .init(rationale: rationale, description: description, amountDeltaCents: delta, newEndDate: end), by: p)
        return try AwardController.created(Self.change(change))
    }

    @Sendable func decideChange(req: Request) async throws -> ContractLedgerResponse.Change {
        let p = try req.require(.decideChanges)
        let id = try pathID(req, "contractId", "contract")
        let changeId = try pathID(req, "changeId", "change")
        let (approved, reason) = try Self.decision(req, approve: "approved", reject: "rejected", reasonRequired: true)
        return Self.change(
            try await DecideChange(ctx: req.useCase).run(
                contractId: id, changeId: changeId, approved: approved, reason: reason ?? "", by: p))
    }

    @Sendable func terminate(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(TerminationBody.self)
        guard let kind = TerminateContract.Kind(rawValue: body.kind) else {
            throw APIError.invalid("invalid_kind", "kind must be completed or early", field: "kind")
        }
        guard let settlement = Money(body.settlementAmount) else {
            throw APIError.invalid(
                "invalid_money", "settlementAmount must be a decimal with at most 2 fraction digits", field: "settlementAmount")
        }
        let reason = try Validate.text(body.reason, field: "reason", max: 5000, required: false, rule: .prose)
        let at = try body.at.map { try TenderInput.time($0, field: "at") } ?? req.tender.nowMillis
        try await TerminateContract(ctx: req.useCase).run(id: id, kind: kind, reason: reason, settlement: settlement, at: at, by: p)
        return try await Self.detail(req, id)
    }

    // MARK: reviews and payments

    @Sendable func scorecard(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(ScorecardBody.self)
        guard let cadence = ReviewCadence(rawValue: body.period) else {
            throw APIError.invalid("invalid_period", "period must be month or quarter", field: "period")
        }
        let card = try Scorecard(period: cadence, criteria: body.criteria)
        try await SetScorecard(ctx: req.useCase).run(id: id, card, by: p)
        return try await Self.detail(req, id)
    }

    @Sendable func review(req: Request) async throws -> Response {
        let p = try req.require()
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(ReviewBody.self)
        guard let period = ReviewPeriod(body.period) else {
            throw APIError.invalid("invalid_period", "period must be a month (2026-11) or a quarter (2026-Q4)", field: "period")
        }
        let scores = body.scores.mapValues(Criterion.hundredths)
        var satisfaction: String?
        if let s = body.satisfaction {
            let h = Criterion.hundredths(s)
            guard h >= 0, h <= 100_00 else {
                throw APIError.invalid(
                    "invalid_satisfaction", "satisfaction is a survey score from 0 to 100 with at most 2 decimals", field: "satisfaction")
            }
            satisfaction = Money(cents: Int64(h)).description
        }
        let notes =
            try body.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }.map {
                try Validate.requiredText($0, field: "notes", max: 5000, rule: .prose)
            } ?? ""
        let review = try await RecordReview(ctx: req.useCase).run(
            id: id, .init(period: period, scores: scores, satisfaction: satisfaction, notes: notes), by: p)
        return try AwardController.created(ContractLedgerResponse.review(review))
    }

    @Sendable func paymentTerms(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(PaymentTermsBody.self)
        let installment = try Validate.money(body.installment, field: "installment")
        var deductions: [Grade: Int64] = [:]
        for (key, value) in body.deductions {
            guard let grade = Grade(rawValue: key) else {
                throw APIError.invalid("invalid_deductions", "deductions are keyed by excellent, good, pass and fail", field: "deductions")
            }
            guard let m = Money(value), m.cents <= 100_00 else {
                throw APIError.invalid(
                    "invalid_deductions", "deductions.\(key) must be a percentage from 0 to 100 with at most 2 decimals",
                    field: "deductions.\(key)")
            }
            deductions[grade] = m.cents
        }
        guard Set(deductions.keys) == Set(Grade.allCases) else {
            throw APIError.invalid(
                "invalid_deductions", "give a deduction for each grade: excellent, good, pass and fail", field: "deductions")
        }
        try await SetPaymentTerms(ctx: req.useCase).run(
            id: id, installment: installment.amount, currency: installment.currency, deductions: deductions, by: p)
        return try await Self.detail(req, id)
    }

    @Sendable func requestPayment(req: Request) async throws -> Response {
        let p = try req.require()
        let id = try pathID(req, "contractId", "contract")
        guard let period = ReviewPeriod(try req.content.decode(PaymentBody.self).period) else {
            throw APIError.invalid("invalid_period", "period must be a month (2026-11) or a quarter (2026-Q4)", field: "period")
        }
        let payment = try await RequestPayment(ctx: req.useCase).run(id: id, period: period, by: p)
        return try AwardController.created(ContractLedgerResponse.payment(payment))
    }

    /// Finance's approvals: payments across contracts, oldest first, filtered by `status`.
    @Sendable func payments(req: Request) async throws -> PaymentList {
        _ = try req.require(.readPayments)
        let page = try PageRequest(req)
        var status: PaymentRecord.Status?
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let parsed = PaymentRecord.Status(rawValue: s) else {
                throw APIError.invalid("invalid_status", "status must be pending, approved or rejected", field: "status")
            }
            status = parsed
        }
        let result = try await ContractStore.paymentQueue(req.sql, status: status, limit: page.per, offset: page.offset)
        return PaymentList(
            items: result.items.map {
                .init(payment: ContractLedgerResponse.payment($0.payment), tenderTitle: $0.tenderTitle, vendorName: $0.vendorName)
            },
            metadata: page.metadata(total: result.total))
    }

    @Sendable func decidePayment(req: Request) async throws -> ContractLedgerResponse.Payment {
        let p = try req.require(.decidePayments)
        let id = try pathID(req, "paymentId", "payment")
        let (approved, reason) = try Self.decision(req, approve: "approved", reject: "rejected", reasonRequired: false)
        return ContractLedgerResponse.payment(
            try await DecidePayment(ctx: req.useCase).run(paymentId: id, approved: approved, reason: reason, by: p))
    }

    // MARK: suspension proposals, performance, costs

    @Sendable func proposals(req: Request) async throws -> ProposalList {
        _ = try req.require(.readProposals)
        let page = try PageRequest(req)
        var status: ProposalRecord.Status?
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let parsed = ProposalRecord.Status(rawValue: s) else {
                throw APIError.invalid("invalid_status", "status must be pending, confirmed or dismissed", field: "status")
            }
            status = parsed
        }
        let result = try await ProposalStore.list(req.sql, status: status, limit: page.per, offset: page.offset)
        return ProposalList(items: result.items.map(ProposalResponse.init), metadata: page.metadata(total: result.total))
    }

    @Sendable func decideProposal(req: Request) async throws -> ProposalResponse {
        let p = try req.require(.decideProposals)
        let id = try pathID(req, "proposalId", "proposal")
        let (confirmed, reason) = try Self.decision(req, approve: "confirmed", reject: "dismissed", reasonRequired: true)
        return ProposalResponse(
            try await DecideSuspensionProposal(ctx: req.useCase).run(id: id, confirmed: confirmed, reason: reason ?? "", by: p))
    }

    /// Staff, and the vendor itself: the year's reviews, their mean and its grade.
    @Sendable func performance(req: Request) async throws -> PerformanceResponse {
        let p = try req.require()
        let vendorId = try pathID(req, "vendorId", "vendor")
        guard p.role.isStaff || p.userId == vendorId else { throw APIError.notFound("vendor") }
        _ = try await VendorStore.get(req.sql, id: vendorId)
        let year =
            try req.query[String.self, at: "year"].map { raw in
                guard let y = Int(raw), (2000...2100).contains(y) else {
                    throw APIError.invalid("invalid_year", "year must be a year such as 2026", field: "year")
                }
                return y
            } ?? CivilDate(req.tender.clock.now, in: req.tender.config.timeZone).year
        return PerformanceResponse(try await PerformanceQueries.summary(req.useCase, vendorId: vendorId, year: year))
    }

    @Sendable func costs(req: Request) async throws -> Response {
        _ = try req.require(.readCostReport)
        let department = try Self.queryID(req, "departmentId")
        let year = try req.query[String.self, at: "year"].flatMap { $0.isEmpty ? nil : $0 }.map { raw in
            guard let y = Int(raw), (2000...2100).contains(y) else {
                throw APIError.invalid("invalid_year", "year must be a year such as 2026", field: "year")
            }
            return y
        }
        let report = try await CostReport.run(req.useCase, departmentId: department, year: year)
        let body = CostReportResponse(rows: report.rows, departments: report.departments)
        switch req.query[String.self, at: "format"] ?? "json" {
        case "json":
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "application/json; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: body.jsonBytes)))
        case "csv":
            var lines = [
                "level,department_id,contract_id,tender_id,request_id,reference_price,budget,awarded,current_amount,paid,withheld,savings,reward_cap"
            ]
            for f in body.contracts + body.departments {
                lines.append(
                    CSV.line([
                        f.contractId == nil ? "department" : "contract", f.departmentId ?? "", f.contractId ?? "", f.tenderId ?? "",
                        f.requestId ?? "",
                        f.referencePrice, f.budget, f.awarded, f.currentAmount, f.paid, f.withheld, f.savings, f.rewardCap,
                    ]))
            }
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "text/csv; charset=utf-8")
            headers.add(name: .contentDisposition, value: "attachment; filename=\"costs.csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
        default:
            throw APIError.invalid("invalid_format", "format must be json or csv", field: "format")
        }
    }

    // MARK: helpers

    static func change(_ c: ChangeRecord) -> ContractLedgerResponse.Change {
        ContractLedgerResponse.Change(
            id: c.id, rationale: c.rationale.rawValue, description: c.description,
            amountDelta: c.amountDeltaCents.map { Money(cents: $0).description },
            newEndDate: c.newEndDate?.description, status: c.status.rawValue, requestedAt: Timestamp.format(milliseconds: c.requestedAt),
            decidedAt: c.decidedAt.map { Timestamp.format(milliseconds: $0) }, reason: c.reason)
    }

    /// `{"decision","reason"}`: the two allowed decisions, and a reason of ≥ 10 characters when required.
    static func decision(_ req: Request, approve: String, reject: String, reasonRequired: Bool) throws -> (Bool, String?) {
        let body = try req.content.decode(DecisionBody.self)
        guard body.decision == approve || body.decision == reject else {
            throw APIError.invalid("invalid_decision", "decision must be \(approve) or \(reject)", field: "decision")
        }
        let reason = try Validate.text(body.reason, field: "reason", max: 5000, required: false, rule: .prose)
        if reasonRequired, (reason?.count ?? 0) < RequestRules.decisionReasonMinLength {
            throw APIError.invalid(
                "reason_too_short", "give a reason of at least \(RequestRules.decisionReasonMinLength) characters", field: "reason")
        }
        return (body.decision == approve, reason)
    }

    /// A signed money amount ("-500.00", "1200"), in cents.
    static func signedCents(_ text: String, field: String) throws -> Int64 {
        let negative = text.hasPrefix("-")
        guard let m = Money(negative ? String(text.dropFirst()) : text), m.cents > 0 else {
            throw APIError.invalid("invalid_money", "\(field) must be a non-zero decimal such as 50000.00 or -20000.00", field: field)
        }
        return negative ? -m.cents : m.cents
    }
}

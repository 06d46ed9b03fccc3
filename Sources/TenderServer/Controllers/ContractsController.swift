import Foundation
import TenderDomain
import Vapor

/// The contract ledger after the award (docs/DESIGN.md §11): briefing, undertakings, changes,
/// termination, scorecards and reviews. Payments are in `ContractPaymentsController`, proposals,
/// performance and the cost report in `ContractReportsController`. Each change is a use case under
/// `UseCases/Contracts/`.
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
    }

    // MARK: the ledger

    /// Paged: contracts with an overdue obligation first, then the newest; `status`, `departmentId`,
    /// `vendorId` filter. Supervisors see the contracts they supervise, vendors their own.
    @Sendable func list(req: Request) async throws -> ContractLedgerList {
        let p = try req.require()
        let page = try PageRequest(req)
        var filter = ContractStore.LedgerFilter()
        filter.status = try req.statusFilter(ContractStatus.self)
        filter.departmentId = try req.queryID("departmentId")
        filter.vendorId = try req.queryID("vendorId")
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
        return try AwardController.created(ContractLedgerResponse.change(change))
    }

    @Sendable func decideChange(req: Request) async throws -> ContractLedgerResponse.Change {
        let p = try req.require(.decideChanges)
        let id = try pathID(req, "contractId", "contract")
        let changeId = try pathID(req, "changeId", "change")
        let (approved, reason) = try Self.decision(req, approve: "approved", reject: "rejected", reasonRequired: true)
        return ContractLedgerResponse.change(
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

    // MARK: helpers

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

import Foundation
import SQLKit
import TenderDomain

/// A row of `outsourcing_requests` (外包项目申请表), with its decisions when read in full.
struct RequestRecord: Sendable {
    var id: String
    var draft: RequestDraft
    var requesterId: String
    var status: RequestStatus
    var createdAt: Int64
    var updatedAt: Int64
    var submittedAt: Int64?
    var decidedAt: Int64?
    var decidedBy: String?
    var referencePrice: Money?
    var referenceCurrency: String?
    var referenceBasis: String?
    var pricedAt: Int64?
    var pricedBy: String?
    var tenderId: String?
    var tenderedAt: Int64?

    static let columns: SQLQueryString = """
        id, title, scope, business_type, mode, department_id, requester_id, estimated_amount, currency, service_start, service_end,
        justification, method, selective_reason, status, created_at, updated_at, submitted_at, decided_at, decided_by,
        reference_amount, reference_currency, reference_basis, priced_at, priced_by, tender_id, tendered_at
        """

    init(id: String, draft: RequestDraft, requesterId: String, now: Int64) {
        self.id = id
        self.draft = draft
        self.requesterId = requesterId
        status = .draft
        createdAt = now
        updatedAt = now
    }

    init(row: any SQLRow) throws {
        func date(_ column: String) throws -> CivilDate {
            CivilDate(try row.decode(column: column, as: String.self)) ?? CivilDate(dayNumber: 0)
        }
        id = try row.decode(column: "id", as: String.self)
        draft = RequestDraft(
            title: try row.decode(column: "title", as: String.self), scope: try row.decode(column: "scope", as: String.self),
            businessType: try row.decode(column: "business_type", as: String.self),
            mode: OutsourcingMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .partial,
            departmentId: try row.decode(column: "department_id", as: String.self),
            estimatedBudget: Money(try row.decode(column: "estimated_amount", as: String.self)) ?? Money(cents: 0),
            currency: try row.decode(column: "currency", as: String.self), serviceStart: try date("service_start"),
            serviceEnd: try date("service_end"), justification: try row.decode(column: "justification", as: String.self),
            method: TenderMethod(rawValue: try row.decode(column: "method", as: String.self)) ?? .open,
            selectiveReason: try row.decode(column: "selective_reason", as: String?.self))
        requesterId = try row.decode(column: "requester_id", as: String.self)
        status = RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        submittedAt = try row.decode(column: "submitted_at", as: Int64?.self)
        decidedAt = try row.decode(column: "decided_at", as: Int64?.self)
        decidedBy = try row.decode(column: "decided_by", as: String?.self)
        referencePrice = try row.decode(column: "reference_amount", as: String?.self).flatMap(Money.init)
        referenceCurrency = try row.decode(column: "reference_currency", as: String?.self)
        referenceBasis = try row.decode(column: "reference_basis", as: String?.self)
        pricedAt = try row.decode(column: "priced_at", as: Int64?.self)
        pricedBy = try row.decode(column: "priced_by", as: String?.self)
        tenderId = try row.decode(column: "tender_id", as: String?.self)
        tenderedAt = try row.decode(column: "tendered_at", as: Int64?.self)
    }
}

/// One decision on a request, as kept in `request_decisions`.
struct RequestDecisionRecord: Sendable {
    let decision: RequestDecision
    let reason: String?
    let decidedBy: String
    let deciderName: String
    let decidedAt: Int64
}

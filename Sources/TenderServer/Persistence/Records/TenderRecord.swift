import Foundation
import SQLKit
import TenderDomain

/// A row of `tenders`, converted at the repository boundary.
struct TenderRecord: Sendable {
    var id: String
    var title: String
    var description: String
    var category: String
    var regime: String
    var method: TenderMethod
    var budget: Money
    var currency: String
    var timeZone: String
    var submissionDeadline: Int64
    var revealDeadline: Int64
    var criteria: [Criterion]
    var status: TenderStatus
    var createdBy: String
    var createdAt: Int64
    var updatedAt: Int64
    var publishedAt: Int64?
    var cancelledAt: Int64?
    var cancelReason: String?
    var amendmentCount: Int64
    var evaluatedAt: Int64?
    var failedAt: Int64?
    var standstillEndsAt: Int64?
    var openObjections: Int64 = 0
    var contractedAt: Int64?
    var filedAt: Int64?
    /// The outsourcing request the tender was drafted from (docs/DESIGN.md §10), if any.
    var requestId: String?
    /// The escrowed-opening setting (docs/DESIGN.md §13), if the tender requires escrow.
    var opening: OpeningSetting?

    static let columns: SQLQueryString = """
        id, title, description, category, regime, method, budget_amount, currency, time_zone, submission_deadline,
        reveal_deadline, criteria, status, created_by, created_at, updated_at, published_at, cancelled_at, cancel_reason, amendment_count,
        evaluated_at, failed_at, standstill_ends_at, open_objections, contracted_at, filed_at, request_id,
        opening_holders, opening_threshold
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        title = try row.decode(column: "title", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        category = try row.decode(column: "category", as: String.self)
        regime = try row.decode(column: "regime", as: String.self)
        method = TenderMethod(rawValue: try row.decode(column: "method", as: String.self)) ?? .open
        budget = Money(try row.decode(column: "budget_amount", as: String.self)) ?? Money(cents: 0)
        currency = try row.decode(column: "currency", as: String.self)
        timeZone = try row.decode(column: "time_zone", as: String.self)
        submissionDeadline = try row.decode(column: "submission_deadline", as: Int64.self)
        revealDeadline = try row.decode(column: "reveal_deadline", as: Int64.self)
        criteria = try JSONDecoder().decode([Criterion].self, from: Data(try row.decode(column: "criteria", as: String.self).utf8))
        status = TenderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
        createdBy = try row.decode(column: "created_by", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        publishedAt = try row.decode(column: "published_at", as: Int64?.self)
        cancelledAt = try row.decode(column: "cancelled_at", as: Int64?.self)
        cancelReason = try row.decode(column: "cancel_reason", as: String?.self)
        amendmentCount = try row.decode(column: "amendment_count", as: Int64.self)
        evaluatedAt = try row.decode(column: "evaluated_at", as: Int64?.self)
        failedAt = try row.decode(column: "failed_at", as: Int64?.self)
        standstillEndsAt = try row.decode(column: "standstill_ends_at", as: Int64?.self)
        openObjections = try row.decode(column: "open_objections", as: Int64.self)
        contractedAt = try row.decode(column: "contracted_at", as: Int64?.self)
        filedAt = try row.decode(column: "filed_at", as: Int64?.self)
        requestId = try row.decode(column: "request_id", as: String?.self)
        if let holders = try row.decode(column: "opening_holders", as: String?.self),
            let threshold = try row.decode(column: "opening_threshold", as: Int64?.self)
        {
            opening = OpeningSetting(
                holders: try JSONDecoder().decode([String].self, from: Data(holders.utf8)), threshold: Int(threshold))
        }
    }

    init(id: String, fields f: TenderFields, createdBy: String, now: Int64) {
        self.id = id
        title = f.title
        description = f.description
        category = f.category
        regime = f.regime
        method = f.method
        budget = f.budget
        currency = f.currency
        timeZone = f.timeZone
        submissionDeadline = f.submissionDeadline
        revealDeadline = f.revealDeadline
        criteria = f.criteria
        status = .draft
        self.createdBy = createdBy
        createdAt = now
        updatedAt = now
        amendmentCount = 0
    }

    var fields: TenderFields {
        TenderFields(
            title: title, description: description, category: category, regime: regime, method: method, budget: budget,
            currency: currency, timeZone: timeZone, submissionDeadline: submissionDeadline, revealDeadline: revealDeadline,
            criteria: criteria)
    }

    var clockState: TenderClockState {
        TenderClockState(
            status: status, submissionDeadline: Timestamp.date(milliseconds: submissionDeadline),
            revealDeadline: Timestamp.date(milliseconds: revealDeadline), failedAt: failedAt.map(Timestamp.date(milliseconds:)),
            standstillEndsAt: standstillEndsAt.map(Timestamp.date(milliseconds:)), openObjections: Int(openObjections),
            contractedAt: contractedAt.map(Timestamp.date(milliseconds:)), filedAt: filedAt.map(Timestamp.date(milliseconds:)))
    }

    func phase(at now: Date) -> TenderPhase { clockState.phase(at: now) }

    var criteriaJSON: String { String(decoding: try! JSONEncoder().encode(criteria), as: UTF8.self) }
}

/// The editable content of a tender, validated as a whole.
struct TenderFields: Sendable, Equatable {
    var title: String
    var description: String
    var category: String
    var regime: String
    var method: TenderMethod
    var budget: Money
    var currency: String
    var timeZone: String
    var submissionDeadline: Int64
    var revealDeadline: Int64
    var criteria: [Criterion]
}

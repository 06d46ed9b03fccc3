import Foundation
import SQLKit
import TenderDomain

/// A row of `contract_changes` (变更).
struct ChangeRecord: Sendable {
    enum Status: String, Sendable, CaseIterable { case pending, approved, rejected }
    let id: String
    let contractId: String
    let rationale: ChangeRationale
    let description: String
    let amountDeltaCents: Int64?
    let newEndDate: CivilDate?
    let status: Status
    let requestedAt: Int64
    let decidedAt: Int64?
    let reason: String?

    static let columns: SQLQueryString =
        "id, contract_id, rationale, description, amount_delta, new_end_date, status, requested_at, decided_at, reason"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        contractId = try row.decode(column: "contract_id", as: String.self)
        rationale = ChangeRationale(rawValue: try row.decode(column: "rationale", as: String.self)) ?? .other
        description = try row.decode(column: "description", as: String.self)
        amountDeltaCents = try row.decode(column: "amount_delta", as: Int64?.self)
        newEndDate = try row.decode(column: "new_end_date", as: String?.self).flatMap(CivilDate.init)
        status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending
        requestedAt = try row.decode(column: "requested_at", as: Int64.self)
        decidedAt = try row.decode(column: "decided_at", as: Int64?.self)
        reason = try row.decode(column: "reason", as: String?.self)
    }
}

/// A row of `contract_reviews` (考核).
struct ReviewRecord: Sendable {
    let id: String
    let contractId: String
    let vendorId: String
    let period: String
    let scores: [String: Int]
    let totalHundredths: Int64
    let grade: Grade
    let satisfaction: String?
    let notes: String
    let reviewedBy: String
    let reviewedAt: Int64

    static let columns: SQLQueryString =
        "id, contract_id, vendor_id, period, scores, total, grade, satisfaction, notes, reviewed_by, reviewed_at"

    init(
        id: String, contractId: String, vendorId: String, period: String, scores: [String: Int], totalHundredths: Int64, grade: Grade,
        satisfaction: String?, notes: String, reviewedBy: String, reviewedAt: Int64
    ) {
        self.id = id
        self.contractId = contractId
        self.vendorId = vendorId
        self.period = period
        self.scores = scores
        self.totalHundredths = totalHundredths
        self.grade = grade
        self.satisfaction = satisfaction
        self.notes = notes
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        contractId = try row.decode(column: "contract_id", as: String.self)
        vendorId = try row.decode(column: "vendor_id", as: String.self)
        period = try row.decode(column: "period", as: String.self)
        scores = (try? JSONDecoder().decode([String: Int].self, from: Data(try row.decode(column: "scores", as: String.self).utf8))) ?? [:]
        totalHundredths = try row.decode(column: "total", as: Int64.self)
        grade = Grade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .fail
        satisfaction = try row.decode(column: "satisfaction", as: String?.self)
        notes = try row.decode(column: "notes", as: String.self)
        reviewedBy = try row.decode(column: "reviewed_by", as: String.self)
        reviewedAt = try row.decode(column: "reviewed_at", as: Int64.self)
    }
}

/// A row of `payments` (付款审批), amounts in cents.
struct PaymentRecord: Sendable {
    enum Status: String, Sendable, CaseIterable { case pending, approved, rejected }
    let id: String
    let contractId: String
    let period: String
    let installment: Int64
    let grade: Grade
    let deductionPercent: Int64
    let deduction: Int64
    let payable: Int64
    let status: Status
    let requestedAt: Int64
    let decidedAt: Int64?
    let reason: String?

    static let columns: SQLQueryString =
        "id, contract_id, period, installment, grade, deduction_percent, deduction, payable, status, requested_at, decided_at, reason"

    init(
        id: String, contractId: String, period: String, installment: Int64, grade: Grade, deductionPercent: Int64, deduction: Int64,
        payable: Int64, requestedAt: Int64
    ) {
        self.id = id
        self.contractId = contractId
        self.period = period
        self.installment = installment
        self.grade = grade
        self.deductionPercent = deductionPercent
        self.deduction = deduction
        self.payable = payable
        status = .pending
        self.requestedAt = requestedAt
        decidedAt = nil
        reason = nil
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        contractId = try row.decode(column: "contract_id", as: String.self)
        period = try row.decode(column: "period", as: String.self)
        installment = try row.decode(column: "installment", as: Int64.self)
        grade = Grade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .fail
        deductionPercent = try row.decode(column: "deduction_percent", as: Int64.self)
        deduction = try row.decode(column: "deduction", as: Int64.self)
        payable = try row.decode(column: "payable", as: Int64.self)
        status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending
        requestedAt = try row.decode(column: "requested_at", as: Int64.self)
        decidedAt = try row.decode(column: "decided_at", as: Int64?.self)
        reason = try row.decode(column: "reason", as: String?.self)
    }
}

/// A row of `suspension_proposals` (暂停合作).
struct ProposalRecord: Sendable {
    enum Status: String, Sendable, CaseIterable { case pending, confirmed, dismissed }
    let id: String
    let vendorId: String
    let vendorName: String
    let firstReviewId: String
    let secondReviewId: String
    let status: Status
    let proposedAt: Int64
    let decidedAt: Int64?
    let reason: String?

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        vendorId = try row.decode(column: "vendor_id", as: String.self)
        vendorName = try row.decode(column: "name", as: String.self)
        firstReviewId = try row.decode(column: "first_review_id", as: String.self)
        secondReviewId = try row.decode(column: "second_review_id", as: String.self)
        status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending
        proposedAt = try row.decode(column: "proposed_at", as: Int64.self)
        decidedAt = try row.decode(column: "decided_at", as: Int64?.self)
        reason = try row.decode(column: "reason", as: String?.self)
    }
}

import Foundation
import SQLKit
import TenderDomain

/// A row of `contracts`: the signature and, once filed, the filing.
struct ContractRecord: Sendable {
    let tenderId: String
    let awardId: String
    let signedAt: Int64
    let amount: String
    let documentSha256: String
    let supervisorId: String?
    let dueAt: Int64
    let late: Bool
    let filingDueAt: Int64
    let filing: Filing?
    // The ledger (docs/DESIGN.md §11).
    let id: String
    let vendorId: String
    let serviceStart: CivilDate
    let serviceEnd: CivilDate
    let status: ContractStatus
    let originalAmount: Money
    let currentAmount: Money
    let briefingNotes: String?
    let briefedAt: Int64?
    let briefingAcknowledgedAt: Int64?
    let terminationKind: String?
    let terminationReason: String?
    let settlementAmount: Money?
    let terminatedAt: Int64?
    let scorecard: Scorecard?
    let installment: Money?
    /// Grade → percent withheld, in hundredths of a percent.
    let deductions: [Grade: Int64]?

    struct Filing: Sendable {
        let reference: String
        let authority: String
        let filedAt: Int64
        let late: Bool
    }

    static let columns: SQLQueryString = """
        tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, filing_reference, filing_authority, filed_at, filing_due_at, filing_late,
        id, vendor_id, service_start, service_end, status, current_amount, briefing_notes, briefed_at, briefing_acknowledged_at, termination_kind,
        termination_reason, settlement_amount, terminated_at, scorecard, installment_amount, deductions
        """

    init(row: any SQLRow) throws {
        tenderId = try row.decode(column: "tender_id", as: String.self)
        awardId = try row.decode(column: "award_id", as: String.self)
        signedAt = try row.decode(column: "signed_at", as: Int64.self)
        amount = try row.decode(column: "amount", as: String.self)
        documentSha256 = try row.decode(column: "document_sha256", as: String.self)
        supervisorId = try row.decode(column: "supervisor_id", as: String?.self)
        dueAt = try row.decode(column: "due_at", as: Int64.self)
        late = try row.decode(column: "late", as: Int64.self) == 1
        filingDueAt = try row.decode(column: "filing_due_at", as: Int64.self)
        id = try row.decode(column: "id", as: String?.self) ?? tenderId
        vendorId = try row.decode(column: "vendor_id", as: String?.self) ?? ""
        let signedDay = CivilDate(dayNumber: Int(signedAt / 86_400_000))
        serviceStart = try row.decode(column: "service_start", as: String?.self).flatMap(CivilDate.init) ?? signedDay
        serviceEnd = try row.decode(column: "service_end", as: String?.self).flatMap(CivilDate.init) ?? serviceStart
        status = ContractStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active
        originalAmount = Money(amount) ?? Money(cents: 0)
        currentAmount = try row.decode(column: "current_amount", as: String?.self).flatMap(Money.init) ?? originalAmount
        briefingNotes = try row.decode(column: "briefing_notes", as: String?.self)
        briefedAt = try row.decode(column: "briefed_at", as: Int64?.self)
        briefingAcknowledgedAt = try row.decode(column: "briefing_acknowledged_at", as: Int64?.self)
        terminationKind = try row.decode(column: "termination_kind", as: String?.self)
        terminationReason = try row.decode(column: "termination_reason", as: String?.self)
        settlementAmount = try row.decode(column: "settlement_amount", as: String?.self).flatMap(Money.init)
        terminatedAt = try row.decode(column: "terminated_at", as: Int64?.self)
        scorecard = try row.decode(column: "scorecard", as: String?.self).flatMap {
            try? JSONDecoder().decode(Scorecard.self, from: Data($0.utf8))
        }
        installment = try row.decode(column: "installment_amount", as: String?.self).flatMap(Money.init)
        deductions = try row.decode(column: "deductions", as: String?.self).flatMap { text in
            (try? JSONDecoder().decode([String: Int64].self, from: Data(text.utf8))).map { raw in
                Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in Grade(rawValue: k).map { ($0, v) } })
            }
        }
        filing = try row.decode(column: "filed_at", as: Int64?.self).map { filed in
            Filing(
                reference: try row.decode(column: "filing_reference", as: String.self),
                authority: try row.decode(column: "filing_authority", as: String.self),
                filedAt: filed, late: try row.decode(column: "filing_late", as: Int64?.self) == 1)
        }
    }
}

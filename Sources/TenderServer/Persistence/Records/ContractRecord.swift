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

    struct Filing: Sendable {
        let reference: String
        let authority: String
        let filedAt: Int64
        let late: Bool
    }

    static let columns: SQLQueryString = """
        tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, filing_reference, filing_authority, filed_at, filing_due_at, filing_late
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
        filing = try row.decode(column: "filed_at", as: Int64?.self).map { filed in
            Filing(
                reference: try row.decode(column: "filing_reference", as: String.self),
                authority: try row.decode(column: "filing_authority", as: String.self),
                filedAt: filed, late: try row.decode(column: "filing_late", as: Int64?.self) == 1)
        }
    }
}

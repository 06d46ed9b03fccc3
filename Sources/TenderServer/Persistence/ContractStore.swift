import Foundation
import SQLKit
import TenderDomain

/// The contract aggregate as stored: `contracts` (signature and filing).
enum ContractStore {
    static func find(_ db: any SQLDatabase, tenderId: String) async throws -> ContractRecord? {
        try await db.raw("SELECT " + ContractRecord.columns + " FROM contracts WHERE tender_id = \(bind: tenderId)").first().map(
            ContractRecord.init(row:))
    }

    /// The signed contract, entered in the ledger as `active` with its service period.
    static func insert(
        _ tx: any SQLDatabase, id: String, tenderId: String, awardId: String, vendorId: String, signedAt: Int64, amount: Money,
        documentSha256: String, supervisorId: String?, serviceStart: CivilDate, serviceEnd: CivilDate,
        dueAt: Int64, late: Bool, by userId: String, at ms: Int64, filingDueAt: Int64
    ) async throws {
        try await tx.raw(
            """
            INSERT INTO contracts (tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, recorded_by, recorded_at,
            filing_due_at, id, vendor_id, service_start, service_end, status, current_amount)
            VALUES (\(bind: tenderId), \(bind: awardId), \(bind: signedAt), \(bind: amount.description), \(bind: documentSha256), \(bind: supervisorId),
            \(bind: dueAt), \(bind: Int64(late ? 1 : 0)), \(bind: userId), \(bind: ms), \(bind: filingDueAt), \(bind: id), \(bind: vendorId),
            \(bind: serviceStart.description), \(bind: serviceEnd.description), 'active', \(bind: amount.description))
            """
        ).run()
    }

    /// The filing due time of an unfiled contract; nil once filed.
    static func unfiledDueAt(_ tx: any SQLDatabase, tenderId: String) async throws -> Int64? {
        try await tx.raw("SELECT filing_due_at FROM contracts WHERE tender_id = \(bind: tenderId) AND filed_at IS NULL").first()?
            .decode(column: "filing_due_at", as: Int64.self)
    }

    static func file(_ tx: any SQLDatabase, tenderId: String, reference: String, authority: String, late: Bool, at ms: Int64) async throws {
        try await tx.raw(
            """
            UPDATE contracts SET filing_reference = \(bind: reference), filing_authority = \(bind: authority), filed_at = \(bind: ms),
            filing_late = \(bind: Int64(late ? 1 : 0)) WHERE tender_id = \(bind: tenderId)
            """
        ).run()
    }
}

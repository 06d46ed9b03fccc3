import Foundation
import SQLKit
import TenderDomain

/// Reads of the tender row that a state change decides on.
enum TenderStore {
    /// The tender as it is now, held until the caller's transaction ends: PostgreSQL takes the row
    /// lock (`FOR UPDATE`), so two state changes of one tender (award and cancel, say) run one after
    /// the other and the second sees what the first wrote. On SQLite the write transaction
    /// (`BEGIN IMMEDIATE` behind the process's write gate) already holds the whole database.
    /// Every state change re-checks its precondition on this record, never on one read before the
    /// transaction began.
    static func lock(_ tx: any SQLDatabase, id: String) async throws -> TenderRecord {
        let suffix: SQLQueryString = tx.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard let row = try await tx.raw("SELECT " + TenderRecord.columns + " FROM tenders WHERE id = \(bind: id)" + suffix).first() else {
            throw APIError.notFound("tender")
        }
        return try TenderRecord(row: row)
    }

    /// The invitations of a selective tender, in one statement.
    static func invite(_ tx: any SQLDatabase, tenderId: String, vendorIds: [String]) async throws {
        guard let first = vendorIds.first else { return }
        var q: SQLQueryString = "INSERT INTO tender_invitations (tender_id, vendor_id) VALUES (\(bind: tenderId), \(bind: first))"
        for v in vendorIds.dropFirst() { q = q + ", (\(bind: tenderId), \(bind: v))" }
        try await tx.raw(q).run()
    }
}

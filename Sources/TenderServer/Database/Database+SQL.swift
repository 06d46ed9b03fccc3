import FluentKit
import SQLKit

extension Database {
    /// Both drivers' databases are SQL databases; handlers write portable SQL through SQLKit.
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// Runs `body` in one database transaction (all or nothing).
func inTransaction<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
    try await db.transaction { tx in try await body(tx.sql) }
}

extension Error {
    var isUniqueViolation: Bool { (self as? any DatabaseError)?.isConstraintFailure ?? false }
}

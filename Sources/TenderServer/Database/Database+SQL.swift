import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit

extension Database {
    /// Both drivers' databases are SQL databases; handlers write portable SQL through SQLKit.
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// Runs `body` in one database transaction (all or nothing). On SQLite, write transactions of this
/// application take turns at its async gate (`gate`, one per application: parallel test apps on
/// different files do not wait for each other) (SQLite has one writer anyway; waiting here costs no thread,
/// while SQLite's busy wait blocks one of the few threads that run SQLite calls), then run as
/// `BEGIN IMMEDIATE`, so a transaction that reads before it writes cannot fail with
/// SQLITE_BUSY_SNAPSHOT when another connection commits in between.
func inTransaction<T: Sendable>(_ db: any Database, gate: SQLiteWriteGate, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T)
    async throws -> T
{
    guard db.sql.dialect.name == "sqlite" else {
        return try await db.transaction { tx in try await body(tx.sql) }
    }
    await gate.acquire()
    defer { Task { await gate.release() } }
    return try await db.withConnection { conn in
        conn.eventLoop.makeFutureWithTask {
            let sql = conn.sql
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }.get()
}

extension Error {
    /// A UNIQUE (or primary key) violation only: the signal that a concurrent writer got there
    /// first. A foreign-key, CHECK or NOT NULL failure is a different error and is not turned into
    /// a 409 such as `already_declared`.
    var isUniqueViolation: Bool {
        if let e = self as? PSQLError {
            // SQLSTATE 23505 unique_violation.
            return e.code == .server && e.serverInfo?[.sqlState] == "23505"
        }
        if let e = self as? SQLiteError {
            switch e.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return true
            // Without extended result codes SQLite says only "constraint"; its message names the kind.
            case .constraint: return e.message.contains("UNIQUE constraint failed")
            default: return false
            }
        }
        return false
    }
}

/// A FIFO async mutex for SQLite write transactions.
actor SQLiteWriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

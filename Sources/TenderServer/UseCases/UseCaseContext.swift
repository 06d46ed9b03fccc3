import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

/// What a use case works with: the database, the application's configuration and clock, and the
/// caller. No request: a use case runs the same from a route, a job or a test.
struct UseCaseContext: Sendable {
    let db: any Database
    let app: TenderContext
    let principal: Principal?
    let logger: Logger

    var sql: any SQLDatabase { db.sql }
    var now: Date { app.clock.now }
    var nowMillis: Int64 { Timestamp.milliseconds(app.clock.now) }
    /// The audit entry's actor: the caller's account, or "" when anonymous.
    var actor: String { principal?.userId ?? "" }

    /// All or nothing; see `inTransaction`.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await inTransaction(db, gate: app.writeGate, body)
    }

    /// The regime's deadline rules in the tender's time zone (nil for an unknown regime).
    func schedule(regime: String, timeZone: String) -> TenderSchedule? {
        app.schedule(regime: regime, timeZone: TimeZone(identifier: timeZone) ?? app.config.timeZone)
    }
}

extension Request {
    /// The context the use cases of this request run in.
    var useCase: UseCaseContext { UseCaseContext(db: db, app: tender, principal: principal, logger: logger) }
}

extension UseCaseContext {
    /// The tender's regime; 422 `unknown_regime` when it is no longer configured.
    func rules(for t: TenderRecord) throws -> RuleSet {
        guard let r = app.config.rules(for: t.regime) else {
            throw APIError.invalid("unknown_regime", "the tender's regime is not configured")
        }
        return r
    }

    /// The tender's regime and time zone, for its deadlines and obligations.
    func schedule(for t: TenderRecord) throws -> TenderSchedule {
        TenderSchedule(
            rules: try rules(for: t), calculator: app.calculator, timeZone: TimeZone(identifier: t.timeZone) ?? app.config.timeZone)
    }
}

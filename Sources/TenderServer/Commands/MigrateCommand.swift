import Foundation
import SQLKit
import TenderDomain
import Vapor

/// `tender-server migrate`: `configure` has already applied pending migrations; this reports them.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Applies pending SQL migrations from Migrations/ and lists what is applied." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let rows = try await context.application.sql.raw("SELECT version, checksum FROM schema_migrations ORDER BY version").all()
        for row in rows {
            context.console.print(
                "applied \(try row.decode(column: "version", as: String.self)) sha256:\(try row.decode(column: "checksum", as: String.self).prefix(12))"
            )
        }
        context.console.print("database is up to date (\(rows.count) migrations)")
    }
}

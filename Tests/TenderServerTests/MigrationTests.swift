import Foundation
import SQLKit
import Testing
import Vapor

@testable import TenderServer

@Suite struct MigrationTests {
    /// Only a UNIQUE or primary-key violation counts as "someone got there first" (409); a CHECK or
    /// NOT NULL failure is another error, on both databases.
    @Test func onlyUniqueViolations_areUniqueViolations() async throws {
        try await withTestApp { t in
            func failure(_ sql: SQLQueryString) async -> (any Error)? {
                do {
                    try await t.app.sql.raw(sql).run()
                    return nil
                } catch { return error }
            }
            let duplicate = await failure("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'x')")
            #expect(duplicate?.isUniqueViolation == true, "\(String(describing: duplicate))")
            let check = await failure("INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')")
            #expect(check != nil)
            #expect(check?.isUniqueViolation == false, "\(String(describing: check))")
            let notNull = await failure("INSERT INTO questions (id, tender_id, asked_by, text, asked_at) VALUES ('q', 't', 'u', NULL, 0)")
            #expect(notNull != nil)
            #expect(notNull?.isUniqueViolation == false, "\(String(describing: notNull))")
            // A foreign-key failure (where the database enforces them) is not one either.
            let foreignKey = await failure(
                "INSERT INTO questions (id, tender_id, asked_by, text, asked_at) VALUES ('q', 'no-tender', 'no-user', 'x', 0)")
            #expect(foreignKey?.isUniqueViolation != true, "\(String(describing: foreignKey))")
        }
    }

    @Test func splitter_keepsTriggerBodiesQuotesAndComments() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (x TEXT DEFAULT 'a;b');
            CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT RAISE(ABORT, 'no; never'); END;
            INSERT INTO a VALUES ('x')
            """
        let parts = SQLStatementSplitter.split(sql)
        #expect(parts.count == 3)
        #expect(parts[0] == "CREATE TABLE a (x TEXT DEFAULT 'a;b')")
        #expect(parts[1].hasPrefix("CREATE TRIGGER t") && parts[1].hasSuffix("END"))
        #expect(parts[2] == "INSERT INTO a VALUES ('x')")
    }

    @Test func dialectSpecificFiles_overrideThePortableOne() throws {
        let dir = NSTemporaryDirectory() + "mig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "SELECT 1;".write(toFile: dir + "/0001_a.sql", atomically: true, encoding: .utf8)
        try "SELECT 2;".write(toFile: dir + "/0002_b.sql", atomically: true, encoding: .utf8)
        try "SELECT 3;".write(toFile: dir + "/0002_b.postgres.sql", atomically: true, encoding: .utf8)
        let pg = try SQLMigrator(directory: dir, dialect: .postgres).load()
        let lite = try SQLMigrator(directory: dir, dialect: .sqlite).load()
        #expect(pg.map(\.file) == ["0001_a.sql", "0002_b.postgres.sql"])
        #expect(lite.map(\.file) == ["0001_a.sql", "0002_b.sql"])
        try "SELECT 4;".write(toFile: dir + "/bad.sql", atomically: true, encoding: .utf8)
        #expect(throws: SQLMigrator.Failure.self) { try SQLMigrator(directory: dir, dialect: .sqlite).load() }
    }

    /// Migrations are recorded with checksums; editing an applied one stops start-up with a clear message.
    @Test func changedAppliedMigration_stopsStartUp() async throws {
        let dir = NSTemporaryDirectory() + "mig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Migrations") {
            try FileManager.default.copyItem(atPath: repoRoot + "/Migrations/" + name, toPath: dir + "/" + name)
        }
        let dbFile = NSTemporaryDirectory() + "mig-" + UUID().uuidString + ".sqlite"
        let schema = TestApp.usesPostgres ? "t_mig_" + UUID().uuidString.prefix(8).lowercased() : nil
        var env = TestApp.environment(["TENDER_MIGRATIONS_DIR": dir], schema: schema, dataDir: NSTemporaryDirectory() + UUID().uuidString)
        if !TestApp.usesPostgres { env["TENDER_DATABASE_URL"] = "sqlite:" + dbFile }

        let first = try await Application.make(.testing)
        try await configure(first, try AppConfig.load(root: repoRoot, environment: env))
        let applied = try await first.sql.raw("SELECT version FROM schema_migrations ORDER BY version").all().map {
            try $0.decode(column: "version", as: String.self)
        }
        let files = try SQLMigrator(directory: dir, dialect: TestApp.usesPostgres ? .postgres : .sqlite).load().map(\.version)
        #expect(applied == files)
        #expect(Array(applied.prefix(2)) == ["0001_create_accounts", "0002_create_tenders"])
        try await first.asyncShutdown()

        // A second start with unchanged files applies nothing and succeeds.
        let second = try await Application.make(.testing)
        try await configure(second, try AppConfig.load(root: repoRoot, environment: env))
        try await second.asyncShutdown()

        let file = dir + "/0001_create_accounts.sql"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\n-- edited\n").write(toFile: file, atomically: true, encoding: .utf8)
        let third = try await Application.make(.testing)
        do {
            try await configure(third, try AppConfig.load(root: repoRoot, environment: env))
            Issue.record("start-up succeeded despite an edited migration")
        } catch let e as SQLMigrator.Failure {
            #expect(e.description.contains("0001_create_accounts.sql was changed after it was applied"))
        }
        if let schema { try? await third.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
        try await third.asyncShutdown()
    }

    /// 0011–0012 on a database that holds data: every account keeps its role (SQLite replaces the
    /// role column, PostgreSQL its constraint), every reference to users and every obligation
    /// survives, the new roles are accepted and unknown ones still refused.
    @Test func outsourcingMigrations_keepAccountsAndObligations() async throws {
        let dir = NSTemporaryDirectory() + "mig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let all = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Migrations").sorted()
        for name in all where name < "0011" {
            try FileManager.default.copyItem(atPath: repoRoot + "/Migrations/" + name, toPath: dir + "/" + name)
        }
        let dbFile = NSTemporaryDirectory() + "mig-" + UUID().uuidString + ".sqlite"
        let schema = TestApp.usesPostgres ? "t_mig_" + UUID().uuidString.prefix(8).lowercased() : nil
        var env = TestApp.environment(["TENDER_MIGRATIONS_DIR": dir], schema: schema, dataDir: NSTemporaryDirectory() + UUID().uuidString)
        if !TestApp.usesPostgres { env["TENDER_DATABASE_URL"] = "sqlite:" + dbFile }

        // Before: data written by the schema of 0010.
        let before = try await Application.make(.testing)
        try await configure(before, try AppConfig.load(root: repoRoot, environment: env))
        for (id, role) in [("u-admin", "admin"), ("u-officer", "procurement"), ("u-member", "evaluator"), ("u-vendor", "vendor")] {
            try await before.sql.raw(
                "INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (\(bind: id), \(bind: id + "@x.cn"), 'h', \(bind: role), 'N', 1)"
            ).run()
        }
        try await before.sql.raw("INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES ('t1', 'u-officer', 1, 2)").run()
        try await before.sql.raw(
            """
            INSERT INTO tenders (id, title, description, category, regime, method, budget_amount, currency, time_zone, submission_deadline,
            reveal_deadline, criteria, status, created_by, created_at, updated_at) VALUES ('t-1', 'T', 'D', 'services', 'bidding-law', 'open',
            '1.00', 'CNY', 'Asia/Shanghai', 5, 6, '[]', 'published', 'u-officer', 1, 1)
            """
        ).run()
        try await before.sql.raw(
            """
            INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at, met_at)
            VALUES ('o-1', 't-1', 'contract_filing', 't-1', 3, 4, 5)
            """
        ).run()
        try await before.asyncShutdown()

        // After: the two migrations applied to it.
        for name in all where name >= "0011" {
            try FileManager.default.copyItem(atPath: repoRoot + "/Migrations/" + name, toPath: dir + "/" + name)
        }
        let after = try await Application.make(.testing)
        try await configure(after, try AppConfig.load(root: repoRoot, environment: env))
        let db = after.sql
        let roles = try await db.raw("SELECT id, role FROM users ORDER BY id").all().map {
            "\(try $0.decode(column: "id", as: String.self))=\(try $0.decode(column: "role", as: String.self))"
        }
        #expect(roles == ["u-admin=admin", "u-member=evaluator", "u-officer=procurement", "u-vendor=vendor"])
        #expect(try await db.raw("SELECT user_id FROM tokens").first()?.decode(column: "user_id", as: String.self) == "u-officer")
        let o = try #require(try await db.raw("SELECT tender_id, kind, met_at, request_id FROM obligations").first())
        #expect(
            try o.decode(column: "tender_id", as: String?.self) == "t-1" && o.decode(column: "kind", as: String.self) == "contract_filing")
        #expect(try o.decode(column: "met_at", as: Int64?.self) == 5 && o.decode(column: "request_id", as: String?.self) == nil)
        try await db.raw(
            "INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES ('u-req', 'r@x.cn', 'h', 'requester', 'R', 1)"
        ).run()
        await #expect(throws: (any Error).self) {
            try await db.raw(
                "INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES ('u-x', 'x@x.cn', 'h', 'boss', 'X', 1)"
            )
            .run()
        }
        await #expect(throws: (any Error).self) {
            try await db.raw(
                "INSERT INTO obligations (id, kind, subject_id, starts_at, due_at) VALUES ('o-2', 'request_decision', 's', 1, 2)"
            )
            .run()
        }
        if !TestApp.usesPostgres {
            #expect(try await db.raw("PRAGMA foreign_key_check").all().isEmpty, "every reference still resolves")
        }
        if let schema { try? await db.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
        try await after.asyncShutdown()
    }
}

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
}

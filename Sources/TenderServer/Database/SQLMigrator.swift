import Crypto
import FluentKit
import Foundation
import SQLKit
import TenderDomain

public enum SQLDialectName: String, Sendable {
    case sqlite, postgres
}

/// Applies the plain SQL files of `Migrations/` in order, each recorded with its SHA-256 so that a
/// file edited after it was applied stops start-up instead of silently diverging.
/// `NNNN_name.sql` is portable; `NNNN_name.sqlite.sql` / `NNNN_name.postgres.sql` override it for
/// one dialect where the dialects truly differ.
public struct SQLMigrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: String
        public let file: String
        public let checksum: String
        public let sql: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let directory: String
    let dialect: SQLDialectName

    public init(directory: String, dialect: SQLDialectName) {
        self.directory = directory
        self.dialect = dialect
    }

    public func load() throws -> [Migration] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw Failure(description: "migrations folder '\(directory)' cannot be read")
        }
        var chosen: [String: (file: String, specific: Bool)] = [:]
        for name in names where name.hasSuffix(".sql") {
            var base = String(name.dropLast(4))
            var specific = false
            for d in [SQLDialectName.sqlite, .postgres] where base.hasSuffix(".\(d.rawValue)") {
                guard d == dialect else { base = ""; break }
                base = String(base.dropLast(d.rawValue.count + 1))
                specific = true
            }
            guard !base.isEmpty else { continue }
            guard base.prefix(4).allSatisfy(\.isNumber), base.dropFirst(4).first == "_" else {
                throw Failure(description: "migration file '\(name)' must be named NNNN_verb_object.sql")
            }
            if let existing = chosen[base], existing.specific { continue }
            if chosen[base] == nil || specific { chosen[base] = (name, specific) }
        }
        return try chosen.keys.sorted().map { version in
            let file = chosen[version]!.file
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8) else {
                throw Failure(description: "migration '\(file)' cannot be read")
            }
            let sum = Commitment.hex(SHA256.hash(data: data))
            return Migration(version: version, file: file, checksum: sum, sql: sql)
        }
    }

    /// Applies pending migrations in one transaction; returns the versions applied now.
    @discardableResult
    public func migrate(_ database: any Database, now: Int64) async throws -> [String] {
        let migrations = try load()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"
        ).run()
        return try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            if dialect == .postgres {
                // Several instances starting together: one migrates, the others wait and find nothing to do.
                try await sql.raw("SELECT pg_advisory_xact_lock(727274001)").run()
            }
            let rows = try await sql.raw("SELECT version, checksum FROM schema_migrations").all()
            var applied: [String: String] = [:]
            for row in rows {
                applied[try row.decode(column: "version", as: String.self)] = try row.decode(column: "checksum", as: String.self)
            }
            let known = Set(migrations.map(\.version))
            if let missing = applied.keys.sorted().first(where: { !known.contains($0) }) {
                throw Failure(description: "migration \(missing) was applied to this database but its file is missing from '\(directory)'")
            }
            var done: [String] = []
            for m in migrations {
                if let sum = applied[m.version] {
                    guard sum == m.checksum else {
                        throw Failure(
                            description: """
                                migration \(m.file) was changed after it was applied (recorded checksum \(sum), file now \(m.checksum)). \
                                Applied migrations are never edited: restore the file and add a new migration instead.
                                """)
                    }
                    continue
                }
                for statement in SQLStatementSplitter.split(m.sql) {
                    do {
                        try await sql.raw(SQLQueryString(statement)).run()
                    } catch {
                        throw Failure(description: "migration \(m.file) failed: \(String(reflecting: error))\nstatement: \(statement)")
                    }
                }
                try await sql.raw(
                    "INSERT INTO schema_migrations (version, checksum, applied_at) VALUES (\(bind: m.version), \(bind: m.checksum), \(bind: now))"
                ).run()
                done.append(m.version)
            }
            return done
        }
    }
}

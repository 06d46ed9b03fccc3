import Foundation
import VaporCSQLite

/// Online backup and restore of the SQLite database with SQLite's backup API
/// (`sqlite3_backup_*`, https://sqlite.org/backup.html), linked from the copy of SQLite that
/// sqlite-nio builds. The whole database is copied in one step, under one read transaction: the
/// copy is the database as of one commit, while the server goes on serving (WAL lets its writer
/// continue beside the reader). A receipt is sent only after its commit, so every receipt issued
/// before a backup began is in that backup.
///
/// The receipt signing key is part of what a restored server needs (receipts already issued verify
/// against it), so it is copied beside the backup as `FILE.receipt-key.pem` (mode 0600).
public enum SQLiteBackup {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// What a backup holds, read back from the copy.
    public struct Summary: Sendable, Equatable {
        public var auditLength: Int64
        public var auditHead: String
        public var bids: Int64
        public var bytes: Int64
    }

    public static func keyCopyPath(_ backup: String) -> String { backup + ".receipt-key.pem" }
    /// The origin key (red flag `shared_origin`) travels the same way: without it, origins written
    /// after a restore would not match those before.
    public static func originKeyCopyPath(_ backup: String) -> String { backup + ".origin-key" }

    /// Copies a key file (mode 0600), replacing `to`.
    static func copyKey(_ from: String, _ to: String) throws {
        let fm = FileManager.default
        let dir = (to as NSString).deletingLastPathComponent
        if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        try? fm.removeItem(atPath: to)
        try fm.copyItem(atPath: from, toPath: to)
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: to)
    }

    /// Copies the live database at `database` to `destination`, which must not exist yet. The copy
    /// is written beside it and renamed into place only once complete and checked.
    public static func backup(database: String, to destination: String, keyFile: String, originKeyFile: String? = nil) throws -> Summary {
        let fm = FileManager.default
        guard fm.fileExists(atPath: database) else { throw Failure("no database at \(database)") }
        guard !fm.fileExists(atPath: destination) else {
            throw Failure("\(destination) exists; a backup never overwrites a file (choose another name)")
        }
        let partial = destination + ".partial"
        try? fm.removeItem(atPath: partial)
        do {
            // A backup is one self-contained file: rollback-journal mode, no -wal beside it.
            try copy(from: database, to: partial, sourceFlags: SQLITE_OPEN_READWRITE, journalMode: "DELETE")
            let summary = try check(partial)
            if fm.fileExists(atPath: keyFile) { try copyKey(keyFile, keyCopyPath(destination)) }
            if let originKeyFile, fm.fileExists(atPath: originKeyFile) { try copyKey(originKeyFile, originKeyCopyPath(destination)) }
            guard rename(partial, destination) == 0 else { throw Failure("could not rename \(partial) to \(destination)") }
            return summary
        } catch {
            try? fm.removeItem(atPath: partial)
            throw error
        }
    }

    /// Restores `source` (a backup) as the database at `database`. Refuses when a database is
    /// there unless `force`; with `force` the pages are replaced in one write transaction of that
    /// database, so a reader never sees half of it (stop the server first all the same: its caches
    /// hold what they read for a few seconds).
    public static func restore(from source: String, database: String, keyFile: String, originKeyFile: String? = nil, force: Bool) throws
        -> Summary
    {
        let fm = FileManager.default
        guard fm.fileExists(atPath: source) else { throw Failure("no backup at \(source)") }
        let summary = try check(source)
        let exists = fm.fileExists(atPath: database)
        guard !exists || force else {
            throw Failure(
                "a database exists at \(database); restoring over it loses everything written since the backup: add --force to do so")
        }
        let dir = (database as NSString).deletingLastPathComponent
        if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        if !exists {
            // A write-ahead log without its database belongs to nothing restored here.
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: database + suffix) }
        }
        try copy(from: source, to: database, sourceFlags: SQLITE_OPEN_READONLY, journalMode: "WAL")
        let keyCopy = keyCopyPath(source)
        if fm.fileExists(atPath: keyCopy), force || !fm.fileExists(atPath: keyFile) { try copyKey(keyCopy, keyFile) }
        if let originKeyFile, fm.fileExists(atPath: originKeyCopyPath(source)), force || !fm.fileExists(atPath: originKeyFile) {
            try copyKey(originKeyCopyPath(source), originKeyFile)
        }
        return summary
    }

    /// The backup API, all pages in one step; then the copy's journal mode is set.
    static func copy(from source: String, to destination: String, sourceFlags: Int32, journalMode: String) throws {
        let src = try open(source, flags: sourceFlags)
        defer { sqlite_nio_sqlite3_close(src) }
        let dst = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite_nio_sqlite3_close(dst) }
        sqlite_nio_sqlite3_busy_timeout(dst, 10_000)
        sqlite_nio_sqlite3_busy_timeout(src, 10_000)
        guard let job = sqlite_nio_sqlite3_backup_init(dst, "main", src, "main") else {
            throw Failure("backup could not start: \(message(dst))")
        }
        let rc = sqlite_nio_sqlite3_backup_step(job, -1)
        let finish = sqlite_nio_sqlite3_backup_finish(job)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw Failure("backup failed (\(rc), \(finish)): \(message(dst))")
        }
        guard try scalar(dst, "PRAGMA journal_mode = \(journalMode)")?.uppercased() == journalMode else {
            throw Failure("could not set the journal mode of \(destination) to \(journalMode): \(message(dst))")
        }
    }

    /// `PRAGMA quick_check` and the figures that identify what was copied.
    static func check(_ path: String) throws -> Summary {
        let db = try open(path, flags: SQLITE_OPEN_READONLY)
        defer { sqlite_nio_sqlite3_close(db) }
        let ok = try scalar(db, "PRAGMA quick_check")
        guard ok == "ok" else { throw Failure("\(path) is damaged: \(ok ?? "no answer")") }
        guard let seq = try scalar(db, "SELECT seq FROM audit_head WHERE id = 1").flatMap({ Int64($0) }),
            let head = try scalar(db, "SELECT hash FROM audit_head WHERE id = 1")
        else { throw Failure("\(path) is not a tender-server database (no audit head)") }
        let bids = try scalar(db, "SELECT count(*) FROM bids").flatMap { Int64($0) } ?? 0
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        return Summary(auditLength: seq, auditHead: head, bids: bids, bytes: size)
    }

    private static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let rc = sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_FULLMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let text = handle.map(message) ?? "error \(rc)"
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw Failure("cannot open \(path): \(text)")
        }
        return handle
    }

    private static func scalar(_ db: OpaquePointer, _ sql: String) throws -> String? {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure("\(sql): \(message(db))")
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        let rc = sqlite_nio_sqlite3_step(statement)
        guard rc == SQLITE_ROW else {
            if rc == SQLITE_DONE { return nil }
            throw Failure("\(sql): \(message(db))")
        }
        return sqlite_nio_sqlite3_column_text(statement, 0).map { String(cString: $0) }
    }

    private static func message(_ db: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
    }
}

/// `tender-server backup --to FILE` and `tender-server restore --from FILE [--force]`, run before
/// the application is configured: a restore must not find a database the server just created.
public enum BackupCommandLine {
    /// Answers nil when `arguments` are not a backup or restore command; else the exit status.
    public static func run(_ arguments: [String], config: AppConfig, print: (String) -> Void) -> Int32? {
        guard arguments.count >= 2, ["backup", "restore"].contains(arguments[1]) else { return nil }
        let command = arguments[1]
        var options: [String: String] = [:]
        var force = false
        var i = 2
        while i < arguments.count {
            let a = arguments[i]
            if a == "--force" {
                force = true
            } else if ["--to", "--from"].contains(a), i + 1 < arguments.count {
                options[a] = arguments[i + 1]
                i += 1
            } else {
                print("tender-server \(command): unexpected '\(a)'; usage: tender-server backup --to FILE | restore --from FILE [--force]")
                return 2
            }
            i += 1
        }
        guard case .sqliteFile(let database) = config.database else {
            print(
                "tender-server \(command): the database is not a SQLite file; for PostgreSQL use pg_dump -Fc and pg_restore (README: Backups)"
            )
            return 2
        }
        do {
            let summary: SQLiteBackup.Summary
            if command == "backup" {
                guard let to = options["--to"], options["--from"] == nil, !force else {
                    print("usage: tender-server backup --to FILE")
                    return 2
                }
                summary = try SQLiteBackup.backup(
                    database: database, to: to, keyFile: config.receiptKeyFile, originKeyFile: config.originKeyFile)
                print(
                    "backup written to \(to): \(summary.bytes) bytes, \(summary.bids) bids, audit length \(summary.auditLength) head \(summary.auditHead)"
                )
            } else {
                guard let from = options["--from"], options["--to"] == nil else {
                    print("usage: tender-server restore --from FILE [--force]")
                    return 2
                }
                summary = try SQLiteBackup.restore(
                    from: from, database: database, keyFile: config.receiptKeyFile, originKeyFile: config.originKeyFile, force: force)
                print(
                    "restored \(from) to \(database): \(summary.bids) bids, audit length \(summary.auditLength) head \(summary.auditHead)")
            }
            return 0
        } catch {
            print("tender-server \(command): \(error)")
            return 1
        }
    }
}

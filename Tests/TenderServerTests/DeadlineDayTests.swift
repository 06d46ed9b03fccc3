import Foundation
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

@testable import TenderServer

/// Per-address login throttling behind a trusted proxy, and the SQLite backup and restore.
@Suite struct DeadlineDayTests {
    /// Sends logins from a real socket (peer 127.0.0.1), naming the client in X-Forwarded-For.
    private func login(
        _ live: any TestingApplicationTester, from address: String?, email: String = adminEmail, password: String
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json")
        if let address { headers.add(name: .xForwardedFor, value: address) }
        let body = ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#)
        return try await live.sendRequest(.POST, "/api/v1/auth/login", headers: headers, body: body)
    }

    private func running(_ t: TestApp) throws -> any TestingApplicationTester {
        try t.app.testing(method: .running(hostname: "127.0.0.1", port: TestPorts.next()))
    }

    /// Behind a trusted proxy the failures count per forwarded client: the third address-failure
    /// answers 429 with Retry-After for that client only, whichever account it tries, and even with
    /// the right password; another client is unaffected; the window's end lets the first in again.
    @Test func loginFailures_areThrottledPerForwardedAddress() async throws {
        let env = TestApp.withAdmin([
            "TENDER_TRUSTED_PROXIES": "127.0.0.1", "TENDER_LOGIN_ADDRESS_MAX_FAILURES": "3", "TENDER_LOGIN_ADDRESS_WINDOW": "60s",
        ])
        try await withTestApp(env) { t in
            let live = try running(t)
            // Different accounts, so that the per-account lockout (5) never decides here.
            for (i, email) in ["a@example.com", "b@example.com", "c@example.com"].enumerated() {
                #expect(try await login(live, from: "198.51.100.7", email: email, password: "wrong-\(i)-xxxxxx").status == .unauthorized)
            }
            let blocked = try await login(live, from: "198.51.100.7", password: adminPassword)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("too_many_attempts_from_address"))
            #expect(blocked.headers.first(name: .retryAfter) == "60")
            // What a client writes left of the proxy's entry is not believed.
            #expect(try await login(live, from: "203.0.113.9, 198.51.100.7", password: adminPassword).status == .tooManyRequests)
            // Another client behind the same proxy logs in.
            #expect(try await login(live, from: "198.51.100.8", password: adminPassword).status == .ok)
            t.clock.advance(by: 45)
            #expect(try await login(live, from: "198.51.100.7", password: adminPassword).headers.first(name: .retryAfter) == "15")
            t.clock.advance(by: 16)
            #expect(try await login(live, from: "198.51.100.7", password: adminPassword).status == .ok)
        }
    }

    /// Without TENDER_TRUSTED_PROXIES the header is ignored: the failures count for the socket's
    /// peer, so changing the header does not escape the limit.
    @Test func forwardedHeader_isIgnored_fromAnUntrustedPeer() async throws {
        try await withTestApp(TestApp.withAdmin(["TENDER_LOGIN_ADDRESS_MAX_FAILURES": "2"])) { t in
            let live = try running(t)
            #expect(try await login(live, from: "198.51.100.1", password: "wrong-1-xxxxxx").status == .unauthorized)
            #expect(try await login(live, from: "198.51.100.2", password: "wrong-2-xxxxxx").status == .unauthorized)
            let third = try await login(live, from: "198.51.100.3", password: adminPassword)
            #expect(third.status == .tooManyRequests)
            #expect(third.body.string.contains("too_many_attempts_from_address"))
        }
    }

    @Test(arguments: ["10.0.0.0/33", "proxy.example", "127.0.0.1,,nonsense"])
    func invalidTrustedProxies_stopStartUp(_ value: String) throws {
        let env = TestApp.environment(["TENDER_TRUSTED_PROXIES": value], schema: nil, dataDir: NSTemporaryDirectory())
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(root: repoRoot, environment: env) }
    }

    /// A backup taken while the server writes holds everything committed before it, restores into
    /// a new folder with the receipt key, and refuses to overwrite a database without --force.
    @Test func backup_whileServing_restoresWithTheSameAuditHead() async throws {
        let dir = NSTemporaryDirectory() + "tender-backup-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = dir + "/data/tenders.sqlite"
        try await withTestApp(TestApp.withAdmin(["TENDER_DATABASE_URL": "sqlite:" + database, "TENDER_DATA_DIR": dir + "/data"])) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            let vendor = try await t.vendor()
            let bid = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": String(repeating: "ab", count: 32)], token: vendor.token)
            #expect(bid.status == .created)
            let head = try await t.request(.GET, "/api/v1/audit/head")
            let config = t.app.tender.config

            let backup = dir + "/backup.sqlite"
            let summary = try SQLiteBackup.backup(
                database: database, to: backup, keyFile: config.receiptKeyFile, originKeyFile: config.originKeyFile)
            #expect(summary.bids == 1)
            #expect(summary.auditHead == head.string("head"))
            #expect(summary.auditLength == head.json["length"] as? Int64 ?? Int64(head.json["length"] as? Int ?? -1))
            #expect(FileManager.default.fileExists(atPath: SQLiteBackup.keyCopyPath(backup)))
            #expect(FileManager.default.fileExists(atPath: SQLiteBackup.originKeyCopyPath(backup)))
            // A backup never overwrites a file.
            #expect(throws: SQLiteBackup.Failure.self) {
                try SQLiteBackup.backup(database: database, to: backup, keyFile: config.receiptKeyFile)
            }

            // Written after the backup: not in it.
            _ = try await t.request(
                .POST, "/api/v1/tenders/\(tender)/bids", json: ["commitment": String(repeating: "cd", count: 32)],
                token: try await t.vendor("Second").token)
            #expect(throws: SQLiteBackup.Failure.self) {
                try SQLiteBackup.restore(from: backup, database: database, keyFile: config.receiptKeyFile, force: false)
            }

            let restored = dir + "/restored/tenders.sqlite"
            let key = dir + "/restored/receipt-key.pem"
            let originKey = dir + "/restored/origin-key"
            let back = try SQLiteBackup.restore(from: backup, database: restored, keyFile: key, originKeyFile: originKey, force: false)
            #expect(back == summary)
            #expect(FileManager.default.contents(atPath: key) == FileManager.default.contents(atPath: config.receiptKeyFile))
            #expect(FileManager.default.contents(atPath: originKey) == FileManager.default.contents(atPath: config.originKeyFile))
            #expect(throws: SQLiteBackup.Failure.self) {
                try SQLiteBackup.restore(from: backup, database: restored, keyFile: key, force: false)
            }
            #expect(try SQLiteBackup.restore(from: backup, database: restored, keyFile: key, force: true) == summary)

            // A file that is not a tender database is refused.
            let bogus = dir + "/bogus.sqlite"
            FileManager.default.createFile(atPath: bogus, contents: Data("not a database".utf8))
            #expect(throws: SQLiteBackup.Failure.self) {
                try SQLiteBackup.restore(from: bogus, database: dir + "/other/tenders.sqlite", keyFile: key, force: false)
            }
        }
    }

    @Test func backupCommand_refusesPostgresAndBadArguments() throws {
        var lines: [String] = []
        let env = TestApp.environment(
            ["TENDER_DATABASE_URL": "postgres://x@127.0.0.1:1/none"], schema: nil, dataDir: NSTemporaryDirectory())
        let pg = try AppConfig.load(root: repoRoot, environment: env)
        #expect(BackupCommandLine.run(["tender-server", "backup", "--to", "/tmp/x"], config: pg) { lines.append($0) } == 2)
        #expect(lines.last?.contains("pg_dump") == true)
        #expect(BackupCommandLine.run(["tender-server", "serve"], config: pg) { lines.append($0) } == nil)
        let sqlite = try AppConfig.load(
            root: repoRoot,
            environment: TestApp.environment(["TENDER_DATABASE_URL": "sqlite:/tmp/none.sqlite"], schema: nil, dataDir: "/tmp"))
        #expect(BackupCommandLine.run(["tender-server", "backup", "--from", "/tmp/x"], config: sqlite) { lines.append($0) } == 2)
        #expect(BackupCommandLine.run(["tender-server", "restore", "--bogus"], config: sqlite) { lines.append($0) } == 2)
    }

    /// Several batches in flight (as on PostgreSQL): every submission of ten vendors, five each, sent
    /// at once, is stored; each vendor keeps exactly one counted bid; of two vendors sending the
    /// same value at once, one is stored and the other refused as a duplicate.
    @Test func concurrentBatches_storeEverySubmission_oneActiveBidPerVendor() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            var vendors: [String] = []
            for i in 0..<10 { vendors.append(try await t.vendor("Batch \(i)").id) }
            let writer = BidWriter(db: t.app.db, clock: t.app.tender.clock, concurrentBatches: 4)
            // Five jobs per vendor, every value distinct.
            let unique = vendors.flatMap { v in (0..<5).map { _ in v } }.enumerated().map { i, v in
                BidWriter.Job(tenderId: tender, vendorId: v, commitment: String(format: "%064x", i + 1))
            }
            let outcomes = try await withThrowingTaskGroup(of: BidWriter.Outcome.self) { group in
                for job in unique { group.addTask { try await writer.submit(job) } }
                var all: [BidWriter.Outcome] = []
                for try await o in group { all.append(o) }
                return all
            }
            let stored = outcomes.filter { if case .stored = $0 { return true } else { return false } }
            #expect(stored.count == 50)
            let rows = try await t.app.sql.raw(
                "SELECT vendor_id, count(*) AS n FROM bids WHERE tender_id = \(bind: tender) AND active_vendor IS NOT NULL GROUP BY vendor_id"
            ).all()
            #expect(rows.count == 10)
            #expect(try rows.allSatisfy { try $0.decode(column: "n", as: Int.self) == 1 })
            #expect(
                try await t.app.sql.raw("SELECT count(*) AS n FROM bids WHERE tender_id = \(bind: tender)").first()?.decode(
                    column: "n", as: Int.self) == 50)

            let same = String(repeating: "e", count: 64)
            let race = try await withThrowingTaskGroup(of: BidWriter.Outcome.self) { group in
                for v in vendors.prefix(2) {
                    group.addTask { try await writer.submit(.init(tenderId: tender, vendorId: v, commitment: same)) }
                }
                var all: [BidWriter.Outcome] = []
                for try await o in group { all.append(o) }
                return all
            }
            let codes = race.map { outcome -> String in
                switch outcome {
                case .stored: return "stored"
                case .rejected(let code, _, _): return code
                }
            }
            #expect(codes.sorted() == ["duplicate_commitment", "stored"])
        }
    }

    /// The new settings refuse what they cannot mean, naming the variable.
    @Test(arguments: [
        ("TENDER_BCRYPT_THREADS", "0"), ("TENDER_BCRYPT_THREADS", "many"), ("TENDER_POSTGRES_WRITE_BATCHES", "0"),
        ("TENDER_POSTGRES_WRITE_BATCHES", "65"), ("TENDER_LOGIN_ADDRESS_MAX_FAILURES", "-1"), ("TENDER_LOGIN_ADDRESS_WINDOW", "0s"),
        ("TENDER_LOGIN_ADDRESS_WINDOW", "2d"),
    ])
    func invalidDeadlineDaySettings_stopStartUp(_ name: String, _ value: String) throws {
        let env = TestApp.environment([name: value], schema: nil, dataDir: NSTemporaryDirectory())
        #expect {
            try AppConfig.load(root: repoRoot, environment: env)
        } throws: { error in
            "\(error)".contains(name) || "\(error)".lowercased().contains("login address window")
        }
    }

    /// bcrypt has threads of its own, apart from the pool SQLite's connections run on.
    @Test func passwords_useTheirOwnPool() async throws {
        try await withTestApp(["TENDER_BCRYPT_THREADS": "1"]) { t in
            #expect(t.app.tender.config.bcryptThreads == 1)
            #expect(t.app.tender.passwordPool !== t.app.threadPool)
            let hash = try await Passwords.hash("a-password-1", app: t.app)
            #expect(try await Passwords.verify("a-password-1", hash: hash, app: t.app))
        }
    }

    /// The sweeper runs in a serving instance only: `audit verify`, `migrate` and `users` must not
    /// write overdue or close entries while they check or administer a database.
    @Test(arguments: [
        (["tender-server"], true), (["tender-server", "serve"], true), (["tender-server", "--env", "production"], true),
        (["tender-server", "audit", "verify"], false), (["tender-server", "migrate"], false),
        (["tender-server", "users", "create"], false),
    ])
    func sweeper_startsOnlyWhenServing(_ arguments: [String], _ serving: Bool) {
        #expect(isServeCommand(arguments) == serving)
    }
}

import Foundation
import NIOCore
import SQLKit
import Synchronization
import TenderDomain
import Testing
import Vapor
import VaporTesting

@testable import TenderServer

/// The repository root, for Config/, Migrations/ and Static/.
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A JSON response as tests read it.
struct JSONResponse {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    subscript(_ key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
}

/// One application on its own database: in-memory SQLite, or a fresh schema of the PostgreSQL
/// server named by TEST_DATABASE_URL. The clock starts at a fixed instant and is moved by tests.
final class TestApp: Sendable {
    let app: Application
    let clock: AppClock
    let schema: String?

    static var usesPostgres: Bool { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]?.hasPrefix("postgres") == true }

    /// Fixed start: Monday 2026-03-02 10:00 Asia/Shanghai (02:00Z), an ordinary working week.
    static let start = Timestamp.parse("2026-03-02T02:00:00Z")!

    static func environment(_ extra: [String: String], schema: String?, dataDir: String) -> [String: String] {
        var env: [String: String] = [
            "TENDER_BCRYPT_COST": "4",
            "TENDER_SWEEP_INTERVAL": "0",
            "TENDER_DATA_DIR": dataDir,
            "TENDER_DATABASE_URL": "sqlite::memory:",
            // Tests move the clock by weeks; tokens outlive that unless a test sets a lifetime.
            "TENDER_TOKEN_LIFETIME": "100000h",
            // Many apps run in parallel against one PostgreSQL server: keep each pool small.
            "TENDER_DATABASE_POOL": "2",
        ]
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], url.hasPrefix("postgres"), let schema {
            env["TENDER_DATABASE_URL"] = url
            env["TENDER_DATABASE_SCHEMA"] = schema
        }
        for (k, v) in extra { env[k] = v }
        return env
    }

    static func make(_ extra: [String: String] = [:], clockAt: Date = TestApp.start) async throws -> TestApp {
        let schema = usesPostgres ? "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") : nil
        let dataDir = NSTemporaryDirectory() + "tender-test-" + UUID().uuidString
        let config = try AppConfig.load(root: repoRoot, environment: environment(extra, schema: schema, dataDir: dataDir))
        let app = try await Application.make(.testing)
        // Server logs at warning level unless asked for (TEST_LOG_LEVEL=info|debug|trace).
        app.logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let clock = AppClock()
        clock.set(clockAt)
        do {
            try await configure(app, config, clock: clock)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return TestApp(app: app, clock: clock, schema: schema)
    }

    private init(app: Application, clock: AppClock, schema: String?) {
        self.app = app
        self.clock = clock
        self.schema = schema
    }

    func shutdown() async {
        if let schema {
            try? await app.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        }
        try? await app.asyncShutdown()
    }

    /// Sends a request; `json` is encoded as the body (or `raw` bytes are sent as they are).
    @discardableResult
    func request(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, raw: String? = nil, token: String? = nil,
        headers extra: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONResponse {
        var headers = HTTPHeaders()
        var body: ByteBuffer?
        if let json {
            headers.add(name: .contentType, value: "application/json")
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            headers.add(name: .contentType, value: "application/json")
            body = ByteBuffer(string: raw)
        }
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        for (k, v) in extra { headers.replaceOrAdd(name: k, value: v) }
        let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        let r = JSONResponse(status: res.status, headers: res.headers, body: res.body.string)
        #expect(r.status.code < 500, "server error \(r.status) for \(method) \(path): \(r.body)", sourceLocation: sourceLocation)
        return r
    }
}

/// Runs `body` with a fresh app and always shuts it down.
func withTestApp(_ extra: [String: String] = [:], _ body: (TestApp) async throws -> Void) async throws {
    let t = try await TestApp.make(extra)
    do {
        try await body(t)
    } catch {
        await t.shutdown()
        throw error
    }
    await t.shutdown()
}

/// Ports for test servers: below the kernel's ephemeral range (32768–60999 on Linux), where the
/// outgoing connections of the suites (the PostgreSQL pool, HTTP clients) take theirs, and never
/// the same twice in one run, so parallel suites do not collide.
enum TestPorts {
    private static let counter = Mutex<Int>(Int.random(in: 10_000...25_000))

    static func next() -> Int {
        counter.withLock { n in
            n += 1
            return n
        }
    }
}

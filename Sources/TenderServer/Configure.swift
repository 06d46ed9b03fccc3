import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import SQLKit
import TenderDomain
import Vapor

/// Assembles the application: database, migrations, middleware, routes and commands.
/// Tests call this same function with their own configuration and clock.
public func configure(_ app: Application, _ config: AppConfig, clock: AppClock = AppClock()) async throws {
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = ByteCount(value: config.bodyLimitBytes)

    let dialect: SQLDialectName
    switch config.database {
    case .sqliteFile(let path):
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        dialect = .sqlite
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
        dialect = .sqlite
    case .postgres(let url, let searchPath):
        var pg = try SQLPostgresConfiguration(url: url)
        pg.searchPath = searchPath
        app.databases.use(
            .postgres(configuration: pg, maxConnectionsPerEventLoop: config.postgresPoolSize, connectionPoolTimeout: .seconds(10)),
            as: .psql)
        dialect = .postgres
    }
    try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)

    if dialect == .sqlite { try await prepareSQLite(app, file: config.database != .sqliteMemory) }
    if case .postgres(_, let searchPath?) = config.database, let schema = searchPath.first {
        // A dedicated schema (TENDER_DATABASE_SCHEMA; the tests use one per test) is created on first use.
        try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }

    let passwordPool = NIOThreadPool(numberOfThreads: config.bcryptThreads)
    passwordPool.start()
    app.lifecycle.use(PasswordPoolShutdown(pool: passwordPool))
    let dummy = try await passwordPool.runIfActive { try Bcrypt.hash(UUID().uuidString, cost: config.bcryptCost) }
    app.tender = TenderContext(
        config: config, clock: clock, dialect: dialect,
        calculator: DeadlineCalculator(calendar: config.calendar), dummyPasswordHash: dummy,
        signer: try ReceiptSigner.loadOrCreate(path: config.receiptKeyFile),
        origins: try OriginHasher.loadOrCreate(path: config.originKeyFile),
        bidWriter: BidWriter(db: app.db, clock: clock, concurrentBatches: dialect == .postgres ? config.postgresWriteBatches : 1),
        principalCache: PrincipalCache(lifetime: config.tokenCache), passwordPool: passwordPool)

    let applied = try await SQLMigrator(directory: config.migrationsDir, dialect: dialect).migrate(app.db, now: app.tender.nowMillis)
    if !applied.isEmpty { app.logger.info("applied migrations: \(applied.joined(separator: ", "))") }
    try await CreateAccount.bootstrapAdmin(app)

    // Outermost first. The security headers wrap the error middleware, so that error responses
    // (401, 404, 422…) carry them too; the URL guard runs inside it, so its refusal is JSON.
    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(APIErrorMiddleware())
    app.middleware.use(URLGuardMiddleware())
    ContentConfiguration.global.use(decoder: GuardedJSONDecoder(), for: .json)
    // Vapor's own request metrics count responses per route, which would count bid submissions
    // before the deadline; `HTTPMetrics` records requests without the bid routes instead.
    app.http.server.configuration.reportMetrics = false

    try routes(app)
    StaticFiles(files: FileMiddleware(publicDirectory: config.staticDir + "/", defaultFile: "index.html")).register(app)
    Metrics.bootstrapOnce()

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    // The sweeper belongs to a serving instance, not to `audit verify`, `migrate` or `users`.
    if config.sweepInterval > 0, isServeCommand(app.environment.arguments) {
        app.lifecycle.use(Sweeper.Lifecycle(interval: config.sweepInterval))
    }
}

/// Whether the command line runs the server: no command, `serve`, or only options (Vapor's default).
func isServeCommand(_ arguments: [String]) -> Bool {
    guard let command = arguments.dropFirst().first else { return true }
    return command == "serve" || command.hasPrefix("-")
}

/// Stops the bcrypt threads with the application.
private struct PasswordPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool
    func shutdownAsync(_ app: Application) async {
        try? await pool.shutdownGracefully()
    }
}

/// WAL lets readers run beside the writer; foreign keys are on (sqlite-kit's default); every pooled
/// connection waits up to 5 s on a locked database instead of failing at once.
private func prepareSQLite(_ app: Application, file: Bool) async throws {
    if file {
        _ = try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").all()
    }
    for loop in app.eventLoopGroup.makeIterator() {
        let db = app.databases.database(.sqlite, logger: app.logger, on: loop)! as! any SQLDatabase
        _ = try await db.raw("PRAGMA busy_timeout = 5000").all()
        _ = try await db.raw("PRAGMA foreign_keys = ON").all()
        // A receipt promises durability: every commit is fsynced (WAL + FULL).
        _ = try await db.raw("PRAGMA synchronous = FULL").all()
        // The batch INSERT … SELECT reads the table it writes, so SQLite stages its rows in a temp
        // table: keep that in memory, and keep the hot indexes cached (64 MiB per connection).
        _ = try await db.raw("PRAGMA temp_store = MEMORY").all()
        _ = try await db.raw("PRAGMA cache_size = -65536").all()
    }
}

import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

/// What every handler needs besides the request: configuration, the clock and derived helpers.
/// A class: handlers reach it several times per request, and copying a struct holding the whole
/// configuration would cost a retain per field each time.
public final class TenderContext: Sendable {
    public let config: AppConfig
    public let clock: AppClock
    public let dialect: SQLDialectName
    public let calculator: DeadlineCalculator
    /// A bcrypt hash of a random password, verified against for unknown e-mails so that a login
    /// for an unknown account costs the same time as one for a known account.
    let dummyPasswordHash: String
    public let signer: ReceiptSigner
    /// Keyed hashes of client addresses (`shared_origin`).
    public let origins: OriginHasher
    let bidWriter: BidWriter
    let tenderCache = TenderCache()
    let principalCache: PrincipalCache
    /// CPU-bound work runs here (bcrypt, the red flags across tenders), never on an event loop nor
    /// on the pool SQLite's connections run on (`app.threadPool`): with fewer threads than cores, a
    /// burst of logins leaves a core to bid commitments.
    let passwordPool: NIOThreadPool
    /// SQLite write transactions of this application take turns here (see `inTransaction`).
    let writeGate = SQLiteWriteGate()

    init(
        config: AppConfig, clock: AppClock, dialect: SQLDialectName, calculator: DeadlineCalculator, dummyPasswordHash: String,
        signer: ReceiptSigner, origins: OriginHasher, bidWriter: BidWriter, principalCache: PrincipalCache, passwordPool: NIOThreadPool
    ) {
        self.origins = origins
        self.passwordPool = passwordPool
        self.config = config
        self.clock = clock
        self.dialect = dialect
        self.calculator = calculator
        self.dummyPasswordHash = dummyPasswordHash
        self.signer = signer
        self.bidWriter = bidWriter
        self.principalCache = principalCache
    }

    func schedule(regime: String, timeZone: TimeZone) -> TenderSchedule? {
        config.rules(for: regime).map { TenderSchedule(rules: $0, calculator: calculator, timeZone: timeZone) }
    }

    var nowMillis: Int64 { Timestamp.milliseconds(clock.now) }
}

struct TenderContextKey: StorageKey {
    typealias Value = TenderContext
}

extension Application {
    public var tender: TenderContext {
        get {
            guard let c = storage[TenderContextKey.self] else { fatalError("configure(app, config) was not called") }
            return c
        }
        set { storage[TenderContextKey.self] = newValue }
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }
}

extension Request {
    var tender: TenderContext { application.tender }
    var sql: any SQLDatabase { db as! any SQLDatabase }
}

/// New ids: lowercase UUID strings, as the API returns them.
func newID() -> String { UUID().uuidString.lowercased() }

/// Parses a path id; a malformed id is as unknown as a missing one (404).
func pathID(_ req: Request, _ name: String, _ what: String) throws -> String {
    guard let raw = req.parameters.get(name), let uuid = UUID(uuidString: raw) else { throw APIError.notFound(what) }
    return uuid.uuidString.lowercased()
}

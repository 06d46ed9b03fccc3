import Foundation
import TenderDomain

/// Everything the server reads at start-up: `Config/defaults.json`, `Config/regimes.json` and the
/// holiday calendar, with the environment overrides of docs/DESIGN.md §3 applied on top.
public struct AppConfig: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(url: String, searchPath: [String]?)
    }

    public var host: String
    /// PostgreSQL connections per event loop (TENDER_DATABASE_POOL).
    public var postgresPoolSize: Int
    public var port: Int
    public var database: DatabaseLocation
    public var dataDir: String
    public var receiptKeyFile: String
    public var bodyLimitBytes: Int
    public var timeZone: TimeZone
    public var defaultRegime: String
    public var regimes: [String: RuleSet]
    public var calendar: WorkingDayCalendar
    /// `Config/outsourcing.json` (TENDER_OUTSOURCING_FILE): business types, modes, grades, periods.
    public var outsourcing: OutsourcingPolicy
    public var tokenLifetime: TimeInterval
    /// How long a resolved token may be reused without a database read (TENDER_TOKEN_CACHE; 0 = off).
    public var tokenCache: TimeInterval
    /// Seconds between sweeps for overdue obligations and closes (TENDER_SWEEP_INTERVAL; 0 = off).
    public var sweepInterval: TimeInterval
    public var bcryptCost: Int
    public var loginMaxFailures: Int
    public var loginLockout: TimeInterval
    public var loginMaxLockout: TimeInterval
    public var ocidPrefix: String
    /// The server's public base URL (TENDER_PUBLIC_URL), e.g. `https://tenders.example.gov.cn`, used
    /// in published documents (OCDS `uri`); without it the listen address (`publishedBaseURL`).
    public var publicURL: String?
    /// The scrape credential of `/metrics` (TENDER_METRICS_TOKEN, sent as `Authorization: Bearer …`);
    /// without it `/metrics` answers loopback peers only.
    public var metricsToken: String? = nil
    /// Proxies whose `X-Forwarded-For` is believed (TENDER_TRUSTED_PROXIES: addresses or CIDR
    /// networks, comma-separated); empty: the socket's peer is the client.
    public var clientAddress = ClientAddressRule(trustedProxies: [])
    /// Failed logins per client address per window before 429 (login.addressMaxFailures /
    /// TENDER_LOGIN_ADDRESS_MAX_FAILURES, default 20 per 15 min; 0 = off).
    public var addressThrottle = AddressThrottle(maxFailures: 20, windowMillis: 15 * 60_000)
    /// Threads that run bcrypt (TENDER_BCRYPT_THREADS; default one less than the cores, at least 1),
    /// apart from the pool SQLite runs on, so a burst of logins cannot starve bid commitments.
    public var bcryptThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    /// Commitment batches written at once on PostgreSQL (TENDER_POSTGRES_WRITE_BATCHES, default 4).
    public var postgresWriteBatches = 4
    /// The key of the client-origin hashes (docs/DESIGN.md §14): `TENDER_ORIGIN_KEY_FILE`, else
    /// `origin-key` in the data folder. Instances behind one load balancer share it.
    public var originKeyFile = ""

    /// The address published documents name: `TENDER_PUBLIC_URL` when set, else the configured
    /// listen address (`http://TENDER_HOST:TENDER_PORT`, with 0.0.0.0 shown as 127.0.0.1).
    public var publishedBaseURL: String {
        if let publicURL { return publicURL }
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)"
    }
    /// Optimistic finalization attempts before computing under the tender's exclusive lock
    /// (TENDER_FINALIZE_ATTEMPTS, default 3; 0 = always under the lock).
    public var finalizeAttempts: Int
    public var configDir: String
    public var migrationsDir: String
    public var staticDir: String
    public var adminEmail: String?
    public var adminPassword: String?

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// Loads from `root` (the folder holding `Config/`, `Migrations/` and `Static/`) and `environment`.
    public static func load(root: String = ".", environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig
    {
        let configDir = env["TENDER_CONFIG_DIR"] ?? (root as NSString).appendingPathComponent("Config")
        let defaults = try readJSON((configDir as NSString).appendingPathComponent("defaults.json"))
        let regimesJSON = try readJSON((configDir as NSString).appendingPathComponent("regimes.json"))

        func str(_ key: String) -> String? { defaults[key] as? String }
        let dataDir = env["TENDER_DATA_DIR"] ?? str("dataDir") ?? "data"
        let dbText: String
        if let url = env["TENDER_DATABASE_URL"], !url.isEmpty {
            dbText = url
        } else if env["TENDER_DATA_DIR"] != nil {
            dbText = "sqlite:" + (dataDir as NSString).appendingPathComponent("tenders.sqlite")
        } else {
            dbText = str("database") ?? "sqlite:data/tenders.sqlite"
        }
        var database = try parseDatabase(dbText)
        if case .postgres(let url, _) = database, let schema = env["TENDER_DATABASE_SCHEMA"], !schema.isEmpty {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw Invalid("TENDER_DATABASE_SCHEMA '\(schema)' may contain only letters, digits and _")
            }
            database = .postgres(url: url, searchPath: [schema])
        }

        let host = env["TENDER_HOST"] ?? str("host") ?? "127.0.0.1"
        let portText = env["TENDER_PORT"] ?? (defaults["port"] as? Int).map(String.init) ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else { throw Invalid("TENDER_PORT '\(portText)' is not a port number") }

        let tzName = env["TENDER_TIME_ZONE"] ?? str("timeZone") ?? "Asia/Shanghai"
        guard let tz = TimeZone(identifier: tzName) else { throw Invalid("time zone '\(tzName)' is unknown") }

        let bodyText = env["TENDER_BODY_LIMIT"] ?? str("bodyLimit") ?? "1mb"
        guard let bodyLimit = parseByteCount(bodyText) else { throw Invalid("body limit '\(bodyText)' is not a size like 1mb or 512kb") }

        let calendarPath = (configDir as NSString).appendingPathComponent(
            env["TENDER_CALENDAR_FILE"] ?? str("calendar") ?? "calendar/china.json")
        guard let calendarData = FileManager.default.contents(atPath: calendarPath) else {
            throw Invalid("holiday calendar '\(calendarPath)' cannot be read")
        }
        let calendar = try WorkingDayCalendar.load(json: calendarData)

        let outsourcingPath = (configDir as NSString).appendingPathComponent(env["TENDER_OUTSOURCING_FILE"] ?? "outsourcing.json")
        let outsourcing = try parseOutsourcing(try readJSON(outsourcingPath), file: outsourcingPath)
        var regimes: [String: RuleSet] = [:]
        for (name, value) in regimesJSON {
            guard let dict = value as? [String: Any] else { throw Invalid("regime '\(name)' must be an object") }
            regimes[name] = try parseRegime(name: name, dict, env: env)
        }
        let defaultRegime = str("defaultRegime") ?? "bidding-law"
        guard regimes[defaultRegime] != nil else { throw Invalid("default regime '\(defaultRegime)' is not defined in regimes.json") }

        let login = defaults["login"] as? [String: Any] ?? [:]
        func seconds(_ text: String?, _ name: String, _ fallback: TimeInterval) throws -> TimeInterval {
            guard let text else { return fallback }
            guard case .seconds(let s)? = Period(text) else { throw Invalid("\(name) '\(text)' must be a duration in s, m or h") }
            return TimeInterval(s)
        }
        func cacheSeconds(_ text: String?) throws -> TimeInterval {
            guard let text, text != "0" else { return text == "0" ? 0 : 5 }
            let s = try seconds(text, "token cache", 5)
            guard s <= 300 else { throw Invalid("token cache '\(text)' must be at most 5m") }
            return s
        }
        func sweepSeconds(_ text: String?) throws -> TimeInterval {
            guard let text else { return 5 }
            if text == "0" { return 0 }
            return try seconds(text, "sweep interval", 5)
        }
        func int(_ text: String?, _ name: String, _ fallback: Int) throws -> Int {
            guard let text else { return fallback }
            guard let v = Int(text) else { throw Invalid("\(name) '\(text)' is not an integer") }
            return v
        }
        let bcryptCost = try int(env["TENDER_BCRYPT_COST"] ?? (defaults["bcryptCost"] as? Int).map(String.init), "TENDER_BCRYPT_COST", 12)
        guard (4...31).contains(bcryptCost) else { throw Invalid("bcrypt cost must be 4…31") }

        let keyFile =
            env["TENDER_RECEIPT_KEY_FILE"] ?? str("receiptKeyFile") ?? (dataDir as NSString).appendingPathComponent("receipt-key.pem")
        var publicURL: String?
        if let raw = env["TENDER_PUBLIC_URL"] ?? str("publicURL"), !raw.isEmpty {
            let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil,
                url.fragment == nil
            else {
                throw Invalid("TENDER_PUBLIC_URL '\(raw)' must be an http(s) URL like https://tenders.example.gov.cn")
            }
            publicURL = trimmed
        }
        let finalizeAttempts = try int(env["TENDER_FINALIZE_ATTEMPTS"], "TENDER_FINALIZE_ATTEMPTS", 3)
        guard (0...100).contains(finalizeAttempts) else { throw Invalid("TENDER_FINALIZE_ATTEMPTS must be 0…100") }
        let pool = try int(env["TENDER_DATABASE_POOL"], "TENDER_DATABASE_POOL", 8)
        guard (1...256).contains(pool) else { throw Invalid("TENDER_DATABASE_POOL must be 1…256") }
        var metricsToken: String?
        if let raw = env["TENDER_METRICS_TOKEN"], !raw.isEmpty {
            guard raw.utf8.count >= 16, raw.utf8.count <= 200, raw.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw Invalid("TENDER_METRICS_TOKEN must be 16 to 200 visible ASCII characters")
            }
            metricsToken = raw
        }
        var config = AppConfig(
            host: host, postgresPoolSize: pool, port: port, database: database, dataDir: dataDir, receiptKeyFile: keyFile,
            bodyLimitBytes: bodyLimit, timeZone: tz, defaultRegime: defaultRegime, regimes: regimes,
            calendar: calendar, outsourcing: outsourcing,
            tokenLifetime: try seconds(env["TENDER_TOKEN_LIFETIME"] ?? str("tokenLifetime"), "token lifetime", 12 * 3600),
            tokenCache: try cacheSeconds(env["TENDER_TOKEN_CACHE"] ?? str("tokenCache")),
            sweepInterval: try sweepSeconds(env["TENDER_SWEEP_INTERVAL"]),
            bcryptCost: bcryptCost,
            loginMaxFailures: try int((login["maxFailures"] as? Int).map(String.init), "login.maxFailures", 5),
            loginLockout: try seconds(env["TENDER_LOGIN_LOCKOUT"] ?? login["lockout"] as? String, "login lockout", 30),
            loginMaxLockout: try seconds(login["maxLockout"] as? String, "login max lockout", 900),
            ocidPrefix: env["TENDER_OCID_PREFIX"] ?? str("ocidPrefix") ?? "ocds-tender0",
            publicURL: publicURL,
            finalizeAttempts: finalizeAttempts,
            configDir: configDir,
            migrationsDir: env["TENDER_MIGRATIONS_DIR"] ?? (root as NSString).appendingPathComponent("Migrations"),
            staticDir: env["TENDER_STATIC_DIR"] ?? (root as NSString).appendingPathComponent("Static"),
            adminEmail: env["TENDER_ADMIN_EMAIL"].flatMap { $0.isEmpty ? nil : $0 },
            adminPassword: env["TENDER_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 })
        config.metricsToken = metricsToken
        if let raw = env["TENDER_TRUSTED_PROXIES"], !raw.isEmpty {
            let (rule, invalid) = ClientAddressRule.parse(raw)
            guard invalid.isEmpty else {
                throw Invalid("TENDER_TRUSTED_PROXIES: '\(invalid.joined(separator: "', '"))' is not an address or CIDR network")
            }
            config.clientAddress = rule
        }
        let addressMax = try int(
            env["TENDER_LOGIN_ADDRESS_MAX_FAILURES"] ?? (login["addressMaxFailures"] as? Int).map(String.init),
            "TENDER_LOGIN_ADDRESS_MAX_FAILURES", 20)
        guard (0...1_000_000).contains(addressMax) else { throw Invalid("TENDER_LOGIN_ADDRESS_MAX_FAILURES must be 0…1000000") }
        let addressWindow = try seconds(
            env["TENDER_LOGIN_ADDRESS_WINDOW"] ?? login["addressWindow"] as? String, "login address window", 900)
        guard addressWindow >= 1, addressWindow <= 86_400 else { throw Invalid("TENDER_LOGIN_ADDRESS_WINDOW must be 1s…24h") }
        config.addressThrottle = AddressThrottle(maxFailures: addressMax, windowMillis: Int64(addressWindow * 1000))
        let threads = try int(
            env["TENDER_BCRYPT_THREADS"], "TENDER_BCRYPT_THREADS", max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
        guard (1...64).contains(threads) else { throw Invalid("TENDER_BCRYPT_THREADS must be 1…64") }
        config.bcryptThreads = threads
        let batches = try int(env["TENDER_POSTGRES_WRITE_BATCHES"], "TENDER_POSTGRES_WRITE_BATCHES", 4)
        guard (1...64).contains(batches) else { throw Invalid("TENDER_POSTGRES_WRITE_BATCHES must be 1…64") }
        config.postgresWriteBatches = batches
        config.originKeyFile = env["TENDER_ORIGIN_KEY_FILE"] ?? (dataDir as NSString).appendingPathComponent("origin-key")
        return config
    }

    /// Environment variable → regime key; a variable overrides that rule in every regime.
    static let ruleOverrides: [(env: String, key: String)] = [
        ("TENDER_MIN_BIDDING_PERIOD", "minBiddingPeriod"), ("TENDER_CLARIFICATION_LEAD", "clarificationLead"),
        ("TENDER_MIN_REVEAL_WINDOW", "minRevealWindow"), ("TENDER_MINIMUM_VALID_BIDS", "minimumValidBids"),
        ("TENDER_COMMITTEE_MIN_SIZE", "committeeMinSize"), ("TENDER_TRIM_EXTREMES_FROM", "trimExtremesFrom"),
        ("TENDER_OUTLIER_SHARE", "outlierShare"), ("TENDER_ABNORMALLY_LOW_SHARE", "abnormallyLowShare"),
        ("TENDER_STANDSTILL_PERIOD", "standstillPeriod"), ("TENDER_OBJECTION_REPLY_PERIOD", "objectionReplyPeriod"),
        ("TENDER_AWARD_REPORT_PERIOD", "awardReportPeriod"), ("TENDER_CONTRACT_SIGNING_PERIOD", "contractSigningPeriod"),
        ("TENDER_FILING_PERIOD", "filingPeriod"), ("TENDER_CONTRACT_PUBLICATION_PERIOD", "contractPublicationPeriod"),
        ("TENDER_AWARD_CANDIDATES", "awardCandidates"), ("TENDER_JUSTIFICATION_MIN_LENGTH", "justificationMinLength"),
        ("TENDER_MAX_CHANGE_SHARE", "maxChangeShare"),
    ]

    /// The outsourcing policy, or start-up stops with the entry that is wrong.
    static func parseOutsourcing(_ raw: [String: Any], file: String) throws -> OutsourcingPolicy {
        func fail(_ what: String) -> Invalid { Invalid("outsourcing policy '\(file)': \(what)") }
        guard let types = raw["businessTypes"] as? [Any] else { throw fail("businessTypes must be a list") }
        var parsed: [OutsourcingPolicy.BusinessType] = []
        for (i, value) in types.enumerated() {
            guard let t = value as? [String: Any] else { throw fail("businessTypes[\(i)] must be an object") }
            guard let key = t["key"] as? String, let name = t["name"] as? String, let clause = t["clause"] as? String else {
                throw fail("businessTypes[\(i)] needs the strings key, name and clause")
            }
            guard let outsourceable = t["outsourceable"] as? Bool else {
                throw fail("businessTypes[\(i)] ('\(key)').outsourceable must be true or false")
            }
            parsed.append(.init(key: key, name: name, outsourceable: outsourceable, clause: clause))
        }
        guard let modeNames = raw["modes"] as? [String] else { throw fail("modes must be a list of 'partial' and/or 'whole'") }
        let modes = try modeNames.map { m in
            guard let mode = OutsourcingMode(rawValue: m) else { throw fail("modes: '\(m)' is not 'partial' or 'whole'") }
            return mode
        }
        guard let g = raw["grades"] as? [String: Any], let excellent = g["excellent"] as? Int, let good = g["good"] as? Int,
            let pass = g["pass"] as? Int
        else { throw fail("grades needs the integers excellent, good and pass") }
        let periods = raw["periods"] as? [String: Any] ?? [:]
        func period(_ key: String, _ fallback: String) throws -> Period {
            let text = periods[key] as? String ?? fallback
            guard let p = Period(text) else { throw fail("periods.\(key) '\(text)' must be <integer><s|m|h|d|wd>") }
            return p
        }
        do {
            return try OutsourcingPolicy(
                businessTypes: parsed, modes: modes, grades: .init(excellent: excellent, good: good, pass: pass),
                requestDecisionPeriod: try period("requestDecision", "5wd"), tenderDraftPeriod: try period("tenderDraft", "10wd"),
                briefingPeriod: try period("briefing", "5wd"), reviewPeriod: try period("review", "5wd"))
        } catch let e as PolicyError {
            throw fail(e.description)
        }
    }

    static func parseRegime(name: String, _ raw: [String: Any], env: [String: String]) throws -> RuleSet {
        var dict = raw
        for o in ruleOverrides { if let v = env[o.env], !v.isEmpty { dict[o.key] = v } }
        func text(_ key: String) -> String? {
            if let s = dict[key] as? String { return s }
            if let n = dict[key] as? NSNumber { return n.stringValue }
            return nil
        }
        func period(_ key: String) throws -> Period {
            guard let t = text(key) else { throw Invalid("regime '\(name)': \(key) is missing") }
            guard let p = Period(t) else { throw Invalid("regime '\(name)': \(key) '\(t)' must be <integer><s|m|h|d|wd>") }
            guard p.isWithinLimit else { throw Invalid("regime '\(name)': \(key) '\(t)' is longer than three years") }
            return p
        }
        func count(_ key: String, min: Int) throws -> Int {
            guard let t = text(key), let v = Int(t), v >= min else { throw Invalid("regime '\(name)': \(key) must be an integer ≥ \(min)") }
            return v
        }
        func share(_ key: String) throws -> Share {
            guard let t = text(key), let s = Share(t), s.numerator <= s.denominator else {
                throw Invalid("regime '\(name)': \(key) must be a decimal between 0 and 1 with at most 6 decimals")
            }
            return s
        }
        func optionalCount(_ key: String, min: Int, default value: Int) throws -> Int {
            dict[key] == nil ? value : try count(key, min: min)
        }
        return RuleSet(
            name: name, minBiddingPeriod: try period("minBiddingPeriod"), clarificationLead: try period("clarificationLead"),
            minRevealWindow: try period("minRevealWindow"), minimumValidBids: try count("minimumValidBids", min: 1),
            committeeMinSize: try count("committeeMinSize", min: 1), trimExtremesFrom: try count("trimExtremesFrom", min: 3),
            outlierShare: try share("outlierShare"), abnormallyLowShare: try share("abnormallyLowShare"),
            standstillPeriod: try period("standstillPeriod"), objectionReplyPeriod: try period("objectionReplyPeriod"),
            awardReportPeriod: try period("awardReportPeriod"), contractSigningPeriod: try period("contractSigningPeriod"),
            filingPeriod: try period("filingPeriod"),
            contractPublicationPeriod: dict["contractPublicationPeriod"] == nil ? nil : try period("contractPublicationPeriod"),
            awardCandidates: try optionalCount("awardCandidates", min: 1, default: AwardDecision.candidates),
            justificationMinLength: try optionalCount("justificationMinLength", min: 0, default: AwardDecision.minimumJustification),
            maxChangeShare: dict["maxChangeShare"] == nil ? Share("0.1")! : try share("maxChangeShare"))
    }

    static func parseDatabase(_ text: String) throws -> DatabaseLocation {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(url: text, searchPath: nil)
        }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            if path == ":memory:" || path == "memory" { return .sqliteMemory }
            guard !path.isEmpty else { throw Invalid("TENDER_DATABASE_URL 'sqlite:' needs a file path") }
            return .sqliteFile(path)
        }
        throw Invalid("TENDER_DATABASE_URL '\(text)' must start with sqlite: or postgres://")
    }

    static func parseByteCount(_ text: String) -> Int? {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        let digits = t.prefix(while: { $0.isNumber })
        guard let n = Int(digits) else { return nil }
        switch t.dropFirst(digits.count) {
        case "", "b": return n
        case "kb", "k": return n * 1024
        case "mb", "m": return n * 1024 * 1024
        default: return nil
        }
    }

    static func readJSON(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid("configuration file '\(path)' cannot be read") }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Invalid("configuration file '\(path)' is not a JSON object")
        }
        return obj
    }

    public func rules(for regime: String) -> RuleSet? { regimes[regime] }
}

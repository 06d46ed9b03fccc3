import FluentKit
import Foundation
import NIOCore
import SQLKit
import TenderDomain
import Vapor

struct HealthResponse: Content {
    let status: String
    let database: String
}

struct RegimeResponse: Content {
    let name: String
    let rules: [String: String]
}

struct SystemController: RouteCollection {
    let openAPI: Data?

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openapi)
        let api = routes.grouped("api", "v1")
        api.get("regimes", use: regimes)
        api.get("deadlines", use: deadline)
    }

    /// 200 when the database answers, 503 otherwise (for load balancers).
    @Sendable func health(req: Request) async throws -> Response {
        let ok: Bool
        do {
            try await HealthStore.ping(req.sql)
            ok = true
        } catch {
            req.logger.warning("health check: database unavailable: \(String(reflecting: error))")
            ok = false
        }
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        try response.content.encode(HealthResponse(status: ok ? "ok" : "unavailable", database: ok ? "ok" : "error"))
        return response
    }

    /// Operational figures for a scraper: with `TENDER_METRICS_TOKEN` set, only a request bearing
    /// it; otherwise only a peer on the loopback interface. No figure counts bids (see `HTTPMetrics`).
    @Sendable func metrics(req: Request) async throws -> Response {
        if let expected = req.tender.config.metricsToken {
            let given = req.headers.bearerAuthorization?.token ?? ""
            guard Self.constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
                throw APIError(
                    .unauthorized, "unauthorized", "/metrics needs the scrape credential (Authorization: Bearer <TENDER_METRICS_TOKEN>)")
            }
        } else {
            // The socket's address, never a Forwarded / X-Forwarded-For header (a client can send
            // those); a request relayed by a proxy on this host carries them and is not local.
            let relayed = req.headers.first(name: .xForwardedFor) != nil || req.headers.first(name: "Forwarded") != nil
            guard !relayed, Self.isLoopback(req.remoteAddress) else {
                throw APIError(
                    .forbidden, "forbidden", "/metrics answers loopback peers only; set TENDER_METRICS_TOKEN to scrape it from elsewhere")
            }
        }
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(string: Metrics.render()))
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        switch address {
        case .v4(let a)?: return a.address.sin_addr.s_addr.bigEndian >> 24 == 127
        case .v6?: return address?.ipAddress == "::1"
        default: return false
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    @Sendable func openapi(req: Request) async throws -> Response {
        guard let openAPI else { throw APIError.notFound("OpenAPI document") }
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: openAPI))
    }

    /// The rule sets in force (after environment overrides), for clients that plan deadlines.
    @Sendable func regimes(req: Request) async throws -> [String: [RegimeResponse]] {
        let items = req.tender.config.regimes.values.sorted { $0.name < $1.name }.map { r in
            var rules: [String: String] = [
                "minBiddingPeriod": r.minBiddingPeriod.description, "clarificationLead": r.clarificationLead.description,
                "minRevealWindow": r.minRevealWindow.description, "minimumValidBids": String(r.minimumValidBids),
                "committeeMinSize": String(r.committeeMinSize), "trimExtremesFrom": String(r.trimExtremesFrom),
                "outlierShare": r.outlierShare.description, "abnormallyLowShare": r.abnormallyLowShare.description,
                "standstillPeriod": r.standstillPeriod.description, "objectionReplyPeriod": r.objectionReplyPeriod.description,
                "awardReportPeriod": r.awardReportPeriod.description, "contractSigningPeriod": r.contractSigningPeriod.description,
                "filingPeriod": r.filingPeriod.description, "awardCandidates": String(r.awardCandidates),
                "justificationMinLength": String(r.justificationMinLength),
            ]
            if let c = r.contractPublicationPeriod { rules["contractPublicationPeriod"] = c.description }
            return RegimeResponse(name: r.name, rules: rules)
        }
        return ["items": items]
    }

    /// `GET /api/v1/deadlines?from=…&period=20d[&timeZone=…]`: the deadline arithmetic of the
    /// server, explained, so that a client can show an officer the earliest dates it may choose.
    @Sendable func deadline(req: Request) async throws -> DeadlineResponse {
        guard let periodText = req.query[String.self, at: "period"], let period = Period(periodText) else {
            throw APIError.invalid("invalid_period", "period must be <integer><s|m|h|d|wd>, e.g. 20d or 7wd", field: "period")
        }
        guard period.isWithinLimit else {
            throw APIError.invalid(
                "period_too_long",
                "period may be at most \(Period.maximumCalendarDays)d (\(Period.maximumWorkingDays)wd): three years", field: "period")
        }
        var from = req.tender.clock.now
        if let f = req.query[String.self, at: "from"] {
            guard let d = Timestamp.parse(f) else { throw APIError.invalid("invalid_time", "from must be an RFC 3339 time", field: "from") }
            from = d
        }
        var tz = req.tender.config.timeZone
        if let name = req.query[String.self, at: "timeZone"] {
            guard let t = TimeZone(identifier: name) else {
                throw APIError.invalid("invalid_time_zone", "'\(name)' is not an IANA time zone", field: "timeZone")
            }
            tz = t
        }
        return DeadlineResponse(req.tender.calculator.deadline(from: from, period: period, timeZone: tz))
    }
}

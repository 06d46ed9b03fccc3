import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

struct AwardRequest: Content {
    let bidId: String
    let justification: String?
}

struct AwardResponse: Content {
    let id: String
    let tenderId: String
    let bidId: String
    let vendorId: String
    let price: String
    let candidateRank: Int
    let justification: String?
    let awardedAt: String
    let standstillEndsAt: String
    let revokedAt: String?
    /// `standstill`, `final` (award notice issued) or `revoked`.
    let status: String
}

struct ObjectionRequest: Content {
    let text: String
}

struct ResolutionRequest: Content {
    let decision: String
    let response: String
}

struct ObjectionResponse: Content {
    let id: String
    let tenderId: String
    let awardId: String
    let vendorId: String
    let text: String
    let filedAt: String
    let replyDueAt: String
    let decision: String?
    let response: String?
    let resolvedAt: String?
}

struct ContractRequest: Content {
    let signedAt: String
    let amount: String
    let documentSha256: String
    let supervisorId: String?
}

struct FilingRequest: Content {
    let reference: String
    let authority: String
}

struct ReportRequest: Content {
    let reference: String
}

struct ContractResponse: Content {
    let tenderId: String
    let awardId: String
    let signedAt: String
    let amount: String
    let documentSha256: String
    let supervisorId: String?
    let dueAt: String
    let late: Bool
    let filing: Filing?

    struct Filing: Content {
        let reference: String
        let authority: String
        let filedAt: String
        let dueAt: String
        let late: Bool
    }
}

struct ObligationResponse: Content {
    let id: String
    let tenderId: String
    let tenderTitle: String
    let kind: String
    let startsAt: String
    let dueAt: String
    let state: String
    let metAt: String?
}

struct ObligationList: Content {
    let items: [ObligationResponse]
    let metadata: PageMetadata
}

/// docs/DESIGN.md §6: award among the top three, standstill and objections, contract, filing, and
/// the legal deadlines they start (obligations). Every change is appended to the audit log in the
/// same transaction.
struct AwardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let t = routes.grouped("tenders", ":tenderId")
        t.post("award", use: award)
        t.get("award", use: getAward)
        t.post("award", "report", use: report)
        t.post("objections", use: object)
        t.get("objections", use: objections)
        t.post("objections", ":objectionId", "resolution", use: resolve)
        t.post("contract", use: contract)
        t.get("contract", use: getContract)
        t.post("contract", "filing", use: filing)
        routes.get("obligations", use: obligations)
    }

    static func rules(_ req: Request, _ t: TenderRecord) throws -> RuleSet {
        try EvaluationController.rules(req, t)
    }

    static func due(_ req: Request, _ t: TenderRecord, from: Int64, _ period: Period) -> Int64 {
        let tz = TimeZone(identifier: t.timeZone) ?? req.tender.config.timeZone
        return Timestamp.milliseconds(req.tender.calculator.deadline(from: Timestamp.date(milliseconds: from), period: period, timeZone: tz).at)
    }

    // MARK: award

    @Sendable func award(req: Request) async throws -> Response {
        let p = try req.require(.procurement)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        let phase = t.phase(at: req.tender.clock.now)
        if t.status == .published, try await Self.standingAward(req.sql, tenderId: t.id) != nil {
            throw StateConflict("already_awarded", "the tender has a standing award")
        }
        guard phase == .evaluating, let final = try await CommitteeStore.final(req.sql, tenderId: t.id) else {
            throw StateConflict(phase == .evaluating ? "evaluation_pending" : "wrong_phase", "an award follows a final evaluation (phase is \(phase.rawValue))")
        }
        let body = try req.content.decode(AwardRequest.self)
        let result = try final.response()
        let bidId = UUID(uuidString: body.bidId)?.uuidString.lowercased() ?? ""
        let justification = body.justification?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let justification { try Validate.allowed(justification, field: "justification", rule: .prose) }
        try AwardDecision.check(rank: result.candidates.firstIndex(of: bidId), justification: justification)
        let rank = result.candidates.firstIndex(of: bidId)!
        guard let entry = result.ranking.first(where: { $0.bidId == bidId }), let price = entry.price else {
            throw RuleViolation("not_a_candidate", "the award must go to one of the top three candidates", field: "bidId")
        }
        let rules = try Self.rules(req, t)
        let standstillEnds = Self.due(req, t, from: now, rules.standstillPeriod)
        let reportDue = Self.due(req, t, from: now, rules.awardReportPeriod)
        let signingDue = Self.due(req, t, from: standstillEnds, rules.contractSigningPeriod)
        let id = newID()
        let tenderId = t.id
        do {
            try await inTransaction(req.db) { tx in
                // The precondition again, on the locked row: a cancellation (or another award) that
                // committed since the checks above wins, and this award is refused.
                let locked = try await TenderStore.lock(tx, id: tenderId)
                let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
                guard phaseNow == .evaluating, locked.evaluatedAt != nil else {
                    if locked.status == .published, locked.standstillEndsAt != nil { throw StateConflict("already_awarded", "the tender has a standing award") }
                    throw StateConflict.wrongPhase(phaseNow, "award")
                }
                try await tx.raw("""
                    INSERT INTO awards (id, tender_id, bid_id, vendor_id, price, candidate_rank, justification, awarded_by, awarded_at, standstill_ends_at, active_tender)
                    VALUES (\(bind: id), \(bind: tenderId), \(bind: bidId), \(bind: entry.vendorId), \(bind: price), \(bind: Int64(rank + 1)),
                    \(bind: justification), \(bind: p.userId), \(bind: now), \(bind: standstillEnds), \(bind: tenderId))
                    """).run()
                try await tx.raw("UPDATE tenders SET standstill_ends_at = \(bind: standstillEnds), updated_at = \(bind: now) WHERE id = \(bind: tenderId)").run()
                try await Self.addObligation(tx, tenderId: tenderId, kind: "award_report", subject: id, starts: now, due: reportDue)
                try await Self.addObligation(tx, tenderId: tenderId, kind: "contract_signing", subject: id, starts: standstillEnds, due: signingDue)
                try await AuditStore.append(tx, at: now, actor: p.userId, action: .awardMade, tenderId: tenderId, details: [
                    "awardId": id, "bidId": bidId, "vendorId": entry.vendorId, "price": price, "candidateRank": String(rank + 1),
                    "standstillEndsAt": Timestamp.format(milliseconds: standstillEnds),
                ])
            }
        } catch where error.isUniqueViolation {
            throw StateConflict("already_awarded", "the tender has a standing award")
        }
        let response = Response(status: .created)
        try response.content.encode(try await Self.awardResponse(req, t, id: id))
        return response
    }

    static func addObligation(_ tx: any SQLDatabase, tenderId: String, kind: String, subject: String, starts: Int64, due: Int64) async throws {
        try await tx.raw("""
            INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at)
            VALUES (\(bind: newID()), \(bind: tenderId), \(bind: kind), \(bind: subject), \(bind: starts), \(bind: due))
            """).run()
    }

    static func standingAward(_ db: any SQLDatabase, tenderId: String) async throws -> (id: String, vendorId: String, price: String, awardedAt: Int64)? {
        guard let row = try await db.raw("SELECT id, vendor_id, price, awarded_at FROM awards WHERE active_tender = \(bind: tenderId)").first() else { return nil }
        return (try row.decode(column: "id", as: String.self), try row.decode(column: "vendor_id", as: String.self),
                try row.decode(column: "price", as: String.self), try row.decode(column: "awarded_at", as: Int64.self))
    }

    /// Whether an award was ever published for the tender: from then on the result, the anonymized
    /// sheets and the committee are public.
    static func awardPublished(_ db: any SQLDatabase, tenderId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM awards WHERE tender_id = \(bind: tenderId)").first() != nil
    }

    static func awardResponse(_ req: Request, _ t: TenderRecord, id: String? = nil) async throws -> AwardResponse {
        var q: SQLQueryString = """
            SELECT id, bid_id, vendor_id, price, candidate_rank, justification, awarded_at, standstill_ends_at, revoked_at FROM awards
            WHERE tender_id = \(bind: t.id)
            """
        if let id { q = q + " AND id = \(bind: id)" }
        // The standing award if any, else the latest revoked one.
        q = q + " ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, awarded_at DESC, id DESC"
        guard let row = try await req.sql.raw(q).first() else { throw APIError.notFound("award") }
        let revoked = try row.decode(column: "revoked_at", as: Int64?.self)
        let phase = t.phase(at: req.tender.clock.now)
        return AwardResponse(
            id: try row.decode(column: "id", as: String.self), tenderId: t.id, bidId: try row.decode(column: "bid_id", as: String.self),
            vendorId: try row.decode(column: "vendor_id", as: String.self), price: try row.decode(column: "price", as: String.self),
            candidateRank: Int(try row.decode(column: "candidate_rank", as: Int64.self)),
            justification: try row.decode(column: "justification", as: String?.self),
            awardedAt: Timestamp.format(milliseconds: try row.decode(column: "awarded_at", as: Int64.self)),
            standstillEndsAt: Timestamp.format(milliseconds: try row.decode(column: "standstill_ends_at", as: Int64.self)),
            revokedAt: revoked.map { Timestamp.format(milliseconds: $0) },
            status: revoked != nil ? "revoked" : (phase == .standstill ? "standstill" : "final"))
    }

    /// The latest award, public once made (the publicity of the winning candidate).
    @Sendable func getAward(req: Request) async throws -> AwardResponse {
        let t = try await req.visibleTender()
        return try await Self.awardResponse(req, t)
    }

    /// Records the written report to the supervising authority (招标投标法 art. 47).
    @Sendable func report(req: Request) async throws -> HTTPStatus {
        let p = try req.require(.procurement)
        let t = try await req.visibleTender()
        let body = try req.content.decode(ReportRequest.self)
        let reference = try Validate.bounded(body.reference, field: "reference", 1...200)
        guard let award = try await Self.standingAward(req.sql, tenderId: t.id) else { throw StateConflict("wrong_phase", "there is no standing award to report") }
        let now = req.tender.nowMillis
        let tenderId = t.id
        try await inTransaction(req.db) { tx in
            let met = try await tx.raw("""
                UPDATE obligations SET met_at = \(bind: now) WHERE kind = 'award_report' AND subject_id = \(bind: award.id) AND met_at IS NULL RETURNING id
                """).first()
            guard met != nil else { throw StateConflict("already_reported", "the award report was already recorded") }
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .awardReported, tenderId: tenderId, details: ["awardId": award.id, "reference": reference])
        }
        return .noContent
    }

    // MARK: objections

    @Sendable func object(req: Request) async throws -> Response {
        let p = try req.require(.vendor)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        let body = try req.content.decode(ObjectionRequest.self)
        let text = try Validate.bounded(body.text, field: "text", 10...10_000, rule: .prose)
        // Only a vendor that bid (an active bid at the close) may object.
        let bid = try await req.sql.raw("""
            SELECT 1 AS one FROM bids WHERE tender_id = \(bind: t.id) AND vendor_id = \(bind: p.userId) AND active_vendor IS NOT NULL
            """).first()
        guard bid != nil else { throw APIError(.forbidden, "not_a_bidder", "only vendors that bid on this tender may object") }
        guard let award = try await Self.standingAward(req.sql, tenderId: t.id), let ends = t.standstillEndsAt, now < ends else {
            throw StateConflict("wrong_phase", "objections are accepted during the standstill only")
        }
        let rules = try Self.rules(req, t)
        let replyDue = Self.due(req, t, from: now, rules.objectionReplyPeriod)
        let id = newID()
        let tenderId = t.id
        try await inTransaction(req.db) { tx in
            // Still the same standing award, still inside its standstill, on the locked row.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published, let endsNow = locked.standstillEndsAt, now < endsNow,
                try await Self.standingAward(tx, tenderId: tenderId)?.id == award.id
            else { throw StateConflict("wrong_phase", "objections are accepted during the standstill only") }
            try await tx.raw("""
                INSERT INTO objections (id, tender_id, award_id, vendor_id, text, filed_at)
                VALUES (\(bind: id), \(bind: tenderId), \(bind: award.id), \(bind: p.userId), \(bind: text), \(bind: now))
                """).run()
            try await tx.raw("UPDATE tenders SET open_objections = open_objections + 1, updated_at = \(bind: now) WHERE id = \(bind: tenderId)").run()
            try await Self.addObligation(tx, tenderId: tenderId, kind: "objection_reply", subject: id, starts: now, due: replyDue)
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionFiled, tenderId: tenderId, details: ["objectionId": id, "awardId": award.id])
        }
        let response = Response(status: .created)
        try response.content.encode(ObjectionResponse(
            id: id, tenderId: t.id, awardId: award.id, vendorId: p.userId, text: text, filedAt: Timestamp.format(milliseconds: now),
            replyDueAt: Timestamp.format(milliseconds: replyDue), decision: nil, response: nil, resolvedAt: nil))
        return response
    }

    /// Staff see every objection; a vendor its own.
    @Sendable func objections(req: Request) async throws -> ObjectionList {
        let p = try req.require()
        let t = try await req.visibleTender()
        var q: SQLQueryString = """
            SELECT o.id, o.award_id, o.vendor_id, o.text, o.filed_at, o.decision, o.response, o.resolved_at, g.due_at
            FROM objections o LEFT JOIN obligations g ON g.kind = 'objection_reply' AND g.subject_id = o.id
            WHERE o.tender_id = \(bind: t.id)
            """
        if p.role == .vendor { q = q + " AND o.vendor_id = \(bind: p.userId)" } else if !p.role.isStaff { throw APIError.forbidden() }
        q = q + " ORDER BY o.filed_at, o.id"
        let items = try await req.sql.raw(q).all().map { row in
            ObjectionResponse(
                id: try row.decode(column: "id", as: String.self), tenderId: t.id, awardId: try row.decode(column: "award_id", as: String.self),
                vendorId: try row.decode(column: "vendor_id", as: String.self), text: try row.decode(column: "text", as: String.self),
                filedAt: Timestamp.format(milliseconds: try row.decode(column: "filed_at", as: Int64.self)),
                replyDueAt: Timestamp.format(milliseconds: try row.decode(column: "due_at", as: Int64?.self) ?? 0),
                decision: try row.decode(column: "decision", as: String?.self), response: try row.decode(column: "response", as: String?.self),
                resolvedAt: try row.decode(column: "resolved_at", as: Int64?.self).map { Timestamp.format(milliseconds: $0) })
        }
        return ObjectionList(items: items)
    }

    struct ObjectionList: Content {
        let items: [ObjectionResponse]
    }

    @Sendable func resolve(req: Request) async throws -> ObjectionResponse {
        let p = try req.require(.procurement)
        let t = try await req.visibleTender()
        let id = try pathID(req, "objectionId", "objection")
        let body = try req.content.decode(ResolutionRequest.self)
        guard body.decision == "upheld" || body.decision == "rejected" else {
            throw APIError.invalid("invalid_decision", "decision must be 'upheld' or 'rejected'", field: "decision")
        }
        let text = try Validate.bounded(body.response, field: "response", 1...10_000, rule: .prose)
        let now = req.tender.nowMillis
        let tenderId = t.id
        let rules = try Self.rules(req, t)
        guard let row = try await req.sql.raw("SELECT award_id, resolved_at FROM objections WHERE id = \(bind: id) AND tender_id = \(bind: tenderId)").first() else {
            throw APIError.notFound("objection")
        }
        guard try row.decode(column: "resolved_at", as: Int64?.self) == nil else { throw StateConflict("already_resolved", "the objection was already resolved") }
        let awardId = try row.decode(column: "award_id", as: String.self)
        let standstillEnds = t.standstillEndsAt ?? now
        let newSigningStart = max(standstillEnds, now)
        let signingDue = Self.due(req, t, from: newSigningStart, rules.contractSigningPeriod)
        try await inTransaction(req.db) { tx in
            // Resolutions, objections and awards of one tender take turns on its row.
            _ = try await TenderStore.lock(tx, id: tenderId)
            let updated = try await tx.raw("""
                UPDATE objections SET decision = \(bind: body.decision), response = \(bind: text), resolved_by = \(bind: p.userId), resolved_at = \(bind: now)
                WHERE id = \(bind: id) AND resolved_at IS NULL RETURNING id
                """).first()
            guard updated != nil else { throw StateConflict("already_resolved", "the objection was already resolved") }
            try await tx.raw("UPDATE obligations SET met_at = \(bind: now) WHERE kind = 'objection_reply' AND subject_id = \(bind: id)").run()
            try await tx.raw("UPDATE tenders SET open_objections = open_objections - 1, updated_at = \(bind: now) WHERE id = \(bind: tenderId)").run()
            var mooted: [String] = []
            if body.decision == "upheld" {
                // The award is revoked; a new award may be made from the same final evaluation.
                try await tx.raw("UPDATE awards SET revoked_at = \(bind: now), active_tender = NULL WHERE id = \(bind: awardId) AND active_tender IS NOT NULL").run()
                try await tx.raw("""
                    UPDATE obligations SET cancelled_at = \(bind: now) WHERE subject_id = \(bind: awardId) AND met_at IS NULL AND cancelled_at IS NULL
                    """).run()
                // The other objections still open against the revoked award are answered by the revocation itself:
                // each is closed as `moot` with a response naming the upheld objection, which meets its reply obligation.
                let moot = "Moot: the award was revoked when objection \(id) was upheld."
                mooted = try await tx.raw("""
                    UPDATE objections SET decision = 'moot', response = \(bind: moot), resolved_by = \(bind: p.userId), resolved_at = \(bind: now)
                    WHERE award_id = \(bind: awardId) AND resolved_at IS NULL RETURNING id
                    """).all().map { try $0.decode(column: "id", as: String.self) }
                for other in mooted {
                    try await tx.raw("UPDATE obligations SET met_at = \(bind: now) WHERE kind = 'objection_reply' AND subject_id = \(bind: other) AND met_at IS NULL").run()
                }
                // The counter is recomputed from the objections themselves, so it cannot drift from them.
                try await tx.raw("""
                    UPDATE tenders SET standstill_ends_at = NULL,
                      open_objections = (SELECT COUNT(*) FROM objections WHERE tender_id = \(bind: tenderId) AND resolved_at IS NULL)
                    WHERE id = \(bind: tenderId)
                    """).run()
            } else if now > standstillEnds {
                // Resolved after the standstill: the award notice, and the signing period, start now.
                try await tx.raw("""
                    UPDATE obligations SET starts_at = \(bind: newSigningStart), due_at = \(bind: signingDue)
                    WHERE kind = 'contract_signing' AND subject_id = \(bind: awardId) AND met_at IS NULL
                    """).run()
            }
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId, details: [
                "objectionId": id, "decision": body.decision, "awardId": awardId,
            ])
            if body.decision == "upheld" {
                try await AuditStore.append(tx, at: now, actor: p.userId, action: .awardRevoked, tenderId: tenderId, details: ["awardId": awardId, "objectionId": id])
                for other in mooted {
                    try await AuditStore.append(tx, at: now, actor: p.userId, action: .objectionResolved, tenderId: tenderId, details: [
                        "objectionId": other, "decision": "moot", "awardId": awardId, "upheldObjectionId": id,
                    ])
                }
            }
        }
        let list = try await objections(req: req).items
        guard let o = list.first(where: { $0.id == id }) else { throw APIError.notFound("objection") }
        return o
    }

    // MARK: contract and filing

    @Sendable func contract(req: Request) async throws -> Response {
        let p = try req.require(.procurement)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        let phase = t.phase(at: req.tender.clock.now)
        guard phase == .awarded, let award = try await Self.standingAward(req.sql, tenderId: t.id) else {
            throw StateConflict.wrongPhase(phase, "record the contract")
        }
        let body = try req.content.decode(ContractRequest.self)
        guard let signed = Timestamp.parse(body.signedAt).map(Timestamp.milliseconds) else {
            throw APIError.invalid("invalid_time", "signedAt must be an RFC 3339 time", field: "signedAt")
        }
        guard signed <= now else { throw APIError.invalid("invalid_time", "signedAt cannot be in the future", field: "signedAt") }
        guard signed >= award.awardedAt else { throw APIError.invalid("invalid_time", "signedAt cannot precede the award", field: "signedAt") }
        // 实施条例 art. 54 and 招标投标法 art. 46: the contract follows the award notice, which follows the standstill.
        if let ends = t.standstillEndsAt, signed < ends {
            throw RuleViolation(
                "standstill_not_over", "signedAt is inside the standstill, which ends \(Timestamp.format(milliseconds: ends)); a contract is signed after it",
                field: "signedAt")
        }
        guard let amount = Money(body.amount) else { throw APIError.invalid("invalid_money", "amount must be a decimal with at most 2 fraction digits", field: "amount") }
        guard amount == Money(award.price) else {
            throw RuleViolation("amount_deviates", "the contract amount must equal the awarded price \(award.price)", field: "amount")
        }
        let hash = body.documentSha256.lowercased()
        guard hash.count == 64, Commitment.bytes(hex: hash) != nil else {
            throw APIError.invalid("invalid_document_hash", "documentSha256 must be 64 hex characters", field: "documentSha256")
        }
        var supervisor: String?
        if let s = body.supervisorId {
            guard let id = UUID(uuidString: s)?.uuidString.lowercased(),
                try await req.sql.raw("SELECT 1 AS one FROM users WHERE id = \(bind: id) AND role IN ('procurement', 'admin', 'auditor')").first() != nil
            else { throw APIError.invalid("invalid_supervisor", "supervisorId must name a staff account", field: "supervisorId") }
            supervisor = id
        }
        let rules = try Self.rules(req, t)
        guard let obligation = try await req.sql.raw("""
            SELECT due_at FROM obligations WHERE kind = 'contract_signing' AND subject_id = \(bind: award.id)
            """).first() else { throw StateConflict("wrong_phase", "the award has no signing obligation") }
        let due = try obligation.decode(column: "due_at", as: Int64.self)
        let late = signed > due
        let filingDue = Self.due(req, t, from: signed, rules.filingPeriod)
        let tenderId = t.id
        let supervisorId = supervisor
        do {
            try await inTransaction(req.db) { tx in
                let locked = try await TenderStore.lock(tx, id: tenderId)
                let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
                guard phaseNow == .awarded, try await Self.standingAward(tx, tenderId: tenderId)?.id == award.id else {
                    throw StateConflict.wrongPhase(phaseNow, "record the contract")
                }
                try await tx.raw("""
                    INSERT INTO contracts (tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, recorded_by, recorded_at, filing_due_at)
                    VALUES (\(bind: tenderId), \(bind: award.id), \(bind: signed), \(bind: amount.description), \(bind: hash), \(bind: supervisorId),
                    \(bind: due), \(bind: Int64(late ? 1 : 0)), \(bind: p.userId), \(bind: now), \(bind: filingDue))
                    """).run()
                try await tx.raw("UPDATE tenders SET contracted_at = \(bind: signed), updated_at = \(bind: now) WHERE id = \(bind: tenderId)").run()
                try await tx.raw("UPDATE obligations SET met_at = \(bind: signed) WHERE kind = 'contract_signing' AND subject_id = \(bind: award.id)").run()
                try await Self.addObligation(tx, tenderId: tenderId, kind: "contract_filing", subject: tenderId, starts: signed, due: filingDue)
                try await AuditStore.append(tx, at: now, actor: p.userId, action: .contractSigned, tenderId: tenderId, details: [
                    "awardId": award.id, "amount": amount.description, "signedAt": Timestamp.format(milliseconds: signed), "late": late ? "true" : "false",
                    "documentSha256": hash, "supervisorId": supervisorId ?? "",
                ])
            }
        } catch where error.isUniqueViolation {
            throw StateConflict("already_contracted", "the contract was already recorded")
        }
        let response = Response(status: .created)
        try response.content.encode(try await Self.contractResponse(req, tenderId: t.id))
        return response
    }

    static func contractResponse(_ req: Request, tenderId: String) async throws -> ContractResponse {
        guard let row = try await req.sql.raw("""
            SELECT award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, filing_reference, filing_authority, filed_at, filing_due_at, filing_late
            FROM contracts WHERE tender_id = \(bind: tenderId)
            """).first() else { throw APIError.notFound("contract") }
        let filingDue = try row.decode(column: "filing_due_at", as: Int64.self)
        var filing: ContractResponse.Filing?
        if let filed = try row.decode(column: "filed_at", as: Int64?.self) {
            filing = .init(
                reference: try row.decode(column: "filing_reference", as: String.self), authority: try row.decode(column: "filing_authority", as: String.self),
                filedAt: Timestamp.format(milliseconds: filed), dueAt: Timestamp.format(milliseconds: filingDue),
                late: try row.decode(column: "filing_late", as: Int64.self) == 1)
        }
        return ContractResponse(
            tenderId: tenderId, awardId: try row.decode(column: "award_id", as: String.self),
            signedAt: Timestamp.format(milliseconds: try row.decode(column: "signed_at", as: Int64.self)), amount: try row.decode(column: "amount", as: String.self),
            documentSha256: try row.decode(column: "document_sha256", as: String.self), supervisorId: try row.decode(column: "supervisor_id", as: String?.self),
            dueAt: Timestamp.format(milliseconds: try row.decode(column: "due_at", as: Int64.self)), late: try row.decode(column: "late", as: Int64.self) == 1,
            filing: filing)
    }

    @Sendable func getContract(req: Request) async throws -> ContractResponse {
        let t = try await req.visibleTender()
        return try await Self.contractResponse(req, tenderId: t.id)
    }

    @Sendable func filing(req: Request) async throws -> Response {
        let p = try req.require(.procurement)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        let phase = t.phase(at: req.tender.clock.now)
        guard phase == .contracted else { throw StateConflict.wrongPhase(phase, "file the contract") }
        let body = try req.content.decode(FilingRequest.self)
        let reference = try Validate.bounded(body.reference, field: "reference", 1...200)
        let authority = try Validate.bounded(body.authority, field: "authority", 1...200)
        let tenderId = t.id
        try await inTransaction(req.db) { tx in
            let locked = try await TenderStore.lock(tx, id: tenderId)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
            guard phaseNow == .contracted else {
                if phaseNow == .filed { throw StateConflict("already_filed", "the contract was already filed") }
                throw StateConflict.wrongPhase(phaseNow, "file the contract")
            }
            guard let row = try await tx.raw("SELECT filing_due_at FROM contracts WHERE tender_id = \(bind: tenderId) AND filed_at IS NULL").first() else {
                throw StateConflict("already_filed", "the contract was already filed")
            }
            let due = try row.decode(column: "filing_due_at", as: Int64.self)
            let late = now > due
            try await tx.raw("""
                UPDATE contracts SET filing_reference = \(bind: reference), filing_authority = \(bind: authority), filed_at = \(bind: now),
                filing_late = \(bind: Int64(late ? 1 : 0)) WHERE tender_id = \(bind: tenderId)
                """).run()
            try await tx.raw("UPDATE tenders SET filed_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: tenderId)").run()
            try await tx.raw("UPDATE obligations SET met_at = \(bind: now) WHERE kind = 'contract_filing' AND subject_id = \(bind: tenderId)").run()
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .contractFiled, tenderId: tenderId, details: [
                "reference": reference, "authority": authority, "late": late ? "true" : "false",
            ])
        }
        let contract = try await Self.contractResponse(req, tenderId: t.id)
        let response = Response(status: .created)
        guard let filed = contract.filing else { throw APIError.notFound("filing") }
        try response.content.encode(filed)
        return response
    }

    // MARK: obligations

    /// Procurement, auditors and admins: every open or met legal deadline, overdue and due first.
    @Sendable func obligations(req: Request) async throws -> ObligationList {
        _ = try req.require(.procurement, .auditor, .admin)
        let page = try PageRequest(req)
        let now = req.tender.nowMillis
        let state = req.query[String.self, at: "state"] ?? "all"
        var conditions: [SQLQueryString] = ["g.cancelled_at IS NULL"]
        switch state {
        case "due": conditions.append("g.met_at IS NULL AND g.due_at > \(bind: now)")
        case "overdue": conditions.append("g.met_at IS NULL AND g.due_at <= \(bind: now)")
        case "met": conditions.append("g.met_at IS NOT NULL AND g.met_at <= g.due_at")
        case "met_late": conditions.append("g.met_at IS NOT NULL AND g.met_at > g.due_at")
        case "open": conditions.append("g.met_at IS NULL")
        case "all": break
        default: throw APIError.invalid("invalid_state", "state must be due, overdue, met, met_late, open or all", field: "state")
        }
        if let tenderId = req.query[String.self, at: "tenderId"] {
            guard let id = UUID(uuidString: tenderId)?.uuidString.lowercased() else { throw APIError.invalid("invalid_id", "tenderId must be a UUID", field: "tenderId") }
            conditions.append("g.tender_id = \(bind: id)")
        }
        func all(_ extra: SQLQueryString) -> SQLQueryString { (conditions + [extra]).dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 } }
        let openWhere = all("g.met_at IS NULL"), metWhere = all("g.met_at IS NOT NULL")
        // Two segments read in the order of the index obligations_state (met_at, cancelled_at, due_at)
        // instead of one sort: open ones by due date, then met ones, most recently met first.
        let openCount = try await req.sql.raw("SELECT COUNT(*) AS n FROM obligations g WHERE \(openWhere)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let metCount = try await req.sql.raw("SELECT COUNT(*) AS n FROM obligations g WHERE \(metWhere)").first()?.decode(column: "n", as: Int64.self) ?? 0
        let total = openCount + metCount
        let columns: SQLQueryString = "SELECT g.id, g.tender_id, t.title, g.kind, g.starts_at, g.due_at, g.met_at FROM obligations g JOIN tenders t ON t.id = g.tender_id"
        var rows: [any SQLRow] = []
        let offset = Int64(page.offset), per = Int64(page.per)
        if offset < openCount {
            rows += try await req.sql.raw(columns + " WHERE \(openWhere) ORDER BY g.met_at, g.cancelled_at, g.due_at LIMIT \(bind: per) OFFSET \(bind: offset)").all()
        }
        if Int64(rows.count) < per, metCount > 0 {
            let metOffset = max(0, offset - openCount)
            rows += try await req.sql.raw(
                columns + " WHERE \(metWhere) ORDER BY g.met_at DESC, g.cancelled_at DESC, g.due_at DESC LIMIT \(bind: per - Int64(rows.count)) OFFSET \(bind: metOffset)").all()
        }
        let items = try rows.map { row in
            let due = try row.decode(column: "due_at", as: Int64.self)
            let met = try row.decode(column: "met_at", as: Int64?.self)
            let state: String = met.map { $0 <= due ? "met" : "met_late" } ?? (now < due ? "due" : "overdue")
            return ObligationResponse(
                id: try row.decode(column: "id", as: String.self), tenderId: try row.decode(column: "tender_id", as: String.self),
                tenderTitle: try row.decode(column: "title", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                startsAt: Timestamp.format(milliseconds: try row.decode(column: "starts_at", as: Int64.self)), dueAt: Timestamp.format(milliseconds: due),
                state: state, metAt: met.map { Timestamp.format(milliseconds: $0) })
        }
        return ObligationList(items: items, metadata: page.metadata(total: total))
    }
}

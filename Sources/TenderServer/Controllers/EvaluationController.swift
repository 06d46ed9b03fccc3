import Crypto
import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

struct CommitteeRequest: Content {
    struct Member: Content {
        let userId: String
        let kind: String
    }
    let members: [Member]
    let chairId: String
}

struct CommitteeResponse: Content {
    struct Member: Content {
        let number: Int
        let userId: String
        let name: String
        let kind: String
        let chair: Bool
        let declared: Bool
        let recused: Bool
        let conflicts: [String]?
    }
    let members: [Member]
    let chairId: String?
    let minimumSize: Int
}

struct DeclarationRequest: Content {
    let conflicts: [String]
}

struct DeclarationResponse: Content {
    let userId: String
    let conflicts: [String]
    let recused: Bool
    let declaredAt: String
}

struct ScoresheetRequest: Content {
    let qualification: [String: Bool]?
    let scores: [String: Double]?
}

struct ScoresheetResponse: Content {
    let bidId: String
    let qualification: [String: Bool]
    let scores: [String: String]
    let updatedAt: String
    /// The salt of the audit log's fingerprint of this sheet (`scoresheet.saved`, `sheetSha256`).
    let salt: String?
}

struct ScoresheetListResponse: Content {
    let items: [ScoresheetResponse]
}

struct EvaluationResponse: Content {
    struct Entry: Content {
        let rank: Int?
        let bidId: String
        let vendorId: String
        let price: String?
        let valid: Bool
        let reasons: [String]
        let scores: [String: String]
        let total: String?
        let abnormallyLow: Bool
    }
    struct Outlier: Content {
        let bidId: String
        let criterion: String
        let member: String
        let score: String
        let othersMean: String
    }
    struct Progress: Content {
        let members: Int
        let declared: Int
        let recused: Int
        let revealedBids: Int
        let sheetsExpected: Int
        let sheetsSubmitted: Int
    }
    let status: String
    let failed: Bool
    let finalizedAt: String?
    let ranking: [Entry]
    let candidates: [String]
    let outliers: [Outlier]
    let abnormallyLow: [String]
    let progress: Progress?
}

extension EvaluationResponse {
    /// The JSON `JSONEncoder` would write (same meaning; tested), several times faster on the
    /// thousands of entries of a large tender, and byte-for-byte the same for the same result
    /// (object keys in a fixed order, score keys sorted), so its stored SHA-256 is reproducible.
    var jsonBytes: [UInt8] {
        var w = JSONWriter(capacity: 1024 + ranking.count * 512)
        w.open()
        w.field("status", status)
        w.bool("failed", failed)
        w.field("finalizedAt", finalizedAt)
        w.key("ranking")
        w.beginArray()
        for e in ranking {
            w.element()
            w.open()
            if let rank = e.rank { w.key("rank"); w.literal(String(rank)) }
            w.field("bidId", e.bidId)
            w.field("vendorId", e.vendorId)
            w.field("price", e.price)
            w.bool("valid", e.valid)
            w.key("reasons")
            w.array(e.reasons)
            w.key("scores")
            w.sortedObject(e.scores)
            w.field("total", e.total)
            w.bool("abnormallyLow", e.abnormallyLow)
            w.close()
        }
        w.endArray()
        w.key("candidates")
        w.array(candidates)
        w.key("outliers")
        w.beginArray()
        for o in outliers {
            w.element()
            w.open()
            w.field("bidId", o.bidId)
            w.field("criterion", o.criterion)
            w.field("member", o.member)
            w.field("score", o.score)
            w.field("othersMean", o.othersMean)
            w.close()
        }
        w.endArray()
        w.key("abnormallyLow")
        w.array(abnormallyLow)
        if let g = progress {
            w.key("progress")
            w.open()
            for (k, v) in [("members", g.members), ("declared", g.declared), ("recused", g.recused), ("revealedBids", g.revealedBids),
                           ("sheetsExpected", g.sheetsExpected), ("sheetsSubmitted", g.sheetsSubmitted)] {
                w.key(k)
                w.literal(String(v))
            }
            w.close()
        }
        w.close()
        return w.bytes
    }
}

struct PublicScoresheetsResponse: Content {
    struct Sheet: Content {
        let member: String
        let bidId: String
        let qualification: [String: Bool]
        let scores: [String: String]
    }
    let criteria: [Criterion]
    let budget: String
    let members: [String]
    let trimExtremesFrom: Int
    let sheets: [Sheet]
    let ranking: [EvaluationResponse.Entry]
}

/// docs/DESIGN.md §5: committee, declarations, scoresheets, finalization and the result.
struct EvaluationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let t = routes.grouped("tenders", ":tenderId")
        t.put("committee", use: putCommittee)
        t.get("committee", use: getCommittee)
        t.post("declarations", use: declare)
        t.get("declarations", "me", use: myDeclaration)
        t.put("scoresheets", ":bidId", use: putSheet)
        t.get("scoresheets", use: listSheets)
        t.post("evaluation", "finalize", use: finalize)
        t.get("evaluation", use: evaluation)
        t.get("evaluation", "scoresheets", use: publicSheets)
        t.get("evaluation", "report.csv", use: reportCSV)
        t.get("evaluation", "report.html", use: reportHTML)
    }

    // MARK: committee

    /// An upper bound on the committee list a request may send (committees have 5 to a few dozen members).
    static let maximumCommitteeSize = 99

    @Sendable func putCommittee(req: Request) async throws -> CommitteeResponse {
        // docs/DESIGN.md §5: procurement forms the committee (admins manage accounts, not tenders).
        let actor = try req.require(.procurement).userId
        let t = try await req.visibleTender()
        guard t.status != .cancelled else { throw StateConflict.wrongPhase(.cancelled, "change the committee") }
        guard t.evaluatedAt == nil else { throw StateConflict("evaluation_final", "the evaluation is final; the committee can no longer change") }
        let body = try req.content.decode(CommitteeRequest.self)
        let rules = try Self.rules(req, t)
        let size = body.members.count
        // Bounded first; duplicates found with a set, evaluators with one query: linear checks.
        guard size <= Self.maximumCommitteeSize else {
            throw RuleViolation("committee_too_large", "a committee has at most \(Self.maximumCommitteeSize) members", field: "members")
        }
        var ids: [String] = []
        var seen = Set<String>()
        for (i, m) in body.members.enumerated() {
            guard let uuid = UUID(uuidString: m.userId) else {
                throw APIError.invalid("not_an_evaluator", "members[\(i)].userId is not an evaluator account", field: "members[\(i)].userId")
            }
            guard CommitteeComposition.Kind(rawValue: m.kind) != nil else {
                throw APIError.invalid("invalid_member_kind", "kind must be 'expert' or 'representative'", field: "members[\(i)].kind")
            }
            let id = uuid.uuidString.lowercased()
            guard seen.insert(id).inserted else {
                throw APIError.invalid("duplicate_member", "a member appears more than once", field: "members[\(i)].userId")
            }
            ids.append(id)
        }
        // 招标投标法 art. 37: the composition rule lives in the domain.
        let chair = UUID(uuidString: body.chairId)?.uuidString.lowercased()
        try CommitteeComposition.validate(
            kinds: body.members.compactMap { CommitteeComposition.Kind(rawValue: $0.kind) }, chairIsMember: chair.map(seen.contains) ?? false,
            minimumSize: rules.committeeMinSize)
        guard let chair else { throw RuleViolation("chair_not_member", "the chair must be one of the members", field: "chairId") }
        let evaluators = Set(try await req.sql.raw("SELECT id FROM users WHERE role = 'evaluator' AND id IN (\(binds: ids))").all()
            .map { try $0.decode(column: "id", as: String.self) })
        if let i = ids.firstIndex(where: { !evaluators.contains($0) }) {
            throw APIError.invalid("not_an_evaluator", "members[\(i)].userId is not an evaluator account", field: "members[\(i)].userId")
        }
        let now = req.tender.nowMillis
        let tenderId = t.id
        let members = body.members
        let memberIds = ids
        try await inTransaction(req.db) { tx in
            guard try await Self.touchEvaluation(tx, tenderId: tenderId) == false else {
                throw StateConflict("evaluation_final", "the evaluation is final; the committee can no longer change")
            }
            // Sheets of members who leave no longer count; members who stay keep theirs.
            try await tx.raw("""
                UPDATE scoresheets SET voided_at = \(bind: now)
                WHERE tender_id = \(bind: tenderId) AND voided_at IS NULL AND member_id NOT IN (\(binds: memberIds))
                """).run()
            try await tx.raw("DELETE FROM committee_members WHERE tender_id = \(bind: tenderId)").run()
            for (i, m) in members.enumerated() {
                try await tx.raw("""
                    INSERT INTO committee_members (tender_id, user_id, kind, position, chair, added_at)
                    VALUES (\(bind: tenderId), \(bind: memberIds[i]), \(bind: m.kind), \(bind: Int64(i + 1)), \(bind: Int64(memberIds[i] == chair ? 1 : 0)), \(bind: now))
                    """).run()
            }
            try await AuditStore.append(tx, at: now, actor: actor, action: .committeeSet, tenderId: tenderId, details: [
                "members": memberIds.joined(separator: ","), "chairId": chair,
            ])
        }
        return try await Self.committee(req, t)
    }

    /// Staff and the committee's own members; nobody else until the award is published.
    @Sendable func getCommittee(req: Request) async throws -> CommitteeResponse {
        let t = try await req.visibleTender()
        try await Self.requireInsiderOrPublished(req, t)
        return try await Self.committee(req, t)
    }

    static func committee(_ req: Request, _ t: TenderRecord) async throws -> CommitteeResponse {
        let members = try await CommitteeStore.members(req.sql, tenderId: t.id)
        let staff = req.principal?.role.isStaff == true
        return CommitteeResponse(
            members: members.enumerated().map { i, m in
                .init(
                    number: i + 1, userId: m.userId, name: m.name, kind: m.kind, chair: m.chair, declared: m.declared, recused: m.recused,
                    conflicts: staff || m.userId == req.principal?.userId ? m.conflicts : nil)
            },
            chairId: members.first { $0.chair }?.userId, minimumSize: try rules(req, t).committeeMinSize)
    }

    // MARK: declarations

    @Sendable func declare(req: Request) async throws -> Response {
        let p = try req.require(.evaluator)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        try Self.requireOpenEvaluation(t, now: now, from: t.submissionDeadline, action: "declare conflicts of interest")
        let body = try req.content.decode(DeclarationRequest.self)
        var conflicts: [String] = []
        for (i, c) in body.conflicts.enumerated() {
            guard let id = UUID(uuidString: c)?.uuidString.lowercased() else {
                throw APIError.invalid("unknown_vendor", "conflicts[\(i)] is not a vendor id", field: "conflicts[\(i)]")
            }
            if !conflicts.contains(id) { conflicts.append(id) }
        }
        if !conflicts.isEmpty {
            let known = try await req.sql.raw("SELECT user_id FROM vendors WHERE user_id IN (\(binds: conflicts))").all().count
            guard known == conflicts.count else { throw APIError.invalid("unknown_vendor", "a conflict names an unknown vendor", field: "conflicts") }
        }
        let json = String(decoding: try JSONEncoder().encode(conflicts), as: UTF8.self)
        let tenderId = t.id
        let declared = conflicts
        do {
            try await inTransaction(req.db) { tx in
                guard try await Self.touchEvaluation(tx, tenderId: tenderId) == false else {
                    throw StateConflict("evaluation_final", "the evaluation is final")
                }
                try await tx.raw("""
                    INSERT INTO declarations (tender_id, user_id, conflicts, declared_at) VALUES (\(bind: tenderId), \(bind: p.userId), \(bind: json), \(bind: now))
                    """).run()
                try await AuditStore.append(tx, at: now, actor: p.userId, action: .declarationMade, tenderId: tenderId, details: [
                    "conflicts": declared.joined(separator: ","), "recused": declared.isEmpty ? "false" : "true",
                ])
            }
        } catch where error.isUniqueViolation {
            throw StateConflict("already_declared", "the declaration was already made; it cannot be changed")
        }
        let response = Response(status: .created)
        try response.content.encode(DeclarationResponse(
            userId: p.userId, conflicts: conflicts, recused: !conflicts.isEmpty, declaredAt: Timestamp.format(milliseconds: now)))
        return response
    }

    @Sendable func myDeclaration(req: Request) async throws -> DeclarationResponse {
        let p = try req.require(.evaluator)
        let t = try await req.visibleTender()
        guard let m = try await CommitteeStore.members(req.sql, tenderId: t.id).first(where: { $0.userId == p.userId }), let c = m.conflicts,
            let row = try await req.sql.raw("SELECT declared_at FROM declarations WHERE tender_id = \(bind: t.id) AND user_id = \(bind: p.userId)").first()
        else { throw APIError.notFound("declaration") }
        return DeclarationResponse(
            userId: p.userId, conflicts: c, recused: !c.isEmpty, declaredAt: Timestamp.format(milliseconds: try row.decode(column: "declared_at", as: Int64.self)))
    }

    // MARK: scoresheets

    @Sendable func putSheet(req: Request) async throws -> ScoresheetResponse {
        let p = try req.require(.evaluator)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        try Self.requireOpenEvaluation(t, now: now, from: t.revealDeadline, action: "score bids")
        let member = try await Self.activeMember(req, t, p)
        let bidId = try pathID(req, "bidId", "bid")
        guard let bid = try await BidStore.find(req.sql, id: bidId, tenderId: t.id), bid.status.isRevealed || bid.status == .sealed
        else { throw APIError.notFound("bid") }
        guard bid.status == .revealed else {
            throw StateConflict("not_scorable", "only revealed, valid bid documents are scored (this bid is \(bid.displayStatus(tender: t, now: now)))")
        }
        let body = try req.content.decode(ScoresheetRequest.self)
        let (qualification, scores) = try Self.validateSheet(body, criteria: t.criteria)
        let qJSON = String(decoding: try JSONEncoder().encode(qualification), as: UTF8.self)
        let sJSON = String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)
        let (tenderId, memberId) = (t.id, member.userId)
        let salt = ScoresheetDigest.newSalt()
        let digest = ScoresheetDigest.sha256(salt: salt, qualification: qualification, scores: scores)
        try await inTransaction(req.db) { tx in
            guard try await Self.touchEvaluation(tx, tenderId: tenderId) == false else {
                throw StateConflict("evaluation_final", "the evaluation is final; scoresheets are locked")
            }
            let locked = try await TenderStore.lock(tx, id: tenderId)
            guard locked.status == .published else { throw StateConflict.wrongPhase(.cancelled, "score bids") }
            try await tx.raw("""
                INSERT INTO scoresheets (tender_id, bid_id, member_id, qualification, scores, updated_at, salt)
                VALUES (\(bind: tenderId), \(bind: bidId), \(bind: memberId), \(bind: qJSON), \(bind: sJSON), \(bind: now), \(bind: salt))
                ON CONFLICT (bid_id, member_id) DO UPDATE SET qualification = excluded.qualification, scores = excluded.scores,
                    updated_at = excluded.updated_at, voided_at = NULL, salt = excluded.salt
                """).run()
            // The fingerprint, never the scores: nobody may read a sheet before finalization.
            try await AuditStore.append(tx, at: now, actor: memberId, action: .scoresheetSaved, tenderId: tenderId, details: [
                "bidId": bidId, "sheetSha256": digest,
            ])
        }
        return ScoresheetResponse(
            bidId: bid.id, qualification: qualification, scores: scores.mapValues(ExactMath.hundredths), updatedAt: Timestamp.format(milliseconds: now),
            salt: salt)
    }

    /// A member reads only its own sheets; staff read everyone's once the evaluation is final.
    @Sendable func listSheets(req: Request) async throws -> ScoresheetListResponse {
        let p = try req.require()
        let t = try await req.visibleTender()
        let memberId: String?
        if p.role == .evaluator {
            memberId = p.userId
        } else if p.role.isStaff {
            guard t.evaluatedAt != nil else {
                throw APIError(.forbidden, "sealed", "scoresheets are sealed until the evaluation is final; see the progress in GET …/evaluation")
            }
            memberId = nil
        } else {
            throw APIError.forbidden()
        }
        let sheets = try await CommitteeStore.sheets(req.sql, tenderId: t.id, memberId: memberId)
        return ScoresheetListResponse(items: sheets.map {
            ScoresheetResponse(
                bidId: $0.bidId, qualification: $0.qualification, scores: $0.scores.mapValues(ExactMath.hundredths),
                updatedAt: Timestamp.format(milliseconds: $0.updatedAt), salt: $0.salt)
        })
    }

    static func validateSheet(_ body: ScoresheetRequest, criteria: [Criterion]) throws -> ([String: Bool], [String: Int64]) {
        let q = body.qualification ?? [:]
        let s = body.scores ?? [:]
        let qualificationKeys = criteria.filter { $0.type == .qualification }.map(\.key)
        let scored = criteria.filter { $0.type == .scored }
        for key in q.keys.sorted() where !qualificationKeys.contains(key) {
            throw APIError.invalid("unknown_criterion", "'\(key)' is not a qualification criterion of this tender", field: "qualification.\(key)")
        }
        for key in s.keys.sorted() where !scored.contains(where: { $0.key == key }) {
            throw APIError.invalid("unknown_criterion", "'\(key)' is not a scored criterion of this tender", field: "scores.\(key)")
        }
        for key in qualificationKeys where q[key] == nil {
            throw APIError.invalid("missing_score", "qualification '\(key)' must be true or false", field: "qualification.\(key)")
        }
        var scores: [String: Int64] = [:]
        for c in scored {
            guard let v = s[c.key] else { throw APIError.invalid("missing_score", "score '\(c.key)' is required", field: "scores.\(c.key)") }
            let h = Criterion.hundredths(v)
            guard h != Int.min, h >= 0, h <= c.maxScoreHundredths! else {
                throw APIError.invalid(
                    "score_out_of_range", "score '\(c.key)' must be between 0 and \(ExactMath.hundredths(Int64(c.maxScoreHundredths!))) with at most 2 decimals",
                    field: "scores.\(c.key)")
            }
            scores[c.key] = Int64(h)
        }
        return (q, scores)
    }

    // MARK: finalize and result

    @Sendable func finalize(req: Request) async throws -> Response {
        let p = try req.require(.procurement, .evaluator)
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        try Self.requireOpenEvaluation(t, now: now, from: t.revealDeadline, action: "finalize the evaluation")
        let rules = try Self.rules(req, t)
        let tenderId = t.id
        // Optimistic: read the version first, then the inputs (each input change bumps the version in
        // its own transaction), compute without holding any lock, and store only if the version has
        // not moved, i.e. nothing was committed after the inputs were read. After
        // `TENDER_FINALIZE_ATTEMPTS` misses (members still saving sheets; default 3) the whole
        // computation runs under the tender's exclusive lock.
        do {
            for _ in 0..<req.tender.config.finalizeAttempts {
                let version = try await Self.evaluationVersion(req.sql, tenderId: tenderId, lock: false)
                let (result, resultJSON, membersJSON) = try await Self.compute(req.sql, t, rules: rules, finalizer: p, now: now)
                let stored = try await inTransaction(req.db) { w -> Bool in
                    guard try await Self.evaluationVersion(w, tenderId: tenderId, lock: true) == version else { return false }
                    try await Self.store(w, tenderId: tenderId, result: result, resultJSON: resultJSON, membersJSON: membersJSON, by: p.userId, now: now)
                    return true
                }
                if stored { return Response.json(.ok, bytes: Array(resultJSON.utf8)) }
            }
            let resultJSON = try await inTransaction(req.db) { tx -> String in
                _ = try await Self.evaluationVersion(tx, tenderId: tenderId, lock: true)
                let (result, resultJSON, membersJSON) = try await Self.compute(tx, t, rules: rules, finalizer: p, now: now)
                try await Self.store(tx, tenderId: tenderId, result: result, resultJSON: resultJSON, membersJSON: membersJSON, by: p.userId, now: now)
                return resultJSON
            }
            return Response.json(.ok, bytes: Array(resultJSON.utf8))
        } catch where error.isUniqueViolation {
            throw StateConflict("evaluation_final", "the evaluation is already final")
        }
    }

    /// The evaluation's input version; 409 `evaluation_final` once final. `lock`: the tender row is
    /// held exclusively (PostgreSQL `FOR UPDATE`; on SQLite the write transaction holds everything).
    static func evaluationVersion(_ tx: any SQLDatabase, tenderId: String, lock: Bool) async throws -> Int64 {
        let suffix: SQLQueryString = lock && tx.dialect.name != "sqlite" ? " FOR UPDATE" : ""
        guard let row = try await tx.raw("SELECT evaluation_version, evaluated_at, status FROM tenders WHERE id = \(bind: tenderId)" + suffix).first() else {
            throw APIError.notFound("tender")
        }
        // A cancellation since the finalize began: nothing is stored.
        guard try row.decode(column: "status", as: String.self) == TenderStatus.published.rawValue else {
            throw StateConflict.wrongPhase(.cancelled, "finalize the evaluation")
        }
        guard try row.decode(column: "evaluated_at", as: Int64?.self) == nil else {
            throw StateConflict("evaluation_final", "the evaluation is already final")
        }
        return try row.decode(column: "evaluation_version", as: Int64.self)
    }

    /// Every change to an evaluation's inputs calls this first in its transaction: it waits for a
    /// finalize holding the row, refuses once final (answers true), and bumps the version so that
    /// a finalize computed meanwhile is not stored.
    static func touchEvaluation(_ tx: any SQLDatabase, tenderId: String) async throws -> Bool {
        guard let row = try await tx.raw("""
            UPDATE tenders SET evaluation_version = evaluation_version + 1 WHERE id = \(bind: tenderId) RETURNING evaluated_at
            """).first() else { throw APIError.notFound("tender") }
        return try row.decode(column: "evaluated_at", as: Int64?.self) != nil
    }

    /// Reads the committee, bids and sheets and runs the engine; the rules of docs/DESIGN.md §5.
    static func compute(_ db: any SQLDatabase, _ t: TenderRecord, rules: RuleSet, finalizer p: Principal, now: Int64) async throws
        -> (EvaluationResult, String, String)
    {
        let members = try await CommitteeStore.members(db, tenderId: t.id)
        if p.role == .evaluator, !(members.first { $0.userId == p.userId }?.chair ?? false) {
            throw APIError.forbidden("only procurement staff or the committee's chair finalize the evaluation")
        }
        let counting = members.filter { $0.declared && !$0.recused }
        let undeclared = members.filter { !$0.declared }
        guard undeclared.isEmpty else {
            throw StateConflict("committee_incomplete", "\(undeclared.count) member(s) have not declared conflicts of interest")
        }
        guard counting.count >= rules.committeeMinSize else {
            throw StateConflict(
                "committee_incomplete",
                "\(counting.count) non-recused member(s), at least \(rules.committeeMinSize) needed: replace recused members")
        }
        let bids = try await CommitteeStore.evaluatedBids(db, tenderId: t.id)
        let sheets = try await CommitteeStore.sheets(db, tenderId: t.id)
        // The public labels "Member 1…n" follow a random order drawn here and stored with the
        // result (`evaluations.members`), the same in the sheets and the outlier flags; never the
        // committee's order, which is public after the award and would name each sheet's author.
        let labelled = MemberLabels.draw(counting.map(\.userId))
        let input = try Self.engineInput(t, rules: rules, bids: bids, members: labelled, sheets: sheets)
        let result = EvaluationEngine.evaluate(input)
        // Encoded once, stored, and served as is by GET …/evaluation.
        let resultJSON = String(decoding: Self.response(result, finalizedAt: now).jsonBytes, as: UTF8.self)
        let membersJSON = String(decoding: try JSONEncoder().encode(labelled), as: UTF8.self)
        return (result, resultJSON, membersJSON)
    }

    static func store(
        _ tx: any SQLDatabase, tenderId: String, result: EvaluationResult, resultJSON: String, membersJSON: String, by userId: String, now: Int64
    ) async throws {
        try await tx.raw("""
            INSERT INTO evaluations (tender_id, result, members, finalized_by, finalized_at)
            VALUES (\(bind: tenderId), \(bind: resultJSON), \(bind: membersJSON), \(bind: userId), \(bind: now))
            """).run()
        try await tx.raw("""
            UPDATE tenders SET evaluated_at = \(bind: now), failed_at = \(bind: result.failed ? now : nil), updated_at = \(bind: now)
            WHERE id = \(bind: tenderId)
            """).run()
        try await AuditStore.append(tx, at: now, actor: userId, action: .evaluationFinalized, tenderId: tenderId, details: [
            "failed": result.failed ? "true" : "false", "candidates": result.candidates.joined(separator: ","),
            "resultSha256": Commitment.hex(SHA256.hash(data: Data(resultJSON.utf8))),
        ])
    }

    /// Builds the engine's arrays; 409 `committee_incomplete` when a counting member lacks a sheet for a revealed bid.
    static func engineInput(_ t: TenderRecord, rules: RuleSet, bids: [BidRecord], members: [String], sheets: [CommitteeStore.StoredSheet]) throws -> EvaluationInput {
        let memberIndex = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        let bidIndex = Dictionary(uniqueKeysWithValues: bids.enumerated().map { ($1.id, $0) })
        let scoredKeys = t.criteria.filter { $0.type == .scored }.map(\.key)
        let qualificationKeys = t.criteria.filter { $0.type == .qualification }.map(\.key)
        var grid = [[EvaluationInput.Sheet?]](repeating: [EvaluationInput.Sheet?](repeating: nil, count: members.count), count: bids.count)
        for s in sheets {
            guard let b = bidIndex[s.bidId], let m = memberIndex[s.memberId] else { continue }
            grid[b][m] = EvaluationInput.Sheet(
                qualification: qualificationKeys.map { s.qualification[$0] ?? false }, scores: scoredKeys.map { s.scores[$0] ?? 0 })
        }
        var missing = 0
        let engineBids: [EvaluationInput.Bid] = bids.enumerated().map { b, bid in
            let state: EvaluationInput.BidState
            switch bid.status {
            case .revealed:
                state = .revealed(priceCents: bid.price.flatMap(Money.init)?.cents ?? 0)
                missing += grid[b].filter { $0 == nil }.count
            case .invalid: state = .invalidDocument(priceCents: bid.price.flatMap(Money.init)?.cents)
            default: state = .unrevealed
            }
            return .init(id: bid.id, vendorId: bid.vendorId, submittedAt: bid.submittedAt, state: state)
        }
        guard missing == 0 else {
            throw StateConflict("committee_incomplete", "\(missing) scoresheet(s) missing: every non-recused member scores every revealed bid")
        }
        return EvaluationInput(
            criteria: t.criteria, budgetCents: t.budget.cents, minimumValidBids: rules.minimumValidBids, trimExtremesFrom: rules.trimExtremesFrom,
            outlierShare: Share(rules.outlierShare) ?? Share("0.3")!, abnormallyLowShare: Share(rules.abnormallyLowShare) ?? Share("0.8")!,
            memberCount: members.count, bids: engineBids, sheets: grid)
    }

    @Sendable func evaluation(req: Request) async throws -> Response {
        let t = try await req.visibleTender()
        try await Self.requireInsiderOrPublished(req, t)
        if let final = try await CommitteeStore.final(req.sql, tenderId: t.id) { return Response.json(.ok, bytes: Array(final.json.utf8)) }
        let members = try await CommitteeStore.members(req.sql, tenderId: t.id)
        let bids = try await CommitteeStore.evaluatedBids(req.sql, tenderId: t.id)
        let counting = members.filter { $0.declared && !$0.recused }
        let revealed = Set(bids.filter { $0.status == .revealed }.map(\.id))
        let countingIds = Set(counting.map(\.userId))
        let submitted = try await CommitteeStore.sheets(req.sql, tenderId: t.id).filter { revealed.contains($0.bidId) && countingIds.contains($0.memberId) }.count
        let pending = EvaluationResponse(
            status: "pending", failed: false, finalizedAt: nil, ranking: [], candidates: [], outliers: [], abnormallyLow: [],
            progress: .init(
                members: members.count, declared: members.filter(\.declared).count, recused: members.filter(\.recused).count,
                revealedBids: revealed.count, sheetsExpected: revealed.count * counting.count, sheetsSubmitted: submitted))
        return Response.json(.ok, bytes: Array(try JSONEncoder().encode(pending)))
    }

    static func response(_ r: EvaluationResult, finalizedAt: Int64) -> EvaluationResponse {
        EvaluationResponse(
            status: "final", failed: r.failed, finalizedAt: Timestamp.format(milliseconds: finalizedAt),
            ranking: r.ranking.map(entry), candidates: r.candidates,
            outliers: r.outliers.map {
                .init(bidId: $0.bidId, criterion: $0.criterion, member: "Member \($0.member)", score: ExactMath.hundredths($0.scoreHundredths),
                      othersMean: ExactMath.hundredths($0.othersMeanHundredths))
            },
            abnormallyLow: r.ranking.filter(\.abnormallyLow).map(\.bidId), progress: nil)
    }

    static func entry(_ e: EvaluationResult.Entry) -> EvaluationResponse.Entry {
        .init(
            rank: e.rank, bidId: e.bidId, vendorId: e.vendorId, price: e.priceCents.map(ExactMath.hundredths), valid: e.valid, reasons: e.reasons,
            scores: e.scores.mapValues(ExactMath.hundredths), total: e.totalHundredths.map(ExactMath.hundredths), abnormallyLow: e.abnormallyLow)
    }

    /// The anonymized sheets ("Member 1…n") with criteria and weights, so anyone can recompute the ranking.
    @Sendable func publicSheets(req: Request) async throws -> PublicScoresheetsResponse {
        let t = try await req.visibleTender()
        try await Self.requireInsiderOrPublished(req, t)
        guard let f = try await CommitteeStore.final(req.sql, tenderId: t.id) else {
            throw StateConflict("evaluation_pending", "the scoresheets are published once the evaluation is final")
        }
        let number = Dictionary(uniqueKeysWithValues: f.members.enumerated().map { ($1, $0 + 1) })
        let sheets = try await CommitteeStore.sheets(req.sql, tenderId: t.id).compactMap { s -> PublicScoresheetsResponse.Sheet? in
            guard let n = number[s.memberId] else { return nil }
            return .init(member: "Member \(n)", bidId: s.bidId, qualification: s.qualification, scores: s.scores.mapValues(ExactMath.hundredths))
        }.sorted { ($0.bidId, Int($0.member.dropFirst(7)) ?? 0) < ($1.bidId, Int($1.member.dropFirst(7)) ?? 0) }
        return PublicScoresheetsResponse(
            criteria: t.criteria, budget: t.budget.description, members: f.members.indices.map { "Member \($0 + 1)" },
            trimExtremesFrom: try Self.rules(req, t).trimExtremesFrom, sheets: sheets, ranking: try f.response().ranking)
    }

    // MARK: reports

    @Sendable func reportCSV(req: Request) async throws -> Response {
        let (t, f, sheets, members) = try await reportData(req)
        var lines = ["bid_id,vendor_id,price,valid,reasons,rank,total,criterion,criterion_score,member,member_score"]
        func csv(_ s: String) -> String {
            // Quote always; neutralize spreadsheet formulas (a leading = + - @).
            let safe = s.first.map { "=+-@".contains($0) } == true ? "'" + s : s
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let scored = t.criteria.filter { $0.type != .qualification }
        let bySheet = Dictionary(grouping: sheets, by: \.bidId)
        for e in try f.response().ranking {
            let head = [e.bidId, e.vendorId, e.price ?? "", e.valid ? "true" : "false", e.reasons.joined(separator: " "),
                        e.rank.map(String.init) ?? "", e.total ?? ""]
            for c in scored {
                let criterionScore = e.scores[c.key] ?? ""
                if c.type == .price {
                    lines.append((head + [c.key, criterionScore, "", ""]).map(csv).joined(separator: ","))
                    continue
                }
                for s in (bySheet[e.bidId] ?? []) {
                    guard let n = members.firstIndex(of: s.memberId) else { continue }
                    lines.append((head + [c.key, criterionScore, "Member \(n + 1)", s.scores[c.key].map(ExactMath.hundredths) ?? ""]).map(csv).joined(separator: ","))
                }
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/csv; charset=utf-8")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"evaluation-\(t.id).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
    }

    @Sendable func reportHTML(req: Request) async throws -> Response {
        let (t, f, _, members) = try await reportData(req)
        let names = Dictionary(uniqueKeysWithValues: try await CommitteeStore.members(req.sql, tenderId: t.id).map { ($0.userId, $0.name) })
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
        }
        let keys = t.criteria.filter { $0.type != .qualification }
        let result = try f.response()
        let validCount = result.ranking.filter(\.valid).count
        var html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评标报告 Evaluation report — \(esc(t.title))</title>
            <link rel="stylesheet" href="/report.css"></head><body>
            <h1>评标报告 Evaluation report</h1><p>\(esc(t.title)) · \(esc(t.id))</p>
            <p>Finalized \(esc(Timestamp.format(milliseconds: f.finalizedAt))) · budget \(esc(t.budget.description)) \(esc(t.currency)) · \(result.failed ? "FAILED: too few valid bids" : "valid bids: \(validCount)")</p>
            <table><thead><tr><th>Rank</th><th>Bid</th><th>Vendor</th><th>Price</th>
            """
        for c in keys { html += "<th>\(esc(c.name ?? c.key)) (\(esc(ExactMath.hundredths(Int64(c.weightHundredths ?? 0)))))</th>" }
        html += "<th>Total</th><th>Notes</th></tr></thead><tbody>"
        for e in result.ranking {
            html += "<tr><td>\(e.rank.map(String.init) ?? "—")</td><td>\(esc(e.bidId))</td><td>\(esc(e.vendorId))</td><td>\(esc(e.price ?? ""))</td>"
            for c in keys { html += "<td>\(esc(e.scores[c.key] ?? ""))</td>" }
            let notes = e.reasons + (e.abnormallyLow ? ["abnormally_low"] : [])
            html += "<td>\(esc(e.total ?? ""))</td><td>\(esc(notes.joined(separator: ", ")))</td></tr>"
        }
        html += "</tbody></table><h2>Outliers</h2><ul>"
        for o in result.outliers {
            html += "<li>\(esc(o.bidId)) · \(esc(o.criterion)) · \(esc(o.member)): \(esc(o.score)) (others \(esc(o.othersMean)))</li>"
        }
        html += "</ul><h2>签字 Signatures</h2><table><tbody>"
        // By name in committee order, without the anonymous labels: the page must not map them to names.
        let signers = try await CommitteeStore.members(req.sql, tenderId: t.id).map(\.userId).filter(members.contains)
        for id in signers {
            html += "<tr><td>\(esc(names[id] ?? id))</td><td class=\"sign\">&nbsp;</td></tr>"
        }
        html += "</tbody></table></body></html>"
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/html; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }

    /// The report is for the committee's signatures: staff and members, once final.
    private func reportData(_ req: Request) async throws -> (TenderRecord, CommitteeStore.Final, [CommitteeStore.StoredSheet], [String]) {
        let t = try await req.visibleTender()
        try Self.requireInsider(req)
        guard let f = try await CommitteeStore.final(req.sql, tenderId: t.id) else {
            throw StateConflict("evaluation_pending", "the report exists once the evaluation is final")
        }
        return (t, f, try await CommitteeStore.sheets(req.sql, tenderId: t.id), f.members)
    }

    // MARK: helpers

    static func rules(_ req: Request, _ t: TenderRecord) throws -> RuleSet {
        guard let r = req.tender.config.rules(for: t.regime) else { throw APIError.invalid("unknown_regime", "the tender's regime is not configured") }
        return r
    }

    /// Staff, or an evaluator (who reaches a tender only through its committee, see `visibleTender`).
    static func requireInsider(_ req: Request) throws {
        guard let p = req.principal, p.role.isStaff || p.role == .evaluator else {
            throw APIError(.forbidden, "sealed", "the evaluation is published with the award")
        }
    }

    /// Insiders always; vendors and the public once an award has been published.
    static func requireInsiderOrPublished(_ req: Request, _ t: TenderRecord) async throws {
        if let p = req.principal, p.role.isStaff || p.role == .evaluator { return }
        guard try await AwardStore.everAwarded(req.sql, tenderId: t.id) else {
            throw APIError(.forbidden, "sealed", "the evaluation is published with the award")
        }
    }

    static func requireOpenEvaluation(_ t: TenderRecord, now: Int64, from: Int64, action: String) throws {
        guard t.status == .published else { throw StateConflict.wrongPhase(t.status == .draft ? .draft : .cancelled, action) }
        guard t.evaluatedAt == nil else { throw StateConflict("evaluation_final", "the evaluation is final") }
        guard now >= from else { throw StateConflict.wrongPhase(t.phase(at: Timestamp.date(milliseconds: now)), action) }
    }

    /// The caller as a member who may score: on the committee, declared, not recused.
    static func activeMember(_ req: Request, _ t: TenderRecord, _ p: Principal) async throws -> CommitteeStore.Member {
        guard let m = try await CommitteeStore.members(req.sql, tenderId: t.id).first(where: { $0.userId == p.userId }) else {
            throw APIError.notFound("tender")
        }
        guard m.declared else { throw StateConflict("declaration_required", "declare conflicts of interest before scoring") }
        guard !m.recused else { throw APIError(.forbidden, "recused", "you declared a conflict of interest and are recused from this tender") }
        return m
    }
}

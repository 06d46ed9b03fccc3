import FluentKit
import Foundation
import SQLKit
import TenderDomain
import Vapor

struct SubmitBidRequest: Content {
    let commitment: String
}

struct RevealBidRequest: Content {
    let salt: String
    let document: String
}

struct BidResponse: Content {
    let id: String
    let tenderId: String
    let vendorId: String
    let commitment: String
    let status: String
    let submittedAt: String
    let endedAt: String?
    let revealedAt: String?
    let price: String?
    let problems: [String]?
    /// Why a bid no longer counts, for the vendor's record (`unrevealed`, `voided`).
    let note: String?

    init(_ b: BidRecord, tender: TenderRecord, now: Int64) {
        id = b.id
        tenderId = b.tenderId
        vendorId = b.vendorId
        commitment = b.commitment
        status = b.displayStatus(tender: tender, now: now)
        submittedAt = Timestamp.format(milliseconds: b.submittedAt)
        endedAt = b.endedAt.map { Timestamp.format(milliseconds: $0) }
        revealedAt = b.revealedAt.map { Timestamp.format(milliseconds: $0) }
        price = b.price
        problems = b.problems
        switch status {
        case "unrevealed": note = "not revealed before the reveal deadline; excluded from evaluation"
        case "voided": note = "voided by an amendment of the tender; commit again against the amended tender"
        default: note = nil
        }
    }
}

struct ReceiptResponse: Content {
    let payload: String
    let signature: String
    let keyId: String
}

struct SubmitBidResponse: Content {
    let bid: BidResponse
    let receipt: ReceiptResponse

    /// The same JSON as `JSONEncoder` writes (nil fields left out), written directly: this is the
    /// response of the deadline rush, and Foundation's encoder was a measurable share of its cost.
    var jsonBytes: [UInt8] {
        var w = JSONWriter()
        w.open()
        w.key("bid"); w.open()
        w.field("id", bid.id); w.field("tenderId", bid.tenderId); w.field("vendorId", bid.vendorId)
        w.field("commitment", bid.commitment); w.field("status", bid.status); w.field("submittedAt", bid.submittedAt)
        w.field("endedAt", bid.endedAt); w.field("revealedAt", bid.revealedAt); w.field("price", bid.price)
        if let problems = bid.problems {
            w.key("problems"); w.array(problems)
        }
        w.field("note", bid.note)
        w.close()
        w.key("receipt"); w.open()
        w.field("payload", receipt.payload); w.field("signature", receipt.signature); w.field("keyId", receipt.keyId)
        w.close()
        w.close()
        return w.bytes
    }
}

struct BidListResponse: Content {
    let items: [BidResponse]
}

struct CommitmentEntry: Content {
    let bidId: String
    let vendorId: String
    let vendorName: String
    let commitment: String
    let status: String
    let submittedAt: String
}

struct CommitmentListResponse: Content {
    let count: Int
    let root: String
    let commitments: [CommitmentEntry]
}

struct ProofResponse: Content {
    let leafIndex: Int
    let treeSize: Int
    let auditPath: [String]
    let root: String
}

struct KeysResponse: Content {
    struct Key: Content {
        let keyId: String
        let algorithm: String
        let publicKey: String
        let publicKeyPem: String
    }
    let keys: [Key]
}

struct BidsController: RouteCollection {
    /// Held here rather than read from `Application.storage` (copied under a lock) on the hot path.
    let ctx: TenderContext

    func boot(routes: any RoutesBuilder) throws {
        routes.get("keys", use: keys)
        routes.post("tenders", ":tenderId", "bids", use: submit)
        routes.get("tenders", ":tenderId", "bids", use: list)
        routes.get("vendors", "me", "bids", use: mine)
        routes.get("tenders", ":tenderId", "bids", ":bidId", use: show)
        routes.delete("tenders", ":tenderId", "bids", ":bidId", use: withdraw)
        routes.post("tenders", ":tenderId", "bids", ":bidId", "reveal", use: reveal)
        routes.get("tenders", ":tenderId", "commitments", use: commitments)
        routes.get("tenders", ":tenderId", "commitments", ":bidId", "proof", use: proof)
    }

    @Sendable func keys(req: Request) async throws -> KeysResponse {
        let s = req.tender.signer
        return KeysResponse(keys: [.init(keyId: s.keyId, algorithm: "Ed25519", publicKey: s.publicKeyBase64, publicKeyPem: s.publicKeyPEM)])
    }

    /// The hot path of the deadline rush: checks that need no lock, then the group-committing writer
    /// (which also checks the deadline and the vendor's suspension at the moment of the write),
    /// then the receipt, signed only after the commitment is durable.
    @Sendable func submit(req: Request) async throws -> Response {
        let p = try req.require(.vendor)
        let body = try req.decodeJSON(SubmitBidRequest.self)
        guard Commitment.isValid(body.commitment) else {
            throw APIError.invalid("invalid_commitment", "commitment must be 64 lowercase hex characters (SHA-256)", field: "commitment")
        }
        let t: TenderRecord
        let tenderId = try pathID(req, "tenderId", "tender")
        if let cached = ctx.tenderCache.get(tenderId, now: ctx.clock.now) {
            t = cached
        } else {
            t = try await TendersController.visibleTender(req)
            ctx.tenderCache.put(t, now: ctx.clock.now)
        }
        let phase = t.phase(at: ctx.clock.now)
        if phase != .bidding {
            if t.status == .published && phase != .cancelled { throw StateConflict("deadline_passed", "the submission deadline has passed") }
            throw StateConflict.wrongPhase(phase, "submit a bid")
        }
        if t.method == "selective", !(try await TendersController.isInvited(req.sql, tenderId: t.id, vendorId: p.userId)) {
            throw APIError(.forbidden, "not_invited", "this selective tender is open to invited vendors only")
        }
        let outcome = try await ctx.bidWriter.submit(.init(tenderId: t.id, vendorId: p.userId, commitment: body.commitment))
        switch outcome {
        case .rejected(let code, let message, let status):
            throw APIError(HTTPResponseStatus(statusCode: Int(status)), code, message)
        case .stored(let bid):
            let submittedAt = Timestamp.format(milliseconds: bid.submittedAt)
            let payload = Receipt.payload(tenderId: t.id, bidId: bid.id, vendorId: p.userId, commitment: bid.commitment, submittedAt: submittedAt)
            let signer = ctx.signer
            let body = SubmitBidResponse(
                bid: BidResponse(bid, tender: t, now: bid.submittedAt),
                receipt: ReceiptResponse(payload: payload, signature: try signer.sign(payload), keyId: signer.keyId))
            return Response.json(.created, bytes: body.jsonBytes)
        }
    }

    /// A vendor's own bids on the tender, replaced and withdrawn ones included. Nobody else may ask:
    /// the answer must not depend on whether anyone bid (招标投标法 art. 22).
    @Sendable func list(req: Request) async throws -> BidListResponse {
        let p = try req.require(.vendor)
        let t = try await TendersController.visibleTender(req)
        let now = req.tender.nowMillis
        let rows = try await req.sql.raw("""
            SELECT \(BidRecord.columns) FROM bids WHERE tender_id = \(bind: t.id) AND vendor_id = \(bind: p.userId) ORDER BY submitted_at, id
            """).all()
        return BidListResponse(items: try rows.map { BidResponse(try BidRecord(row: $0), tender: t, now: now) })
    }

    /// The calling vendor's bids across all tenders, newest first, each with its tender's title and
    /// phase; `active=true` keeps the bids that still count (sealed, revealed, invalid, unrevealed).
    @Sendable func mine(req: Request) async throws -> VendorBidList {
        let p = try req.require(.vendor)
        let page = try PageRequest(req)
        let now = req.tender.nowMillis
        var filter: SQLQueryString = " WHERE vendor_id = \(bind: p.userId)"
        switch req.query[String.self, at: "active"] {
        case nil, "false": break
        case "true": filter = filter + " AND active_vendor IS NOT NULL"
        default: throw APIError.invalid("invalid_field", "'active' must be true or false", field: "active")
        }
        let total = try await req.sql.raw("SELECT COUNT(*) AS n FROM bids" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let bids = try await req.sql.raw(
            "SELECT \(BidRecord.columns) FROM bids" + filter + " ORDER BY submitted_at DESC, id LIMIT \(bind: page.per) OFFSET \(bind: page.offset)"
        ).all().map(BidRecord.init(row:))
        let tenderIds = Array(Set(bids.map(\.tenderId)))
        var tenders: [String: TenderRecord] = [:]
        if !tenderIds.isEmpty {
            for row in try await req.sql.raw("SELECT " + TenderRecord.columns + " FROM tenders WHERE id IN (\(binds: tenderIds))").all() {
                let t = try TenderRecord(row: row)
                tenders[t.id] = t
            }
        }
        let clock = req.tender.clock.now
        let items = bids.compactMap { b -> VendorBidList.Item? in
            guard let t = tenders[b.tenderId] else { return nil }
            return .init(bid: BidResponse(b, tender: t, now: now), tender: .init(
                id: t.id, title: t.title, phase: t.phase(at: clock).rawValue,
                submissionDeadline: Timestamp.format(milliseconds: t.submissionDeadline), revealDeadline: Timestamp.format(milliseconds: t.revealDeadline)))
        }
        return VendorBidList(items: items, metadata: page.metadata(total: total))
    }

    struct VendorBidList: Content {
        struct TenderSummary: Content {
            let id: String
            let title: String
            let phase: String
            let submissionDeadline: String
            let revealDeadline: String
        }
        struct Item: Content {
            let bid: BidResponse
            let tender: TenderSummary
        }
        let items: [Item]
        let metadata: PageMetadata
    }

    /// Owner any time; staff after the close; everyone else 404, as if it did not exist.
    @Sendable func show(req: Request) async throws -> BidResponse {
        let t = try await TendersController.visibleTender(req)
        let id = try pathID(req, "bidId", "bid")
        let now = req.tender.nowMillis
        guard let b = try await BidRecord.find(req.sql, id: id, tenderId: t.id) else { throw APIError.notFound("bid") }
        let owner = req.principal?.userId == b.vendorId
        let staffAfterClose = req.principal?.role.isStaff == true && now >= t.submissionDeadline
        guard owner || staffAfterClose else { throw APIError.notFound("bid") }
        return BidResponse(b, tender: t, now: now)
    }

    @Sendable func withdraw(req: Request) async throws -> BidResponse {
        let p = try req.require(.vendor)
        let t = try await TendersController.visibleTender(req)
        let id = try pathID(req, "bidId", "bid")
        guard let b = try await BidRecord.find(req.sql, id: id, tenderId: t.id), b.vendorId == p.userId else { throw APIError.notFound("bid") }
        let clock = req.tender.clock
        let tenderId = t.id
        let updated = try await inTransaction(req.db) { tx -> Bool in
            let now = Timestamp.milliseconds(clock.now)
            guard let row = try await tx.raw("SELECT submission_deadline, status FROM tenders WHERE id = \(bind: tenderId)").first(),
                try row.decode(column: "submission_deadline", as: Int64.self) > now
            else { throw StateConflict("deadline_passed", "the submission deadline has passed") }
            return try await tx.raw("""
                UPDATE bids SET status = 'withdrawn', active_vendor = NULL, ended_at = \(bind: now)
                WHERE id = \(bind: id) AND status = 'sealed' RETURNING id
                """).first() != nil
        }
        guard updated else { throw APIError.conflict("bid_not_active", "only a sealed, active bid can be withdrawn (this one is \(b.status))") }
        return BidResponse(try await BidRecord.find(req.sql, id: id, tenderId: t.id)!, tender: t, now: req.tender.nowMillis)
    }

    /// Reveal in the revealing phase: the salt and document must hash to the commitment.
    @Sendable func reveal(req: Request) async throws -> BidResponse {
        let p = try req.require(.vendor)
        let t = try await TendersController.visibleTender(req)
        let id = try pathID(req, "bidId", "bid")
        guard let b = try await BidRecord.find(req.sql, id: id, tenderId: t.id), b.vendorId == p.userId else { throw APIError.notFound("bid") }
        let body = try req.content.decode(RevealBidRequest.self)
        let now = req.tender.nowMillis
        let phase = t.phase(at: req.tender.clock.now)
        switch phase {
        case .revealing: break
        case .evaluating where t.status == .published: throw StateConflict("deadline_passed", "the reveal deadline has passed")
        default: throw StateConflict.wrongPhase(phase, "reveal")
        }
        guard b.status == "sealed" else {
            if b.status == "revealed" || b.status == "invalid" { throw APIError.conflict("already_revealed", "the bid has already been revealed") }
            throw APIError.conflict("bid_not_active", "only the active bid can be revealed (this one is \(b.status))")
        }
        guard Commitment.isValidSalt(body.salt) else {
            throw APIError.invalid("invalid_salt", "salt must be 32 to 128 lowercase hex characters", field: "salt")
        }
        let document = Data(body.document.utf8)
        guard Commitment.compute(tenderId: t.id, vendorId: p.userId, salt: body.salt, document: document) == b.commitment else {
            let tenderId = t.id
            // Audited (after the deadline, so nothing secret is told): the vendor may retry. Every
            // failure is counted on the bid; the chain gets the 1st, 2nd, 4th, 8th… with the count,
            // so a client retrying in a loop cannot grow the log by one entry per request.
            try await inTransaction(req.db) { tx in
                let failures = try await tx.raw("UPDATE bids SET reveal_failures = reveal_failures + 1 WHERE id = \(bind: id) RETURNING reveal_failures")
                    .first()?.decode(column: "reveal_failures", as: Int64.self) ?? 1
                if Self.auditsRevealFailure(failures) {
                    try await AuditLog.append(tx, at: now, actor: p.userId, action: "bid.reveal_mismatch", tenderId: tenderId, details: [
                        "bidId": id, "failures": String(failures),
                    ])
                }
            }
            req.logger.notice("reveal mismatch", metadata: ["tender": .string(t.id)])
            throw APIError.invalid("commitment_mismatch", "salt and document do not hash to the commitment; check them and retry before the reveal deadline")
        }
        let qualificationKeys = t.criteria.filter { $0.type == .qualification }.map(\.key)
        let status: String
        var price: String?
        var problems: String?
        switch BidDocument.validate(document, currency: t.currency, qualificationKeys: qualificationKeys) {
        case .success(let doc):
            status = "revealed"
            price = doc.price.description
        case .failure(let p):
            status = "invalid"
            problems = String(decoding: try JSONEncoder().encode(p.items), as: UTF8.self)
        }
        let revealDeadline = t.revealDeadline
        let tenderId = t.id
        let salt = body.salt
        let text = body.document
        let vendor = p.userId
        let (price0, problems0) = (price, problems)
        try await inTransaction(req.db) { tx in
            let price = price0, problems = problems0
            // A cancellation that committed since the phase check above ends the reveal.
            let locked = try await TenderStore.lock(tx, id: tenderId)
            let phaseNow = locked.phase(at: Timestamp.date(milliseconds: now))
            guard phaseNow == .revealing else {
                if phaseNow == .evaluating, locked.status == .published { throw StateConflict("deadline_passed", "the reveal deadline has passed") }
                throw StateConflict.wrongPhase(phaseNow, "reveal")
            }
            let done = try await tx.raw("""
                UPDATE bids SET status = \(bind: status), salt = \(bind: salt), document = \(bind: text), price = \(bind: price),
                problems = \(bind: problems), revealed_at = \(bind: now)
                WHERE id = \(bind: id) AND status = 'sealed' AND \(bind: now) < \(bind: revealDeadline) RETURNING id
                """).first()
            guard done != nil else { throw APIError.conflict("already_revealed", "the bid was revealed meanwhile") }
            try await AuditLog.append(tx, at: now, actor: vendor, action: "bid.revealed", tenderId: tenderId, details: [
                "bidId": id, "status": status, "price": price ?? "",
            ])
        }
        return BidResponse(try await BidRecord.find(req.sql, id: id, tenderId: t.id)!, tender: t, now: now)
    }

    /// Whether the `n`th failed reveal of a bid goes into the audit chain: powers of two.
    static func auditsRevealFailure(_ n: Int64) -> Bool { n > 0 && n & (n - 1) == 0 }

    /// Active bids of a closed tender, sorted by commitment, with the RFC 6962 root over them.
    static func closedCommitments(_ req: Request) async throws -> (TenderRecord, [CommitmentEntry]) {
        let t = try await TendersController.visibleTender(req)
        let now = req.tender.nowMillis
        guard t.status != .draft, now >= t.submissionDeadline else {
            throw APIError(.forbidden, "sealed", "commitments are sealed until the submission deadline")
        }
        // A cancelled tender never opens: who bid on it stays unpublished, as in its OCDS release.
        guard t.status != .cancelled else {
            throw APIError(.forbidden, "sealed", "the tender was cancelled; its commitments are never published")
        }
        let rows = try await req.sql.raw("""
            SELECT b.id, b.tender_id, b.vendor_id, b.commitment, b.status, b.submitted_at, b.ended_at, b.price, b.problems, b.revealed_at, u.name
            FROM bids b JOIN users u ON u.id = b.vendor_id
            WHERE b.tender_id = \(bind: t.id) AND b.active_vendor IS NOT NULL ORDER BY b.commitment
            """).all()
        let entries = try rows.map { row in
            let b = try BidRecord(row: row)
            return CommitmentEntry(
                bidId: b.id, vendorId: b.vendorId, vendorName: try row.decode(column: "name", as: String.self), commitment: b.commitment,
                status: b.displayStatus(tender: t, now: now), submittedAt: Timestamp.format(milliseconds: b.submittedAt))
        }
        return (t, entries)
    }

    @Sendable func commitments(req: Request) async throws -> CommitmentListResponse {
        let (_, entries) = try await Self.closedCommitments(req)
        let root = MerkleTree.root(entries.map { Commitment.bytes(hex: $0.commitment) ?? [] })
        return CommitmentListResponse(count: entries.count, root: Commitment.hex(root), commitments: entries)
    }

    @Sendable func proof(req: Request) async throws -> ProofResponse {
        let (_, entries) = try await Self.closedCommitments(req)
        let id = try pathID(req, "bidId", "bid")
        guard let index = entries.firstIndex(where: { $0.bidId == id }) else { throw APIError.notFound("commitment") }
        let leaves = entries.map { Commitment.bytes(hex: $0.commitment) ?? [] }
        return ProofResponse(
            leafIndex: index, treeSize: leaves.count, auditPath: MerkleTree.auditPath(index: index, leaves: leaves).map { Commitment.hex($0) },
            root: Commitment.hex(MerkleTree.root(leaves)))
    }
}

import Foundation
import TenderDomain
import Vapor

/// Sealed bids: commitments, receipts, withdrawal, reveal, and the commitment list with proofs.
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
        let s = ctx.signer
        return KeysResponse(keys: [.init(keyId: s.keyId, algorithm: "Ed25519", publicKey: s.publicKeyBase64, publicKeyPem: s.publicKeyPEM)])
    }

    /// The hot path of the deadline rush (`SubmitBid`); the response is written without an encoder.
    @Sendable func submit(req: Request) async throws -> Response {
        let p = try req.require(.actAsVendor)
        let body = try req.decodeJSON(SubmitBidRequest.self)
        guard Commitment.isValid(body.commitment) else {
            throw APIError.invalid("invalid_commitment", "commitment must be 64 lowercase hex characters (SHA-256)", field: "commitment")
        }
        let tenderId = try pathID(req, "tenderId", "tender")
        let useCase = UseCaseContext(db: req.db, app: ctx, principal: p, logger: req.logger)
        let (bid, t, receipt) = try await SubmitBid(ctx: useCase).run(
            tenderId: tenderId, commitment: body.commitment, escrow: body.escrow, address: req.clientAddress, by: p)
        let response = SubmitBidResponse(
            bid: BidResponse(bid, tender: t, now: bid.submittedAt),
            receipt: ReceiptResponse(payload: receipt.payload, signature: receipt.signature, keyId: receipt.keyId))
        return Response.json(.created, bytes: response.jsonBytes)
    }

    /// A vendor's own bids on the tender, replaced and withdrawn ones included. Nobody else may ask:
    /// the answer must not depend on whether anyone bid (招标投标法 art. 22).
    @Sendable func list(req: Request) async throws -> BidListResponse {
        let p = try req.require(.actAsVendor)
        let t = try await req.visibleTender()
        let now = ctx.nowMillis
        let bids = try await BidStore.ofVendor(req.sql, tenderId: t.id, vendorId: p.userId)
        return BidListResponse(items: bids.map { BidResponse($0, tender: t, now: now) })
    }

    /// The calling vendor's bids across all tenders, newest first, each with its tender's title and
    /// phase; `active=true` keeps the bids that still count (sealed, revealed, invalid, unrevealed).
    @Sendable func mine(req: Request) async throws -> VendorBidList {
        let p = try req.require(.actAsVendor)
        let page = try PageRequest(req)
        let activeOnly: Bool
        switch req.query[String.self, at: "active"] {
        case nil, "false": activeOnly = false
        case "true": activeOnly = true
        default: throw APIError.invalid("invalid_field", "'active' must be true or false", field: "active")
        }
        let result = try await BidQueries.ofVendor(
            req.useCase, vendorId: p.userId, activeOnly: activeOnly, limit: page.per, offset: page.offset)
        let now = ctx.clock.now
        let items = result.items.map { b, t in
            VendorBidList.Item(
                bid: BidResponse(b, tender: t, now: Timestamp.milliseconds(now)),
                tender: .init(
                    id: t.id, title: t.title, phase: t.phase(at: now).rawValue,
                    submissionDeadline: Timestamp.format(milliseconds: t.submissionDeadline),
                    revealDeadline: Timestamp.format(milliseconds: t.revealDeadline)))
        }
        return VendorBidList(items: items, metadata: page.metadata(total: result.total))
    }

    /// Owner any time; staff after the close; everyone else 404, as if it did not exist.
    @Sendable func show(req: Request) async throws -> BidResponse {
        let t = try await req.visibleTender()
        let b = try await BidQueries.visible(req.useCase, tender: t, id: try pathID(req, "bidId", "bid"))
        return BidResponse(b, tender: t, now: ctx.nowMillis)
    }

    @Sendable func withdraw(req: Request) async throws -> BidResponse {
        let p = try req.require(.actAsVendor)
        let t = try await req.visibleTender()
        let b = try await BidQueries.own(req.useCase, tender: t, id: try pathID(req, "bidId", "bid"), vendor: p)
        let withdrawn = try await WithdrawBid(ctx: req.useCase).run(tender: t, bid: b)
        return BidResponse(withdrawn, tender: t, now: ctx.nowMillis)
    }

    /// Reveal in the revealing phase: the salt and document must hash to the commitment.
    @Sendable func reveal(req: Request) async throws -> BidResponse {
        let p = try req.require(.actAsVendor)
        let t = try await req.visibleTender()
        let b = try await BidQueries.own(req.useCase, tender: t, id: try pathID(req, "bidId", "bid"), vendor: p)
        let body = try req.content.decode(RevealBidRequest.self)
        let revealed = try await RevealBid(ctx: req.useCase).run(
            tender: t, bid: b, salt: body.salt, document: body.document, actor: p.userId)
        return BidResponse(revealed, tender: t, now: revealed.revealedAt ?? ctx.nowMillis)
    }

    @Sendable func commitments(req: Request) async throws -> CommitmentListResponse {
        let entries = try await Self.entries(req)
        let root = MerkleTree.root(entries.map { Commitment.bytes(hex: $0.commitment) ?? [] })
        return CommitmentListResponse(count: entries.count, root: Commitment.hex(root), commitments: entries)
    }

    @Sendable func proof(req: Request) async throws -> ProofResponse {
        let entries = try await Self.entries(req)
        let id = try pathID(req, "bidId", "bid")
        guard let index = entries.firstIndex(where: { $0.bidId == id }) else { throw APIError.notFound("commitment") }
        let leaves = entries.map { Commitment.bytes(hex: $0.commitment) ?? [] }
        return ProofResponse(
            leafIndex: index, treeSize: leaves.count,
            auditPath: MerkleTree.auditPath(index: index, leaves: leaves).map { Commitment.hex($0) },
            root: Commitment.hex(MerkleTree.root(leaves)))
    }

    /// The closed tender's commitment entries, by commitment.
    static func entries(_ req: Request) async throws -> [CommitmentEntry] {
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        return try await BidQueries.commitments(req.useCase, tender: t).map { b, name in
            CommitmentEntry(
                bidId: b.id, vendorId: b.vendorId, vendorName: name, commitment: b.commitment,
                status: b.displayStatus(tender: t, now: now), submittedAt: Timestamp.format(milliseconds: b.submittedAt))
        }
    }
}

import Foundation
import TenderDomain
import Vapor

/// Escrowed opening (docs/DESIGN.md §13): holders' keys, a tender's public keys, the holders'
/// sealed shares and their posting, and the public opening record.
struct OpeningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("opening-keys", use: register)
        routes.get("opening-keys", use: mine)
        routes.post("opening-keys", ":keyId", "retire", use: retire)
        routes.get("tenders", ":tenderId", "opening-keys", use: tenderKeys)
        routes.get("tenders", ":tenderId", "opening", "shares", use: holderShares)
        routes.post("tenders", ":tenderId", "opening", "shares", use: postShares)
        routes.get("tenders", ":tenderId", "opening", use: record)
    }

    @Sendable func register(req: Request) async throws -> Response {
        let p = try req.require(.holdOpeningKeys)
        let body = try req.content.decode(RegisterOpeningKeyRequest.self)
        let key = try await RegisterOpeningKey(ctx: req.useCase).run(publicKey: body.publicKey, by: p)
        let response = Response(status: .created)
        try response.content.encode(OpeningKeyResponse(key))
        return response
    }

    /// The caller's keys, newest first (the active one has no `retiredAt`).
    @Sendable func mine(req: Request) async throws -> OpeningKeyList {
        let p = try req.require(.holdOpeningKeys)
        return OpeningKeyList(items: try await OpeningQueries.ownKeys(req.useCase, of: p).map(OpeningKeyResponse.init))
    }

    @Sendable func retire(req: Request) async throws -> OpeningKeyResponse {
        let p = try req.require(.holdOpeningKeys)
        let body = try req.content.decode(RetireOpeningKeyRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 500, rule: .prose)
        let key = try await RetireOpeningKey(ctx: req.useCase).run(keyId: try pathID(req, "keyId", "opening key"), reason: reason, by: p)
        return OpeningKeyResponse(key)
    }

    /// Public once the tender is published: what a vendor's client seals the shares to.
    @Sendable func tenderKeys(req: Request) async throws -> TenderOpeningKeys {
        let t = try await req.visibleTender()
        let keys = try await OpeningQueries.keys(req.useCase, tender: t)
        return TenderOpeningKeys(threshold: keys.threshold, holders: keys.holders)
    }

    @Sendable func holderShares(req: Request) async throws -> HolderSharesResponse {
        let p = try req.require(.holdOpeningKeys)
        let t = try await req.visibleTender()
        let items = try await OpeningQueries.holderShares(req.useCase, tender: t, holder: p)
        return HolderSharesResponse(
            items: items.map { .init(bidId: $0.bidId, commitment: $0.commitment, number: $0.number, enc: $0.enc, ct: $0.ct) })
    }

    @Sendable func postShares(req: Request) async throws -> PostSharesResponse {
        let p = try req.require(.holdOpeningKeys)
        let t = try await req.visibleTender()
        let body = try req.content.decode(PostSharesRequest.self)
        let states = try await OpenEscrowedBids(ctx: req.useCase).run(
            tender: t, shares: body.shares.map { .init(bidId: $0.bidId, share: $0.share) }, by: p)
        let now = req.tender.nowMillis
        let threshold = t.opening?.threshold ?? 0
        return PostSharesResponse(
            items: states.map {
                .init(
                    bidId: $0.bid.id, status: $0.bid.displayStatus(tender: t, now: now), openedBy: $0.bid.openedBy?.rawValue,
                    sharesPosted: $0.sharesPosted, threshold: threshold)
            })
    }

    /// Public after the reveal deadline: every escrow, every posted share and every outcome.
    @Sendable func record(req: Request) async throws -> OpeningRecordResponse {
        let t = try await req.visibleTender()
        let r = try await OpeningQueries.publicRecord(req.useCase, tender: t)
        let now = req.tender.nowMillis
        return OpeningRecordResponse(
            tenderId: t.id, threshold: r.threshold, holders: TenderOpeningKeys(threshold: r.threshold, holders: r.holders).holders,
            bids: r.bids.map { b in
                .init(
                    bidId: b.bid.id, vendorId: b.bid.vendorId, commitment: b.bid.commitment,
                    status: b.bid.displayStatus(tender: t, now: now),
                    openedBy: b.bid.openedBy?.rawValue, price: b.bid.price, problems: b.bid.problems,
                    escrow: .init(
                        ciphertext: b.escrow.ciphertext, nonce: b.escrow.nonce, keyHash: b.escrow.keyHash,
                        shares: b.escrow.shares.map { .init(number: $0.number, hash: $0.hash) }),
                    sharesPosted: b.shares.map {
                        .init(number: $0.number, share: $0.share, postedAt: Timestamp.format(milliseconds: $0.postedAt))
                    },
                    sharesUsed: b.usedShares)
            })
    }
}

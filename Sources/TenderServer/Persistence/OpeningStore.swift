import Foundation
import SQLKit
import TenderDomain

/// A staff member's registered X25519 opening key (public part only).
struct OpeningKeyRecord: Sendable {
    let id: String
    let userId: String
    let publicKey: String
    let createdAt: Int64
    let retiredAt: Int64?
    let retireReason: String?

    static let columns: SQLQueryString = "id, user_id, public_key, created_at, retired_at, retire_reason"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        userId = try row.decode(column: "user_id", as: String.self)
        publicKey = try row.decode(column: "public_key", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        retiredAt = try row.decode(column: "retired_at", as: Int64?.self)
        retireReason = try row.decode(column: "retire_reason", as: String?.self)
    }
}

/// A tender's holder, fixed at publication: share `number` is sealed to `publicKey`.
struct OpeningHolder: Sendable {
    let number: Int
    let userId: String
    let keyId: String
    let publicKey: String
}

/// A share a holder posted.
struct PostedShare: Sendable {
    let bidId: String
    let number: Int
    let holderId: String
    let share: String
    let postedAt: Int64
}

/// The escrowed opening as stored (docs/DESIGN.md §13): `opening_keys`, `tender_opening_holders`,
/// the escrow column of `bids` and `opening_shares`.
enum OpeningStore {
    // MARK: keys

    static func keys(_ db: any SQLDatabase, userId: String) async throws -> [OpeningKeyRecord] {
        try await db.raw(
            "SELECT \(OpeningKeyRecord.columns) FROM opening_keys WHERE user_id = \(bind: userId) ORDER BY created_at DESC, id"
        ).all().map(OpeningKeyRecord.init(row:))
    }

    /// The active key of each of `userIds` that has one.
    static func activeKeys(_ db: any SQLDatabase, userIds: [String]) async throws -> [String: OpeningKeyRecord] {
        guard !userIds.isEmpty else { return [:] }
        let rows = try await db.raw(
            "SELECT \(OpeningKeyRecord.columns) FROM opening_keys WHERE user_id IN (\(binds: userIds)) AND retired_at IS NULL"
        ).all().map(OpeningKeyRecord.init(row:))
        return Dictionary(rows.map { ($0.userId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Retires the user's active key, if any (a new one replaces it, or it was lost); answers its id.
    static func retireActive(_ tx: any SQLDatabase, userId: String, reason: String, at ms: Int64) async throws -> String? {
        try await tx.raw(
            """
            UPDATE opening_keys SET retired_at = \(bind: ms), retire_reason = \(bind: reason)
            WHERE user_id = \(bind: userId) AND retired_at IS NULL RETURNING id
            """
        ).first()?.decode(column: "id", as: String.self)
    }

    /// Retires one of the user's keys; false when it is not the user's or already retired.
    static func retire(_ tx: any SQLDatabase, id: String, userId: String, reason: String, at ms: Int64) async throws -> Bool {
        try await tx.raw(
            """
            UPDATE opening_keys SET retired_at = \(bind: ms), retire_reason = \(bind: reason)
            WHERE id = \(bind: id) AND user_id = \(bind: userId) AND retired_at IS NULL RETURNING id
            """
        ).first() != nil
    }

    static func insertKey(_ tx: any SQLDatabase, id: String, userId: String, publicKey: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            INSERT INTO opening_keys (id, user_id, public_key, created_at)
            VALUES (\(bind: id), \(bind: userId), \(bind: publicKey), \(bind: ms))
            """
        ).run()
    }

    static func key(_ db: any SQLDatabase, id: String) async throws -> OpeningKeyRecord? {
        try await db.raw("SELECT \(OpeningKeyRecord.columns) FROM opening_keys WHERE id = \(bind: id)").first().map(
            OpeningKeyRecord.init(row:))
    }

    // MARK: a tender's setting and holders

    static func setSetting(_ tx: any SQLDatabase, tenderId: String, _ setting: OpeningSetting?) async throws {
        let holders = setting.map { String(decoding: try! JSONEncoder().encode($0.holders), as: UTF8.self) }
        try await tx.raw(
            """
            UPDATE tenders SET opening_holders = \(bind: holders), opening_threshold = \(bind: setting.map { Int64($0.threshold) })
            WHERE id = \(bind: tenderId)
            """
        ).run()
    }

    static func fixHolders(_ tx: any SQLDatabase, tenderId: String, _ holders: [OpeningHolder]) async throws {
        for h in holders {
            try await tx.raw(
                """
                INSERT INTO tender_opening_holders (tender_id, number, user_id, key_id)
                VALUES (\(bind: tenderId), \(bind: Int64(h.number)), \(bind: h.userId), \(bind: h.keyId))
                """
            ).run()
        }
    }

    /// The holders fixed at publication, by number.
    static func holders(_ db: any SQLDatabase, tenderId: String) async throws -> [OpeningHolder] {
        try await db.raw(
            """
            SELECT h.number, h.user_id, h.key_id, k.public_key FROM tender_opening_holders h JOIN opening_keys k ON k.id = h.key_id
            WHERE h.tender_id = \(bind: tenderId) ORDER BY h.number
            """
        ).all().map {
            OpeningHolder(
                number: Int(try $0.decode(column: "number", as: Int64.self)), userId: try $0.decode(column: "user_id", as: String.self),
                keyId: try $0.decode(column: "key_id", as: String.self), publicKey: try $0.decode(column: "public_key", as: String.self))
        }
    }

    // MARK: escrows and shares

    /// The tender's active bids that carry an escrow, by commitment, with the escrow.
    static func escrowedBids(_ db: any SQLDatabase, tenderId: String) async throws -> [(bid: BidRecord, escrow: Escrow)] {
        try await db.raw(
            """
            SELECT \(BidRecord.columns), escrow FROM bids
            WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL AND escrow IS NOT NULL ORDER BY commitment
            """
        ).all().map { row in
            (
                try BidRecord(row: row),
                try JSONDecoder().decode(Escrow.self, from: Data(try row.decode(column: "escrow", as: String.self).utf8))
            )
        }
    }

    /// Stores posted shares (multi-row INSERTs); a share already posted is left as it is. Answers
    /// how many were new.
    static func insertShares(_ tx: any SQLDatabase, _ shares: [PostedShare]) async throws -> Int {
        var added = 0
        for start in stride(from: 0, to: shares.count, by: 1000) {
            let values = shares[start..<min(start + 1000, shares.count)].map { s -> SQLQueryString in
                "(\(bind: s.bidId), \(bind: Int64(s.number)), \(bind: s.holderId), \(bind: s.share), \(bind: s.postedAt))"
            }.joined(separator: ", ")
            added += try await tx.raw(
                """
                INSERT INTO opening_shares (bid_id, number, holder_id, share, posted_at) VALUES \(values)
                ON CONFLICT (bid_id, number) DO NOTHING RETURNING bid_id
                """
            ).all().count
        }
        return added
    }

    /// The shares posted for the tender's bids, by bid, in number order.
    static func shares(_ db: any SQLDatabase, tenderId: String) async throws -> [String: [PostedShare]] {
        let rows = try await db.raw(
            """
            SELECT s.bid_id, s.number, s.holder_id, s.share, s.posted_at FROM opening_shares s JOIN bids b ON b.id = s.bid_id
            WHERE b.tender_id = \(bind: tenderId) ORDER BY s.bid_id, s.number
            """
        ).all().map {
            PostedShare(
                bidId: try $0.decode(column: "bid_id", as: String.self), number: Int(try $0.decode(column: "number", as: Int64.self)),
                holderId: try $0.decode(column: "holder_id", as: String.self), share: try $0.decode(column: "share", as: String.self),
                postedAt: try $0.decode(column: "posted_at", as: Int64.self))
        }
        return Dictionary(grouping: rows, by: \.bidId)
    }

    /// The share numbers each opened bid of the tender used.
    static func usedShares(_ db: any SQLDatabase, tenderId: String) async throws -> [String: [Int]] {
        var used: [String: [Int]] = [:]
        for row in try await db.raw(
            "SELECT id, opened_with FROM bids WHERE tender_id = \(bind: tenderId) AND opened_with IS NOT NULL"
        ).all() {
            used[try row.decode(column: "id", as: String.self)] = try row.decode(column: "opened_with", as: String.self)
                .split(separator: ",").compactMap { Int($0) }
        }
        return used
    }
}

import Foundation
import SQLKit
import TenderDomain

/// Committee, declarations and scoresheets as stored; what the evaluation endpoints read.
enum CommitteeStore {
    struct Member: Sendable {
        let userId: String
        let name: String
        let kind: String
        let chair: Bool
        let position: Int64
        /// nil: not declared yet; empty: declared without conflict.
        let conflicts: [String]?

        var declared: Bool { conflicts != nil }
        var recused: Bool { !(conflicts ?? []).isEmpty }
    }

    struct StoredSheet: Sendable {
        let bidId: String
        let memberId: String
        let qualification: [String: Bool]
        /// Criterion key → hundredths.
        let scores: [String: Int64]
        let updatedAt: Int64
        /// The salt of the sheet's audit fingerprint (`ScoresheetDigest`); nil for sheets saved before migration 0010.
        var salt: String? = nil
    }

    static func isMember(_ db: any SQLDatabase, tenderId: String, userId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM committee_members WHERE tender_id = \(bind: tenderId) AND user_id = \(bind: userId)").first() != nil
    }

    static func members(_ db: any SQLDatabase, tenderId: String) async throws -> [Member] {
        try await db.raw("""
            SELECT c.user_id, u.name, c.kind, c.chair, c.position, d.conflicts
            FROM committee_members c JOIN users u ON u.id = c.user_id
            LEFT JOIN declarations d ON d.tender_id = c.tender_id AND d.user_id = c.user_id
            WHERE c.tender_id = \(bind: tenderId) ORDER BY c.position
            """).all().map { row in
            Member(
                userId: try row.decode(column: "user_id", as: String.self), name: try row.decode(column: "name", as: String.self),
                kind: try row.decode(column: "kind", as: String.self), chair: try row.decode(column: "chair", as: Int64.self) == 1,
                position: try row.decode(column: "position", as: Int64.self),
                conflicts: try row.decode(column: "conflicts", as: String?.self).map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) })
        }
    }

    /// Sheets that count: not voided. `memberId` narrows to one member.
    static func sheets(_ db: any SQLDatabase, tenderId: String, memberId: String? = nil) async throws -> [StoredSheet] {
        var q: SQLQueryString = """
            SELECT bid_id, member_id, qualification, scores, updated_at, salt FROM scoresheets
            WHERE tender_id = \(bind: tenderId) AND voided_at IS NULL
            """
        if let memberId { q = q + " AND member_id = \(bind: memberId)" }
        q = q + " ORDER BY bid_id, member_id"
        let decoder = JSONDecoder()
        return try await db.raw(q).all().map { row in
            let q = try row.decode(column: "qualification", as: String.self)
            let s = try row.decode(column: "scores", as: String.self)
            return StoredSheet(
                bidId: try row.decode(column: "bid_id", as: String.self), memberId: try row.decode(column: "member_id", as: String.self),
                qualification: try FlatJSON.bools(q) ?? decoder.decode([String: Bool].self, from: Data(q.utf8)),
                scores: try FlatJSON.integers(s) ?? decoder.decode([String: Int64].self, from: Data(s.utf8)),
                updatedAt: try row.decode(column: "updated_at", as: Int64.self), salt: try row.decode(column: "salt", as: String?.self))
        }
    }

    /// Bids that take part in the evaluation: every active bid (revealed, invalid, or still sealed
    /// at the reveal deadline, i.e. unrevealed).
    static func evaluatedBids(_ db: any SQLDatabase, tenderId: String) async throws -> [BidRecord] {
        try await db.raw("""
            SELECT \(BidRecord.columns) FROM bids WHERE tender_id = \(bind: tenderId) AND active_vendor IS NOT NULL
            ORDER BY submitted_at, id
            """).all().map(BidRecord.init(row:))
    }

    struct Final: Sendable {
        /// The result exactly as `GET …/evaluation` returns it, encoded once at finalization.
        let json: String
        /// User ids in "Member n" order (non-recused members at finalization).
        let members: [String]
        let finalizedAt: Int64
        let finalizedBy: String

        func response() throws -> EvaluationResponse { try JSONDecoder().decode(EvaluationResponse.self, from: Data(json.utf8)) }
    }

    static func final(_ db: any SQLDatabase, tenderId: String) async throws -> Final? {
        guard let row = try await db.raw("SELECT result, members, finalized_at, finalized_by FROM evaluations WHERE tender_id = \(bind: tenderId)").first()
        else { return nil }
        return Final(
            json: try row.decode(column: "result", as: String.self),
            members: try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "members", as: String.self).utf8)),
            finalizedAt: try row.decode(column: "finalized_at", as: Int64.self),
            finalizedBy: try row.decode(column: "finalized_by", as: String.self))
    }
}

/// Reads the flat objects the server itself writes for scoresheets (`{"key":123,…}`,
/// `{"key":true,…}`), ten times faster than `JSONDecoder` on the 9,000 sheets of a large
/// finalization; nil for anything else, and the caller falls back to `JSONDecoder`.
enum FlatJSON {
    static func integers(_ text: String) -> [String: Int64]? {
        var out: [String: Int64] = [:]
        return parse(text) { key, value in
            var v: Int64 = 0
            var any = false
            for b in value {
                guard b >= 48 && b <= 57, v < Int64.max / 10 - 10 else { return false }
                v = v * 10 + Int64(b - 48)
                any = true
            }
            guard any else { return false }
            out[key] = v
            return true
        } ? out : nil
    }

    static func bools(_ text: String) -> [String: Bool]? {
        var out: [String: Bool] = [:]
        return parse(text) { key, value in
            if value.elementsEqual("true".utf8) { out[key] = true } else if value.elementsEqual("false".utf8) { out[key] = false } else { return false }
            return true
        } ? out : nil
    }

    /// `{` ( `"key"` `:` value ) , … `}` with keys of `[a-z0-9_]` and values without quotes or nesting.
    private static func parse(_ text: String, _ pair: (String, ArraySlice<UInt8>) -> Bool) -> Bool {
        let u = Array(text.utf8)
        guard u.first == UInt8(ascii: "{"), u.last == UInt8(ascii: "}") else { return false }
        var i = 1
        let end = u.count - 1
        if i == end { return true }
        while i < end {
            guard u[i] == UInt8(ascii: "\"") else { return false }
            var j = i + 1
            while j < end, u[j] != UInt8(ascii: "\"") {
                let c = u[j]
                guard (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 else { return false }
                j += 1
            }
            guard j + 1 < end, u[j + 1] == UInt8(ascii: ":") else { return false }
            let key = String(decoding: u[(i + 1)..<j], as: UTF8.self)
            var k = j + 2
            while k < end, u[k] != UInt8(ascii: ",") { k += 1 }
            guard pair(key, u[(j + 2)..<k]) else { return false }
            i = k + 1
            if k < end && i == end { return false }  // trailing comma
        }
        return true
    }
}

import Foundation
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
            for (k, v) in [
                ("members", g.members), ("declared", g.declared), ("recused", g.recused), ("revealedBids", g.revealedBids),
                ("sheetsExpected", g.sheetsExpected), ("sheetsSubmitted", g.sheetsSubmitted),
            ] {
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

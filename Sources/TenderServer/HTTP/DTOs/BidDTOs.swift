import Foundation
import TenderDomain
import Vapor

struct SubmitBidRequest: Content {
    let commitment: String
    /// Required on a tender with key holders (docs/DESIGN.md §13), refused on others.
    let escrow: Escrow?
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
    /// Who opened it: `vendor` (its reveal) or `escrow` (the key holders).
    let openedBy: String?
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
        openedBy = b.openedBy?.rawValue
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
        w.field("openedBy", bid.openedBy)
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

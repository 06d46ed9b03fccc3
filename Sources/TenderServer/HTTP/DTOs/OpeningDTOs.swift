import Foundation
import TenderDomain
import Vapor

struct RegisterOpeningKeyRequest: Content {
    let publicKey: String
}

struct RetireOpeningKeyRequest: Content {
    let reason: String
}

struct OpeningKeyResponse: Content {
    let keyId: String
    let publicKey: String
    let createdAt: String
    let retiredAt: String?
    let retireReason: String?

    init(_ k: OpeningKeyRecord) {
        keyId = k.id
        publicKey = k.publicKey
        createdAt = Timestamp.format(milliseconds: k.createdAt)
        retiredAt = k.retiredAt.map { Timestamp.format(milliseconds: $0) }
        retireReason = k.retireReason
    }
}

struct OpeningKeyList: Content {
    let items: [OpeningKeyResponse]
}

struct TenderOpeningKeys: Content {
    struct Holder: Content {
        let number: Int
        let keyId: String
        let publicKey: String
    }
    let threshold: Int
    let holders: [Holder]

    init(threshold: Int, holders: [OpeningHolder]) {
        self.threshold = threshold
        self.holders = holders.map { Holder(number: $0.number, keyId: $0.keyId, publicKey: $0.publicKey) }
    }
}

struct HolderSharesResponse: Content {
    struct Item: Content {
        let bidId: String
        let commitment: String
        let number: Int
        let enc: String
        let ct: String
    }
    let items: [Item]
}

struct PostSharesRequest: Content {
    struct Item: Content {
        let bidId: String
        let share: String
    }
    let shares: [Item]
}

struct PostSharesResponse: Content {
    struct Item: Content {
        let bidId: String
        let status: String
        let openedBy: String?
        let sharesPosted: Int
        let threshold: Int
    }
    let items: [Item]
}

/// The public opening record (after the reveal deadline): what anyone needs to redo each opening.
struct OpeningRecordResponse: Content {
    struct Share: Content {
        let number: Int
        let share: String
        let postedAt: String
    }
    struct SealedShareHash: Content {
        let number: Int
        let hash: String
    }
    struct EscrowPublic: Content {
        let ciphertext: String
        let nonce: String
        let keyHash: String
        let shares: [SealedShareHash]
    }
    struct Bid: Content {
        let bidId: String
        let vendorId: String
        let commitment: String
        let status: String
        let openedBy: String?
        let price: String?
        let problems: [String]?
        let escrow: EscrowPublic
        let sharesPosted: [Share]
        /// The shares the server combined (the first `threshold` posted), when it opened the bid.
        let sharesUsed: [Int]?
    }
    let tenderId: String
    let threshold: Int
    let holders: [TenderOpeningKeys.Holder]
    let bids: [Bid]
}

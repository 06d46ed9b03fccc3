import Foundation
import TenderDomain
import Vapor

struct AuditEntryResponse: Content {
    let seq: Int64
    let at: String
    let actor: String
    /// The actor's account name as recorded in the (hashed) entry; absent for `system` and for
    /// entries of chain version 1, written before names were recorded.
    let actorName: String?
    /// The entry's encoding version (1 or 2; see the README's audit section).
    let version: Int
    let action: String
    let tenderId: String?
    let details: String
    let prevHash: String
    let hash: String

    init(_ e: AuditStore.Entry) {
        seq = e.seq
        at = Timestamp.format(milliseconds: e.at)
        actor = e.actor
        actorName = e.actorName
        version = e.version
        action = e.action
        tenderId = e.tenderId
        details = e.details
        prevHash = e.prevHash
        hash = e.hash
    }
}

struct AuditList: Content {
    let items: [AuditEntryResponse]
    let metadata: PageMetadata
}

struct AuditVerifyResponse: Content {
    let valid: Bool
    let length: Int64
    let head: String
    let firstInvalid: Int64?
    let problem: String?
}

struct AuditHeadResponse: Content {
    let length: Int64
    let head: String
    let at: String
}

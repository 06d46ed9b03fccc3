import Foundation
import SQLKit
import TenderDomain

/// A row of `objections`, with its reply obligation's due time.
struct ObjectionRecord: Sendable {
    let id: String
    let tenderId: String
    let awardId: String
    let vendorId: String
    let text: String
    let filedAt: Int64
    let replyDueAt: Int64
    let decision: String?
    let response: String?
    let resolvedAt: Int64?
}

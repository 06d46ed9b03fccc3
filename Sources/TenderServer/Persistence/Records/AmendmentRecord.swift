import Foundation
import SQLKit
import TenderDomain

/// An amendment as stored.
struct AmendmentRecord: Sendable {
    struct Change: Codable, Sendable, Equatable {
        let field: String
        let from: String
        let to: String
    }
    let number: Int64
    let reason: String
    let changes: [Change]
    let createdAt: Int64
    /// The changes as stored (and hashed into the audit entry).
    var changesJSON: String = ""
}

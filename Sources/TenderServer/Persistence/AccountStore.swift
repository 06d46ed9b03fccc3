import Foundation
import SQLKit
import TenderDomain

/// Accounts and vendor profiles as stored: `users`, `vendors`, `tokens`.
enum AccountStore {
    /// Which of `ids` are registered vendors, in one query.
    static func existingVendorIds(_ db: any SQLDatabase, among ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(try await db.raw("SELECT user_id FROM vendors WHERE user_id IN (\(binds: ids))").all()
            .map { try $0.decode(column: "user_id", as: String.self) })
    }
}

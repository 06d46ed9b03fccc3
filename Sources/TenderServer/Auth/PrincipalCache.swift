import Foundation
import Synchronization

/// A short-lived cache of resolved bearer tokens, so that the deadline rush does not pay a database
/// round trip per request just to learn who is calling. An entry lives at most `lifetime` seconds
/// (TENDER_TOKEN_CACHE) and never past the token's own expiry. Logging out removes the entry on the
/// instance that served the logout at once; other instances behind a load balancer honour the
/// revocation within `lifetime`. Suspensions are not affected: they are checked at the write.
final class PrincipalCache: Sendable {
    private struct Entry {
        let principal: Principal
        let tokenExpiresAt: Int64
        let until: Int64
    }
    private let entries = Mutex<[String: Entry]>([:])
    let lifetimeMillis: Int64
    private let capacity = 50_000

    init(lifetime: TimeInterval) {
        lifetimeMillis = Int64(lifetime * 1000)
    }

    func get(_ tokenHash: String, now: Int64) -> Principal? {
        guard lifetimeMillis > 0 else { return nil }
        return entries.withLock { e in
            guard let hit = e[tokenHash] else { return nil }
            guard hit.until > now, hit.tokenExpiresAt > now else {
                e[tokenHash] = nil
                return nil
            }
            return hit.principal
        }
    }

    func put(_ principal: Principal, tokenExpiresAt: Int64, now: Int64) {
        guard lifetimeMillis > 0 else { return }
        entries.withLock { e in
            if e.count >= capacity { e = e.filter { $0.value.until > now } }
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[principal.tokenHash] = Entry(principal: principal, tokenExpiresAt: tokenExpiresAt, until: now + lifetimeMillis)
        }
    }

    func remove(_ tokenHash: String) {
        _ = entries.withLock { $0.removeValue(forKey: tokenHash) }
    }
}

import Foundation
import Synchronization

/// A one-second cache of published tenders for the bid submission hot path. Only the pre-checks
/// read it (existence, phase, method); the writer re-reads status and deadline inside its
/// transaction, so a stale entry can never let a late or cancelled commitment in.
final class TenderCache: Sendable {
    private let entries = Mutex<[String: (record: TenderRecord, until: Date)]>([:])
    private let lifetime: TimeInterval = 1

    func get(_ id: String, now: Date) -> TenderRecord? {
        entries.withLock { e in
            guard let hit = e[id], hit.until > now else { return nil }
            return hit.record
        }
    }

    func put(_ record: TenderRecord, now: Date) {
        guard record.status == .published else { return }
        entries.withLock { e in
            if e.count > 10_000 { e.removeAll(keepingCapacity: true) }
            e[record.id] = (record, now.addingTimeInterval(lifetime))
        }
    }
}

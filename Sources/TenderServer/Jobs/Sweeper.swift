import Foundation
import TenderDomain
import Vapor

/// Records what time alone makes happen, once, whichever instance sees it first: obligations that
/// became overdue, and the close of bidding. Safe with several instances on one database: the
/// conditional UPDATE and the audit log's unique `once_key` decide, not a lock in memory.
enum Sweeper {
    struct Report: Sendable, Equatable {
        var overdue = 0
        var closed = 0
    }

    static func sweep(_ app: Application) async throws -> Report {
        let db = app.sql
        let now = app.tender.nowMillis
        var report = Report()
        for o in try await ObligationStore.newlyOverdue(db, now: now, limit: 1000) {
            let (id, tenderId, requestId, kind, due) = (o.id, o.tenderId, o.requestId, o.kind, o.dueAt)
            do {
                let recorded = try await inTransaction(app.db, gate: app.tender.writeGate) { tx -> Bool in
                    guard try await ObligationStore.markOverdue(tx, id: id, at: now) else { return false }
                    try await AuditStore.append(
                        tx, at: now, actor: "system", action: .obligationOverdue, tenderId: tenderId,
                        details: [
                            "obligationId": id, "kind": kind, "dueAt": Timestamp.format(milliseconds: due), "requestId": requestId,
                        ].compactMapValues { $0 }, onceKey: "overdue:\(id)")
                    return true
                }
                if recorded { report.overdue += 1 }
            } catch  where error.isUniqueViolation {
                continue  // another instance recorded it first
            }
        }
        for tenderId in try await TenderStore.closedWithoutCloseEntry(db, now: now, limit: 1000) {
            let commitments = try await BidStore.activeCommitments(db, tenderId: tenderId)
            let root = Commitment.hex(MerkleTree.root(commitments.map { Commitment.bytes(hex: $0) ?? [] }))
            do {
                _ = try await inTransaction(app.db, gate: app.tender.writeGate) { tx in
                    try await AuditStore.append(
                        tx, at: now, actor: "system", action: .tenderClosed, tenderId: tenderId,
                        details: [
                            "commitments": String(commitments.count), "root": root,
                        ], onceKey: "closed:\(tenderId)")
                }
                report.closed += 1
            } catch  where error.isUniqueViolation {
                continue
            }
        }
        // Derived data: a failed refresh is logged and tried again at the next sweep.
        do {
            try await RefreshCrossTenderFlags(ctx: UseCaseContext(db: app.db, app: app.tender, principal: nil, logger: app.logger))
                .runIfStale()
        } catch {
            app.logger.error("refreshing the red flags across tenders failed: \(String(reflecting: error))")
        }
        let window = app.tender.config.addressThrottle.windowMillis
        try await AccountStore.pruneAddressAttempts(db, windowMillis: window, before: now)
        return report
    }

    /// Runs `sweep` every `interval` seconds while the server runs.
    struct Lifecycle: LifecycleHandler {
        let interval: TimeInterval
        let task = TaskBox()

        final class TaskBox: @unchecked Sendable {
            var task: Task<Void, Never>?
        }

        func didBootAsync(_ app: Application) async throws {
            let interval = self.interval
            task.task = Task {
                while !Task.isCancelled {
                    do {
                        _ = try await Sweeper.sweep(app)
                    } catch {
                        app.logger.error("sweeper: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
        }

        func shutdownAsync(_ app: Application) async {
            task.task?.cancel()
        }
    }
}

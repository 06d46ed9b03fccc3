import FluentKit
import Foundation
import SQLKit
import TenderDomain

/// Writes commitments with group commit: requests that arrive while a transaction is being made
/// durable wait and go together into the next one, so one fsync covers many receipts at the
/// deadline rush instead of every request contending for SQLite's single write lock.
/// Each commitment is checked against the tender's deadline by the clock at the moment of its write.
actor BidWriter {
    struct Job: Sendable {
        let tenderId: String
        let vendorId: String
        let commitment: String
    }

    enum Outcome: Sendable {
        case stored(BidRecord, replaced: String?)
        case rejected(code: String, message: String, conflict: Bool)
    }

    private var pending: [(Job, CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false
    private let db: any Database
    private let clock: AppClock
    /// Upper bound of commitments per transaction: bounds latency of the first waiter.
    private let maxBatch = 256

    init(db: any Database, clock: AppClock) {
        self.db = db
        self.clock = clock
    }

    func submit(_ job: Job) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((job, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            await write(batch)
        }
        draining = false
    }

    private func write(_ batch: [(Job, CheckedContinuation<Outcome, any Error>)]) async {
        let clock = self.clock
        let jobs = batch.map(\.0)
        do {
            let outcomes = try await db.transaction { tx in
                var out: [Outcome] = []
                for job in jobs { out.append(try await Self.apply(job, tx.sql, clock: clock)) }
                return out
            }
            for (i, item) in batch.enumerated() { item.1.resume(returning: outcomes[i]) }
        } catch {
            // A database error (e.g. a constraint raced by another instance) fails the whole batch:
            // retry each commitment alone so that one failure does not fail the others.
            for (job, continuation) in batch {
                do {
                    let outcome = try await db.transaction { tx in try await Self.apply(job, tx.sql, clock: clock) }
                    continuation.resume(returning: outcome)
                } catch {
                    if error.isUniqueViolation {
                        continuation.resume(returning: .rejected(code: "duplicate_commitment", message: "this commitment is already on the tender", conflict: true))
                    } else {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    static func apply(_ job: Job, _ tx: any SQLDatabase, clock: AppClock) async throws -> Outcome {
        guard let tender = try await tx.raw("SELECT status, submission_deadline FROM tenders WHERE id = \(bind: job.tenderId)").first() else {
            return .rejected(code: "not_found", message: "tender not found", conflict: false)
        }
        let now = Timestamp.milliseconds(clock.now)
        guard try tender.decode(column: "status", as: String.self) == "published" else {
            return .rejected(code: "wrong_phase", message: "the tender is not open for bids", conflict: true)
        }
        guard now < (try tender.decode(column: "submission_deadline", as: Int64.self)) else {
            return .rejected(code: "deadline_passed", message: "the submission deadline has passed", conflict: true)
        }
        if try await tx.raw("""
            SELECT 1 AS one FROM bids WHERE tender_id = \(bind: job.tenderId) AND commitment = \(bind: job.commitment) AND active_vendor IS NOT NULL
            """).first() != nil
        {
            return .rejected(code: "duplicate_commitment", message: "this commitment is already on the tender", conflict: true)
        }
        let replaced = try await tx.raw("""
            UPDATE bids SET status = 'replaced', active_vendor = NULL, ended_at = \(bind: now)
            WHERE tender_id = \(bind: job.tenderId) AND active_vendor = \(bind: job.vendorId) RETURNING id
            """).first()?.decode(column: "id", as: String.self)
        let bid = BidRecord(id: newID(), tenderId: job.tenderId, vendorId: job.vendorId, commitment: job.commitment, status: "sealed", submittedAt: now)
        try await tx.raw("""
            INSERT INTO bids (id, tender_id, vendor_id, commitment, status, active_vendor, submitted_at)
            VALUES (\(bind: bid.id), \(bind: bid.tenderId), \(bind: bid.vendorId), \(bind: bid.commitment), 'sealed', \(bind: bid.vendorId), \(bind: now))
            """).run()
        return .stored(bid, replaced: replaced)
    }
}

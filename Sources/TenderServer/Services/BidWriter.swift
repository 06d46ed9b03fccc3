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
        case stored(BidRecord)
        /// `status` is the HTTP status the rejection maps to (409 or 403).
        case rejected(code: String, message: String, status: UInt)
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
            let outcomes = try await db.transaction { tx in try await Self.apply(jobs, tx.sql, clock: clock) }
            for (i, item) in batch.enumerated() { item.1.resume(returning: outcomes[i]) }
        } catch {
            // A database error (e.g. a constraint raced by another instance) fails the whole batch:
            // retry each commitment alone so that one failure does not fail the others.
            for (job, continuation) in batch {
                do {
                    let outcome = try await db.transaction { tx in try await Self.apply([job], tx.sql, clock: clock) }
                    continuation.resume(returning: outcome[0])
                } catch {
                    if error.isUniqueViolation {
                        continuation.resume(returning: .rejected(code: "duplicate_commitment", message: "this commitment is already on the tender", status: 409))
                    } else {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    /// One set-based pass for the whole batch: a handful of statements whatever its size.
    /// The clock is read once, at the write: a commitment is accepted only if the deadline is still ahead.
    static func apply(_ jobs: [Job], _ tx: any SQLDatabase, clock: AppClock) async throws -> [Outcome] {
        let now = Timestamp.milliseconds(clock.now)
        let tenderIds = Array(Set(jobs.map(\.tenderId)))
        let vendorIds = Array(Set(jobs.map(\.vendorId)))
        var tenders: [String: (status: String, deadline: Int64)] = [:]
        for row in try await tx.raw("SELECT id, status, submission_deadline FROM tenders WHERE id IN (\(binds: tenderIds))").all() {
            tenders[try row.decode(column: "id", as: String.self)] =
                (try row.decode(column: "status", as: String.self), try row.decode(column: "submission_deadline", as: Int64.self))
        }
        let suspended = Set(try await tx.raw("""
            SELECT user_id FROM vendors WHERE user_id IN (\(binds: vendorIds)) AND suspended_at IS NOT NULL
            AND (suspended_until IS NULL OR suspended_until > \(bind: now))
            """).all().map { try $0.decode(column: "user_id", as: String.self) })
        var taken = Set(try await tx.raw("""
            SELECT tender_id, commitment FROM bids WHERE tender_id IN (\(binds: tenderIds)) AND commitment IN (\(binds: jobs.map(\.commitment)))
            AND active_vendor IS NOT NULL
            """).all().map { "\(try $0.decode(column: "tender_id", as: String.self)):\(try $0.decode(column: "commitment", as: String.self))" })

        var outcomes: [Outcome] = []
        var accepted: [BidRecord] = []
        var latest: [String: Int] = [:]  // "tender:vendor" → index in accepted of its newest bid
        for job in jobs {
            guard let tender = tenders[job.tenderId] else {
                outcomes.append(.rejected(code: "not_found", message: "tender not found", status: 404))
                continue
            }
            guard tender.status == "published" else {
                outcomes.append(.rejected(code: "wrong_phase", message: "the tender is not open for bids", status: 409))
                continue
            }
            guard now < tender.deadline else {
                outcomes.append(.rejected(code: "deadline_passed", message: "the submission deadline has passed", status: 409))
                continue
            }
            guard !suspended.contains(job.vendorId) else {
                outcomes.append(.rejected(code: "vendor_suspended", message: "your account is suspended and cannot submit bids", status: 403))
                continue
            }
            guard taken.insert("\(job.tenderId):\(job.commitment)").inserted else {
                outcomes.append(.rejected(code: "duplicate_commitment", message: "this commitment is already on the tender", status: 409))
                continue
            }
            let bid = BidRecord(id: newID(), tenderId: job.tenderId, vendorId: job.vendorId, commitment: job.commitment, status: "sealed", submittedAt: now)
            let key = "\(job.tenderId):\(job.vendorId)"
            if let previous = latest[key] {
                // The same vendor twice in one batch: the earlier bid is replaced by the later.
                accepted[previous].status = "replaced"
                accepted[previous].endedAt = now
                taken.remove("\(job.tenderId):\(accepted[previous].commitment)")
            }
            latest[key] = accepted.count
            accepted.append(bid)
            outcomes.append(.stored(bid))
        }
        guard !accepted.isEmpty else { return outcomes }
        for tenderId in Set(accepted.map(\.tenderId)) {
            let vendors = Array(Set(accepted.filter { $0.tenderId == tenderId }.map(\.vendorId)))
            try await tx.raw("""
                UPDATE bids SET status = 'replaced', active_vendor = NULL, ended_at = \(bind: now)
                WHERE tender_id = \(bind: tenderId) AND active_vendor IN (\(binds: vendors))
                """).run()
        }
        var insert: SQLQueryString = "INSERT INTO bids (id, tender_id, vendor_id, commitment, status, active_vendor, submitted_at, ended_at) VALUES "
        for (i, b) in accepted.enumerated() {
            let active: String? = b.status == "sealed" ? b.vendorId : nil
            insert = insert + (i == 0 ? "" : ", ") + """
                (\(bind: b.id), \(bind: b.tenderId), \(bind: b.vendorId), \(bind: b.commitment), \(bind: b.status), \(bind: active), \(bind: b.submittedAt), \(bind: b.endedAt))
                """
        }
        try await tx.raw(insert).run()
        // Outcomes carry the final status of bids replaced within the batch.
        let final = Dictionary(uniqueKeysWithValues: accepted.map { ($0.id, $0) })
        return outcomes.map { o in
            if case .stored(let b) = o, let f = final[b.id] { return .stored(f) }
            return o
        }
    }
}

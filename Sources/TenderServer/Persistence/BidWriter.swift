import FluentKit
import Foundation
import SQLKit
import TenderDomain

/// Writes commitments with group commit: requests that arrive while a batch is being made durable
/// wait and go together into the next one, so one fsync covers many receipts at the deadline rush
/// instead of every request contending for SQLite's single write lock. A batch is one INSERT
/// statement (one round trip to the database, one transaction), and each commitment is checked
/// against the tender's deadline by the clock at the moment of that write.
actor BidWriter {
    struct Job: Sendable {
        let tenderId: String
        let vendorId: String
        let commitment: String
        /// The escrow's JSON (docs/DESIGN.md §13), stored with the commitment in the same INSERT.
        var escrow: String? = nil
        /// The keyed hash of the client address (`OriginHasher`).
        var origin: String? = nil
    }

    enum Outcome: Sendable {
        case stored(BidRecord)
        /// `status` is the HTTP status the rejection maps to (409 or 403).
        case rejected(code: String, message: String, status: UInt)
    }

    private var pending: [(Job, CheckedContinuation<Outcome, any Error>)] = []
    /// Batches being written now, and the vendor and value keys they hold.
    private var inFlight = 0
    private var busy = Set<String>()
    private let db: any Database
    private let clock: AppClock
    /// Upper bound of commitments per transaction: bounds latency of the first waiter.
    private let maxBatch = 256
    /// Batches written at once: 1 on SQLite (one writer at a time anyway); several on PostgreSQL,
    /// where one batch's WAL flush and round trip leave the server's CPU idle for the next.
    private let maxInFlight: Int

    init(db: any Database, clock: AppClock, concurrentBatches: Int = 1) {
        self.db = db
        self.clock = clock
        self.maxInFlight = max(1, concurrentBatches)
    }

    func submit(_ job: Job) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((job, continuation))
            schedule()
        }
    }

    /// Starts batches while fewer than `maxInFlight` are being written. Submissions that arrive
    /// meanwhile wait and go together into the next batch (group commit).
    private func schedule() {
        while inFlight < maxInFlight, !pending.isEmpty {
            let (batch, keys) = takeBatch()
            guard !batch.isEmpty else { return }
            inFlight += 1
            busy.formUnion(keys)
            Task { await self.run(batch, keys: keys) }
        }
    }

    private func run(_ batch: [(Job, CheckedContinuation<Outcome, any Error>)], keys: Set<String>) async {
        await write(batch)
        inFlight -= 1
        busy.subtract(keys)
        schedule()
    }

    /// Takes up to `maxBatch` jobs, at most one per vendor and one per commitment value on a tender,
    /// none whose vendor or value is in a batch being written: a second submission of the same
    /// vendor (or of the same value) waits for a later batch, so that each batch's single INSERT
    /// decides every job independently of the others.
    private func takeBatch() -> ([(Job, CheckedContinuation<Outcome, any Error>)], Set<String>) {
        var batch: [(Job, CheckedContinuation<Outcome, any Error>)] = []
        var rest: [(Job, CheckedContinuation<Outcome, any Error>)] = []
        var keys = Set<String>()
        for item in pending {
            let (job, _) = item
            let vendor = "v:" + job.tenderId + ":" + job.vendorId
            let value = "c:" + job.tenderId + ":" + job.commitment
            if batch.count < maxBatch, !busy.contains(vendor), !busy.contains(value), !keys.contains(vendor), !keys.contains(value) {
                keys.insert(vendor)
                keys.insert(value)
                batch.append(item)
            } else {
                rest.append(item)
            }
        }
        pending = rest
        return (batch, keys)
    }

    private func write(_ batch: [(Job, CheckedContinuation<Outcome, any Error>)]) async {
        let clock = self.clock
        let jobs = batch.map(\.0)
        do {
            let outcomes = try await Self.apply(jobs, db as! any SQLDatabase, clock: clock)
            for (i, item) in batch.enumerated() { item.1.resume(returning: outcomes[i]) }
        } catch {
            // A database error (e.g. a constraint raced by another instance) fails the whole batch:
            // retry each commitment alone so that one failure does not fail the others.
            for (job, continuation) in batch {
                do {
                    let outcome = try await Self.apply([job], db as! any SQLDatabase, clock: clock)
                    continuation.resume(returning: outcome[0])
                } catch {
                    if error.isUniqueViolation {
                        continuation.resume(
                            returning: .rejected(
                                code: "duplicate_commitment", message: "this commitment is already on the tender", status: 409))
                    } else {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    /// Stores a batch with one statement, hence one transaction and one fsync whatever its size.
    /// The INSERT itself checks, with the clock read at the write, that the tender is open and its
    /// deadline still ahead, that the vendor is not suspended and that the commitment value is not
    /// on the tender; the `bids_replace_active` trigger (Migrations/0004) replaces the vendor's
    /// previous bid. Jobs must be distinct per vendor and per commitment value (see `drain`).
    /// Rejected jobs, rare, are then explained by `diagnose`.
    static func apply(_ jobs: [Job], _ db: any SQLDatabase, clock: AppClock, attempt: Int = 0) async throws -> [Outcome] {
        let now = Timestamp.milliseconds(clock.now)
        let records = jobs.map {
            BidRecord(
                id: newID(), tenderId: $0.tenderId, vendorId: $0.vendorId, commitment: $0.commitment, status: .sealed, submittedAt: now)
        }
        let values = zip(records, jobs).map { b, job -> SQLQueryString in
            "(\(bind: b.id), \(bind: b.tenderId), \(bind: b.vendorId), \(bind: b.commitment), \(bind: job.escrow ?? ""), \(bind: job.origin ?? ""))"
        }.joined(separator: ", ")
        let inserted = Set(
            try await db.raw(
                """
                INSERT INTO bids (id, tender_id, vendor_id, commitment, status, active_vendor, submitted_at, escrow, origin)
                SELECT v.column1, v.column2, v.column3, v.column4, 'sealed', v.column3, \(bind: now), NULLIF(v.column5, ''), NULLIF(v.column6, '')
                FROM (VALUES \(values)) AS v
                JOIN tenders t ON t.id = v.column2
                WHERE t.status = 'published' AND t.submission_deadline > \(bind: now)
                AND NOT EXISTS (SELECT 1 FROM vendors s WHERE s.user_id = v.column3 AND s.suspended_at IS NOT NULL
                    AND (s.suspended_until IS NULL OR s.suspended_until > \(bind: now)))
                AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.tender_id = v.column2 AND b.commitment = v.column4 AND b.active_vendor IS NOT NULL)
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) })
        var outcomes = records.map { inserted.contains($0.id) ? Outcome.stored($0) : nil }
        let rejected = jobs.indices.filter { outcomes[$0] == nil }
        if !rejected.isEmpty {
            let reasons = try await diagnose(rejected.map { jobs[$0] }, db, now: now)
            var retry: [Int] = []
            for (k, i) in rejected.enumerated() {
                if let reason = reasons[k] { outcomes[i] = reason } else { retry.append(i) }
            }
            // Nothing explains the rejection: the state changed in between (another writer): try again.
            if !retry.isEmpty {
                let again: [Outcome] =
                    attempt < 2
                    ? try await apply(retry.map { jobs[$0] }, db, clock: clock, attempt: attempt + 1)
                    : retry.map { _ in .rejected(code: "conflict", message: "the bid could not be stored; submit it again", status: 409) }
                for (k, i) in retry.enumerated() { outcomes[i] = again[k] }
            }
        }
        return outcomes.map { $0! }
    }

    /// Why each job was refused, judged at `now` as the INSERT judged it; nil when nothing explains it.
    static func diagnose(_ jobs: [Job], _ db: any SQLDatabase, now: Int64) async throws -> [Outcome?] {
        let tenderIds = Array(Set(jobs.map(\.tenderId)))
        let vendorIds = Array(Set(jobs.map(\.vendorId)))
        var tenders: [String: (status: String, deadline: Int64)] = [:]
        for row in try await db.raw("SELECT id, status, submission_deadline FROM tenders WHERE id IN (\(binds: tenderIds))").all() {
            tenders[try row.decode(column: "id", as: String.self)] =
                (try row.decode(column: "status", as: String.self), try row.decode(column: "submission_deadline", as: Int64.self))
        }
        let suspended = Set(
            try await db.raw(
                """
                SELECT user_id FROM vendors WHERE user_id IN (\(binds: vendorIds)) AND suspended_at IS NOT NULL
                AND (suspended_until IS NULL OR suspended_until > \(bind: now))
                """
            ).all().map { try $0.decode(column: "user_id", as: String.self) })
        let taken = Set(
            try await db.raw(
                """
                SELECT tender_id, commitment FROM bids WHERE tender_id IN (\(binds: tenderIds)) AND commitment IN (\(binds: jobs.map(\.commitment)))
                AND active_vendor IS NOT NULL
                """
            ).all().map { "\(try $0.decode(column: "tender_id", as: String.self)):\(try $0.decode(column: "commitment", as: String.self))" }
        )
        return jobs.map { job in
            guard let tender = tenders[job.tenderId] else {
                return .rejected(code: "not_found", message: "tender not found", status: 404)
            }
            guard tender.status == "published" else {
                return .rejected(code: "wrong_phase", message: "the tender is not open for bids", status: 409)
            }
            guard now < tender.deadline else {
                return .rejected(code: "deadline_passed", message: "the submission deadline has passed", status: 409)
            }
            guard !suspended.contains(job.vendorId) else {
                return .rejected(code: "vendor_suspended", message: "your account is suspended and cannot submit bids", status: 403)
            }
            guard !taken.contains("\(job.tenderId):\(job.commitment)") else {
                return .rejected(code: "duplicate_commitment", message: "this commitment is already on the tender", status: 409)
            }
            return nil
        }
    }
}

import Foundation
import TenderDomain
import Vapor

/// Recomputes the red flags across tenders (`CrossTenderFlags.all`) from every standing award and
/// brings the stored ones up to date in one short transaction: new and changed flags written, flags
/// gone deleted, the rest untouched. By the sweeper when they are older than `interval`, or when an
/// auditor asks. Derived data, like a cache: not audited (a dismissal is).
struct RefreshCrossTenderFlags {
    let ctx: UseCaseContext
    static let interval: Int64 = 10 * 60_000

    struct Outcome: Sendable {
        /// Flags standing after the refresh.
        let flags: Int
        let added: Int
        let changed: Int
        let removed: Int
    }

    @discardableResult
    func run() async throws -> Outcome {
        let started = ContinuousClock.now
        // Taken before reading, so that a change made while reading is seen by the next sweep.
        let source = try await CrossRedFlagStore.source(ctx.sql)
        let awards = try await CrossRedFlagStore.awards(ctx.sql)
        let vendorIds = Array(Set(awards.flatMap(\.bidderIds)))
        var vendors: [TenderFacts.Vendor] = []
        for start in stride(from: 0, to: vendorIds.count, by: 500) {
            vendors += try await VendorStore.some(ctx.sql, ids: Array(vendorIds[start..<min(start + 500, vendorIds.count)])).map {
                TenderFacts.Vendor(id: $0.id, phone: $0.phone, contactName: $0.contactName, address: $0.address)
            }
        }
        let read = ContinuousClock.now
        // Half a second of CPU at 100,000 awards: off the event loops, on the pool for CPU-bound work.
        let facts = vendors
        let flags = try await ctx.app.passwordPool.runIfActive { CrossTenderFlags.all(awards, vendors: facts) }
        let computed = ContinuousClock.now
        let now = ctx.nowMillis
        defer {
            ctx.logger.debug(
                "cross-tender flags: \(awards.count) awards read in \(read - started), computed in \(computed - read), stored in \(ContinuousClock.now - computed)"
            )
        }
        return try await ctx.transaction { tx in
            try await CrossRedFlagStore.lock(tx)
            let stored = try await CrossRedFlagStore.fingerprints(tx)
            let dismissed = try await CrossRedFlagStore.dismissedTenders(tx)
            var upserts: [CrossRedFlagStore.Row] = []
            var added = 0
            for f in flags {
                let row = CrossRedFlagStore.Row(
                    id: f.key, code: f.code, departmentId: f.departmentId, vendorIds: f.vendorIds, tenderIds: f.tenderIds,
                    evidence: f.evidence, computedAt: now,
                    dismissed: dismissed[f.key].map { CrossTenderFlags.dismissalCovers(flagTenderIds: f.tenderIds, dismissedTenderIds: $0) }
                        ?? false)
                switch stored[f.key] {
                case nil: added += 1
                case CrossRedFlagStore.fingerprint(row)?: continue
                default: break
                }
                upserts.append(row)
            }
            let keys = Set(flags.map(\.key))
            let gone = stored.keys.filter { !keys.contains($0) }.sorted()
            try await CrossRedFlagStore.apply(tx, upserts: upserts, deletes: gone, source: source, at: now)
            return Outcome(flags: flags.count, added: added, changed: upserts.count - added, removed: gone.count)
        }
    }
}

/// An auditor dismisses a flag across tenders with a reason (audited as `red_flag.dismissed`). The
/// dismissal covers the tenders behind the flag now; a tender that joins it later opens it again,
/// and it can then be dismissed anew. 409 `already_dismissed` while a dismissal covers it.
struct DismissCrossRedFlag {
    let ctx: UseCaseContext

    func run(key: String, reason: String, by p: Principal) async throws -> CrossRedFlagStore.Dismissal {
        let now = ctx.nowMillis
        return try await ctx.transaction { tx in
            try await CrossRedFlagStore.lock(tx)
            guard let flag = try await CrossRedFlagStore.flag(tx, key: key) else { throw APIError.notFound("red flag") }
            guard !flag.dismissed else { throw APIError.conflict("already_dismissed", "this flag was already dismissed") }
            let d = CrossRedFlagStore.Dismissal(key: key, tenderIds: flag.tenderIds, reason: reason, by: p.userId, at: now)
            try await CrossRedFlagStore.dismiss(tx, d)
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .redFlagDismissed, tenderId: nil,
                details: ["key": key, "reason": reason, "tenderIds": flag.tenderIds.joined(separator: ",")])
            return d
        }
    }
}

extension RefreshCrossTenderFlags {
    /// The sweeper's call: when the last computation is older than `interval`, recomputes, unless
    /// nothing they are computed from changed since (`CrossRedFlagStore.source`); then it only
    /// records the check. An auditor's refresh always recomputes.
    func runIfStale() async throws {
        if let last = try await CrossRedFlagStore.computedAt(ctx.sql), ctx.nowMillis - last < Self.interval { return }
        let source = try await CrossRedFlagStore.source(ctx.sql)
        if try await CrossRedFlagStore.storedSource(ctx.sql) == source {
            let now = ctx.nowMillis
            try await ctx.transaction { tx in try await CrossRedFlagStore.touch(tx, source: source, at: now) }
            return
        }
        try await run()
    }
}

/// The stored red flags across tenders, for auditors, approvers and procurement.
enum CrossRedFlagQueries {
    struct Page: Sendable {
        let total: Int64
        let items: [(flag: CrossRedFlagStore.Row, dismissal: CrossRedFlagStore.Dismissal?)]
        let refreshedAt: Int64?
        /// Names of the page's vendors and titles of its tenders, by id.
        let vendorNames: [String: String]
        let tenderTitles: [String: String]
    }

    static func page(_ ctx: UseCaseContext, _ filter: CrossRedFlagStore.Filter, limit: Int, offset: Int) async throws -> Page {
        let page = try await CrossRedFlagStore.page(ctx.sql, filter, limit: limit, offset: offset)
        let labels = try await CrossRedFlagStore.labels(
            ctx.sql, vendorIds: Set(page.items.flatMap(\.flag.vendorIds)), tenderIds: Set(page.items.flatMap(\.flag.tenderIds)))
        return Page(
            total: page.total, items: page.items, refreshedAt: try await CrossRedFlagStore.computedAt(ctx.sql), vendorNames: labels.vendors,
            tenderTitles: labels.tenders)
    }
}

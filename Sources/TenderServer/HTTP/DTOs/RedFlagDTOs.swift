import Foundation
import TenderDomain
import Vapor

struct RedFlagList: Content {
    struct Item: Content {
        let code: String
        let severity: String
        let bidIds: [String]
        let vendorIds: [String]
        let evidence: [String: JSONValue]
        /// What a dismissal names (`POST …/red-flags/dismissals`).
        let key: String
        let dismissal: DismissalResponse?
    }
    let items: [Item]

    init(_ flags: [(flag: RedFlag, dismissal: RedFlagStore.Dismissal?)]) {
        items = flags.map { f, d in
            Item(
                code: f.code.rawValue, severity: f.severity.rawValue, bidIds: f.bidIds, vendorIds: f.vendorIds, evidence: f.evidence,
                key: f.key,
                dismissal: d.map(DismissalResponse.init))
        }
    }
}

struct DismissalResponse: Content {
    let key: String
    let reason: String
    let by: String
    let at: String
    /// Across tenders: the tenders the dismissal covers.
    let tenderIds: [String]?

    init(_ d: RedFlagStore.Dismissal) {
        key = d.key
        reason = d.reason
        by = d.by
        at = Timestamp.format(milliseconds: d.at)
        tenderIds = nil
    }

    init(_ d: CrossRedFlagStore.Dismissal) {
        key = d.key
        reason = d.reason
        by = d.by
        at = Timestamp.format(milliseconds: d.at)
        tenderIds = d.tenderIds
    }
}

struct DismissRedFlagRequest: Content {
    let key: String
    let reason: String
}

struct CrossRedFlagList: Content {
    struct Named: Content {
        let id: String
        let name: String
    }

    struct Item: Content {
        /// The flag's name: code and subject, stable across refreshes (`POST /red-flags/dismissals`).
        let key: String
        let code: String
        let severity: String
        let vendorIds: [String]
        let departmentId: String?
        let tenderIds: [String]
        /// The same vendors and tenders with their names and titles, in the same order.
        let vendors: [Named]
        let tenders: [Named]
        let evidence: [String: JSONValue]
        /// When the flag took its current form.
        let computedAt: String
        /// `open`, or `dismissed` while its dismissal covers every tender behind it.
        let status: String
        /// The latest dismissal; on an open flag, one that a later tender reopened.
        let dismissal: DismissalResponse?
    }
    let items: [Item]
    let metadata: PageMetadata
    /// When the flags were last computed; absent before the first time.
    let refreshedAt: String?

    init(_ page: CrossRedFlagQueries.Page, metadata: PageMetadata) {
        items = page.items.map { f, d in
            Item(
                key: f.id, code: f.code.rawValue, severity: f.code.severity.rawValue, vendorIds: f.vendorIds, departmentId: f.departmentId,
                tenderIds: f.tenderIds, vendors: f.vendorIds.map { Named(id: $0, name: page.vendorNames[$0] ?? "") },
                tenders: f.tenderIds.map { Named(id: $0, name: page.tenderTitles[$0] ?? "") }, evidence: f.evidence,
                computedAt: Timestamp.format(milliseconds: f.computedAt), status: f.dismissed ? "dismissed" : "open",
                dismissal: d.map(DismissalResponse.init))
        }
        self.metadata = metadata
        self.refreshedAt = page.refreshedAt.map { Timestamp.format(milliseconds: $0) }
    }
}

struct RefreshResponse: Content {
    let flags: Int
    let added: Int
    let changed: Int
    let removed: Int

    init(_ o: RefreshCrossTenderFlags.Outcome) {
        flags = o.flags
        added = o.added
        changed = o.changed
        removed = o.removed
    }
}

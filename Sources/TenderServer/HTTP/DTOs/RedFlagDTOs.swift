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

    init(_ d: RedFlagStore.Dismissal) {
        key = d.key
        reason = d.reason
        by = d.by
        at = Timestamp.format(milliseconds: d.at)
    }
}

struct DismissRedFlagRequest: Content {
    let key: String
    let reason: String
}

struct CrossRedFlagList: Content {
    struct Item: Content {
        let code: String
        let severity: String
        let vendorIds: [String]
        let departmentId: String?
        let tenderIds: [String]
        let evidence: [String: JSONValue]
        let computedAt: String
    }
    let items: [Item]
    let metadata: PageMetadata

    init(_ rows: [CrossRedFlagStore.Row], metadata: PageMetadata) {
        items = rows.map {
            Item(
                code: $0.code.rawValue, severity: $0.code.severity.rawValue, vendorIds: $0.vendorIds, departmentId: $0.departmentId,
                tenderIds: $0.tenderIds, evidence: $0.evidence, computedAt: Timestamp.format(milliseconds: $0.computedAt))
        }
        self.metadata = metadata
    }
}

struct RefreshResponse: Content {
    let flags: Int
}

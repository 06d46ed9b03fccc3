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

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
    }
    let items: [Item]

    init(_ flags: [RedFlag]) {
        items = flags.map {
            Item(code: $0.code.rawValue, severity: $0.severity.rawValue, bidIds: $0.bidIds, vendorIds: $0.vendorIds, evidence: $0.evidence)
        }
    }
}

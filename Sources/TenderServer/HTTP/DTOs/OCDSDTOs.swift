import Foundation
import Vapor

/// The Open Contracting Data Standard 1.1 release package as this server publishes it (the fields
/// it uses; validated against the official 1.1.5 schema in `.ci/run`).
enum OCDS {
    struct Value: Content {
        let amount: Decimal
        let currency: String
    }

    struct OrgRef: Content {
        let id: String
        let name: String
    }

    struct Party: Content {
        let id: String
        let name: String
        let roles: [String]
    }

    struct Period: Content {
        var startDate: String?
        var endDate: String?
    }

    struct Amendment: Content {
        let id: String
        let date: String
        let rationale: String
        let description: String
    }

    struct Tender: Content {
        let id: String
        let title: String
        let description: String
        let status: String
        let procurementMethod: String
        let procurementMethodDetails: String
        let mainProcurementCategory: String?
        let value: Value
        let tenderPeriod: Period
        let awardPeriod: Period?
        let awardCriteria: String
        let awardCriteriaDetails: String
        let numberOfTenderers: Int?
        let tenderers: [OrgRef]?
        let amendments: [Amendment]?
    }

    struct Statistic: Content {
        let id: String
        let measure: String
        let value: Int
        let notes: String?
    }

    struct Bids: Content {
        let statistics: [Statistic]
    }

    struct Award: Content {
        let id: String
        let title: String
        let status: String
        let date: String
        let value: Value
        let suppliers: [OrgRef]
        let contractPeriod: Period?
    }

    struct Implementation: Content {
        let documents: [Document]?
        /// Approved payments (付款审批).
        var transactions: [Transaction]? = nil
        /// Periodic reviews (考核), met when recorded.
        var milestones: [Milestone]? = nil
    }

    struct Transaction: Content {
        let id: String
        let date: String
        let value: Value
        let payer: OrgRef
        let payee: OrgRef
    }

    struct Milestone: Content {
        let id: String
        let title: String
        let type: String
        let description: String
        let dueDate: String?
        let dateMet: String
        let status: String
    }

    struct Document: Content {
        let id: String
        let documentType: String
        let title: String
        let description: String
        let datePublished: String
    }

    struct Contract: Content {
        let id: String
        let awardID: String
        let status: String
        let value: Value
        let dateSigned: String
        var period: Period? = nil
        let implementation: Implementation
        /// Approved changes (变更).
        var amendments: [Amendment]? = nil
    }

    /// With an outsourcing request behind the tender: its justification as the rationale, and the
    /// reference price (with finance's basis) as the budget.
    struct Planning: Content {
        struct Budget: Content {
            var id: String? = nil
            var description: String? = nil
            let amount: Value
        }
        var rationale: String? = nil
        let budget: Budget
    }

    struct Release: Content {
        let ocid: String
        let id: String
        let date: String
        let tag: [String]
        let initiationType: String
        let language: String
        let parties: [Party]
        let buyer: OrgRef
        let planning: Planning
        let tender: Tender
        let bids: Bids?
        let awards: [Award]?
        let contracts: [Contract]?
    }

    struct Publisher: Content {
        let name: String
    }

    struct Package: Content {
        let uri: String
        let version: String
        let publishedDate: String
        let publisher: Publisher
        /// The OCDS extensions the releases use: `bids` comes from the bid extension.
        let extensions: [String]?
        let releases: [Release]
    }

    /// The official OCDS bid extension (`bids.statistics`, `bids.details`).
    static let bidExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
}

import Foundation
import SQLKit
import TenderDomain
import Vapor

struct DeadlineResponse: Content {
    struct Skipped: Content {
        let date: String
        let reason: String
    }
    let at: String
    let start: String
    let period: String
    let unit: String
    let lastDay: String?
    let skippedDays: [Skipped]
    let provisional: Bool
    let uncoveredYears: [Int]
    let timeZone: String

    init(_ d: Deadline) {
        at = Timestamp.format(d.at)
        start = Timestamp.format(d.start)
        period = d.period.description
        unit = d.period.unitName
        lastDay = d.lastDay?.description
        skippedDays = d.skippedDays.map { Skipped(date: $0.date.description, reason: $0.reason) }
        provisional = d.provisional
        uncoveredYears = d.uncoveredYears
        timeZone = d.timeZone.identifier
    }
}

struct AmendmentResponse: Content {
    typealias Change = AmendmentRecord.Change
    let number: Int64
    let reason: String
    let changes: [Change]
    let createdAt: String

    init(_ a: AmendmentRecord) {
        number = a.number
        reason = a.reason
        changes = a.changes
        createdAt = Timestamp.format(milliseconds: a.createdAt)
    }
}

struct TenderResponse: Content {
    struct Deadlines: Content {
        /// The earliest submission deadline the regime allows from publication (or from now, for a draft).
        let earliestSubmissionDeadline: DeadlineResponse
        /// While bidding: the earliest submission deadline an amendment made now may leave in place.
        let earliestDeadlineForAmendmentNow: DeadlineResponse?
    }

    let id: String
    let title: String
    let description: String
    let category: String
    let regime: String
    let method: String
    let budget: BudgetDTO
    let timeZone: String
    let submissionDeadline: String
    let revealDeadline: String
    let criteria: [Criterion]
    let status: String
    let phase: String
    let createdAt: String
    let updatedAt: String
    let publishedAt: String?
    let cancelledAt: String?
    let cancelReason: String?
    let amendmentCount: Int64
    /// The outsourcing request it was drafted from (docs/DESIGN.md §10); absent for a direct tender.
    let requestId: String?
    /// Staff only: 招标投标法 art. 22 keeps potential bidders' names from everyone else.
    let invitedVendorIds: [String]?
    /// Vendors only, on selective tenders: whether the caller is invited.
    let invited: Bool?
    let amendments: [AmendmentResponse]?
    let deadlines: Deadlines?
    /// Whether bids must carry an escrow for the key holders (docs/DESIGN.md §13).
    let escrowRequired: Bool
    let opening: Opening?

    struct Opening: Content {
        let threshold: Int
        let holderCount: Int
        /// Staff only.
        let holders: [String]?
    }

    init(_ v: TenderView, now: Date) {
        let t = v.record
        id = t.id
        title = t.title
        description = t.description
        category = t.category
        regime = t.regime
        method = t.method.rawValue
        budget = BudgetDTO(amount: t.budget.description, currency: t.currency)
        timeZone = t.timeZone
        submissionDeadline = Timestamp.format(milliseconds: t.submissionDeadline)
        revealDeadline = Timestamp.format(milliseconds: t.revealDeadline)
        criteria = t.criteria
        status = t.status.rawValue
        phase = t.phase(at: now).rawValue
        createdAt = Timestamp.format(milliseconds: t.createdAt)
        updatedAt = Timestamp.format(milliseconds: t.updatedAt)
        publishedAt = t.publishedAt.map { Timestamp.format(milliseconds: $0) }
        cancelledAt = t.cancelledAt.map { Timestamp.format(milliseconds: $0) }
        cancelReason = t.cancelReason
        amendmentCount = t.amendmentCount
        requestId = t.requestId
        invitedVendorIds = v.invitedVendorIds
        invited = v.invited
        amendments = v.amendments?.map(AmendmentResponse.init)
        escrowRequired = t.opening != nil
        opening = t.opening.map { Opening(threshold: $0.threshold, holderCount: $0.holders.count, holders: v.openingHolders) }
        deadlines = v.earliestSubmissionDeadline.map {
            Deadlines(
                earliestSubmissionDeadline: DeadlineResponse($0),
                earliestDeadlineForAmendmentNow: v.earliestDeadlineForAmendmentNow.map(DeadlineResponse.init))
        }
    }
}

struct TenderList: Content {
    let items: [TenderResponse]
    let metadata: PageMetadata
}

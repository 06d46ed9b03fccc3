import Foundation

/// The legal deadlines that follow an award (docs/DESIGN.md §6) and the policy deadlines of an
/// outsourcing request (§10), each an obligation that the obligations monitor tracks and the
/// sweeper records as overdue.
public enum ObligationKind: String, Sendable, Codable, CaseIterable {
    /// The written report to the supervising authority (招标投标法 art. 47), from the award.
    case awardReport = "award_report"
    /// The contract (招标投标法 art. 46, 实施条例 art. 54), from the end of the standstill.
    case contractSigning = "contract_signing"
    /// Filing the signed contract with the authority, from the signature.
    case contractFiling = "contract_filing"
    /// The reply to an objection (实施条例 art. 54), from its filing.
    case objectionReply = "objection_reply"
    /// An approver's decision on a submitted outsourcing request (`requestDecisionPeriod`).
    case requestDecision = "request_decision"
    /// The tender of a priced request, drafted by procurement (`tenderDraftPeriod`).
    case tenderPreparation = "tender_preparation"
    /// The briefing record of a signed contract (合同交底, `briefingPeriod`).
    case contractBriefing = "contract_briefing"
    /// The review of one period of an active contract (定期检查, `reviewPeriod` after it ends).
    case periodicReview = "periodic_review"
}

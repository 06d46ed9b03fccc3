/// What an audit entry records: the closed vocabulary of state changes (docs/DESIGN.md §7). The raw
/// value is what the chain hashes and the API shows; never rename one (old entries keep it).
public enum AuditAction: String, Sendable, CaseIterable, Codable {
    // Accounts and vendors
    case userCreated = "user.created"
    case userDeactivated = "user.deactivated"
    case userReactivated = "user.reactivated"
    case vendorRegistered = "vendor.registered"
    case vendorUpdated = "vendor.updated"
    case vendorSuspended = "vendor.suspended"
    case vendorReinstated = "vendor.reinstated"
    // Organisation and outsourcing requests (docs/DESIGN.md §10)
    case departmentCreated = "department.created"
    case requestCreated = "request.created"
    case requestUpdated = "request.updated"
    case requestSubmitted = "request.submitted"
    case requestDecided = "request.decided"
    case requestPriced = "request.priced"
    case requestTendered = "request.tendered"
    case procedureDeviation = "procedure.deviation"
    // Tenders
    case tenderCreated = "tender.created"
    case tenderUpdated = "tender.updated"
    case tenderPublished = "tender.published"
    case tenderAmended = "tender.amended"
    case tenderCancelled = "tender.cancelled"
    case tenderClosed = "tender.closed"
    case questionAsked = "question.asked"
    case questionAnswered = "question.answered"
    // Bids
    case bidRevealed = "bid.revealed"
    case bidRevealMismatch = "bid.reveal_mismatch"
    // Escrowed opening (docs/DESIGN.md §13)
    case openingKeyRegistered = "opening.key_registered"
    case openingKeyRetired = "opening.key_retired"
    case openingSharesPosted = "opening.shares_posted"
    case openingShareMismatch = "opening.share_mismatch"
    case bidOpenedByEscrow = "bid.opened_by_escrow"
    // Integrity red flags (docs/DESIGN.md §14)
    case redFlagDismissed = "red_flag.dismissed"
    // Evaluation
    case committeeSet = "committee.set"
    case declarationMade = "declaration.made"
    case scoresheetSaved = "scoresheet.saved"
    case evaluationFinalized = "evaluation.finalized"
    // Award and after
    case awardMade = "award.made"
    case awardReported = "award.reported"
    case awardRevoked = "award.revoked"
    case objectionFiled = "objection.filed"
    case objectionResolved = "objection.resolved"
    case contractSigned = "contract.signed"
    case contractFiled = "contract.filed"
    case obligationOverdue = "obligation.overdue"
    // The contract ledger (docs/DESIGN.md §11)
    case contractBriefed = "contract.briefed"
    case briefingAcknowledged = "contract.briefing_acknowledged"
    case undertakingGiven = "contract.undertaking_given"
    case changeRequested = "contract.change_requested"
    case changeDecided = "contract.change_decided"
    case contractTerminated = "contract.terminated"
    case scorecardSet = "contract.scorecard_set"
    case paymentTermsSet = "contract.payment_terms_set"
    case reviewRecorded = "review.recorded"
    case paymentRequested = "payment.requested"
    case paymentDecided = "payment.decided"
    case suspensionProposed = "suspension.proposed"
    case suspensionDecided = "suspension.decided"
}

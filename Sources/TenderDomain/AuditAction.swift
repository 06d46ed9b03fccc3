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
}

/// Who may see what of a tender, as one pure answer; `role` nil is the anonymous public.
public enum TenderAccess {
    /// The tender itself (detail and lists): drafts only for staff; an evaluator only the published
    /// or cancelled tenders whose committee it sits on; everyone else every published or cancelled
    /// tender.
    public static func maySee(_ role: Role?, status: TenderStatus, onCommittee: Bool) -> Bool {
        switch role {
        case .evaluator: onCommittee && status != .draft
        case .admin, .procurement, .auditor: true
        case .vendor, .requester, .approver, .finance, nil: status != .draft
        }
    }
}

extension TenderAccess {
    /// One bid (its record, price once revealed): its vendor at any time; staff once the
    /// submission deadline has passed; nobody else, ever (招标投标法 art. 22).
    public static func maySeeBid(_ role: Role?, isOwner: Bool, submissionDeadlinePassed: Bool) -> Bool {
        isOwner || (role?.isTenderOffice == true && submissionDeadlinePassed)
    }

    /// Why the list of commitments (who bid, with the Merkle root) is not public, nil once it is:
    /// from the submission deadline of a published tender; a cancelled tender never opens, so who
    /// bid on it stays unpublished (as in its OCDS release).
    public static func commitmentsSealed(status: TenderStatus, submissionDeadlinePassed: Bool) -> String? {
        switch status {
        case _ where !submissionDeadlinePassed, .draft: "commitments are sealed until the submission deadline"
        case .cancelled: "the tender was cancelled; its commitments are never published"
        case .published: nil
        }
    }
}

extension TenderAccess {
    /// Which objections of a tender the caller lists: the tender office all, a vendor its own.
    public enum ObjectionScope: Sendable, Equatable { case none, own, all }

    public static func objectionScope(_ role: Role?) -> ObjectionScope {
        switch role {
        case .some(let r) where r.isTenderOffice: .all
        case .vendor: .own
        default: .none
        }
    }

    /// A clarification question: the public sees answered ones, the tender office all, a vendor
    /// also its own unanswered ones.
    public static func maySeeQuestion(_ role: Role?, answered: Bool, askedByCaller: Bool) -> Bool {
        answered || role?.isTenderOffice == true || (role == .vendor && askedByCaller)
    }

    /// A committee member's declared conflicts: the tender office and the member itself.
    public static func maySeeConflicts(_ role: Role?, isMember: Bool) -> Bool { role?.isTenderOffice == true || isMember }
}

/// Who may list which accounts (`GET /users?role=`): admins every account, procurement the
/// evaluators it builds committees from.
public enum AccountAccess {
    public static func mayList(_ role: Role, filter: Role?) -> Bool {
        switch role {
        case .admin: true
        case .procurement: filter == .evaluator
        default: false
        }
    }
}

import Testing

@testable import TenderDomain

/// Who may see what of a tender (`TenderAccess`), case by case; nil role is the anonymous public.
@Suite struct TenderAccessTests {
    @Test(arguments: [
        // role, status, on the committee, may see
        (nil as Role?, TenderStatus.draft, false, false),
        (nil, .published, false, true),
        (nil, .cancelled, false, true),
        (.vendor, .draft, false, false),
        (.vendor, .published, false, true),
        (.procurement, .draft, false, true),
        (.admin, .draft, false, true),
        (.auditor, .draft, false, true),
        (.evaluator, .published, false, false),  // not on this committee
        (.evaluator, .published, true, true),
        (.evaluator, .cancelled, true, true),
        (.evaluator, .draft, true, false),  // drafts are for staff only
    ])
    func tender(_ role: Role?, _ status: TenderStatus, _ onCommittee: Bool, _ expected: Bool) {
        #expect(TenderAccess.maySee(role, status: status, onCommittee: onCommittee) == expected)
    }

    @Test(arguments: [
        // role, owner, deadline passed, may see
        (Role.vendor as Role?, true, false, true),  // its own bid, before the deadline
        (.vendor, false, true, false),  // another vendor's bid, ever
        (.procurement, false, false, false),  // staff: not before the deadline (art. 22)
        (.procurement, false, true, true),
        (.auditor, false, true, true),
        (.evaluator, false, true, false),  // not staff
        (nil, false, true, false),
    ])
    func bid(_ role: Role?, _ owner: Bool, _ passed: Bool, _ expected: Bool) {
        #expect(TenderAccess.maySeeBid(role, isOwner: owner, submissionDeadlinePassed: passed) == expected)
    }

    @Test(arguments: [
        (TenderStatus.draft, false, false),
        (.draft, true, false),
        (.published, false, false),
        (.published, true, true),
        (.cancelled, false, false),
        (.cancelled, true, false),  // a cancelled tender never publishes who bid
    ])
    func commitments(_ status: TenderStatus, _ passed: Bool, _ published: Bool) {
        #expect((TenderAccess.commitmentsSealed(status: status, submissionDeadlinePassed: passed) == nil) == published)
    }

    @Test(arguments: [
        // stored status, published tender, reveal deadline passed, shown
        (BidStatus.sealed, true, false, "sealed"),
        (.sealed, true, true, "unrevealed"),
        (.sealed, false, true, "sealed"),  // a cancelled tender's bid was never due
        (.revealed, true, true, "revealed"),
        (.invalid, true, true, "invalid"),
        (.withdrawn, true, true, "withdrawn"),
        (.voided, true, true, "voided"),
        (.replaced, true, true, "replaced"),
    ])
    func bidStatusShown(_ status: BidStatus, _ published: Bool, _ passed: Bool, _ shown: String) {
        #expect(status.display(tenderPublished: published, revealDeadlinePassed: passed) == shown)
    }

    @Test(arguments: [
        (Role.admin as Role?, TenderAccess.ObjectionScope.all), (.procurement, .all), (.auditor, .all), (.vendor, .own),
        (.evaluator, .none), (.requester, .none), (.approver, .none), (.finance, .none), (nil, .none),
    ])
    func objections(_ role: Role?, _ scope: TenderAccess.ObjectionScope) {
        #expect(TenderAccess.objectionScope(role) == scope)
    }

    @Test(arguments: [
        // role, answered, asked by the caller, visible
        (nil as Role?, true, false, true), (nil, false, false, false), (.vendor, false, true, true), (.vendor, false, false, false),
        (.procurement, false, false, true), (.auditor, false, false, true), (.approver, false, false, false),
        (.evaluator, false, false, false), (.approver, true, false, true),
    ])
    func questions(_ role: Role?, _ answered: Bool, _ mine: Bool, _ visible: Bool) {
        #expect(TenderAccess.maySeeQuestion(role, answered: answered, askedByCaller: mine) == visible)
    }

    @Test func conflictsAndAccountLists() {
        #expect(TenderAccess.maySeeConflicts(.procurement, isMember: false))
        #expect(TenderAccess.maySeeConflicts(.evaluator, isMember: true))
        #expect(!TenderAccess.maySeeConflicts(.evaluator, isMember: false))
        #expect(!TenderAccess.maySeeConflicts(.approver, isMember: false))
        #expect(!TenderAccess.maySeeConflicts(nil, isMember: false))
        #expect(AccountAccess.mayList(.admin, filter: nil) && AccountAccess.mayList(.admin, filter: .vendor))
        #expect(AccountAccess.mayList(.procurement, filter: .evaluator))
        #expect(!AccountAccess.mayList(.procurement, filter: nil) && !AccountAccess.mayList(.procurement, filter: .requester))
        #expect(!AccountAccess.mayList(.approver, filter: .evaluator) && !AccountAccess.mayList(.auditor, filter: nil))
    }
}

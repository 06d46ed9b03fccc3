import Testing

@testable import TenderDomain

/// docs/DESIGN.md §4: what an amendment does to each bid status.
@Suite struct AmendmentVoidingTests {
    @Test(arguments: [
        (BidStatus.sealed, BidStatus.voided),  // a commitment to the old terms no longer counts
        (.replaced, .replaced), (.withdrawn, .withdrawn), (.voided, .voided),  // already ended
        (.revealed, .revealed), (.invalid, .invalid),  // cannot exist while bidding; left alone
    ])
    func afterAmendment(_ before: BidStatus, _ after: BidStatus) {
        #expect(before.afterAmendment == after)
    }
}

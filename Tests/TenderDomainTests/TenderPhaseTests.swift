import Foundation
import Testing

@testable import TenderDomain

@Suite struct TenderPhaseTests {
    static let sub = Timestamp.parse("2026-04-01T02:00:00Z")!
    static let rev = Timestamp.parse("2026-04-01T03:00:00Z")!

    @Test(arguments: [
        (TenderStatus.draft, "2026-03-01T00:00:00Z", TenderPhase.draft),
        (.published, "2026-04-01T01:59:59.999Z", .bidding),
        // At the deadline itself bidding is closed.
        (.published, "2026-04-01T02:00:00Z", .revealing),
        (.published, "2026-04-01T02:59:59Z", .revealing),
        (.published, "2026-04-01T03:00:00Z", .evaluating),
        (.cancelled, "2026-03-10T00:00:00Z", .cancelled),
    ])
    func phase(_ status: TenderStatus, _ now: String, _ expected: TenderPhase) {
        let state = TenderClockState(status: status, submissionDeadline: Self.sub, revealDeadline: Self.rev)
        #expect(state.phase(at: Timestamp.parse(now)!) == expected)
    }
}

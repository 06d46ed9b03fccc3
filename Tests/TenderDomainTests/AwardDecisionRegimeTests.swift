import Testing

@testable import TenderDomain

/// The regime's award numbers change the rule: two candidates, a 30-character reason.
@Suite struct AwardDecisionRegimeTests {
    @Test(arguments: [
        (1 as Int?, String(repeating: "x", count: 29), "justification_required" as String?),
        (1, String(repeating: "x", count: 30), nil as String?),
        (2, String(repeating: "x", count: 40), "not_a_candidate"),  // a third candidate where only two are
    ])
    func regime(_ rank: Int?, _ justification: String, _ code: String?) {
        do {
            try AwardDecision.check(rank: rank, justification: justification, candidates: 2, minimumJustification: 30)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }
}

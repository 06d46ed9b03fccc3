import Testing

@testable import TenderDomain

/// 招标投标法 art. 37 and 实施条例 arts. 53, 55, case by case.
@Suite struct CommitteeAndAwardRulesTests {
    typealias K = CommitteeComposition.Kind

    @Test(arguments: [
        // kinds (e = expert, r = representative), chair is a member, minimum size, expected code
        ("eeeee", true, 5, nil as String?),
        ("eeerr", true, 5, "too_few_experts"),  // 3 of 5 < 2/3
        ("eeeer", true, 5, nil),  // 4 of 5 ≥ 2/3
        ("eeee", true, 3, "committee_size_even"),
        ("eee", true, 5, "committee_too_small"),
        ("eeeeerr", true, 5, nil),  // 5 of 7 ≥ 2/3 (14 ≥ 14... 15 ≥ 14)
        ("eeeerrr", true, 5, "too_few_experts"),  // 4 of 7: 12 < 14
        ("eeeeeer", false, 5, "chair_not_member"),
        ("e", true, 1, nil),
        ("", true, 1, "committee_too_small"),
        ("eeeeeeerr", true, 5, nil),  // 7 of 9: 21 ≥ 18
        ("eeeeeerrr", true, 5, nil),  // 6 of 9: 18 ≥ 18, exactly two thirds
        ("eeeeerrrr", true, 5, "too_few_experts"),  // 5 of 9: 15 < 18
    ])
    func committeeComposition(_ kinds: String, _ chair: Bool, _ minimum: Int, _ code: String?) {
        let list = kinds.map { $0 == "e" ? K.expert : K.representative }
        do {
            try CommitteeComposition.validate(kinds: list, chairIsMember: chair, minimumSize: minimum)
            #expect(code == nil, "\(kinds) accepted")
        } catch {
            #expect(error.code == code, "\(kinds)")
        }
    }

    @Test(arguments: [
        (0 as Int?, nil as String?, nil as String?),
        (0, "", nil),  // the first candidate needs no reason
        (1, nil, "justification_required"),
        (1, String(repeating: "x", count: 19), "justification_required"),
        (1, String(repeating: "x", count: 20), nil),
        (2, "理由：第一、第二候选人资质证书已过期，经复核确认。", nil),  // 25 characters, CJK counted as characters
        (2, "理由太短", "justification_required"),
        (3, String(repeating: "x", count: 40), "not_a_candidate"),
        (nil, String(repeating: "x", count: 40), "not_a_candidate"),
    ])
    func awardDecision(_ rank: Int?, _ justification: String?, _ code: String?) {
        do {
            try AwardDecision.check(rank: rank, justification: justification)
            #expect(code == nil)
        } catch {
            #expect(error.code == code, "rank \(String(describing: rank))")
        }
    }
}

import Testing

@testable import TenderDomain

/// A scoresheet against the criteria: price 60, technical (max 40) and a qualification check.
@Suite struct ScoresheetRulesTests {
    static let criteria = [
        Criterion(key: "price", name: nil, type: .price, weightHundredths: 6000, maxScoreHundredths: nil),
        Criterion(key: "technical", name: "Technical", type: .scored, weightHundredths: 4000, maxScoreHundredths: 4000),
        Criterion(key: "licence", name: "Licence", type: .qualification, weightHundredths: nil, maxScoreHundredths: nil),
    ]

    typealias Case = (qualification: [String: Bool], scores: [String: Double], code: String?, technical: Int64?)

    // qualification, scores, expected code (nil: valid), expected technical hundredths
    static let cases: [Case] = [
        (["licence": true], ["technical": 35.5], nil, 3550),
        (["licence": false], ["technical": 0], nil, 0),
        (["licence": true], ["technical": 40], nil, 4000),  // the maximum itself
        (["licence": true], ["technical": 40.01], "score_out_of_range", nil),
        (["licence": true], ["technical": -0.01], "score_out_of_range", nil),
        (["licence": true], ["technical": 12.345], "score_out_of_range", nil),  // three decimals
        (["licence": true], ["technical": 12.3], nil, 1230),
        ([:], ["technical": 10], "missing_score", nil),  // the qualification answer is required
        (["licence": true], [:], "missing_score", nil),
        (["licence": true, "insurance": true], ["technical": 10], "unknown_criterion", nil),
        (["licence": true], ["technical": 10, "price": 60], "unknown_criterion", nil),  // price is computed, never scored
        (["licence": true], ["technical": Double.nan], "score_out_of_range", nil),
    ]

    @Test(arguments: ScoresheetRulesTests.cases)
    func sheet(_ c: Case) {
        let (q, s, code, technical) = (c.qualification, c.scores, c.code, c.technical)
        do {
            let sheet = try ScoresheetRules.validate(qualification: q, scores: s, criteria: Self.criteria)
            #expect(code == nil)
            #expect(sheet.scores["technical"] == technical)
            #expect(sheet.qualification == q)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test(arguments: [
        // status, evaluated, now, from, expected code
        (TenderStatus.published, false, 100 as Int64, 100 as Int64, nil as String?),
        (.published, false, 99, 100, "wrong_phase"),  // before the window opens
        (.published, true, 200, 100, "evaluation_final"),
        (.cancelled, false, 200, 100, "wrong_phase"),
        (.draft, false, 200, 100, "wrong_phase"),
    ])
    func window(_ status: TenderStatus, _ evaluated: Bool, _ now: Int64, _ from: Int64, _ code: String?) {
        do {
            try EvaluationWindow.check(status: status, evaluated: evaluated, now: now, from: from, phase: .revealing, action: "score bids")
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test(arguments: [
        (Role.evaluator as Role?, false, TenderAccess.SheetScope.own),
        (.evaluator, true, .own),
        (.procurement, false, .none),  // sealed until final
        (.procurement, true, .all),
        (.auditor, true, .all),
        (.vendor, true, .none),
        (nil, true, .none),
    ])
    func sheetScope(_ role: Role?, _ final: Bool, _ expected: TenderAccess.SheetScope) {
        #expect(TenderAccess.sheetScope(role, evaluationFinal: final) == expected)
    }

    @Test(arguments: [
        (nil as Role?, false, false), (nil, true, true), (Role.vendor, false, false), (.vendor, true, true),
        (.evaluator, false, true), (.procurement, false, true), (.auditor, false, true), (.admin, false, true),
    ])
    func evaluation(_ role: Role?, _ published: Bool, _ expected: Bool) {
        #expect(TenderAccess.maySeeEvaluation(role, awardPublished: published) == expected)
    }
}

import Foundation
import Testing

@testable import TenderDomain

/// After the award (docs/DESIGN.md §11): grades, periods, scorecards, deductions, the change cap,
/// savings and the reward cap, the annual average and suspension proposals — all by hand.
@Suite struct ContractRulesTests {
    static let grades = OutsourcingPolicy.Grades(excellent: 90, good: 75, pass: 60)

    @Test(arguments: [
        (Int64(0), Grade.fail), (5999, .fail), (6000, .pass), (7499, .pass), (7500, .good), (8999, .good), (9000, .excellent),
        (10000, .excellent),
    ])
    func gradeBoundaries(_ total: Int64, _ grade: Grade) {
        #expect(Self.grades.grade(totalHundredths: total) == grade)
    }

    @Test(arguments: [
        ("2026-11", "2026-11-01", "2026-11-30", "2026-12"), ("2026-12", "2026-12-01", "2026-12-31", "2027-01"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-03"), ("2026-Q4", "2026-10-01", "2026-12-31", "2027-Q1"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "2026-Q2"),
    ])
    func periods(_ text: String, _ start: String, _ end: String, _ next: String) throws {
        let p = try #require(ReviewPeriod(text))
        #expect(p.description == text)
        #expect(p.start.description == start && p.end.description == end)
        #expect(p.next.description == next)
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-11", "2026-1", "2026/11", "2026-q4", "", "2026-11-01", "２０２６-11"])
    func badPeriods(_ text: String) {
        #expect(ReviewPeriod(text) == nil)
    }

    @Test(arguments: [
        // period, today, service start, service end, expected code
        ("2026-11", "2026-11-01", "2026-01-01", "2026-12-31", nil as String?),  // begun today
        ("2026-12", "2026-11-30", "2026-01-01", "2026-12-31", "future_period"),
        ("2025-12", "2026-11-30", "2026-01-01", "2026-12-31", "outside_service_period"),
        ("2027-01", "2027-02-01", "2026-01-01", "2026-12-31", "outside_service_period"),
        ("2026-Q1", "2026-05-01", "2026-03-31", "2026-12-31", nil),  // overlaps by its last day
        ("2026-10", "2026-11-05", "2026-10-15", "2027-10-14", nil),  // signed after the service began
    ])
    func reviewablePeriods(_ period: String, _ today: String, _ start: String, _ end: String, _ code: String?) {
        do {
            try ReviewRules.check(
                ReviewPeriod(period)!, today: CivilDate(today)!, serviceStart: CivilDate(start)!, serviceEnd: CivilDate(end)!)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func endedPeriods_areTheOnesWhoseReviewIsDue() {
        let months = ReviewRules.endedPeriods(
            cadence: .month, serviceStart: CivilDate("2026-10-15")!, serviceEnd: CivilDate("2027-01-31")!, today: CivilDate("2027-01-10")!)
        #expect(months.map(\.description) == ["2026-10", "2026-11", "2026-12"])
        let quarters = ReviewRules.endedPeriods(
            cadence: .quarter, serviceStart: CivilDate("2026-01-01")!, serviceEnd: CivilDate("2026-12-31")!, today: CivilDate("2027-03-01")!
        )
        #expect(quarters.map(\.description) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
    }

    static let card = try! Scorecard(
        period: .month,
        criteria: [
            .init(key: "discipline", name: "Discipline", maxPoints: 30), .init(key: "calls", name: "Successful calls", maxPoints: 50),
            .init(key: "training", name: "Training", maxPoints: 20),
        ])

    @Test(arguments: [
        (["discipline": 2500, "calls": 4500, "training": 1750], Int64(8750), nil as String?),
        (["discipline": 3000, "calls": 5000, "training": 2000], 10000, nil),
        (["discipline": 0, "calls": 0, "training": 0], 0, nil),
        (["discipline": 3001, "calls": 5000, "training": 2000], 0, "score_out_of_range"),
        (["discipline": -1, "calls": 5000, "training": 2000], 0, "score_out_of_range"),
        (["discipline": Int.min, "calls": 5000, "training": 2000], 0, "score_out_of_range"),  // more than 2 decimals
        (["discipline": 3000, "calls": 5000], 0, "missing_score"),
        (["discipline": 3000, "calls": 5000, "training": 2000, "smile": 100], 0, "unknown_criterion"),
    ])
    func reviewTotals(_ scores: [String: Int], _ total: Int64, _ code: String?) {
        do {
            #expect(try Self.card.total(scores) == total)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func scorecards_totalExactly100() {
        #expect(
            throws: RuleViolation(.scorecardTotal, "the criteria's maxPoints must total exactly 100 (they total 99)", field: "criteria")
        ) {
            try Scorecard(period: .month, criteria: [.init(key: "a", name: "A", maxPoints: 99)])
        }
        #expect((try? Scorecard(period: .quarter, criteria: [.init(key: "a", name: "A", maxPoints: 100)])) != nil)
        #expect(throws: RuleViolation.self) { try Scorecard(period: .month, criteria: [.init(key: "a", name: "A", maxPoints: 0)]) }
        #expect(throws: RuleViolation.self) {
            try Scorecard(period: .month, criteria: [.init(key: "a", name: "A", maxPoints: 50), .init(key: "a", name: "B", maxPoints: 50)])
        }
        #expect(throws: RuleViolation.self) { try Scorecard(period: .month, criteria: []) }
    }

    /// deduction = round_half_up(installment × percent / 100, 2); payable = installment − deduction.
    @Test(arguments: [
        (Int64(10_000_00), Int64(0), Int64(0), Int64(10_000_00)),
        (10_000_00, 500, 500_00, 9_500_00),  // 5 % of 10,000.00
        (10_000_00, 2000, 2_000_00, 8_000_00),  // 20 %
        (333_33, 500, 16_67, 316_66),  // 16.6665 → 16.67 (half up)
        (333_31, 500, 16_67, 316_64),  // 16.6655 → 16.67
        (333_29, 500, 16_66, 316_63),  // 16.6645 → 16.66
        (1, 5000, 1, 0),  // 0.005 → 0.01
        (99_99, 1234, 12_34, 87_65),  // 12.338766 → 12.34
        (50_00, 10000, 50_00, 0),  // 100 %
    ])
    func deductions(_ installment: Int64, _ percent: Int64, _ deduction: Int64, _ payable: Int64) {
        #expect(PaymentRules.deduction(installmentCents: installment, percentHundredths: percent) == deduction)
        #expect(PaymentRules.payable(installmentCents: installment, percentHundredths: percent) == payable)
    }

    @Test func paymentCap() {
        #expect(throws: Never.self) { try PaymentRules.checkCap(approvedCents: 90_00, payableCents: 10_00, currentCents: 100_00) }
        #expect(throws: RuleViolation.self) { try PaymentRules.checkCap(approvedCents: 90_00, payableCents: 10_01, currentCents: 100_00) }
    }

    /// Increases capped at 10 % of the original amount in total; decreases never.
    @Test(arguments: [
        (Int64(0), Int64(100_000_00), nil as String?),  // exactly 10 % of 1,000,000.00
        (0, 100_000_01, "change_over_limit"),
        (60_000_00, 40_000_00, nil), (60_000_00, 40_000_01, "change_over_limit"),
        (100_000_00, -500_000_00, nil),  // a decrease after the cap is reached
    ])
    func changeCap(_ approved: Int64, _ delta: Int64, _ code: String?) {
        do {
            try ChangeRules.checkCap(originalCents: 1_000_000_00, approvedIncreasesCents: approved, deltaCents: delta, share: Share("0.1")!)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    /// Savings = reference − awarded (never negative); cap = min(10 % of savings, 1,000.00).
    @Test(arguments: [
        (Int64(800_000_00), Int64(750_000_00), Int64(50_000_00), Int64(1_000_00)),  // 5,000.00 → the 1,000.00 limit
        (800_000_00, 795_000_00, 5_000_00, 500_00),  // 10 % of 5,000.00
        (800_000_00, 790_000_00, 10_000_00, 1_000_00),  // both limits meet at 10,000.00 of savings
        (800_000_00, 789_999_99, 10_000_01, 1_000_00),
        (800_000_00, 790_000_01, 9_999_99, 1_000_00),  // 999.999 → 1,000.00 (half up)
        (800_000_00, 790_000_06, 9_999_94, 999_99),  // 999.994 → 999.99
        (800_000_00, 800_000_00, 0, 0), (800_000_00, 900_000_00, 0, 0),  // no savings when awarded above the reference
    ])
    func savingsAndRewardCap(_ reference: Int64, _ awarded: Int64, _ savings: Int64, _ cap: Int64) {
        #expect(PaymentRules.savings(referenceCents: reference, awardedCents: awarded) == savings)
        #expect(PaymentRules.rewardCap(savingsCents: savings) == cap)
    }

    @Test(arguments: [
        ([8750, 7500], Int?(8125)), ([8000, 8001], 8001), ([8000, 8000, 8001], 8000), ([10000], 10000), ([], nil),
        ([5999, 6000, 6000], 6000),  // 59.99 + 60 + 60 = 179.99 / 3 = 59.9966… → 60.00
    ])
    func annualAverage(_ totals: [Int], _ average: Int?) {
        #expect(PaymentRules.average(totals.map(Int64.init)) == average.map(Int64.init))
    }

    @Test(arguments: [
        ([Grade.fail, .fail], true), ([.fail], false), ([.fail, .pass, .fail], false), ([.good, .fail, .fail], true), ([], false),
        ([.fail, .fail, .pass], false),
    ])
    func suspensionProposals(_ grades: [Grade], _ proposes: Bool) {
        #expect(SuspensionRule.proposes(grades) == proposes)
    }
}

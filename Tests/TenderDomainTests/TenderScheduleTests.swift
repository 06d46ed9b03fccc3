import Foundation
import Testing

@testable import TenderDomain

@Suite struct TenderScheduleTests {
    static let rules = RuleSet(
        name: "bidding-law", minBiddingPeriod: .calendarDays(20), clarificationLead: .calendarDays(15), minRevealWindow: .seconds(3600),
        minimumValidBids: 3, committeeMinSize: 5, trimExtremesFrom: 7, outlierShare: Share("0.3")!, abnormallyLowShare: Share("0.8")!,
        standstillPeriod: .calendarDays(3), objectionReplyPeriod: .calendarDays(3), awardReportPeriod: .calendarDays(15),
        contractSigningPeriod: .calendarDays(30), filingPeriod: .calendarDays(3), contractPublicationPeriod: nil)
    let schedule = TenderSchedule(
        rules: TenderScheduleTests.rules, calculator: DeadlineCalculator(calendar: DeadlineCalculatorTests.calendar),
        timeZone: DeadlineCalculatorTests.shanghai)
    // Published Mon 2026-03-02 10:00 CST: earliest deadline 24:00 Mon 03-23 (= 2026-03-23T16:00Z), see DeadlineCalculatorTests.
    let published = Timestamp.parse("2026-03-02T02:00:00Z")!

    func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as RuleViolation { return e.code } catch { return "\(error)" }
    }

    @Test(arguments: [
        ("2026-03-23T16:00:00Z", "2026-03-23T17:00:00Z", nil as String?),
        ("2026-03-23T15:59:59Z", "2026-03-23T17:00:00Z", "bidding_period_too_short"),
        ("2026-03-23T16:00:00Z", "2026-03-23T16:59:59Z", "reveal_window_too_short"),
        ("2026-03-23T16:00:00Z", "2026-03-23T16:00:00Z", "reveal_window_too_short"),
        ("2026-03-01T00:00:00Z", "2026-03-23T17:00:00Z", "deadline_in_past"),
    ])
    func publication(_ submission: String, _ reveal: String, _ expected: String?) {
        #expect(
            code {
                try schedule.validate(submission: Timestamp.parse(submission)!, reveal: Timestamp.parse(reveal)!, publishedAt: published)
            } == expected)
    }

    /// Amended Fri 2026-03-13 10:00 CST: 15d lead → last day Sat 03-28 → rest → Mon 03-30, ends 2026-03-30T16:00Z.
    @Test(arguments: [
        ("2026-03-30T16:00:00Z", nil as String?),
        ("2026-03-30T15:59:59Z", "clarification_lead"),
        ("2026-03-25T16:00:00Z", "clarification_lead"),
    ])
    func amendment(_ submission: String, _ expected: String?) {
        let now = Timestamp.parse("2026-03-13T02:00:00Z")!
        let sub = Timestamp.parse(submission)!
        #expect(
            code {
                try schedule.validateAmendment(submission: sub, reveal: sub.addingTimeInterval(7200), publishedAt: published, now: now)
            } == expected)
    }
}

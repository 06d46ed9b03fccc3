import Foundation
import Testing

@testable import TenderDomain

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1250000.00", Int64(125_000_000), "1250000.00"), ("1250000", 125_000_000, "1250000.00"), ("0.5", 50, "0.50"),
        ("0.05", 5, "0.05"), ("999999999999999.99", 99_999_999_999_999_999, "999999999999999.99"),
    ])
    func parses(_ text: String, _ cents: Int64, _ canonical: String) throws {
        let m = try #require(Money(text))
        #expect(m.cents == cents)
        #expect(m.description == canonical)
    }

    @Test(arguments: ["", "-1", "+1", "1.234", "1e6", "1,000", " 1", "1.", ".5", "abc", "1000000000000000", "１２"])
    func rejects(_ text: String) {
        #expect(Money(text) == nil)
    }
}

@Suite struct PeriodTests {
    @Test(arguments: [
        ("20d", Period.calendarDays(20)), ("7wd", .workingDays(7)), ("2s", .seconds(2)), ("0s", .seconds(0)),
        ("1h", .seconds(3600)), ("5m", .seconds(300)),
    ])
    func parses(_ text: String, _ expected: Period) {
        #expect(Period(text) == expected)
    }

    @Test(arguments: ["", "d", "20", "20days", "-1d", "1.5d", "20 d", "wd7", "9999999999d"])
    func rejects(_ text: String) {
        #expect(Period(text) == nil)
    }

    @Test func describesItself() {
        #expect(Period.seconds(3600).description == "1h")
        #expect(Period.workingDays(7).description == "7wd")
        #expect(Period.seconds(2).description == "2s")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00.000Z"),
        ("2026-03-02T10:00:00.25Z", "2026-03-02T10:00:00.250Z"),
        ("2026-03-02T10:00:00.123456Z", "2026-03-02T10:00:00.123Z"),
        ("2026-03-02T18:00:00+08:00", "2026-03-02T10:00:00.000Z"),
        ("2026-03-02T00:30:00-01:00", "2026-03-02T01:30:00.000Z"),
        ("1969-12-31T23:59:59.500Z", "1969-12-31T23:59:59.500Z"),
    ])
    func roundTrips(_ input: String, _ output: String) throws {
        #expect(Timestamp.format(try #require(Timestamp.parse(input))) == output)
    }

    /// Millisecond values worked out by hand: 1e12 ms is 11,574 days (2001-09-09) + 6,400 s (01:46:40).
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(1_000_000_000_123), "2001-09-09T01:46:40.123Z"),
        (Int64(86_400_000 * 365 - 1), "1970-12-31T23:59:59.999Z"),
    ])
    func formatsMilliseconds(_ ms: Int64, _ text: String) {
        #expect(Timestamp.format(milliseconds: ms) == text)
    }

    @Test func civilDateIsZeroPadded() {
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
        #expect(CivilDate(dayNumber: -719_162).description == "0001-01-01")
    }

    @Test(arguments: [
        "", "2026-03-02", "2026-03-02 10:00:00Z", "2026-03-02T10:00:00", "2026-02-30T10:00:00Z",
        "2026-03-02T24:00:00Z", "2026-03-02T10:00:00+8", "2026-03-02T10:00:00Zjunk", "tomorrow",
    ])
    func rejects(_ input: String) {
        #expect(Timestamp.parse(input) == nil)
    }
}

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

@Suite struct TenderScheduleTests {
    static let rules = RuleSet(
        name: "bidding-law", minBiddingPeriod: .calendarDays(20), clarificationLead: .calendarDays(15), minRevealWindow: .seconds(3600),
        minimumValidBids: 3, committeeMinSize: 5, trimExtremesFrom: 7, outlierShare: "0.3", abnormallyLowShare: "0.8",
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

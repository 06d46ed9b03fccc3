import Foundation
import Testing

@testable import TenderDomain

/// Hand-computed deadlines on the official 2025–2026 calendar (Config/calendar/china.json),
/// Asia/Shanghai (UTC+8, so 24:00 local is 16:00Z). Weekdays checked from 2026-01-01, a Thursday.
@Suite struct DeadlineCalculatorTests {
    static let calendar: WorkingDayCalendar = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let data = try! Data(contentsOf: url.appendingPathComponent("Config/calendar/china.json"))
        return try! WorkingDayCalendar.load(json: data)
    }()
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let calc = DeadlineCalculator(calendar: DeadlineCalculatorTests.calendar)

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let start: String
        let period: String
        let expected: String
        let skipped: [String]
        let provisional: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Mon 03-02 + 20 days = Sun 03-22, a rest day, moves to Mon 03-23; ends 24:00 03-23.
        Case(
            name: "20d ending on a Sunday moves to Monday", start: "2026-03-02T02:00:00Z", period: "20d",
            expected: "2026-03-23T16:00:00.000Z", skipped: ["2026-03-22"], provisional: false),
        // 01:00 on 03-02 in Shanghai is still 03-01 in UTC: the tender's zone decides the start day.
        Case(
            name: "start day taken in the tender's time zone", start: "2026-03-01T17:00:00Z", period: "20d",
            expected: "2026-03-23T16:00:00.000Z", skipped: ["2026-03-22"], provisional: false),
        // Fri 03-06 + 3 = Mon 03-09, a working day.
        Case(
            name: "3d over a weekend ending on Monday", start: "2026-03-06T07:00:00Z", period: "3d",
            expected: "2026-03-09T16:00:00.000Z", skipped: [], provisional: false),
        // Wed 03-04 + 3 = Sat 03-07 → Sun 03-08 → Mon 03-09.
        Case(
            name: "3d ending on Saturday moves two days", start: "2026-03-04T02:00:00Z", period: "3d",
            expected: "2026-03-09T16:00:00.000Z", skipped: ["2026-03-07", "2026-03-08"], provisional: false),
        // Mon 09-28 + 3 = Thu 10-01, 国庆节 10-01…10-07 → Thu 10-08.
        Case(
            name: "3d ending in the National Day holiday", start: "2026-09-28T02:00:00Z", period: "3d",
            expected: "2026-10-08T16:00:00.000Z",
            skipped: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
            provisional: false),
        // Fri 10-09 + 1 = Sat 10-10, a make-up workday: no move.
        Case(
            name: "1d ending on a make-up Saturday does not move", start: "2026-10-09T02:00:00Z", period: "1d",
            expected: "2026-10-10T16:00:00.000Z", skipped: [], provisional: false),
        // Thu 02-12: Fri 02-13 (1), Sat 02-14 make-up (2), 春节 02-15…02-23 skipped, 02-24…02-27 (3–6), Sat 02-28 make-up (7).
        Case(
            name: "7wd across the Spring Festival with make-up Saturdays", start: "2026-02-12T02:00:00Z", period: "7wd",
            expected: "2026-02-28T16:00:00.000Z",
            skipped: [
                "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22",
                "2026-02-23",
            ],
            provisional: false),
        // Fri 05-08: Sat 05-09 make-up (1), Sun 05-10 skipped, Mon 05-11 (2).
        Case(
            name: "2wd counting a make-up Saturday", start: "2026-05-08T02:00:00Z", period: "2wd",
            expected: "2026-05-11T16:00:00.000Z", skipped: ["2026-05-10"], provisional: false),
        // Wed 2026-12-30: Thu 12-31 (1); 2027 unknown: Fri 01-01 counted (2), weekend skipped, Mon–Fri 01-04…01-08 (3–7).
        Case(
            name: "7wd into an uncovered year is provisional", start: "2026-12-30T02:00:00Z", period: "7wd",
            expected: "2027-01-08T16:00:00.000Z", skipped: ["2027-01-02", "2027-01-03"], provisional: true),
        // 23:30 on Tue 03-03 still counts from 03-03: + 15 = Wed 03-18.
        Case(
            name: "15d from late evening", start: "2026-03-03T15:30:00Z", period: "15d",
            expected: "2026-03-18T16:00:00.000Z", skipped: [], provisional: false),
        // 2025 data: Fri 2025-01-24 + 4 = Tue 01-28, 春节 01-28…02-04 → Wed 02-05.
        Case(
            name: "2025 Spring Festival", start: "2025-01-24T02:00:00Z", period: "4d",
            expected: "2025-02-05T16:00:00.000Z",
            skipped: ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
            provisional: false),
        Case(
            name: "exact seconds", start: "2026-03-02T02:00:00Z", period: "2s",
            expected: "2026-03-02T02:00:02.000Z", skipped: [], provisional: false),
        Case(
            name: "exact hours", start: "2026-03-02T02:00:00Z", period: "1h",
            expected: "2026-03-02T03:00:00.000Z", skipped: [], provisional: false),
        Case(
            name: "zero days is the start itself", start: "2026-03-02T02:00:00Z", period: "0d",
            expected: "2026-03-02T02:00:00.000Z", skipped: [], provisional: false),
    ]

    @Test(arguments: cases)
    func deadline(_ c: Case) throws {
        let start = try #require(Timestamp.parse(c.start))
        let period = try #require(Period(c.period))
        let d = calc.deadline(from: start, period: period, timeZone: Self.shanghai)
        #expect(Timestamp.format(d.at) == c.expected)
        #expect(d.skippedDays.map(\.date.description) == c.skipped)
        #expect(d.provisional == c.provisional)
    }

    @Test func skippedHolidaysAreNamed() throws {
        let d = calc.deadline(
            from: try #require(Timestamp.parse("2026-09-28T02:00:00Z")), period: .calendarDays(3), timeZone: Self.shanghai)
        #expect(d.skippedDays.first?.reason == "国庆节")
        #expect(d.lastDay?.description == "2026-10-08")
    }

    @Test func weekendsOnlyCalendarIsAlwaysProvisional() throws {
        let c = DeadlineCalculator(calendar: .weekendsOnly)
        let d = c.deadline(from: try #require(Timestamp.parse("2026-09-28T02:00:00Z")), period: .calendarDays(3), timeZone: Self.shanghai)
        // Without holiday data 10-01 is an ordinary Thursday.
        #expect(Timestamp.format(d.at) == "2026-10-01T16:00:00.000Z")
        #expect(d.provisional)
        #expect(d.uncoveredYears == [2026])
    }
}

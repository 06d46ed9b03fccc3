import Foundation

/// A computed deadline that can explain itself: where counting started, in which unit, which
/// rest days moved it, and whether it rests on a year the holiday calendar does not cover.
public struct Deadline: Sendable, Equatable {
    public struct SkippedDay: Sendable, Equatable {
        public let date: CivilDate
        public let reason: String
    }

    /// The instant the period ends (24:00 of its last day for `d`/`wd`).
    public let at: Date
    /// The triggering event.
    public let start: Date
    public let period: Period
    /// The last day counted (nil for exact durations).
    public let lastDay: CivilDate?
    /// Rest days that were not counted (`wd`) or that moved the last day (`d`).
    public let skippedDays: [SkippedDay]
    /// True when a year consulted is not in the calendar: weekends only were counted there.
    public let provisional: Bool
    public let uncoveredYears: [Int]
    public let timeZone: TimeZone
}

/// Deadline arithmetic of 民法典 arts. 201–203, pure and with time as an input:
/// the day of the triggering event is not counted; a period in days ends at 24:00 of its last
/// day in the tender's time zone; a last day that is a rest day moves to the next working day.
/// Working days (`wd`) count only working days of the calendar.
public struct DeadlineCalculator: Sendable {
    public let calendar: WorkingDayCalendar

    public init(calendar: WorkingDayCalendar) {
        self.calendar = calendar
    }

    public func deadline(from start: Date, period: Period, timeZone: TimeZone) -> Deadline {
        var uncovered = Set<Int>()
        var skipped: [Deadline.SkippedDay] = []
        func note(_ day: CivilDate) {
            if !calendar.covers(day) { uncovered.insert(day.year) }
        }

        let first = CivilDate(start, in: timeZone)
        var last: CivilDate
        switch period {
        case .seconds(let s):
            return Deadline(
                at: start.addingTimeInterval(TimeInterval(s)), start: start, period: period, lastDay: nil,
                skippedDays: [], provisional: false, uncoveredYears: [], timeZone: timeZone)
        case .calendarDays(let n):
            if n == 0 {
                return Deadline(
                    at: start, start: start, period: period, lastDay: nil, skippedDays: [],
                    provisional: false, uncoveredYears: [], timeZone: timeZone)
            }
            last = first.adding(days: n)
            note(last)
            // 民法典 art. 203: a last day on a statutory rest day moves to the day after the rest ends.
            while let reason = calendar.restReason(last) {
                skipped.append(.init(date: last, reason: reason))
                last = last.adding(days: 1)
                note(last)
            }
        case .workingDays(let n):
            if n == 0 {
                return Deadline(
                    at: start, start: start, period: period, lastDay: nil, skippedDays: [],
                    provisional: false, uncoveredYears: [], timeZone: timeZone)
            }
            var day = first
            var counted = 0
            while counted < n {
                day = day.adding(days: 1)
                note(day)
                if let reason = calendar.restReason(day) {
                    skipped.append(.init(date: day, reason: reason))
                } else {
                    counted += 1
                }
            }
            last = day
        }
        let years = uncovered.sorted()
        return Deadline(
            at: last.adding(days: 1).startOfDay(in: timeZone), start: start, period: period, lastDay: last,
            skippedDays: skipped, provisional: !years.isEmpty, uncoveredYears: years, timeZone: timeZone)
    }
}

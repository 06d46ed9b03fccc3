/// Public holidays and make-up workdays (调休上班) of the years whose official arrangement is known.
/// A working day is a Monday–Friday that is not a holiday, or a weekend day listed as a make-up
/// workday. For a year the calendar does not cover, only weekends are rest days and any deadline
/// that consults such a year is marked provisional.
public struct WorkingDayCalendar: Sendable, Equatable {
    public let holidays: [CivilDate: String]
    public let makeUpWorkdays: Set<CivilDate>
    public let coveredYears: Set<Int>

    public init(holidays: [CivilDate: String], makeUpWorkdays: Set<CivilDate>, coveredYears: Set<Int>) {
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
        self.coveredYears = coveredYears
    }

    /// A calendar that knows no holidays for any year: weekends only, every answer provisional.
    public static let weekendsOnly = WorkingDayCalendar(holidays: [:], makeUpWorkdays: [], coveredYears: [])

    public func covers(_ date: CivilDate) -> Bool { coveredYears.contains(date.year) }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if makeUpWorkdays.contains(date) { return true }
        if holidays[date] != nil { return false }
        return !date.isWeekend
    }

    /// Why a day is a rest day: a holiday's name or `weekend`; nil for a working day.
    public func restReason(_ date: CivilDate) -> String? {
        if makeUpWorkdays.contains(date) { return nil }
        if let name = holidays[date] { return name }
        return date.isWeekend ? "weekend" : nil
    }
}

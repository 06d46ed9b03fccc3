import Foundation

/// A legal or configured period: `<integer><s|m|h|d|wd>` (docs/DESIGN.md §3).
/// `d` and `wd` are counted by the rules of 民法典 arts. 201–203 (see `DeadlineCalculator`);
/// `s`, `m` and `h` are exact durations, used by tests to run a lifecycle in seconds.
public enum Period: Sendable, Equatable, Hashable, CustomStringConvertible {
    case seconds(Int)
    case calendarDays(Int)
    case workingDays(Int)

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = trimmed.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 9, let value = Int(digits) else { return nil }
        switch unit {
        case "s": self = .seconds(value)
        case "m": self = .seconds(value * 60)
        case "h": self = .seconds(value * 3600)
        case "d": self = .calendarDays(value)
        case "wd": self = .workingDays(value)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .seconds(let s):
            if s != 0 && s % 3600 == 0 { return "\(s / 3600)h" }
            if s != 0 && s % 60 == 0 { return "\(s / 60)m" }
            return "\(s)s"
        case .calendarDays(let d): return "\(d)d"
        case .workingDays(let d): return "\(d)wd"
        }
    }

    /// The longest period the API accepts: three years. Legal periods are days or weeks; the bound
    /// keeps the work and the answer of a deadline computation small whatever a client asks
    /// (`GET /deadlines?period=999999999wd` would otherwise walk and list millions of days).
    public static let maximumCalendarDays = 3 * 366
    /// Three years of working days (at most 261 a year: 52 weeks of five days plus one).
    public static let maximumWorkingDays = 3 * 261

    /// Whether the period is within `maximumCalendarDays` (or `maximumWorkingDays` for `wd`).
    public var isWithinLimit: Bool {
        switch self {
        case .seconds(let s): s <= Self.maximumCalendarDays * 86_400
        case .calendarDays(let d): d <= Self.maximumCalendarDays
        case .workingDays(let d): d <= Self.maximumWorkingDays
        }
    }

    /// `exact`, `calendar_days` or `working_days`, as the API explains a deadline.
    public var unitName: String {
        switch self {
        case .seconds: "exact"
        case .calendarDays: "calendar_days"
        case .workingDays: "working_days"
        }
    }
}

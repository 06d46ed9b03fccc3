/// A legal or configured period: `<integer><s|m|h|d|wd>` (DESIGN section 9).
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

    /// `exact`, `calendar_days` or `working_days`, as the API explains a deadline.
    public var unitName: String {
        switch self {
        case .seconds: "exact"
        case .calendarDays: "calendar_days"
        case .workingDays: "working_days"
        }
    }
}

import Foundation

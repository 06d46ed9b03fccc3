import Foundation

/// RFC 3339 times as the API writes them: UTC with milliseconds and `Z` (docs/DESIGN.md §9).
/// Stored internally as integer milliseconds since the epoch, so every database compares them exactly.
public enum Timestamp {
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    public static func format(milliseconds ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secOfDay = Int(seconds - Int64(days) * 86_400)
        let d = CivilDate(dayNumber: days)
        var out = [UInt8]()
        out.reserveCapacity(24)
        appendDigits(&out, d.year, 4); out.append(45)
        appendDigits(&out, d.month, 2); out.append(45)
        appendDigits(&out, d.day, 2); out.append(84)
        appendDigits(&out, secOfDay / 3600, 2); out.append(58)
        appendDigits(&out, secOfDay % 3600 / 60, 2); out.append(58)
        appendDigits(&out, secOfDay % 60, 2); out.append(46)
        appendDigits(&out, millis, 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` zero-padded to `width` digits (more when it needs them; '-' when negative).
    /// Hand-rolled because `String(format:)` costs microseconds on the bid-submission hot path.
    static func appendDigits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        var v = value
        if v < 0 { out.append(45); v = -v }
        var digits = [UInt8](repeating: 48, count: max(width, 20))
        var i = digits.count
        repeat {
            i -= 1
            digits[i] = UInt8(48 + v % 10)
            v /= 10
        } while v > 0
        out.append(contentsOf: digits[min(i, digits.count - width)...])
    }

    public static func format(_ date: Date) -> String { format(milliseconds: milliseconds(date)) }

    /// Parses RFC 3339 (`2026-12-01T10:00:00Z`, `…00.250Z`, `…+08:00`); nil when malformed.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= bytes.count else { return nil }
            var v = 0
            for b in bytes[from..<(from + len)] {
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard let y = num(0, 4), bytes[4] == 45, let mo = num(5, 2), bytes[7] == 45, let d = num(8, 2),
            bytes[10] == 84 || bytes[10] == 116, let h = num(11, 2), bytes[13] == 58, let mi = num(14, 2),
            bytes[16] == 58, let s = num(17, 2), h < 24, mi < 60, s < 60,
            let day = CivilDate(year: y, month: mo, day: d)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < bytes.count, bytes[i] == 46 {
            i += 1
            var scale = 0.1
            let begin = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                fraction += Double(bytes[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > begin, i - begin <= 9 else { return nil }
        }
        guard i < bytes.count else { return nil }
        var offset = 0
        if bytes[i] == 90 || bytes[i] == 122 {
            i += 1
        } else if bytes[i] == 43 || bytes[i] == 45 {
            guard let oh = num(i + 1, 2), bytes.count > i + 3, bytes[i + 3] == 58, let om = num(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (bytes[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == bytes.count else { return nil }
        let secs = Double(day.dayNumber) * 86_400 + Double(h * 3600 + mi * 60 + s - offset)
        // Round to the millisecond the API stores.
        return Date(timeIntervalSince1970: ((secs + fraction) * 1000).rounded(.down) / 1000)
    }
}

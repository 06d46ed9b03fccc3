import Foundation

/// Money as the API carries it: a decimal string, > 0, at most 2 fraction digits (docs/DESIGN.md §9).
/// Kept as integer cents so that comparisons and sums are exact.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let cents: Int64

    public init(cents: Int64) { self.cents = cents }

    /// Parses `"1250000"`, `"1250000.5"` or `"1250000.50"`; nil for anything else (signs,
    /// exponents, separators, more than 2 fraction digits, more than 15 integer digits).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 15,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var cents = Int64(whole)! * 100
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.count <= 2, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            cents += Int64(frac.count == 1 ? String(frac) + "0" : String(frac))!
        }
        self.cents = cents
    }

    /// Canonical form with exactly 2 fraction digits.
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let a = cents.magnitude
        let frac = a % 100
        return "\(sign)\(a / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    public var decimal: Decimal { Decimal(cents) / 100 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}

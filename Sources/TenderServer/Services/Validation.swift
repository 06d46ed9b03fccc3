import Foundation
import TenderDomain

/// Input checks shared by the controllers; each failure is a 422 with a stable code and the field.
enum Validate {
    static func email(_ raw: String, field: String = "email") throws -> String {
        let e = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard e.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !e.contains(where: { $0.isWhitespace })
        else { throw APIError.invalid("invalid_email", "'\(raw)' is not an e-mail address", field: field) }
        return e
    }

    /// An amount and its currency: a decimal string > 0 with at most 2 fraction digits, and an ISO
    /// 4217 code (422 `invalid_money` / `invalid_currency`, naming `field`).
    static func money(_ m: BudgetDTO, field: String) throws -> (amount: Money, currency: String) {
        guard let amount = Money(m.amount), amount.cents > 0 else {
            throw APIError.invalid(
                "invalid_money", "\(field).amount must be a decimal string > 0 with at most 2 fraction digits", field: "\(field).amount")
        }
        guard m.currency.count == 3, m.currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw APIError.invalid("invalid_currency", "\(field).currency must be an ISO 4217 code such as CNY", field: "\(field).currency")
        }
        return (amount, m.currency)
    }

    static func password(_ p: String, field: String = "password") throws {
        guard p.count >= 10 else { throw APIError.invalid("weak_password", "the password needs at least 10 characters", field: field) }
        // bcrypt reads only the first 72 bytes; refuse longer passwords rather than truncate silently.
        guard p.utf8.count <= 72 else {
            throw APIError.invalid("password_too_long", "the password may have at most 72 bytes", field: field)
        }
    }

    /// Trimmed text of 1…`max` characters that `rule` accepts (422 `invalid_text` names the character).
    static func text(_ raw: String?, field: String, max: Int, required: Bool = true, rule: TextRule = .line) throws -> String? {
        guard let raw else {
            if required { throw APIError.invalid("missing_field", "field '\(field)' is required", field: field) }
            return nil
        }
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw APIError.invalid("invalid_field", "field '\(field)' must not be empty", field: field) }
        guard t.count <= max else {
            throw APIError.invalid("invalid_field", "field '\(field)' may have at most \(max) characters", field: field)
        }
        try allowed(t, field: field, rule: rule)
        return t
    }

    static func requiredText(_ raw: String?, field: String, max: Int, rule: TextRule = .line) throws -> String {
        try text(raw, field: field, max: max, required: true, rule: rule)!
    }

    /// 422 `invalid_text` when `rule` refuses a character of `text` (controls, bidirectional
    /// overrides, invisible characters; see `TextRule`).
    static func allowed(_ text: String, field: String, rule: TextRule = .line) throws {
        if let s = rule.firstRefused(in: text) {
            let what =
                rule == .line
                ? "control, invisible or bidirectional-override characters"
                : "control (other than newline and tab), invisible or bidirectional-override characters"
            throw APIError.invalid(
                "invalid_text", "field '\(field)' contains \(TextRule.describe(s)); \(what) are not accepted", field: field)
        }
    }

    /// Trimmed text of `range` characters that `rule` accepts; `invalid_field` outside the range.
    static func bounded(_ raw: String, field: String, _ range: ClosedRange<Int>, rule: TextRule = .line) throws -> String {
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard range.contains(t.count) else {
            throw APIError.invalid(
                "invalid_field", "\(field) must have \(range.lowerBound) to \(range.upperBound) characters", field: field)
        }
        try allowed(t, field: field, rule: rule)
        return t
    }

    static func uuid(_ raw: String, field: String) throws -> String {
        guard let u = UUID(uuidString: raw) else { throw APIError.invalid("invalid_id", "'\(raw)' is not a UUID", field: field) }
        return u.uuidString.lowercased()
    }
}

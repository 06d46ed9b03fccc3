import Foundation

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

    static func password(_ p: String, field: String = "password") throws {
        guard p.count >= 10 else { throw APIError.invalid("weak_password", "the password needs at least 10 characters", field: field) }
        // bcrypt reads only the first 72 bytes; refuse longer passwords rather than truncate silently.
        guard p.utf8.count <= 72 else { throw APIError.invalid("password_too_long", "the password may have at most 72 bytes", field: field) }
    }

    /// Trimmed text of 1…`max` characters.
    static func text(_ raw: String?, field: String, max: Int, required: Bool = true) throws -> String? {
        guard let raw else {
            if required { throw APIError.invalid("missing_field", "field '\(field)' is required", field: field) }
            return nil
        }
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw APIError.invalid("invalid_field", "field '\(field)' must not be empty", field: field) }
        guard t.count <= max else { throw APIError.invalid("invalid_field", "field '\(field)' may have at most \(max) characters", field: field) }
        return t
    }

    static func requiredText(_ raw: String?, field: String, max: Int) throws -> String {
        try text(raw, field: field, max: max, required: true)!
    }

    static func uuid(_ raw: String, field: String) throws -> String {
        guard let u = UUID(uuidString: raw) else { throw APIError.invalid("invalid_id", "'\(raw)' is not a UUID", field: field) }
        return u.uuidString.lowercased()
    }
}

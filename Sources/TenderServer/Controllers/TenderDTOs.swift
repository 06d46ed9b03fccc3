import Foundation
import TenderDomain
import Vapor
import SQLKit

struct BudgetDTO: Content {
    let amount: String
    let currency: String
}

struct CreateTenderRequest: Content {
    let title: String
    let description: String
    let category: String
    let regime: String?
    let method: String?
    let invitedVendorIds: [String]?
    let budget: BudgetDTO
    let submissionDeadline: String
    let revealDeadline: String
    let criteria: [Criterion]
    let timeZone: String?
}

/// PATCH of a draft: every field optional; what is given replaces the stored value.
struct PatchTenderRequest: Content {
    let title: String?
    let description: String?
    let category: String?
    let regime: String?
    let method: String?
    let invitedVendorIds: [String]?
    let budget: BudgetDTO?
    let submissionDeadline: String?
    let revealDeadline: String?
    let criteria: [Criterion]?
    let timeZone: String?
}

/// An amendment after publication: a reason and the fields that change.
struct AmendTenderRequest: Content {
    let reason: String
    let title: String?
    let description: String?
    let category: String?
    let budget: BudgetDTO?
    let submissionDeadline: String?
    let revealDeadline: String?
    let criteria: [Criterion]?
}

struct CancelTenderRequest: Content {
    let reason: String
}

/// Builds and checks `TenderFields` from request values.
enum TenderInput {
    static func fields(
        base: TenderFields?, title: String?, description: String?, category: String?, regime: String?, method: String?,
        budget: BudgetDTO?, submissionDeadline: String?, revealDeadline: String?, criteria: [Criterion]?, timeZone: String?,
        context: TenderContext
    ) throws -> TenderFields {
        let required = base == nil
        let title = try Validate.text(title, field: "title", max: 300, required: required) ?? base!.title
        let description = try Validate.text(description, field: "description", max: 100_000, required: required, rule: .prose) ?? base!.description
        let category = try Validate.text(category, field: "category", max: 100, required: required) ?? base!.category
        let regime = regime ?? base?.regime ?? context.config.defaultRegime
        guard context.config.rules(for: regime) != nil else {
            throw APIError.invalid(
                "unknown_regime", "regime must be one of \(context.config.regimes.keys.sorted().joined(separator: ", "))", field: "regime")
        }
        let method = method ?? base?.method ?? "open"
        guard method == "open" || method == "selective" else {
            throw APIError.invalid("invalid_method", "method must be 'open' or 'selective'", field: "method")
        }
        let tz = timeZone ?? base?.timeZone ?? context.config.timeZone.identifier
        guard TimeZone(identifier: tz) != nil else {
            throw APIError.invalid("invalid_time_zone", "'\(tz)' is not an IANA time zone", field: "timeZone")
        }
        var amount = base?.budget
        var currency = base?.currency
        if let budget {
            guard let m = Money(budget.amount), m.cents > 0 else {
                throw APIError.invalid(
                    "invalid_money", "budget.amount must be a decimal string > 0 with at most 2 fraction digits", field: "budget.amount")
            }
            guard budget.currency.count == 3, budget.currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw APIError.invalid("invalid_currency", "budget.currency must be an ISO 4217 code such as CNY", field: "budget.currency")
            }
            amount = m
            currency = budget.currency
        }
        let submission = try submissionDeadline.map { try time($0, field: "submissionDeadline") } ?? base!.submissionDeadline
        let reveal = try revealDeadline.map { try time($0, field: "revealDeadline") } ?? base!.revealDeadline
        let criteria = criteria ?? base!.criteria
        try CriteriaRules.validate(criteria)
        return TenderFields(
            title: title, description: description, category: category, regime: regime, method: method, budget: amount!,
            currency: currency!, timeZone: tz, submissionDeadline: submission, revealDeadline: reveal, criteria: criteria)
    }

    static func time(_ text: String, field: String) throws -> Int64 {
        guard let d = Timestamp.parse(text) else {
            throw APIError.invalid("invalid_time", "'\(field)' must be an RFC 3339 time such as 2026-12-20T10:00:00Z", field: field)
        }
        return Timestamp.milliseconds(d)
    }

    /// Ids of vendors invited to a selective tender; each must be a registered vendor.
    static let maximumInvitations = 1000

    static func invitations(_ ids: [String], db: any SQLDatabase) async throws -> [String] {
        // Bounded before any work, checked with one query and a set: linear in the list.
        guard ids.count <= maximumInvitations else {
            throw APIError.invalid("invalid_field", "at most \(maximumInvitations) vendors may be invited", field: "invitedVendorIds")
        }
        var result: [String] = []
        var seen = Set<String>()
        for (i, raw) in ids.enumerated() {
            let id = try Validate.uuid(raw, field: "invitedVendorIds[\(i)]")
            if seen.insert(id).inserted { result.append(id) }
        }
        guard !result.isEmpty else { return [] }
        let known = Set(try await db.raw("SELECT user_id FROM vendors WHERE user_id IN (\(binds: result))").all()
            .map { try $0.decode(column: "user_id", as: String.self) })
        if let i = ids.firstIndex(where: { !known.contains(UUID(uuidString: $0)!.uuidString.lowercased()) }) {
            throw APIError.invalid("unknown_vendor", "invitedVendorIds[\(i)] is not a registered vendor", field: "invitedVendorIds[\(i)]")
        }
        return result
    }
}

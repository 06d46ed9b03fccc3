import Foundation
import TenderDomain
import Vapor

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
    /// Key holders and threshold of an escrowed opening (docs/DESIGN.md §13).
    let opening: OpeningSetting?
}

/// PATCH of a draft: every field optional; what is given replaces the stored value. `opening`
/// given as null removes the escrowed opening; left out, it keeps it.
struct PatchTenderRequest: Decodable, Sendable {
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
    let opening: OpeningChange

    enum CodingKeys: String, CodingKey {
        case title, description, category, regime, method, invitedVendorIds, budget, submissionDeadline, revealDeadline, criteria
        case timeZone, opening
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        regime = try c.decodeIfPresent(String.self, forKey: .regime)
        method = try c.decodeIfPresent(String.self, forKey: .method)
        invitedVendorIds = try c.decodeIfPresent([String].self, forKey: .invitedVendorIds)
        budget = try c.decodeIfPresent(BudgetDTO.self, forKey: .budget)
        submissionDeadline = try c.decodeIfPresent(String.self, forKey: .submissionDeadline)
        revealDeadline = try c.decodeIfPresent(String.self, forKey: .revealDeadline)
        criteria = try c.decodeIfPresent([Criterion].self, forKey: .criteria)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        if !c.contains(.opening) {
            opening = .keep
        } else if try c.decodeNil(forKey: .opening) {
            opening = .remove
        } else {
            opening = .set(try c.decode(OpeningSetting.self, forKey: .opening))
        }
    }
}

/// What a PATCH does to a draft's opening setting.
enum OpeningChange: Sendable {
    case keep
    case remove
    case set(OpeningSetting)

    var setting: OpeningSetting? {
        if case .set(let s) = self { s } else { nil }
    }
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
        let description =
            try Validate.text(description, field: "description", max: 100_000, required: required, rule: .prose) ?? base!.description
        let category = try Validate.text(category, field: "category", max: 100, required: required) ?? base!.category
        let regime = regime ?? base?.regime ?? context.config.defaultRegime
        guard context.config.rules(for: regime) != nil else {
            throw APIError.invalid(
                "unknown_regime", "regime must be one of \(context.config.regimes.keys.sorted().joined(separator: ", "))", field: "regime")
        }
        guard let method = method.map(TenderMethod.init(rawValue:)) ?? base?.method ?? .open else {
            throw APIError.invalid("invalid_method", "method must be 'open' or 'selective'", field: "method")
        }
        let tz = timeZone ?? base?.timeZone ?? context.config.timeZone.identifier
        guard TimeZone(identifier: tz) != nil else {
            throw APIError.invalid("invalid_time_zone", "'\(tz)' is not an IANA time zone", field: "timeZone")
        }
        var amount = base?.budget
        var currency = base?.currency
        if let budget { (amount, currency) = try Validate.money(budget, field: "budget") }
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
}

extension CreateTenderRequest {
    func fields(_ context: TenderContext) throws -> TenderFields {
        try TenderInput.fields(
            base: nil, title: title, description: description, category: category, regime: regime, method: method, budget: budget,
            submissionDeadline: submissionDeadline, revealDeadline: revealDeadline, criteria: criteria, timeZone: timeZone, context: context
        )
    }
}

extension PatchTenderRequest {
    func fields(merging base: TenderFields, _ context: TenderContext) throws -> TenderFields {
        try TenderInput.fields(
            base: base, title: title, description: description, category: category, regime: regime, method: method, budget: budget,
            submissionDeadline: submissionDeadline, revealDeadline: revealDeadline, criteria: criteria, timeZone: timeZone, context: context
        )
    }
}

extension AmendTenderRequest {
    /// Regime, method and time zone are not amendable.
    func fields(merging base: TenderFields, _ context: TenderContext) throws -> TenderFields {
        try TenderInput.fields(
            base: base, title: title, description: description, category: category, regime: nil, method: nil, budget: budget,
            submissionDeadline: submissionDeadline, revealDeadline: revealDeadline, criteria: criteria, timeZone: nil, context: context)
    }
}

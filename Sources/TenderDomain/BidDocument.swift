import Foundation

/// The revealed bid document (docs/DESIGN.md §4): a JSON object
/// `{"price": "1250000.00", "currency": "CNY", "qualifications": {"<key>": bool}, "experienceYears": 6, "proposal": "…"}`.
public struct BidDocument: Sendable, Equatable {
    public let price: Money
    public let currency: String
    public let qualifications: [String: Bool]
    public let experienceYears: Int?
    public let proposal: String?

    public struct Problems: Error, Sendable, Equatable {
        public let items: [String]
    }

    /// Parses and checks a document against the tender; the problems say why it is not a valid bid.
    /// A price above the budget is not a problem here: it is judged at evaluation (`over_budget`).
    public static func validate(_ data: Data, currency expected: String, qualificationKeys: [String]) -> Result<BidDocument, Problems> {
        guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return .failure(Problems(items: ["document is not a JSON object"]))
        }
        var problems: [String] = []
        if let key = JSONDuplicateKeys.first(in: data) { problems.append("duplicate_key: '\(key)' appears more than once") }
        var price: Money?
        if case .string(let p)? = o["price"], let m = Money(p), m.cents > 0 {
            price = m
        } else {
            problems.append("price must be a decimal string > 0 with at most 2 fraction digits")
        }
        if o["currency"] != .string(expected) { problems.append("currency must be \(expected)") }
        var qualifications: [String: Bool] = [:]
        switch o["qualifications"] {
        case nil: break
        case .object(let q)?:
            for (k, v) in q {
                if case .bool(let b) = v { qualifications[k] = b } else { problems.append("qualifications.\(k) must be true or false") }
            }
        default: problems.append("qualifications must be an object")
        }
        for key in qualificationKeys where qualifications[key] == nil { problems.append("qualifications.\(key) is missing") }
        var years: Int?
        switch o["experienceYears"] {
        case nil: break
        case .number(let n)? where n >= 0 && n < 1000 && n == n.rounded(): years = Int(n)
        default: problems.append("experienceYears must be a whole number ≥ 0")
        }
        var proposal: String?
        switch o["proposal"] {
        case nil: break
        case .string(let s)?: proposal = s
        default: problems.append("proposal must be a string")
        }
        guard problems.isEmpty, let price else { return .failure(Problems(items: problems)) }
        return .success(
            BidDocument(price: price, currency: expected, qualifications: qualifications, experienceYears: years, proposal: proposal))
    }
}

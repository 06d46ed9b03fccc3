import Foundation

/// One evaluation criterion (docs/DESIGN.md §5). Weights and maximum scores are held in
/// hundredths so that "weights total exactly 100" is an exact integer comparison.
public struct Criterion: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case price, scored, qualification
    }

    public var key: String
    public var name: String?
    public var type: Kind
    /// Hundredths of a weight point (price and scored only).
    public var weightHundredths: Int?
    /// Hundredths of a score point (scored only).
    public var maxScoreHundredths: Int?

    public init(key: String, name: String?, type: Kind, weightHundredths: Int?, maxScoreHundredths: Int?) {
        self.key = key
        self.name = name
        self.type = type
        self.weightHundredths = weightHundredths
        self.maxScoreHundredths = maxScoreHundredths
    }

    enum CodingKeys: String, CodingKey { case key, name, type, weight, maxScore }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        type = try c.decode(Kind.self, forKey: .type)
        weightHundredths = try c.decodeIfPresent(Double.self, forKey: .weight).map(Criterion.hundredths)
        maxScoreHundredths = try c.decodeIfPresent(Double.self, forKey: .maxScore).map(Criterion.hundredths)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(weightHundredths.map { Double($0) / 100 }, forKey: .weight)
        try c.encodeIfPresent(maxScoreHundredths.map { Double($0) / 100 }, forKey: .maxScore)
    }

    /// A number given with more than 2 decimals maps to `Int.min`, which validation rejects.
    public static func hundredths(_ value: Double) -> Int {
        guard value.isFinite, abs(value) < 1e12 else { return Int.min }
        let scaled = (value * 100).rounded()
        return abs(scaled - value * 100) < 1e-6 ? Int(scaled) : Int.min
    }
}

public enum CriteriaRules {
    /// docs/DESIGN.md §5: exactly one price criterion; scored criteria with a name, weight and
    /// maxScore; qualification criteria with a name and no weight; positive weights; price plus
    /// scored weights total exactly 100; unique keys of the form `[a-z][a-z0-9_]*`.
    public static func validate(_ criteria: [Criterion]) throws(RuleViolation) {
        guard !criteria.isEmpty else {
            throw RuleViolation(.priceCriterionRequired, "criteria must contain exactly one price criterion", field: "criteria")
        }
        var seen = Set<String>()
        var total = 0
        var priceCount = 0
        for (i, c) in criteria.enumerated() {
            let field = "criteria[\(i)]"
            guard isValidKey(c.key) else {
                throw RuleViolation(
                    .invalidCriterionKey, "criterion key '\(c.key)' must match [a-z][a-z0-9_]* (at most 64 characters)",
                    field: "\(field).key")
            }
            guard seen.insert(c.key).inserted else {
                throw RuleViolation(.duplicateCriterionKey, "criterion key '\(c.key)' is used more than once", field: "\(field).key")
            }
            switch c.type {
            case .price:
                priceCount += 1
                guard c.key == "price" else {
                    throw RuleViolation(.invalidCriterionKey, "the price criterion's key must be 'price'", field: "\(field).key")
                }
                guard c.maxScoreHundredths == nil else {
                    throw RuleViolation(.invalidMaxScore, "a price criterion has no maxScore", field: "\(field).maxScore")
                }
            case .scored:
                try requireName(c, field)
                guard let m = c.maxScoreHundredths, m > 0 else {
                    throw RuleViolation(
                        .invalidMaxScore, "a scored criterion needs a maxScore > 0 with at most 2 decimals", field: "\(field).maxScore")
                }
            case .qualification:
                try requireName(c, field)
                guard c.weightHundredths == nil else {
                    throw RuleViolation(.invalidWeight, "a qualification criterion has no weight", field: "\(field).weight")
                }
                guard c.maxScoreHundredths == nil else {
                    throw RuleViolation(.invalidMaxScore, "a qualification criterion has no maxScore", field: "\(field).maxScore")
                }
                continue
            }
            guard let w = c.weightHundredths, w > 0 else {
                throw RuleViolation(
                    .invalidWeight, "weight of '\(c.key)' must be positive with at most 2 decimals", field: "\(field).weight")
            }
            total += w
        }
        guard priceCount == 1 else {
            throw RuleViolation(
                .priceCriterionRequired, "criteria must contain exactly one price criterion (found \(priceCount))", field: "criteria")
        }
        guard total == 10_000 else {
            let shown = Double(total) / 100
            throw RuleViolation(.weightsTotal, "price and scored weights must total exactly 100 (they total \(shown))", field: "criteria")
        }
    }

    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, bytes.count <= 64, first >= 97, first <= 122 else { return false }
        return bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    private static func requireName(_ c: Criterion, _ field: String) throws(RuleViolation) {
        guard let name = c.name, !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, name.count <= 200 else {
            throw RuleViolation(.criterionNameRequired, "criterion '\(c.key)' needs a name (1–200 characters)", field: "\(field).name")
        }
        if let bad = TextRule.line.firstRefused(in: name) {
            throw RuleViolation(.invalidText, "criterion '\(c.key)' name contains \(TextRule.describe(bad))", field: "\(field).name")
        }
    }
}

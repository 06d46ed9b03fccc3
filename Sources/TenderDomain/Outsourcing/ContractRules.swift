import Foundation

/// A review's grade (优 / 良 / 合格 / 不合格), from the policy's thresholds.
public enum Grade: String, Sendable, Codable, CaseIterable {
    case excellent, good, pass, fail
}

extension OutsourcingPolicy.Grades {
    /// The grade of a total held in hundredths of a point: 89.99 is good, 90.00 excellent.
    public func grade(totalHundredths t: Int64) -> Grade {
        if t >= Int64(excellent) * 100 { return .excellent }
        if t >= Int64(good) * 100 { return .good }
        if t >= Int64(pass) * 100 { return .pass }
        return .fail
    }
}

/// How often a contract is reviewed.
public enum ReviewCadence: String, Sendable, Codable, CaseIterable {
    case month, quarter
}

/// One review period: a month (`2026-11`) or a quarter (`2026-Q4`).
public struct ReviewPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let cadence: ReviewCadence
    public let year: Int
    /// 1…12 for a month, 1…4 for a quarter.
    public let index: Int

    public init?(cadence: ReviewCadence, year: Int, index: Int) {
        guard (1900...9999).contains(year), (1...(cadence == .month ? 12 : 4)).contains(index) else { return nil }
        self.cadence = cadence
        self.year = year
        self.index = index
    }

    /// Parses `2026-11` or `2026-Q4`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[0].allSatisfy(\.isASCII) else { return nil }
        let rest = parts[1]
        if rest.hasPrefix("Q"), rest.count == 2, let q = Int(rest.dropFirst()) {
            self.init(cadence: .quarter, year: y, index: q)
        } else if rest.count == 2, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let m = Int(rest) {
            self.init(cadence: .month, year: y, index: m)
        } else {
            return nil
        }
    }

    public var description: String {
        cadence == .month ? String(format: "%04d-%02d", year, index) : String(format: "%04d-Q%d", year, index)
    }

    public var start: CivilDate {
        CivilDate(year: year, month: cadence == .month ? index : (index - 1) * 3 + 1, day: 1)!
    }

    /// The last day of the period.
    public var end: CivilDate { CivilDate(dayNumber: next.start.dayNumber - 1) }

    public var next: ReviewPeriod {
        let last = cadence == .month ? 12 : 4
        return index == last
            ? ReviewPeriod(cadence: cadence, year: year + 1, index: 1)! : ReviewPeriod(cadence: cadence, year: year, index: index + 1)!
    }

    /// The period of `cadence` that contains `date`.
    public static func containing(_ date: CivilDate, cadence: ReviewCadence) -> ReviewPeriod {
        ReviewPeriod(cadence: cadence, year: date.year, index: cadence == .month ? date.month : (date.month - 1) / 3 + 1)!
    }

    public static func < (a: ReviewPeriod, b: ReviewPeriod) -> Bool { a.start < b.start }
}

/// A contract's scorecard: criteria whose maximum points total exactly 100 (以100分为考核基数).
public struct Scorecard: Sendable, Equatable, Codable {
    public struct Criterion: Sendable, Equatable, Codable {
        public let key: String
        public let name: String
        public let maxPoints: Int

        public init(key: String, name: String, maxPoints: Int) {
            self.key = key
            self.name = name
            self.maxPoints = maxPoints
        }
    }

    public let period: ReviewCadence
    public let criteria: [Criterion]

    public init(period: ReviewCadence, criteria: [Criterion]) throws(RuleViolation) {
        guard !criteria.isEmpty, criteria.count <= 50 else {
            throw RuleViolation(.invalidScorecard, "a scorecard has 1 to 50 criteria", field: "criteria")
        }
        var keys = Set<String>()
        for (i, c) in criteria.enumerated() {
            guard OutsourcingPolicy.isKey(c.key), keys.insert(c.key).inserted else {
                throw RuleViolation(
                    .invalidScorecard, "criteria[\(i)].key must be unique, of a-z, 0-9, _ and -", field: "criteria[\(i)].key")
            }
            guard !c.name.trimmingCharacters(in: .whitespaces).isEmpty, c.name.count <= 200, TextRule.line.firstRefused(in: c.name) == nil
            else {
                throw RuleViolation(
                    .invalidScorecard, "criteria[\(i)].name must be one line of 1–200 characters", field: "criteria[\(i)].name")
            }
            guard c.maxPoints > 0 else {
                throw RuleViolation(
                    .invalidScorecard, "criteria[\(i)].maxPoints must be a positive integer", field: "criteria[\(i)].maxPoints")
            }
        }
        let total = criteria.reduce(0) { $0 + $1.maxPoints }
        guard total == 100 else {
            throw RuleViolation(.scorecardTotal, "the criteria's maxPoints must total exactly 100 (they total \(total))", field: "criteria")
        }
        self.period = period
        self.criteria = criteria
    }

    /// The total of a review in hundredths: every criterion scored once, each in [0, maxPoints]
    /// with at most 2 decimals (already converted to hundredths, `Int.min` for more decimals).
    public func total(_ scores: [String: Int]) throws(RuleViolation) -> Int64 {
        for key in scores.keys where !criteria.contains(where: { $0.key == key }) {
            throw RuleViolation(.unknownCriterion, "'\(key)' is not a criterion of the scorecard", field: "scores.\(key)")
        }
        var total: Int64 = 0
        for c in criteria {
            guard let s = scores[c.key] else { throw RuleViolation(.missingScore, "no score for '\(c.key)'", field: "scores.\(c.key)") }
            guard s >= 0, s <= c.maxPoints * 100 else {
                throw RuleViolation(
                    .scoreOutOfRange, "'\(c.key)' must be between 0 and \(c.maxPoints) with at most 2 decimals", field: "scores.\(c.key)")
            }
            total += Int64(s)
        }
        return total
    }
}

/// When a period may be reviewed (docs/DESIGN.md §11): once begun, and overlapping the service period.
public enum ReviewRules {
    public static func check(_ p: ReviewPeriod, today: CivilDate, serviceStart: CivilDate, serviceEnd: CivilDate) throws(RuleViolation) {
        guard p.start <= today else {
            throw RuleViolation(.futurePeriod, "the period \(p) has not begun (it starts on \(p.start))", field: "period")
        }
        guard p.start <= serviceEnd, p.end >= serviceStart else {
            throw RuleViolation(
                .outsideServicePeriod, "the period \(p) lies outside the service period \(serviceStart) – \(serviceEnd)", field: "period")
        }
    }

    /// Every period of `cadence` that overlaps the service period and has ended by `today` (the
    /// periods whose review is due).
    public static func endedPeriods(cadence: ReviewCadence, serviceStart: CivilDate, serviceEnd: CivilDate, today: CivilDate)
        -> [ReviewPeriod]
    {
        var out: [ReviewPeriod] = []
        var p = ReviewPeriod.containing(serviceStart, cadence: cadence)
        while p.start <= serviceEnd, p.end < today, out.count < 1200 {
            out.append(p)
            p = p.next
        }
        return out
    }
}

/// Exact money arithmetic of payments and rewards (docs/DESIGN.md §11), in integer cents.
public enum PaymentRules {
    /// `round_half_up(installment × percent / 100, 2)` with the percent in hundredths (5.25 % = 525).
    public static func deduction(installmentCents: Int64, percentHundredths: Int64) -> Int64 {
        (installmentCents * percentHundredths + 5_000) / 10_000
    }

    /// The payable part of an installment after its grade's deduction.
    public static func payable(installmentCents: Int64, percentHundredths: Int64) -> Int64 {
        installmentCents - deduction(installmentCents: installmentCents, percentHundredths: percentHundredths)
    }

    /// Approved payments plus this one may not exceed the contract's current amount.
    public static func checkCap(approvedCents: Int64, payableCents: Int64, currentCents: Int64) throws(RuleViolation) {
        guard approvedCents + payableCents <= currentCents else {
            throw RuleViolation(
                .overContractAmount,
                "payments approved (\(Money(cents: approvedCents))) plus this one (\(Money(cents: payableCents))) exceed the contract amount \(Money(cents: currentCents))",
                field: "period")
        }
    }

    /// Savings (节余) against the reference price, never negative.
    public static func savings(referenceCents: Int64, awardedCents: Int64) -> Int64 { max(0, referenceCents - awardedCents) }

    /// The reward cap: 10 % of the savings, half-up to the cent, at most 1,000.00 yuan per award.
    public static func rewardCap(savingsCents: Int64) -> Int64 { min((savingsCents * 10 + 50) / 100, 100_000) }

    /// The mean of review totals in hundredths, half-up to the hundredth (the annual evaluation).
    public static func average(_ totals: [Int64]) -> Int64? {
        guard !totals.isEmpty else { return nil }
        let n = Int64(totals.count)
        return (2 * totals.reduce(0, +) + n) / (2 * n)
    }
}

/// Why a contract changes (变更).
public enum ChangeRationale: String, Sendable, Codable, CaseIterable {
    case volumeChange = "volume_change"
    case priceVariation = "price_variation"
    case durationExtension = "duration_extension"
    case qualityImprovement = "quality_improvement"
    case priceReduction = "price_reduction"
    case other
}

public enum ChangeRules {
    /// Approved increases, this one included, may not exceed `share` of the original amount
    /// (政府采购法 art. 49: 10 %). Decreases are never capped.
    public static func checkCap(originalCents: Int64, approvedIncreasesCents: Int64, deltaCents: Int64, share: Share) throws(RuleViolation)
    {
        guard deltaCents > 0 else { return }
        let total = approvedIncreasesCents + deltaCents
        guard total * share.denominator <= originalCents * share.numerator else {
            throw RuleViolation(
                .changeOverLimit,
                "approved increases would total \(Money(cents: total)), above \(share) of the original amount \(Money(cents: originalCents))",
                field: "amountDelta")
        }
    }
}

/// Two consecutive failing reviews of one vendor's contracts (in period order) propose suspending it.
public enum SuspensionRule {
    /// The grades of a vendor's reviews, oldest period first; true when the last two both fail.
    public static func proposes(_ grades: [Grade]) -> Bool {
        grades.count >= 2 && grades.suffix(2).allSatisfy { $0 == .fail }
    }
}

/// A contract in the ledger: running until completed or terminated early; nothing is accepted on
/// a closed one (409 `contract_closed`).
public enum ContractStatus: String, Sendable, Codable, CaseIterable {
    case active, completed, terminated
}

/// The two undertakings the vendor gives before any review or payment.
public enum UndertakingKind: String, Sendable, Codable, CaseIterable {
    /// 禁止转包或分包.
    case noSubcontracting = "no_subcontracting"
    /// 信息安全保密协议.
    case confidentiality
}

extension Scorecard {
    /// Decodes without re-validating (a stored scorecard was validated when it was set).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        period = try c.decode(ReviewCadence.self, forKey: .period)
        criteria = try c.decode([Criterion].self, forKey: .criteria)
    }

    enum CodingKeys: String, CodingKey { case period, criteria }
}

import Foundation

/// The organisation's outsourcing policy (`Config/outsourcing.json`, docs/DESIGN.md §10): which
/// kinds of work may be outsourced (业务外包管理办法 第七条) and which may not, with the clause that
/// says so (第八条), the modes (第九条) and the grade thresholds of the periodic reviews.
public struct OutsourcingPolicy: Sendable, Equatable {
    public struct BusinessType: Sendable, Equatable, Codable {
        public let key: String
        public let name: String
        public let outsourceable: Bool
        /// The policy clause that allows or forbids it.
        public let clause: String

        public init(key: String, name: String, outsourceable: Bool, clause: String) {
            self.key = key
            self.name = name
            self.outsourceable = outsourceable
            self.clause = clause
        }
    }

    /// Review grades: the lowest total of each (以100分为考核基数; 优 / 良 / 合格, below is 不合格).
    public struct Grades: Sendable, Equatable, Codable {
        public let excellent: Int
        public let good: Int
        public let pass: Int

        public init(excellent: Int, good: Int, pass: Int) {
            self.excellent = excellent
            self.good = good
            self.pass = pass
        }
    }

    public let businessTypes: [BusinessType]
    public let modes: [OutsourcingMode]
    public let grades: Grades
    /// How long a submitted request may wait for its decision (obligation `request_decision`).
    public let requestDecisionPeriod: Period
    /// How long a priced request may wait for its tender (obligation `tender_preparation`).
    public let tenderDraftPeriod: Period
    /// From the signature to the briefing record (obligation `contract_briefing`).
    public let briefingPeriod: Period
    /// From the end of a review period to its review (obligation `periodic_review`).
    public let reviewPeriod: Period

    /// A valid policy, or the first problem, naming the entry (`businessTypes[3].clause: …`).
    public init(
        businessTypes: [BusinessType], modes: [OutsourcingMode], grades: Grades, requestDecisionPeriod: Period, tenderDraftPeriod: Period,
        briefingPeriod: Period = .workingDays(5), reviewPeriod: Period = .workingDays(5)
    ) throws(PolicyError) {
        guard !businessTypes.isEmpty else { throw PolicyError("businessTypes: at least one business type is needed") }
        var keys = Set<String>()
        for (i, t) in businessTypes.enumerated() {
            let at = "businessTypes[\(i)] (\(t.key.isEmpty ? "no key" : "'\(t.key)'"))"
            guard Self.isKey(t.key) else { throw PolicyError("\(at).key must be 1–64 of a-z, 0-9, _ and -") }
            guard keys.insert(t.key).inserted else { throw PolicyError("\(at).key is used twice") }
            guard Self.isText(t.name) else { throw PolicyError("\(at).name must be one visible line of 1–200 characters") }
            guard Self.isText(t.clause) else { throw PolicyError("\(at).clause must name the policy clause (1–200 characters)") }
        }
        guard !modes.isEmpty, Set(modes).count == modes.count else { throw PolicyError("modes: list 'partial' and/or 'whole', once each") }
        guard 0 < grades.pass, grades.pass < grades.good, grades.good < grades.excellent, grades.excellent <= 100 else {
            throw PolicyError("grades: need 0 < pass < good < excellent ≤ 100 (got \(grades.pass), \(grades.good), \(grades.excellent))")
        }
        for (name, p) in [
            ("requestDecisionPeriod", requestDecisionPeriod), ("tenderDraftPeriod", tenderDraftPeriod), ("briefingPeriod", briefingPeriod),
            ("reviewPeriod", reviewPeriod),
        ] {
            guard p.isWithinLimit, p != .seconds(0), p != .calendarDays(0), p != .workingDays(0) else {
                throw PolicyError("periods.\(name): '\(p)' must be positive and at most three years")
            }
        }
        self.businessTypes = businessTypes
        self.modes = modes
        self.grades = grades
        self.requestDecisionPeriod = requestDecisionPeriod
        self.tenderDraftPeriod = tenderDraftPeriod
        self.briefingPeriod = briefingPeriod
        self.reviewPeriod = reviewPeriod
    }

    public func businessType(_ key: String) -> BusinessType? { businessTypes.first { $0.key == key } }

    static func isKey(_ s: String) -> Bool {
        (1...64).contains(s.count)
            && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    static func isText(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        return (1...200).contains(t.count) && TextRule.line.firstRefused(in: t) == nil
    }
}

/// Why a policy file was refused; start-up stops with this message.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// 部分外包 (the company still runs part of the process) or 整体外包 (the vendor runs it all).
public enum OutsourcingMode: String, Sendable, Codable, CaseIterable {
    case partial, whole
}

extension OutsourcingPolicy {
    /// When a request submitted at `submittedAt` must have its decision (obligation `request_decision`).
    public func decisionDue(submittedAt: Date, calculator: DeadlineCalculator, timeZone: TimeZone) -> Date {
        calculator.deadline(from: submittedAt, period: requestDecisionPeriod, timeZone: timeZone).at
    }

    /// When a request priced at `pricedAt` must have its tender draft (obligation `tender_preparation`).
    public func tenderDraftDue(pricedAt: Date, calculator: DeadlineCalculator, timeZone: TimeZone) -> Date {
        calculator.deadline(from: pricedAt, period: tenderDraftPeriod, timeZone: timeZone).at
    }
}

/// A committee member's scoresheet for one bid (docs/DESIGN.md §5): one true/false per
/// qualification criterion and one score per scored criterion, between 0 and the criterion's
/// maximum with at most two decimals; nothing else.
public enum ScoresheetRules {
    /// The sheet in exact hundredths; the first problem found, in the order: unknown
    /// qualification keys, unknown score keys (each sorted), missing qualification answers and
    /// missing or out-of-range scores (each in the criteria's order).
    public static func validate(qualification q: [String: Bool], scores s: [String: Double], criteria: [Criterion]) throws(RuleViolation)
        -> (qualification: [String: Bool], scores: [String: Int64])
    {
        let qualificationKeys = criteria.filter { $0.type == .qualification }.map(\.key)
        let scored = criteria.filter { $0.type == .scored }
        for key in q.keys.sorted() where !qualificationKeys.contains(key) {
            throw RuleViolation(
                .unknownCriterion, "'\(key)' is not a qualification criterion of this tender", field: "qualification.\(key)")
        }
        for key in s.keys.sorted() where !scored.contains(where: { $0.key == key }) {
            throw RuleViolation(.unknownCriterion, "'\(key)' is not a scored criterion of this tender", field: "scores.\(key)")
        }
        for key in qualificationKeys where q[key] == nil {
            throw RuleViolation(.missingScore, "qualification '\(key)' must be true or false", field: "qualification.\(key)")
        }
        var scores: [String: Int64] = [:]
        for c in scored {
            guard let v = s[c.key] else { throw RuleViolation(.missingScore, "score '\(c.key)' is required", field: "scores.\(c.key)") }
            let h = Criterion.hundredths(v)
            let max = c.maxScoreHundredths ?? 0
            guard h != Int.min, h >= 0, h <= max else {
                throw RuleViolation(
                    .scoreOutOfRange,
                    "score '\(c.key)' must be between 0 and \(ExactMath.hundredths(Int64(max))) with at most 2 decimals",
                    field: "scores.\(c.key)")
            }
            scores[c.key] = Int64(h)
        }
        return (q, scores)
    }
}

extension TenderAccess {
    /// The evaluation's result, the committee and the anonymized sheets: staff and the committee
    /// (an evaluator reaches a tender only through its committee) always; everyone else once an
    /// award has been published.
    public static func maySeeEvaluation(_ role: Role?, awardPublished: Bool) -> Bool {
        role?.isTenderOffice == true || role == .evaluator || awardPublished
    }

    /// Scoresheets with their authors: a member its own at any time; staff everyone's once the
    /// evaluation is final; nobody else (`nil`: none; `.all`; `.own`).
    public enum SheetScope: Sendable, Equatable { case none, own, all }

    public static func sheetScope(_ role: Role?, evaluationFinal: Bool) -> SheetScope {
        switch role {
        case .evaluator: .own
        case .admin, .procurement, .auditor: evaluationFinal ? .all : .none
        case .vendor, .requester, .approver, .finance, nil: .none
        }
    }
}

import Foundation

/// Checks of a tender's deadlines against its regime (docs/DESIGN.md §3), with time as an input.
public struct TenderSchedule: Sendable {
    public let rules: RuleSet
    public let calculator: DeadlineCalculator
    public let timeZone: TimeZone

    public init(rules: RuleSet, calculator: DeadlineCalculator, timeZone: TimeZone) {
        self.rules = rules
        self.calculator = calculator
        self.timeZone = timeZone
    }

    /// The earliest submission deadline allowed for a tender published at `publishTime`.
    public func earliestSubmissionDeadline(publishedAt publishTime: Date) -> Deadline {
        calculator.deadline(from: publishTime, period: rules.minBiddingPeriod, timeZone: timeZone)
    }

    /// The earliest submission deadline an amendment made at `amendedAt` may leave in place.
    public func earliestDeadlineAfterAmendment(at amendedAt: Date) -> Deadline {
        calculator.deadline(from: amendedAt, period: rules.clarificationLead, timeZone: timeZone)
    }

    /// Validates the deadlines of a tender being published (or re-checked) at `publishTime`.
    public func validate(submission: Date, reveal: Date, publishedAt publishTime: Date) throws(RuleViolation) {
        try validateOrder(submission: submission, reveal: reveal, now: publishTime)
        let earliest = earliestSubmissionDeadline(publishedAt: publishTime)
        guard submission >= earliest.at else {
            throw RuleViolation(
                .biddingPeriodTooShort,
                "the submission deadline must be at or after \(Timestamp.format(earliest.at)) (\(rules.minBiddingPeriod) from publication, regime \(rules.name))",
                field: "submissionDeadline")
        }
    }

    /// The reveal window and that both deadlines lie ahead.
    public func validateOrder(submission: Date, reveal: Date, now: Date) throws(RuleViolation) {
        guard submission > now else {
            throw RuleViolation(.deadlineInPast, "the submission deadline must be in the future", field: "submissionDeadline")
        }
        let window = calculator.deadline(from: submission, period: rules.minRevealWindow, timeZone: timeZone)
        guard reveal >= window.at, reveal > submission else {
            throw RuleViolation(
                .revealWindowTooShort,
                "the reveal deadline must be at least \(rules.minRevealWindow) after the submission deadline (at or after \(Timestamp.format(window.at)))",
                field: "revealDeadline")
        }
    }

    /// 招标投标法 art. 23: an amendment made at `now` must leave at least `clarificationLead`
    /// before the (possibly moved) submission deadline, else the deadline must move out.
    public func validateAmendment(submission: Date, reveal: Date, publishedAt: Date, now: Date) throws(RuleViolation) {
        try validateOrder(submission: submission, reveal: reveal, now: now)
        let lead = earliestDeadlineAfterAmendment(at: now)
        guard submission >= lead.at else {
            throw RuleViolation(
                .clarificationLead,
                "an amendment made now needs the submission deadline at or after \(Timestamp.format(lead.at)) (\(rules.clarificationLead) lead, regime \(rules.name)); move the deadline out",
                field: "submissionDeadline")
        }
        let earliest = earliestSubmissionDeadline(publishedAt: publishedAt)
        guard submission >= earliest.at else {
            throw RuleViolation(
                .biddingPeriodTooShort,
                "the submission deadline must be at or after \(Timestamp.format(earliest.at)) (\(rules.minBiddingPeriod) from publication)",
                field: "submissionDeadline")
        }
    }
}

extension TenderSchedule {
    /// The earliest deadlines a tender published at `publishTime` may have: the minimum bidding
    /// period (on the whole minute after it) and the minimum reveal window after that. A tender drafted
    /// from a request starts with these; published later, they must move out.
    public func earliestDeadlines(publishedAt publishTime: Date) -> (submission: Date, reveal: Date) {
        let earliest = earliestSubmissionDeadline(publishedAt: publishTime).at.timeIntervalSince1970
        let submission = Date(timeIntervalSince1970: (earliest / 60).rounded(.down) * 60 + 60)
        let reveal = calculator.deadline(from: submission, period: rules.minRevealWindow, timeZone: timeZone).at
        return (submission, reveal)
    }
}

/// A broken business rule. Each case has a stable `code` that clients and tests rely on
/// (docs/DESIGN.md §9); the server maps every violation to HTTP 422.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes of broken rules (documented in the README's API reference).
    public enum Code: String, Sendable, CaseIterable {
        case amountDeviates = "amount_deviates"
        case biddingPeriodTooShort = "bidding_period_too_short"
        case chairNotMember = "chair_not_member"
        case changeOverLimit = "change_over_limit"
        case clarificationLead = "clarification_lead"
        case committeeSizeEven = "committee_size_even"
        case committeeTooLarge = "committee_too_large"
        case committeeTooSmall = "committee_too_small"
        case criterionNameRequired = "criterion_name_required"
        case deadlineInPast = "deadline_in_past"
        case duplicateCriterionKey = "duplicate_criterion_key"
        case escrowRequired = "escrow_required"
        case futurePeriod = "future_period"
        case invalidCriterionKey = "invalid_criterion_key"
        case invalidEscrow = "invalid_escrow"
        case invalidMaxScore = "invalid_max_score"
        case invalidMode = "invalid_mode"
        case invalidOpening = "invalid_opening"
        case invalidPeriod = "invalid_period"
        case invalidScorecard = "invalid_scorecard"
        case invalidText = "invalid_text"
        case invalidTime = "invalid_time"
        case invalidWeight = "invalid_weight"
        case justificationRequired = "justification_required"
        case justificationTooShort = "justification_too_short"
        case missingScore = "missing_score"
        case notACandidate = "not_a_candidate"
        case notOutsourceable = "not_outsourceable"
        case outsideServicePeriod = "outside_service_period"
        case overContractAmount = "over_contract_amount"
        case overReferencePrice = "over_reference_price"
        case priceCriterionRequired = "price_criterion_required"
        case reasonTooShort = "reason_too_short"
        case revealWindowTooShort = "reveal_window_too_short"
        case scoreOutOfRange = "score_out_of_range"
        case scorecardTotal = "scorecard_total"
        case selectiveReasonRequired = "selective_reason_required"
        case shareMismatch = "share_mismatch"
        case standstillNotOver = "standstill_not_over"
        case tooFewExperts = "too_few_experts"
        case unknownBusinessType = "unknown_business_type"
        case unknownCriterion = "unknown_criterion"
        case weightsTotal = "weights_total"
    }

    public let kind: Code
    public var code: String { kind.rawValue }
    public let message: String
    /// The request field the violation is about, when there is one (`criteria[2].weight`).
    public let field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.kind = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" }
}

/// The tender's phase or state forbids the action (HTTP 409).
public struct StateConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes of state conflicts (documented in the README's API reference).
    public enum Code: String, Sendable, CaseIterable {
        case alreadyAwarded = "already_awarded"
        case alreadyBriefed = "already_briefed"
        case alreadyContracted = "already_contracted"
        case alreadyDeclared = "already_declared"
        case alreadyFiled = "already_filed"
        case alreadyGiven = "already_given"
        case alreadyReported = "already_reported"
        case alreadyResolved = "already_resolved"
        case briefingRequired = "briefing_required"
        case committeeIncomplete = "committee_incomplete"
        case contractClosed = "contract_closed"
        case deadlinePassed = "deadline_passed"
        case declarationRequired = "declaration_required"
        case duplicatePayment = "duplicate_payment"
        case duplicateReview = "duplicate_review"
        case evaluationFinal = "evaluation_final"
        case evaluationPending = "evaluation_pending"
        case notScorable = "not_scorable"
        case paymentTermsRequired = "payment_terms_required"
        case reviewRequired = "review_required"
        case reviewsExist = "reviews_exist"
        case scorecardRequired = "scorecard_required"
        case undertakingMissing = "undertaking_missing"
        case wrongPhase = "wrong_phase"
    }

    public let kind: Code
    public var code: String { kind.rawValue }
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.kind = code
        self.message = message
    }

    public static func wrongPhase(_ phase: TenderPhase, _ action: String) -> StateConflict {
        StateConflict(.wrongPhase, "cannot \(action) while the tender is in phase '\(phase.rawValue)'")
    }

    public var description: String { "\(code): \(message)" }
}

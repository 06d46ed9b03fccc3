import Foundation

/// Where an outsourcing request (外包项目申请表) stands: draft → submitted → approved | returned |
/// rejected → priced → tendered. A returned request is edited and submitted again; a rejected one
/// is final.
public enum RequestStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved, returned, rejected, priced, tendered

    /// Its requester may still change it (PATCH).
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// An approver's answer to a submitted request.
public enum RequestDecision: String, Sendable, Codable, CaseIterable {
    case approved, returned, rejected

    public var status: RequestStatus {
        switch self {
        case .approved: .approved
        case .returned: .returned
        case .rejected: .rejected
        }
    }

    /// Returning or rejecting says why (so the requester can fix it, or knows why not).
    public var needsReason: Bool { self != .approved }
}

/// The steps of a request, each allowed from some statuses only.
public enum RequestStep: Sendable, Equatable {
    case edit, submit, decide(RequestDecision), price, tender

    public var name: String {
        switch self {
        case .edit: "edit"
        case .submit: "submit"
        case .decide(let d): "decide (\(d.rawValue))"
        case .price: "set the reference price of"
        case .tender: "create the tender of"
        }
    }

    /// The status after the step, or 409 `wrong_phase` when the step is out of order.
    public func next(from status: RequestStatus) throws(StateConflict) -> RequestStatus {
        let to: RequestStatus? =
            switch (self, status) {
            case (.edit, let s) where s.isEditable: s
            case (.submit, let s) where s.isEditable: .submitted
            case (.decide(let d), .submitted): d.status
            case (.price, .approved): .priced
            case (.tender, .priced): .tendered
            default: nil
            }
        guard let to else { throw StateConflict(.wrongPhase, "cannot \(name) a request that is \(status.rawValue)") }
        return to
    }
}

/// The content of a request as its requester files it.
public struct RequestDraft: Sendable, Equatable {
    public var title: String
    public var scope: String
    public var businessType: String
    public var mode: OutsourcingMode
    public var departmentId: String
    public var estimatedBudget: Money
    public var currency: String
    public var serviceStart: CivilDate
    public var serviceEnd: CivilDate
    public var justification: String
    public var method: TenderMethod
    public var selectiveReason: String?

    public init(
        title: String, scope: String, businessType: String, mode: OutsourcingMode, departmentId: String, estimatedBudget: Money,
        currency: String, serviceStart: CivilDate, serviceEnd: CivilDate, justification: String, method: TenderMethod,
        selectiveReason: String?
    ) {
        self.title = title
        self.scope = scope
        self.businessType = businessType
        self.mode = mode
        self.departmentId = departmentId
        self.estimatedBudget = estimatedBudget
        self.currency = currency
        self.serviceStart = serviceStart
        self.serviceEnd = serviceEnd
        self.justification = justification
        self.method = method
        self.selectiveReason = selectiveReason
    }
}

/// The rules a request obeys (docs/DESIGN.md §10).
public enum RequestRules {
    /// A justification says why the work should be outsourced, in at least this many characters.
    public static let justificationMinLength = 20
    /// A return or a rejection says why in at least this many characters.
    public static let decisionReasonMinLength = 10
    /// The longest service period a request may ask for (a framework contract of five years).
    public static let maximumServiceDays = 5 * 366

    /// The first rule the draft breaks, checked in the order a reader fills the form.
    public static func validate(_ d: RequestDraft, policy: OutsourcingPolicy) throws(RuleViolation) {
        guard let type = policy.businessType(d.businessType) else {
            throw RuleViolation(
                .unknownBusinessType,
                "businessType must be one of the policy's keys (\(policy.businessTypes.map(\.key).joined(separator: ", ")))",
                field: "businessType")
        }
        guard type.outsourceable else {
            throw RuleViolation(
                .notOutsourceable, "'\(type.name)' may not be outsourced: \(type.clause)", field: "businessType")
        }
        guard policy.modes.contains(d.mode) else {
            throw RuleViolation(.invalidMode, "mode must be one of \(policy.modes.map(\.rawValue).joined(separator: ", "))", field: "mode")
        }
        guard d.serviceEnd >= d.serviceStart, d.serviceEnd.dayNumber - d.serviceStart.dayNumber < maximumServiceDays else {
            throw RuleViolation(
                .invalidPeriod, "servicePeriod.end must be on or after servicePeriod.start, within \(maximumServiceDays) days",
                field: "servicePeriod")
        }
        guard d.justification.count >= justificationMinLength else {
            throw RuleViolation(
                .justificationTooShort,
                "the justification needs at least \(justificationMinLength) characters (it has \(d.justification.count))",
                field: "justification")
        }
        if d.method == .selective, (d.selectiveReason ?? "").isEmpty {
            throw RuleViolation(
                .selectiveReasonRequired, "a directed (selective) tender needs selectiveReason (招标投标法 art. 11)", field: "selectiveReason")
        }
    }

    /// A decision's reason: needed (≥ 10 characters) to return or reject.
    public static func validate(_ decision: RequestDecision, reason: String?) throws(RuleViolation) {
        guard decision.needsReason else { return }
        let n = reason?.trimmingCharacters(in: .whitespacesAndNewlines).count ?? 0
        guard n >= decisionReasonMinLength else {
            throw RuleViolation(
                .reasonTooShort,
                "to \(decision == .returned ? "return" : "reject") a request, give a reason of at least \(decisionReasonMinLength) characters",
                field: "reason")
        }
    }

    /// A tender linked to a request may not budget more than its reference price.
    public static func checkBudget(_ budget: Money, currency: String, reference: Money, referenceCurrency: String) throws(RuleViolation) {
        guard currency == referenceCurrency else {
            throw RuleViolation(
                .overReferencePrice, "the budget is in \(currency) but the request's reference price is in \(referenceCurrency)",
                field: "budget.currency")
        }
        guard budget <= reference else {
            throw RuleViolation(
                .overReferencePrice,
                "the budget \(budget) \(currency) is above the request's reference price \(reference) \(referenceCurrency)",
                field: "budget.amount")
        }
    }
}

/// Who may see and act on a request, beyond the role's permission.
public enum RequestAccess {
    /// A requester sees its own department's requests (and those of the departments below it);
    /// the other roles that may read requests see them all.
    public static func maySee(_ role: Role, ownDepartments: Set<String>, requestDepartment: String) -> Bool {
        guard role.may(.readRequests) else { return false }
        return role != .requester || ownDepartments.contains(requestDepartment)
    }

    /// Separation of duties: nobody decides, prices or tenders a request it filed itself.
    public static func mayAct(userId: String, requesterId: String) -> Bool { userId != requesterId }
}

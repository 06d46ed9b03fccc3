import Foundation
import TenderDomain
import Vapor

// MARK: departments

struct CreateDepartmentRequest: Content {
    let name: String
    let parentId: String?
}

struct DepartmentResponse: Content {
    let id: String
    let name: String
    let parentId: String?
    /// In the tree (`GET /departments`) only.
    let children: [DepartmentResponse]?

    init(_ d: DepartmentRecord, children: [DepartmentResponse]? = nil) {
        id = d.id
        name = d.name
        parentId = d.parentId
        self.children = children
    }

    init(_ node: DepartmentQueries.Node) { self.init(node.record, children: node.children.map(DepartmentResponse.init)) }
}

struct DepartmentTree: Content {
    /// The root departments, each with its `children`.
    let items: [DepartmentResponse]
}

// MARK: policy

struct PolicyResponse: Content {
    let businessTypes: [OutsourcingPolicy.BusinessType]
    let modes: [String]
    let grades: OutsourcingPolicy.Grades
    let requestDecisionPeriod: String
    let tenderDraftPeriod: String

    init(_ p: OutsourcingPolicy) {
        businessTypes = p.businessTypes
        modes = p.modes.map(\.rawValue)
        grades = p.grades
        requestDecisionPeriod = p.requestDecisionPeriod.description
        tenderDraftPeriod = p.tenderDraftPeriod.description
    }
}

// MARK: requests

struct ServicePeriodDTO: Content {
    let start: String
    let end: String
}

struct CreateOutsourcingRequest: Content {
    let title: String
    let scope: String
    let businessType: String
    let mode: String
    let departmentId: String
    let estimatedBudget: BudgetDTO
    let servicePeriod: ServicePeriodDTO
    let justification: String
    let method: String?
    let selectiveReason: String?
}

/// PATCH of a draft or returned request: what is given replaces the stored value.
struct PatchOutsourcingRequest: Content {
    let title: String?
    let scope: String?
    let businessType: String?
    let mode: String?
    let departmentId: String?
    let estimatedBudget: BudgetDTO?
    let servicePeriod: ServicePeriodDTO?
    let justification: String?
    let method: String?
    let selectiveReason: String?
}

struct RequestDecisionBody: Content {
    let decision: String
    let reason: String?
}

struct ReferencePriceBody: Content {
    let amount: String
    let currency: String
    let basis: String
}

struct RequestResponse: Content {
    struct ReferencePrice: Content {
        let amount: String
        let currency: String
        let basis: String
        let pricedAt: String
        let pricedBy: String?
    }

    struct Decision: Content {
        let decision: String
        let reason: String?
        let decidedBy: String
        let decidedByName: String
        let decidedAt: String
    }

    let id: String
    let title: String
    let scope: String
    let businessType: String
    let mode: String
    let departmentId: String
    let departmentName: String?
    let requesterId: String
    let requesterName: String?
    let estimatedBudget: BudgetDTO
    let servicePeriod: ServicePeriodDTO
    let justification: String
    let method: String
    let selectiveReason: String?
    let status: String
    let createdAt: String
    let updatedAt: String
    let submittedAt: String?
    let decidedAt: String?
    let referencePrice: ReferencePrice?
    let tenderId: String?
    /// Every decision, oldest first (detail only).
    let decisions: [Decision]?

    init(_ r: RequestRecord, detail: RequestQueries.Detail? = nil) {
        let d = r.draft
        id = r.id
        title = d.title
        scope = d.scope
        businessType = d.businessType
        mode = d.mode.rawValue
        departmentId = d.departmentId
        departmentName = detail?.departmentName
        requesterId = r.requesterId
        requesterName = detail?.requesterName
        estimatedBudget = BudgetDTO(amount: d.estimatedBudget.description, currency: d.currency)
        servicePeriod = ServicePeriodDTO(start: d.serviceStart.description, end: d.serviceEnd.description)
        justification = d.justification
        method = d.method.rawValue
        selectiveReason = d.selectiveReason
        status = r.status.rawValue
        createdAt = Timestamp.format(milliseconds: r.createdAt)
        updatedAt = Timestamp.format(milliseconds: r.updatedAt)
        submittedAt = r.submittedAt.map { Timestamp.format(milliseconds: $0) }
        decidedAt = r.decidedAt.map { Timestamp.format(milliseconds: $0) }
        if let amount = r.referencePrice, let currency = r.referenceCurrency, let at = r.pricedAt {
            referencePrice = ReferencePrice(
                amount: amount.description, currency: currency, basis: r.referenceBasis ?? "", pricedAt: Timestamp.format(milliseconds: at),
                pricedBy: r.pricedBy)
        } else {
            referencePrice = nil
        }
        tenderId = r.tenderId
        decisions = detail?.decisions.map {
            Decision(
                decision: $0.decision.rawValue, reason: $0.reason, decidedBy: $0.decidedBy, decidedByName: $0.deciderName,
                decidedAt: Timestamp.format(milliseconds: $0.decidedAt))
        }
    }
}

struct RequestList: Content {
    let items: [RequestResponse]
    let metadata: PageMetadata
}

/// Builds a `RequestDraft` from request values, over a stored one for PATCH.
enum RequestInput {
    static func draft(
        base: RequestDraft?, title: String?, scope: String?, businessType: String?, mode: String?, departmentId: String?,
        estimatedBudget: BudgetDTO?, servicePeriod: ServicePeriodDTO?, justification: String?, method: String?, selectiveReason: String?
    ) throws -> RequestDraft {
        let required = base == nil
        let title = try Validate.text(title, field: "title", max: 300, required: required) ?? base!.title
        let scope = try Validate.text(scope, field: "scope", max: 20_000, required: required, rule: .prose) ?? base!.scope
        let businessType = try Validate.text(businessType, field: "businessType", max: 64, required: required) ?? base!.businessType
        guard
            let mode = try mode.map({ raw in
                guard let m = OutsourcingMode(rawValue: raw) else {
                    throw APIError.invalid("invalid_mode", "mode must be 'partial' (部分外包) or 'whole' (整体外包)", field: "mode")
                }
                return m
            }) ?? base?.mode
        else { throw APIError.invalid("missing_field", "field 'mode' is required", field: "mode") }
        let departmentId =
            try departmentId.map { raw in
                guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
                    throw APIError.invalid("unknown_department", "departmentId names no department", field: "departmentId")
                }
                return id
            } ?? base!.departmentId
        let budget = try estimatedBudget.map { try Validate.money($0, field: "estimatedBudget") }
        var start = base?.serviceStart, end = base?.serviceEnd
        if let servicePeriod {
            guard let s = CivilDate(servicePeriod.start), let e = CivilDate(servicePeriod.end) else {
                throw APIError.invalid(
                    "invalid_period", "servicePeriod.start and .end must be dates like 2027-01-01", field: "servicePeriod")
            }
            (start, end) = (s, e)
        }
        let justification =
            try Validate.text(justification, field: "justification", max: 5000, required: required, rule: .prose) ?? base!.justification
        guard let method = method.map(TenderMethod.init(rawValue:)) ?? base?.method ?? .open else {
            throw APIError.invalid("invalid_method", "method must be 'open' or 'selective'", field: "method")
        }
        var reason = base?.selectiveReason
        if let selectiveReason {
            let t = selectiveReason.trimmingCharacters(in: .whitespacesAndNewlines)
            reason = t.isEmpty ? nil : try Validate.text(t, field: "selectiveReason", max: 2000, rule: .prose)
        }
        return RequestDraft(
            title: title, scope: scope, businessType: businessType, mode: mode, departmentId: departmentId,
            estimatedBudget: budget?.amount ?? base!.estimatedBudget, currency: budget?.currency ?? base!.currency, serviceStart: start!,
            serviceEnd: end!, justification: justification, method: method, selectiveReason: method == .selective ? reason : nil)
    }
}

extension CreateOutsourcingRequest {
    var draft: RequestDraft {
        get throws {
            try RequestInput.draft(
                base: nil, title: title, scope: scope, businessType: businessType, mode: mode, departmentId: departmentId,
                estimatedBudget: estimatedBudget, servicePeriod: servicePeriod, justification: justification, method: method,
                selectiveReason: selectiveReason)
        }
    }
}

extension PatchOutsourcingRequest {
    func draft(merging base: RequestDraft) throws -> RequestDraft {
        try RequestInput.draft(
            base: base, title: title, scope: scope, businessType: businessType, mode: mode, departmentId: departmentId,
            estimatedBudget: estimatedBudget, servicePeriod: servicePeriod, justification: justification, method: method,
            selectiveReason: selectiveReason)
    }
}

// MARK: deviations

struct DeviationResponse: Content {
    let id: String
    let tenderId: String
    let tenderTitle: String
    let kind: String
    let detectedAt: String
    let actorId: String
    let actorName: String

    init(_ d: DeviationStore.Listed) {
        id = d.id
        tenderId = d.tenderId
        tenderTitle = d.tenderTitle
        kind = d.kind
        detectedAt = Timestamp.format(milliseconds: d.detectedAt)
        actorId = d.actorId
        actorName = d.actorName
    }
}

struct DeviationList: Content {
    let items: [DeviationResponse]
    let metadata: PageMetadata
}

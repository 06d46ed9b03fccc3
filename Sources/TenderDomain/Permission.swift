/// What a role may do, as one table: every route's role check asks it (`Request.require(_:)`), and a
/// table-driven test pins it. Relations (the vendor that owns a bid, the member that sits on a
/// committee, the requester whose department filed a request) are checked on top, where the
/// records are known.
public enum Permission: String, Sendable, CaseIterable {
    // Accounts and organisation
    case manageAccounts = "manage_accounts"
    case listAccounts = "list_accounts"
    case manageDepartments = "manage_departments"
    case readDepartments = "read_departments"
    // Vendors
    case actAsVendor = "act_as_vendor"
    case readVendors = "read_vendors"
    case suspendVendors = "suspend_vendors"
    // Tenders
    case manageTenders = "manage_tenders"
    case formCommittee = "form_committee"
    case score
    case finalizeEvaluation = "finalize_evaluation"
    case manageAward = "manage_award"
    case readObligations = "read_obligations"
    case readAudit = "read_audit"
    // Outsourcing requests (docs/DESIGN.md §10)
    case fileRequests = "file_requests"
    case readRequests = "read_requests"
    case decideRequests = "decide_requests"
    case priceRequests = "price_requests"
    case tenderFromRequest = "tender_from_request"
    case readDeviations = "read_deviations"

    /// The roles that hold the permission.
    public var roles: Set<Role> {
        switch self {
        case .manageAccounts, .manageDepartments: [.admin]
        case .listAccounts: [.admin, .procurement]
        case .readDepartments: Set(Role.allCases.filter(\.isStaff))
        case .actAsVendor: [.vendor]
        case .readVendors: [.admin, .procurement, .auditor]
        case .suspendVendors: [.admin, .procurement]
        case .manageTenders, .formCommittee, .manageAward, .tenderFromRequest: [.procurement]
        case .score: [.evaluator]
        case .finalizeEvaluation: [.procurement, .evaluator]
        case .readObligations: [.procurement, .auditor, .admin, .approver, .finance]
        case .readAudit: [.auditor, .admin]
        case .fileRequests: [.requester]
        // A requester reads its own department's requests only (`RequestAccess.maySee`).
        case .readRequests: [.requester, .approver, .finance, .procurement, .auditor, .admin]
        case .decideRequests: [.approver]
        case .priceRequests: [.finance]
        case .readDeviations: [.auditor, .admin, .approver]
        }
    }
}

extension Role {
    public func may(_ permission: Permission) -> Bool { permission.roles.contains(self) }
}

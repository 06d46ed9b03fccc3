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
    // The contract ledger, reviews and payments (docs/DESIGN.md §11)
    case manageContracts = "manage_contracts"
    case readLedger = "read_ledger"
    case decideChanges = "decide_changes"
    case decidePayments = "decide_payments"
    case readProposals = "read_proposals"
    case decideProposals = "decide_proposals"
    case readCostReport = "read_cost_report"
    case readPayments = "read_payments"
    // Escrowed opening (docs/DESIGN.md §13)
    case holdOpeningKeys = "hold_opening_keys"
    // Integrity red flags (docs/DESIGN.md §14); reading them is decided per tender (`RedFlagQueries`).
    case dismissRedFlags = "dismiss_red_flags"
    case readCrossRedFlags = "read_cross_red_flags"

    /// The roles that hold the permission.
    public var roles: Set<Role> {
        switch self {
        case .manageAccounts, .manageDepartments: [.admin]
        case .listAccounts: [.admin, .procurement]
        case .readDepartments, .holdOpeningKeys: Set(Role.allCases.filter(\.isStaff))
        case .actAsVendor: [.vendor]
        case .readVendors: [.admin, .procurement, .auditor]
        case .suspendVendors: [.admin, .procurement]
        case .manageTenders, .formCommittee, .manageAward, .tenderFromRequest: [.procurement]
        case .score: [.evaluator]
        case .finalizeEvaluation: [.procurement, .evaluator]
        case .readObligations: [.procurement, .auditor, .admin, .approver, .finance]
        case .readAudit: [.auditor, .admin]
        case .dismissRedFlags: [.auditor]
        case .readCrossRedFlags: [.auditor, .approver, .procurement]
        case .fileRequests: [.requester]
        // A requester reads its own department's requests only (`RequestAccess.maySee`).
        case .readRequests: [.requester, .approver, .finance, .procurement, .auditor, .admin]
        case .decideRequests: [.approver]
        case .priceRequests: [.finance]
        case .readDeviations: [.auditor, .admin, .approver]
        case .manageContracts: [.procurement]
        case .readLedger, .readCostReport: [.procurement, .approver, .finance, .auditor, .admin]
        case .decideChanges, .decideProposals: [.approver]
        case .decidePayments: [.finance]
        case .readPayments: [.finance, .procurement, .approver, .auditor, .admin]
        case .readProposals: [.approver, .procurement, .auditor, .admin]
        }
    }
}

extension Role {
    public func may(_ permission: Permission) -> Bool { permission.roles.contains(self) }
}

/// Who may act on a contract of the ledger (docs/DESIGN.md §11), beyond the role's permission:
/// the contract's supervisor (监管执行人, any staff account named at signing) and its vendor.
public enum ContractAccess {
    /// The ledger's readers see every contract; a supervisor its own; a vendor its own.
    public static func maySee(_ role: Role, isSupervisor: Bool, isVendor: Bool) -> Bool {
        role.may(.readLedger) || isSupervisor || (role == .vendor && isVendor)
    }

    /// Reviews and the briefing's acknowledgement: the supervisor only.
    public static func maySupervise(isSupervisor: Bool) -> Bool { isSupervisor }

    /// A payment request: the supervisor or procurement.
    public static func mayRequestPayment(_ role: Role, isSupervisor: Bool) -> Bool { isSupervisor || role == .procurement }

    /// The undertakings: the contract's vendor.
    public static func mayUndertake(_ role: Role, isVendor: Bool) -> Bool { role == .vendor && isVendor }
}

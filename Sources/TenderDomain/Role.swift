/// An account's role (docs/DESIGN.md §1, and §10 for the outsourcing roles).
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, procurement, evaluator, auditor, vendor
    /// 业务部门负责人: files outsourcing requests for its department.
    case requester
    /// The department that plans outsourcing: decides requests.
    case approver
    /// 计划财务: sets reference prices.
    case finance

    /// Accounts an admin creates (everyone but vendors, who register themselves).
    public var isStaff: Bool { self != .vendor }

    /// The tender office and its overseers: they see drafts, every bid once the submission deadline
    /// has passed and every scoresheet. The outsourcing roles see tenders as the public does.
    public var isTenderOffice: Bool { self == .admin || self == .procurement || self == .auditor }
}

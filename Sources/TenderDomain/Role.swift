/// An account's role (docs/DESIGN.md §1).
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, procurement, evaluator, auditor, vendor

    /// Staff see drafts and the full tender record; vendors and the public do not.
    public var isStaff: Bool { self == .admin || self == .procurement || self == .auditor }
}

/// 招标投标法 art. 37 (and 87号令 art. 47): an evaluation committee has at least the regime's
/// minimum number of members, an odd number of them, at least two thirds experts, and a chair who
/// is one of its members. Pure: the server checks that the members are evaluator accounts.
public enum CommitteeComposition {
    public enum Kind: String, Sendable, CaseIterable {
        case expert, representative
    }

    /// The first rule the composition breaks, in the order above.
    public static func validate(kinds: [Kind], chairIsMember: Bool, minimumSize: Int) throws(RuleViolation) {
        let size = kinds.count
        guard size >= minimumSize else {
            throw RuleViolation(.committeeTooSmall, "the committee needs at least \(minimumSize) members", field: "members")
        }
        guard size % 2 == 1 else {
            throw RuleViolation(.committeeSizeEven, "the committee must have an odd number of members", field: "members")
        }
        let experts = kinds.filter { $0 == .expert }.count
        guard 3 * experts >= 2 * size else {
            throw RuleViolation(
                .tooFewExperts, "experts must be at least two thirds of the committee (\(experts) of \(size))", field: "members")
        }
        guard chairIsMember else { throw RuleViolation(.chairNotMember, "the chair must be one of the members", field: "chairId") }
    }
}

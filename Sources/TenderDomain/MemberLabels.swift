/// The anonymous labels of a committee's published scoresheets: `Member k` is the k-th id of a
/// uniformly random permutation (Fisher–Yates with the system's cryptographic generator), drawn
/// once at finalization and stored, so the labels are stable and tell nothing of the committee's
/// published order.
public enum MemberLabels {
    public static func draw(_ members: [String]) -> [String] {
        var g = SystemRandomNumberGenerator()
        return draw(members, using: &g)
    }

    public static func draw<G: RandomNumberGenerator>(_ members: [String], using g: inout G) -> [String] {
        members.shuffled(using: &g)
    }

    /// "Member k" for `memberId` (k from 1) in a stored label order, or nil when it did not count.
    public static func label(of memberId: String, in order: [String]) -> String? {
        order.firstIndex(of: memberId).map { "Member \($0 + 1)" }
    }
}

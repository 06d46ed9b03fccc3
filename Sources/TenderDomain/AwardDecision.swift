/// 实施条例 arts. 53 and 55: the award goes to one of the ranked candidates (at most three); any but
/// the first needs a written justification of at least `minimumJustification` characters.
public enum AwardDecision {
    public static let candidates = 3
    public static let minimumJustification = 20

    /// `rank` is the bid's 0-based place among the candidates, nil when it is not one.
    public static func check(
        rank: Int?, justification: String?, candidates: Int = AwardDecision.candidates,
        minimumJustification: Int = AwardDecision.minimumJustification
    ) throws(RuleViolation) {
        guard let rank, rank < candidates else {
            throw RuleViolation(.notACandidate, "the award must go to one of the top \(candidates) candidates", field: "bidId")
        }
        if rank > 0, (justification ?? "").count < minimumJustification {
            throw RuleViolation(
                .justificationRequired,
                "awarding a candidate other than the first needs a justification of at least \(minimumJustification) characters",
                field: "justification")
        }
    }
}

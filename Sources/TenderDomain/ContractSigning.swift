/// What a recorded contract must satisfy (docs/DESIGN.md §6): it was signed at a real past time,
/// not before the award and not inside the standstill (实施条例 art. 54, 招标投标法 art. 46: the
/// contract follows the award notice, which follows the standstill), for exactly the awarded price
/// (招标投标法 art. 46: no agreement departing from the award's substance).
public enum ContractSigning {
    /// The first rule broken, in the order above. Times in milliseconds.
    public static func check(
        signedAt: Int64, now: Int64, awardedAt: Int64, standstillEndsAt: Int64?, amount: Money, awardedPrice: Money
    ) throws(RuleViolation) {
        guard signedAt <= now else { throw RuleViolation(.invalidTime, "signedAt cannot be in the future", field: "signedAt") }
        guard signedAt >= awardedAt else { throw RuleViolation(.invalidTime, "signedAt cannot precede the award", field: "signedAt") }
        if let ends = standstillEndsAt, signedAt < ends {
            throw RuleViolation(
                .standstillNotOver,
                "signedAt is inside the standstill, which ends \(Timestamp.format(milliseconds: ends)); a contract is signed after it",
                field: "signedAt")
        }
        guard amount == awardedPrice else {
            throw RuleViolation(.amountDeviates, "the contract amount must equal the awarded price \(awardedPrice)", field: "amount")
        }
    }

    /// Whether the signature came after the signing obligation's due time.
    public static func isLate(signedAt: Int64, dueAt: Int64) -> Bool { signedAt > dueAt }
}

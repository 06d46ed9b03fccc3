/// A regime's rules (docs/DESIGN.md §3): `bidding-law` (招标投标法 and 实施条例) or
/// `government-procurement` (政府采购法, 实施条例, 财政部令第87号). Loaded from `Config/`.
public struct RuleSet: Sendable, Equatable {
    public var name: String
    /// 招标投标法 art. 24 / 87号令 art. 16: publish time to submission deadline.
    public var minBiddingPeriod: Period
    /// 招标投标法 art. 23 / 87号令 art. 27: a changing amendment needs this lead before the deadline.
    public var clarificationLead: Period
    public var minRevealWindow: Period
    /// 招标投标法 art. 28: fewer valid bids → re-tender.
    public var minimumValidBids: Int
    /// 招标投标法 art. 37 / 87号令 art. 47: ≥ 5 members, odd, experts ≥ 2/3.
    public var committeeMinSize: Int
    public var trimExtremesFrom: Int
    /// A member's score this far from the others' mean (as a share of the maximum) is flagged.
    public var outlierShare: Share
    /// A price below this share of the valid bids' mean is flagged abnormally low.
    public var abnormallyLowShare: Share
    /// 实施条例 art. 53: the candidates for the award (at most three), in rank order.
    public var awardCandidates: Int
    /// 实施条例 art. 55: awarding any candidate but the first needs a written reason this long.
    public var justificationMinLength: Int
    /// Approved increases of a contract may total at most this share of its original amount
    /// (政府采购法 art. 49: 10 %; the organisation's policy the same for the other regime).
    public var maxChangeShare: Share = Share("0.1")!
    /// 实施条例 art. 54 (publicity of candidates) / 政府采购法 art. 52 (质疑 within 7wd).
    public var standstillPeriod: Period
    /// 实施条例 art. 54: an objection is answered within 3 days / 政府采购法 art. 53: 7wd.
    public var objectionReplyPeriod: Period
    /// 招标投标法 art. 47.
    public var awardReportPeriod: Period
    /// 招标投标法 art. 46 / 政府采购法 art. 46.
    public var contractSigningPeriod: Period
    /// Internal policy 3d / 政采条例 art. 50: 7wd.
    public var filingPeriod: Period
    /// 政采条例 art. 50: publish the contract within 2wd (government-procurement only).
    public var contractPublicationPeriod: Period?

    public init(
        name: String, minBiddingPeriod: Period, clarificationLead: Period, minRevealWindow: Period,
        minimumValidBids: Int, committeeMinSize: Int, trimExtremesFrom: Int, outlierShare: Share,
        abnormallyLowShare: Share, standstillPeriod: Period, objectionReplyPeriod: Period,
        awardReportPeriod: Period, contractSigningPeriod: Period, filingPeriod: Period,
        contractPublicationPeriod: Period?, awardCandidates: Int = AwardDecision.candidates,
        justificationMinLength: Int = AwardDecision.minimumJustification, maxChangeShare: Share = Share("0.1")!
    ) {
        self.maxChangeShare = maxChangeShare
        self.awardCandidates = awardCandidates
        self.justificationMinLength = justificationMinLength
        self.name = name
        self.minBiddingPeriod = minBiddingPeriod
        self.clarificationLead = clarificationLead
        self.minRevealWindow = minRevealWindow
        self.minimumValidBids = minimumValidBids
        self.committeeMinSize = committeeMinSize
        self.trimExtremesFrom = trimExtremesFrom
        self.outlierShare = outlierShare
        self.abnormallyLowShare = abnormallyLowShare
        self.standstillPeriod = standstillPeriod
        self.objectionReplyPeriod = objectionReplyPeriod
        self.awardReportPeriod = awardReportPeriod
        self.contractSigningPeriod = contractSigningPeriod
        self.filingPeriod = filingPeriod
        self.contractPublicationPeriod = contractPublicationPeriod
    }
}

import Foundation

/// A non-negative share such as `0.3`, held exactly as numerator / 10^k.
public struct Share: Sendable, Equatable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// As written: "0.3", "0.80", "1".
    public var description: String {
        let digits = String(denominator).count - 1
        guard digits > 0 else { return String(numerator) }
        let frac = String(numerator % denominator)
        return "\(numerator / denominator)." + String(repeating: "0", count: digits - frac.count) + frac
    }

    /// Equal as numbers: 0.3 == 0.30.
    public static func == (a: Share, b: Share) -> Bool { a.numerator * b.denominator == b.numerator * a.denominator }

    /// Parses `"0.3"`, `"0.80"`, `"1"`; nil for negatives, exponents or more than 6 decimals.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 6,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let frac = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!frac.isEmpty && frac.count <= 6 && frac.allSatisfy({ $0.isASCII && $0.isNumber })) else { return nil }
        var den: Int64 = 1
        for _ in frac { den *= 10 }
        numerator = Int64(whole)! * den + (frac.isEmpty ? 0 : Int64(frac)!)
        denominator = den
    }
}

/// Exact integer helpers for the scoring formulas: every score is held in hundredths of a point.
public enum ExactMath {
    /// round_half_up(a × b ÷ c) for a, b ≥ 0 and c > 0, without overflow in the product.
    @inline(__always)
    public static func mulDivHalfUp(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let p = UInt64(a).multipliedFullWidth(by: UInt64(b))
        let (q, r) = UInt64(c).dividingFullWidth(p)
        return Int64(q) + (r >= UInt64(c) - r ? 1 : 0)
    }

    /// Whether a × b > c × d for non-negative values, compared exactly in 128 bits.
    @inline(__always)
    public static func productGreater(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Bool {
        let l = UInt64(a).multipliedFullWidth(by: UInt64(b))
        let r = UInt64(c).multipliedFullWidth(by: UInt64(d))
        return l.high != r.high ? l.high > r.high : l.low > r.low
    }

    /// Hundredths as a decimal string: 8640 → "86.40".
    public static func hundredths(_ v: Int64) -> String { Money(cents: v).description }
}

/// The pure scoring engine of docs/DESIGN.md §5 (财政部令第87号 arts. 55 and 60): inputs are arrays
/// indexed by bid, member and criterion so that a large evaluation runs without dictionary lookups.
public struct EvaluationInput: Sendable {
    public enum BidState: Sendable, Equatable {
        case revealed(priceCents: Int64)
        /// Revealed, but the committed document is not a valid bid.
        case invalidDocument(priceCents: Int64?)
        /// Still sealed at the reveal deadline.
        case unrevealed
    }

    public struct Bid: Sendable {
        public let id: String
        public let vendorId: String
        public let submittedAt: Int64
        public let state: BidState
        public init(id: String, vendorId: String, submittedAt: Int64, state: BidState) {
            self.id = id
            self.vendorId = vendorId
            self.submittedAt = submittedAt
            self.state = state
        }
    }

    /// One member's sheet for one bid: `qualification` in the order of the qualification criteria,
    /// `scores` (hundredths) in the order of the scored criteria.
    public struct Sheet: Sendable {
        public let qualification: [Bool]
        public let scores: [Int64]
        public init(qualification: [Bool], scores: [Int64]) {
            self.qualification = qualification
            self.scores = scores
        }
    }

    public let criteria: [Criterion]
    public let budgetCents: Int64
    public let minimumValidBids: Int
    public let trimExtremesFrom: Int
    public let outlierShare: Share
    public let abnormallyLowShare: Share
    /// Non-recused members, in the order that numbers them "Member 1…n".
    public let memberCount: Int
    public let bids: [Bid]
    /// `sheets[bid][member]`, nil where a sheet is missing (only for bids that are not revealed).
    public let sheets: [[Sheet?]]
    /// How many of the best valid bids become candidates for the award (实施条例 art. 53: at most 3).
    public let candidateCount: Int

    public init(
        criteria: [Criterion], budgetCents: Int64, minimumValidBids: Int, trimExtremesFrom: Int, outlierShare: Share,
        abnormallyLowShare: Share, memberCount: Int, bids: [Bid], sheets: [[Sheet?]], candidateCount: Int = AwardDecision.candidates
    ) {
        self.candidateCount = candidateCount
        self.criteria = criteria
        self.budgetCents = budgetCents
        self.minimumValidBids = minimumValidBids
        self.trimExtremesFrom = trimExtremesFrom
        self.outlierShare = outlierShare
        self.abnormallyLowShare = abnormallyLowShare
        self.memberCount = memberCount
        self.bids = bids
        self.sheets = sheets
    }

    public var scoredCriteria: [Criterion] { criteria.filter { $0.type == .scored } }
    public var qualificationCriteria: [Criterion] { criteria.filter { $0.type == .qualification } }
}

public struct EvaluationResult: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var rank: Int?
        public var bidId: String
        public var vendorId: String
        public var priceCents: Int64?
        public var valid: Bool
        public var reasons: [String]
        /// Criterion key → hundredths of a point (valid bids only).
        public var scores: [String: Int64]
        public var totalHundredths: Int64?
        public var abnormallyLow: Bool
        public var submittedAt: Int64
    }

    public struct Outlier: Sendable, Equatable, Codable {
        public var bidId: String
        public var criterion: String
        /// 1-based member number ("Member n").
        public var member: Int
        public var scoreHundredths: Int64
        /// Mean of the other members' scores, hundredths rounded half-up.
        public var othersMeanHundredths: Int64
    }

    public var failed: Bool
    public var validCount: Int
    public var ranking: [Entry]
    public var candidates: [String]
    public var outliers: [Outlier]
}

public enum EvaluationEngine {
    public static func evaluate(_ input: EvaluationInput) -> EvaluationResult {
        let scored = input.scoredCriteria
        let qualification = input.qualificationCriteria
        let priceWeight = Int64(input.criteria.first { $0.type == .price }?.weightHundredths ?? 0)
        let n = input.memberCount
        var entries: [EvaluationResult.Entry] = []
        entries.reserveCapacity(input.bids.count)

        // 1. Validity.
        for (b, bid) in input.bids.enumerated() {
            var reasons: [String] = []
            var price: Int64?
            switch bid.state {
            case .unrevealed: reasons.append("unrevealed")
            case .invalidDocument(let p):
                price = p
                reasons.append("invalid_document")
            case .revealed(let p):
                price = p
                if p > input.budgetCents { reasons.append("over_budget") }
                if !qualification.isEmpty {
                    for q in qualification.indices {
                        var yes = 0
                        for m in 0..<n where input.sheets[b][m]?.qualification[q] == true { yes += 1 }
                        if 2 * yes <= n {
                            reasons.append("unqualified")
                            break
                        }
                    }
                }
            }
            entries.append(
                .init(
                    rank: nil, bidId: bid.id, vendorId: bid.vendorId, priceCents: price, valid: reasons.isEmpty, reasons: reasons,
                    scores: [:], totalHundredths: nil, abnormallyLow: false, submittedAt: bid.submittedAt))
        }
        let validIndices = entries.indices.filter { entries[$0].valid }
        let lowest = validIndices.map { entries[$0].priceCents! }.min()

        // 3–5. Scores of valid bids: price by 87号令 art. 55, scored criteria as (trimmed) means.
        var scoredSums = [Int64](repeating: 0, count: entries.count)
        var buffer = [Int64](repeating: 0, count: n)
        for b in validIndices {
            var total: Int64 = 0
            let price = entries[b].priceCents!
            // A zero price (the lowest possible) takes the whole weight.
            let priceScore = price == 0 ? priceWeight : ExactMath.mulDivHalfUp(lowest!, priceWeight, price)
            entries[b].scores["price"] = priceScore
            total += priceScore
            for (c, criterion) in scored.enumerated() {
                var count = 0
                var sum: Int64 = 0
                var lo = Int64.max, hi = Int64.min
                for m in 0..<n {
                    guard let s = input.sheets[b][m]?.scores[c] else { continue }
                    buffer[count] = s
                    count += 1
                    sum += s
                    lo = min(lo, s)
                    hi = max(hi, s)
                }
                var value: Int64 = 0
                if count > 0 {
                    if count >= input.trimExtremesFrom {
                        sum -= lo + hi
                        count -= 2
                    }
                    value = ExactMath.mulDivHalfUp(
                        sum, Int64(criterion.weightHundredths!), Int64(count) * Int64(criterion.maxScoreHundredths!))
                }
                entries[b].scores[criterion.key] = value
                total += value
                scoredSums[b] += value
            }
            entries[b].totalHundredths = total
        }

        // Abnormally low (87号令 art. 60): below the share of the mean of the other valid bids.
        if validIndices.count >= 2 {
            let sum = validIndices.reduce(Decimal(0)) { $0 + Decimal(entries[$1].priceCents!) }
            let share = Decimal(input.abnormallyLowShare.numerator) / Decimal(input.abnormallyLowShare.denominator)
            let others = Decimal(validIndices.count - 1)
            for b in validIndices {
                let p = Decimal(entries[b].priceCents!)
                entries[b].abnormallyLow = p * others < share * (sum - p)
            }
        }

        // 6. Ranking of valid bids, then invalid ones unranked.
        let rankedValid = validIndices.sorted { x, y in
            let a = entries[x], b = entries[y]
            if a.totalHundredths! != b.totalHundredths! { return a.totalHundredths! > b.totalHundredths! }
            if a.priceCents! != b.priceCents! { return a.priceCents! < b.priceCents! }
            if scoredSums[x] != scoredSums[y] { return scoredSums[x] > scoredSums[y] }
            if a.submittedAt != b.submittedAt { return a.submittedAt < b.submittedAt }
            return a.bidId < b.bidId
        }
        let invalid = entries.indices.filter { !entries[$0].valid }.sorted {
            (entries[$0].submittedAt, entries[$0].bidId) < (entries[$1].submittedAt, entries[$1].bidId)
        }
        var ranking: [EvaluationResult.Entry] = []
        for (i, b) in rankedValid.enumerated() {
            var e = entries[b]
            e.rank = i + 1
            ranking.append(e)
        }
        ranking += invalid.map { entries[$0] }
        let failed = validIndices.count < input.minimumValidBids

        // 7. Outliers among the scores of every revealed bid.
        var outliers: [EvaluationResult.Outlier] = []
        if n >= 2 {
            let share = input.outlierShare
            for (b, bid) in input.bids.enumerated() {
                guard case .revealed = bid.state else { continue }
                for (c, criterion) in scored.enumerated() {
                    var sum: Int64 = 0
                    var count = 0
                    for m in 0..<n { if let s = input.sheets[b][m]?.scores[c] { sum += s; count += 1 } }
                    guard count >= 2 else { continue }
                    let maxScore = Int64(criterion.maxScoreHundredths!)
                    let k = Int64(count - 1)
                    for m in 0..<n {
                        guard let s = input.sheets[b][m]?.scores[c] else { continue }
                        let others = sum - s
                        let diff = abs(s * k - others)
                        // |s − others ÷ k| > share × maxScore  ⇔  |s·k − others| · den > num · maxScore · k
                        if ExactMath.productGreater(diff, share.denominator, share.numerator, maxScore * k) {
                            outliers.append(
                                .init(
                                    bidId: bid.id, criterion: criterion.key, member: m + 1, scoreHundredths: s,
                                    othersMeanHundredths: ExactMath.mulDivHalfUp(others, 1, k)))
                        }
                    }
                }
            }
        }
        return EvaluationResult(
            failed: failed, validCount: validIndices.count, ranking: ranking,
            candidates: failed ? [] : Array(rankedValid.prefix(input.candidateCount).map { entries[$0].bidId }), outliers: outliers)
    }
}

import Testing

@testable import TenderDomain

/// Every expected figure below was worked out by hand (the arithmetic is in the comments).
@Suite struct EvaluationTests {
    typealias Sheet = EvaluationInput.Sheet

    static func criterion(_ key: String, _ type: Criterion.Kind, weight: Int? = nil, max: Int? = nil) -> Criterion {
        Criterion(
            key: key, name: type == .price ? nil : key, type: type, weightHundredths: weight.map { $0 * 100 },
            maxScoreHundredths: max.map { $0 * 100 })
    }

    static func input(
        _ criteria: [Criterion], budget: Int64 = 1_000_000_00, minimumValidBids: Int = 3, trimFrom: Int = 7, members: Int,
        bids: [EvaluationInput.Bid], sheets: [[Sheet?]], abnormallyLow: String = "0.8"
    ) -> EvaluationInput {
        EvaluationInput(
            criteria: criteria, budgetCents: budget, minimumValidBids: minimumValidBids, trimExtremesFrom: trimFrom,
            outlierShare: Share("0.3")!, abnormallyLowShare: Share(abnormallyLow)!, memberCount: members, bids: bids, sheets: sheets)
    }

    static func bid(_ id: String, _ yuan: Int64?, at: Int64 = 0, state: EvaluationInput.BidState? = nil) -> EvaluationInput.Bid {
        .init(id: id, vendorId: "v-" + id, submittedAt: at, state: state ?? .revealed(priceCents: yuan! * 100))
    }

    /// Sheets for one bid: per member, qualification flags and whole-point scores.
    static func sheets(_ q: [[Bool]], _ scores: [[Int64]]) -> [Sheet?] {
        zip(q, scores).map { Sheet(qualification: $0.0, scores: $0.1.map { $0 * 100 }) }
    }

    static func scores(_ r: EvaluationResult, _ id: String) -> [String: Int64] { r.ranking.first { $0.bidId == id }!.scores }
    static func entry(_ r: EvaluationResult, _ id: String) -> EvaluationResult.Entry { r.ranking.first { $0.bidId == id }! }

    /// The README's worked example: price 40, technical 40 (max 10), experience 20 (max 5), a
    /// licence qualification, 5 members (no trimming), budget 1,000,000.00.
    static let readmeCriteria = [
        criterion("price", .price, weight: 40), criterion("technical", .scored, weight: 40, max: 10),
        criterion("experience", .scored, weight: 20, max: 5), criterion("licence", .qualification),
    ]
    static let readmeInput: EvaluationInput = {
        let yes = [[true], [true], [true], [true], [true]]
        return input(
            readmeCriteria, members: 5,
            bids: [bid("A", 800_000, at: 1), bid("B", 900_000, at: 2), bid("C", 1_000_000, at: 3), bid("D", 1_100_000, at: 4)],
            sheets: [
                // technical (per member), experience (per member) zipped into [technical, experience]
                sheets(yes, [[8, 3], [7, 3], [9, 4], [8, 3], [4, 3]]),
                sheets(yes, [[9, 4], [9, 4], [8, 4], [10, 5], [9, 4]]),
                sheets([[true], [true], [true], [false], [false]], [[6, 5], [7, 5], [7, 5], [6, 5], [6, 5]]),
                sheets(yes, [[5, 2], [5, 2], [5, 2], [5, 2], [5, 2]]),
            ])
    }()

    @Test func readmeWorkedExample() {
        let r = EvaluationEngine.evaluate(Self.readmeInput)
        // Price: lowest valid 800,000. A 40.00; B 800/900 × 40 = 35.555… → 35.56; C 800/1000 × 40 = 32.00.
        // Technical: A (8+7+9+8+4)/5 = 7.2 → 7.2/10 × 40 = 28.80; B 45/5 = 9 → 36.00; C 32/5 = 6.4 → 25.60.
        // Experience: A 16/5 = 3.2 → 3.2/5 × 20 = 12.80; B 21/5 = 4.2 → 16.80; C 25/5 = 5 → 20.00.
        #expect(Self.scores(r, "A") == ["price": 40_00, "technical": 28_80, "experience": 12_80])
        #expect(Self.scores(r, "B") == ["price": 35_56, "technical": 36_00, "experience": 16_80])
        #expect(Self.scores(r, "C") == ["price": 32_00, "technical": 25_60, "experience": 20_00])
        #expect(r.ranking.map(\.bidId) == ["B", "A", "C", "D"])
        #expect(r.ranking.map(\.rank) == [1, 2, 3, nil])
        #expect(r.ranking.map(\.totalHundredths) == [88_36, 81_60, 77_60, nil])
        // C's licence: 3 of 5 members said yes, a strict majority. D is over the budget.
        #expect(Self.entry(r, "C").valid)
        #expect(Self.entry(r, "D").reasons == ["over_budget"])
        #expect(Self.entry(r, "D").scores.isEmpty)
        #expect(r.candidates == ["B", "A", "C"])
        #expect(!r.failed && r.validCount == 3)
        // Member 5 gave A 4 on technical; the others' mean is (8+7+9+8)/4 = 8; |4 − 8| = 4 > 0.3 × 10.
        #expect(r.outliers == [.init(bidId: "A", criterion: "technical", member: 5, scoreHundredths: 4_00, othersMeanHundredths: 8_00)])
        // A: 800,000 vs 0.8 × (900,000 + 1,000,000)/2 = 760,000: not abnormally low.
        #expect(r.ranking.allSatisfy { !$0.abnormallyLow })
    }

    /// One scored criterion (weight 50, max 10) and price 50; a single bid.
    @Test(arguments: [
        // 7 members, trimming from 7: drop 10 and 2 → (6+6+6+6+7)/5 = 6.2 → 31.00 (untrimmed it would be 43/7 → 30.71).
        (7, [10, 2, 6, 6, 6, 6, 7] as [Int64], Int64(31_00)),
        // 6 members, one below the threshold: no trimming → 37/6 = 6.1666… → 30.8333… → 30.83.
        (6, [10, 2, 6, 6, 6, 7], 30_83),
        // 9 members: drop the 10 and one 1 only → (9+1+5+5+5+5+5)/7 = 35/7 = 5 → 25.00 (untrimmed 46/9 → 25.56).
        (9, [10, 9, 1, 1, 5, 5, 5, 5, 5], 25_00),
    ])
    func trimming(_ members: Int, _ given: [Int64], _ expected: Int64) {
        let criteria = [Self.criterion("price", .price, weight: 50), Self.criterion("quality", .scored, weight: 50, max: 10)]
        let r = EvaluationEngine.evaluate(
            Self.input(
                criteria, minimumValidBids: 1, members: members, bids: [Self.bid("X", 100)],
                sheets: [given.map { Sheet(qualification: [], scores: [$0 * 100]) }]))
        #expect(Self.scores(r, "X")["quality"] == expected)
        #expect(Self.scores(r, "X")["price"] == 50_00)
    }

    /// Price only (最低评标价法): equal prices tie on every score, so the earlier submission ranks first.
    @Test func priceOnly_tieBrokenBySubmissionTime() {
        let r = EvaluationEngine.evaluate(
            Self.input(
                [Self.criterion("price", .price, weight: 100)], members: 5,
                bids: [Self.bid("P1", 500, at: 20), Self.bid("P2", 500, at: 10), Self.bid("P3", 600, at: 5)],
                sheets: Array(repeating: Array(repeating: Sheet(qualification: [], scores: []), count: 5), count: 3)))
        // P3: 500/600 × 100 = 83.333… → 83.33.
        #expect(r.ranking.map(\.bidId) == ["P2", "P1", "P3"])
        #expect(r.ranking.map(\.totalHundredths) == [100_00, 100_00, 83_33])
        #expect(r.candidates == ["P2", "P1", "P3"])
    }

    /// Equal totals: the lower price ranks first even though it was submitted later.
    @Test func tie_brokenByLowerPrice() {
        let criteria = [Self.criterion("price", .price, weight: 50), Self.criterion("quality", .scored, weight: 50, max: 10)]
        // X: 800/1000 × 50 = 40.00 + 10/10 × 50 = 50.00 → 90.00. Y: 50.00 + 8/10 × 50 = 40.00 → 90.00.
        let r = EvaluationEngine.evaluate(
            Self.input(
                criteria, minimumValidBids: 1, members: 1, bids: [Self.bid("X", 1000, at: 1), Self.bid("Y", 800, at: 2)],
                sheets: [[Sheet(qualification: [], scores: [10_00])], [Sheet(qualification: [], scores: [8_00])]]))
        #expect(r.ranking.map(\.totalHundredths) == [90_00, 90_00])
        #expect(r.ranking.map(\.bidId) == ["Y", "X"])
    }

    @Test(arguments: [(3, true), (1, false)])
    func singleValidBid(_ minimumValidBids: Int, _ failed: Bool) {
        let r = EvaluationEngine.evaluate(
            Self.input(
                [Self.criterion("price", .price, weight: 100)], minimumValidBids: minimumValidBids, members: 5,
                bids: [Self.bid("S", 999)], sheets: [Array(repeating: Sheet(qualification: [], scores: []), count: 5)]))
        #expect(r.failed == failed)
        #expect(r.validCount == 1)
        #expect(r.ranking.map(\.rank) == [1])
        #expect(r.ranking[0].totalHundredths == 100_00)
        #expect(r.candidates == (failed ? [] : ["S"]))
    }

    @Test func allBidsInvalid_failsWithReasons() {
        let criteria = [Self.criterion("price", .price, weight: 100), Self.criterion("licence", .qualification)]
        let two = [[true], [true], [false], [false], [false]]
        let r = EvaluationEngine.evaluate(
            Self.input(
                criteria, members: 5,
                bids: [
                    Self.bid("U", nil, at: 1, state: .unrevealed), Self.bid("I", nil, at: 2, state: .invalidDocument(priceCents: nil)),
                    Self.bid("Q", 100, at: 3), Self.bid("O", 2_000_000, at: 4),
                ],
                sheets: [
                    Array(repeating: nil, count: 5), Array(repeating: nil, count: 5),
                    Self.sheets(two, Array(repeating: [], count: 5)), Self.sheets(two, Array(repeating: [], count: 5)),
                ]))
        #expect(r.failed)
        #expect(r.validCount == 0)
        #expect(r.candidates.isEmpty)
        #expect(r.ranking.map(\.bidId) == ["U", "I", "Q", "O"])
        #expect(r.ranking.map(\.reasons) == [["unrevealed"], ["invalid_document"], ["unqualified"], ["over_budget", "unqualified"]])
        #expect(r.ranking.allSatisfy { $0.rank == nil && $0.totalHundredths == nil })
    }

    /// 87号令 art. 60: below 0.8 × the mean of the other valid bids; strictly below.
    @Test(arguments: [
        // 100 vs 0.8 × (200+200)/2 = 160 → flagged; 200 vs 0.8 × 150 = 120 → not.
        ([100, 200, 200] as [Int64], [true, false, false]),
        // 160 vs 0.8 × 200 = 160: equal, not below.
        ([160, 200, 200], [false, false, false]),
    ])
    func abnormallyLow(_ prices: [Int64], _ flags: [Bool]) {
        let bids = prices.enumerated().map { Self.bid("B\($0.offset)", $0.element, at: Int64($0.offset)) }
        let r = EvaluationEngine.evaluate(
            Self.input(
                [Self.criterion("price", .price, weight: 100)], members: 1, bids: bids,
                sheets: Array(repeating: [Sheet(qualification: [], scores: [])], count: prices.count)))
        #expect(bids.map { Self.entry(r, $0.id).abnormallyLow } == flags)
        // The flag informs; it does not change the score: 100/100 × 100.
        #expect(Self.entry(r, "B0").totalHundredths == 100_00)
    }

    @Test(arguments: [
        (Int64(1), Int64(25), Int64(2), Int64(13)),  // 12.5 → 13 (half up)
        (1, 24, 2, 12),
        (5, 1, 10, 1),  // 0.5 → 1
        (4, 1, 10, 0),
        (100_000_000_000_000_000, 10_000, 300_000_000_000_000_000, 3_333),  // no overflow in the product
        (800_000_00, 40_00, 900_000_00, 35_56),
    ])
    func mulDivHalfUp(_ a: Int64, _ b: Int64, _ c: Int64, _ expected: Int64) {
        #expect(ExactMath.mulDivHalfUp(a, b, c) == expected)
    }

    @Test func shares() {
        #expect(Share("0.3") == Share("0.30"))
        #expect(Share("0.3") != Share("0.31"))
        #expect(Share("0.8")!.numerator == 8 && Share("0.8")!.denominator == 10)
        #expect(Share("1")!.numerator == 1)
        for bad in ["", "-0.3", "1e-1", ".3", "0.", "0.1234567", "x"] { #expect(Share(bad) == nil) }
    }
}

import Foundation
import Testing

@testable import TenderDomain

/// The integrity signals (docs/DESIGN.md §14), with hand-computed expectations.
@Suite struct RedFlagTests {
    static func p(_ pairs: [(String, String)]) -> [(id: String, cents: Int64)] { pairs.map { (id: $0.0, cents: Money($0.1)!.cents) } }

    @Test func identicalPrices_groupTwoOrMore() {
        let groups = PriceSignals.identical(Self.p([("c", "200.00"), ("b", "100.00"), ("a", "100.00"), ("d", "300.00")]))
        #expect(groups.map(\.cents) == [10_000])
        #expect(groups.map(\.ids) == [["a", "b"]])
    }

    /// (prices, expected runs as "kind:ids"). Arithmetic: steps equal within 0.1 % of the larger
    /// step; geometric: growth rates equal within 0.1 % of the larger rate.
    @Test(
        arguments: [
            // 10,000 and 10,000: arithmetic.
            ([("a", "1000000.00"), ("b", "1010000.00"), ("c", "1020000.00")], ["arithmetic:a,b,c"]),
            // Two prices are not a pattern.
            ([("a", "1000000.00"), ("b", "1010000.00")], []),
            // Steps 50,000 and 52,500 (|Δ| 2,500 > 52.5); growth 5 % and 5 %: geometric.
            ([("a", "1000000.00"), ("b", "1050000.00"), ("c", "1102500.00")], ["geometric:a,b,c"]),
            // Steps 10,000 and 10,005: |Δ| 5 ≤ 10.005, within 0.1 %.
            ([("a", "1000000.00"), ("b", "1010000.00"), ("c", "1020005.00")], ["arithmetic:a,b,c"]),
            // Steps 10,000 and 10,020: |Δ| 20 > 10.02; growth 1 % and 0.9921 %: |Δ| 0.0000792 > 0.00001; nothing.
            ([("a", "1000000.00"), ("b", "1010000.00"), ("c", "1020020.00")], []),
            // 100 | 200, 250, 300: the run of step 50 among price-adjacent bids.
            ([("a", "100.00"), ("b", "200.00"), ("c", "250.00"), ("d", "300.00")], ["arithmetic:b,c,d"]),
            // Five in a row, given in any order.
            ([("e", "900.00"), ("a", "500.00"), ("c", "700.00"), ("b", "600.00"), ("d", "800.00")], ["arithmetic:a,b,c,d,e"]),
            // Identical prices do not break a run (one bid per price, the smallest id).
            ([("a", "100.00"), ("x", "100.00"), ("b", "200.00"), ("c", "300.00")], ["arithmetic:a,b,c"]),
            // A clean field.
            ([("a", "873000.00"), ("b", "912500.00"), ("c", "1034900.00")], []),
        ] as [([(String, String)], [String])])
    func progressions(_ prices: [(String, String)], _ expected: [String]) {
        let runs = PriceSignals.progressions(Self.p(prices)).map { "\($0.kind.rawValue):\($0.ids.joined(separator: ","))" }
        #expect(runs == expected)
    }

    @Test(arguments: [
        // 6 words → 2 five-grams each, 1 shared: 1 / (2 + 2 − 1).
        ("a b c d e f", "a b c d e g", 1.0 / 3.0),
        // Chinese: each character is a word.
        ("一二三四五六", "一二三四五七", 1.0 / 3.0),
        // Case and punctuation do not matter.
        ("Alpha, beta; GAMMA delta epsilon!", "alpha beta gamma delta epsilon", 1.0),
        ("", "", 0.0),
    ])
    func jaccard(_ a: String, _ b: String, _ expected: Double) {
        #expect(abs(ProposalSimilarity.jaccard(a, b) - expected) < 1e-12)
    }

    @Test func tokens_splitWordsAndCJKCharacters() {
        let text = "Hello, World! 你好2027年 Ünïcode"
        #expect(ProposalSimilarity.tokens(text).map { String(text[$0.range]) } == ["Hello", "World", "你", "好", "2027", "年", "Ünïcode"])
        // Case does not change a word's hash, in any script.
        #expect(ProposalSimilarity.tokens("ÜNÏCODE HELLO").map(\.hash) == ProposalSimilarity.tokens("ünïcode hello").map(\.hash))
    }

    /// 30 distinct words → 26 five-grams; replacing the last word changes one: 25 / 27.
    @Test func similarPairs_findTheNearCopy_withItsSimilarityAndPassages() {
        let words = (1...30).map { "w\($0)" }
        let a = words.joined(separator: " ")
        let b = (words.dropLast() + ["other"]).joined(separator: " ")
        let c = (1...100).map { "z\($0)" }.joined(separator: " ")
        let pairs = ProposalSimilarity.similarPairs([(id: "b", text: b), (id: "c", text: c), (id: "a", text: a)])
        #expect(pairs.count == 1)
        #expect(pairs.first?.a == "a" && pairs.first?.b == "b")
        #expect(abs((pairs.first?.similarity ?? 0) - 25.0 / 27.0) < 1e-12)
        // The shared passage: w1 … w29 in both.
        #expect(pairs.first?.passageA == (1...29).map { "w\($0)" }.joined(separator: " "))
        #expect(pairs.first?.passageB == pairs.first?.passageA)
    }

    @Test func similarPairs_belowTheThreshold_areNotReported() {
        // 10 words, the 6th replaced: 6 five-grams each, only the first shared: 1 / 11.
        let a = "one two three four five six seven eight nine ten"
        let b = "one two three four five SIX2 seven eight nine ten"
        #expect(abs(ProposalSimilarity.jaccard(a, b) - 1.0 / 11.0) < 1e-12)
        #expect(ProposalSimilarity.similarPairs([(id: "a", text: a), (id: "b", text: b)]).isEmpty)
    }

    static let deadline = Timestamp.parse("2026-06-01T02:00:00Z")!
    static let proposal = (1...60).map { "第\($0)项服务按月巡检并提交报告" }.joined(separator: "，")

    /// The issue's seeded tender: three vendors in a price progression, two near-copy proposals,
    /// two bids from one origin; nothing else.
    @Test func seededTender_showsExactlyThoseFlags() {
        let facts = TenderFacts(
            bids: [
                .init(id: "b1", vendorId: "v1", cents: 100_000_000, proposal: Self.proposal, origin: "o-1"),
                .init(id: "b2", vendorId: "v2", cents: 102_000_000, proposal: Self.proposal + "，另加夜班", origin: "o-1"),
                .init(id: "b3", vendorId: "v3", cents: 104_000_000, proposal: "我们提供两班倒保洁服务，配备专职主管和夜间值守人员。", origin: "o-3"),
            ],
            vendors: [.init(id: "v1", phone: "021-5555 0001"), .init(id: "v2", phone: "021 5555 0002"), .init(id: "v3")],
            submissionDeadline: Self.deadline, earliestAllowed: Self.deadline.addingTimeInterval(-3 * 86_400))
        let flags = TenderRedFlags.compute(facts)
        #expect(flags.map(\.code) == [.pricePattern, .similarDocuments, .sharedOrigin])
        #expect(flags[0].bidIds == ["b1", "b2", "b3"] && flags[0].evidence["kind"] == .string("arithmetic"))
        #expect(flags[0].evidence["steps"] == .array([.string("20000.00"), .string("20000.00")]))
        #expect(flags[1].bidIds == ["b1", "b2"] && flags[1].vendorIds == ["v1", "v2"])
        if case .string(let s)? = flags[1].evidence["similarity"] { #expect(Double(s)! >= 0.8) } else { Issue.record("similarity") }
        #expect(flags[2].bidIds == ["b1", "b2"] && flags[2].evidence == ["origin": .string("same")])
        #expect(flags.allSatisfy { $0.severity == .warning })
    }

    @Test func cleanTender_showsNone() {
        let facts = TenderFacts(
            bids: [
                .init(id: "b1", vendorId: "v1", cents: 87_300_000, proposal: "两班倒保洁，专职主管。", origin: "o-1", disqualified: false),
                .init(
                    id: "b2", vendorId: "v2", cents: 91_250_000, proposal: "Three shifts with a night supervisor.", origin: "o-2",
                    disqualified: false),
                .init(id: "b3", vendorId: "v3", cents: 103_490_000, proposal: "机器人清扫加人工复核。", origin: "o-3", disqualified: true),
            ],
            vendors: [.init(id: "v1", phone: "13800138000"), .init(id: "v2", phone: "13900139000"), .init(id: "v3")],
            submissionDeadline: Self.deadline, earliestAllowed: Self.deadline.addingTimeInterval(-86_400), winnerBidId: "b1")
        #expect(TenderRedFlags.compute(facts).isEmpty)
    }

    @Test func procedureFlags() {
        let amended = TenderFacts.Amendment(
            number: 1, at: Self.deadline.addingTimeInterval(-3_600), deadlineBefore: Self.deadline.addingTimeInterval(-86_400),
            deadlineAfter: Self.deadline)
        let textOnly = TenderFacts.Amendment(
            number: 2, at: Self.deadline.addingTimeInterval(-1_800), deadlineBefore: Self.deadline, deadlineAfter: Self.deadline)
        let facts = TenderFacts(
            bids: [.init(id: "b1", vendorId: "v1", cents: 100)], submissionDeadline: Self.deadline,
            earliestAllowed: Self.deadline.addingTimeInterval(-30), amendments: [amended, textOnly])
        let flags = TenderRedFlags.compute(facts)
        #expect(flags.map(\.code) == [.singleBid, .minimumPeriod, .lateAmendment])
        #expect(flags.map(\.severity) == [.info, .info, .info])
        #expect(flags[2].evidence["amendment"] == .number(1) && flags[2].evidence["to"] == .string("2026-06-01T02:00:00.000Z"))
        // A minute apart is not "exactly the earliest".
        let later = TenderFacts(bids: [], submissionDeadline: Self.deadline, earliestAllowed: Self.deadline.addingTimeInterval(-61))
        #expect(TenderRedFlags.compute(later).isEmpty)
    }

    @Test func disqualificationFlags() {
        let lowestOut = TenderFacts(
            bids: [
                .init(id: "b1", vendorId: "v1", cents: 80_000, disqualified: true),
                .init(id: "b2", vendorId: "v2", cents: 90_000, disqualified: false),
                .init(id: "b3", vendorId: "v3", cents: 95_000, disqualified: true),
            ], submissionDeadline: Self.deadline, winnerBidId: "b2")
        #expect(TenderRedFlags.compute(lowestOut).map(\.code) == [.lowestBidDisqualified, .allButWinnerDisqualified])
        #expect(TenderRedFlags.compute(lowestOut)[1].bidIds == ["b1", "b3"])
        // Before the evaluation nothing is judged.
        let before = TenderFacts(
            bids: [.init(id: "b1", vendorId: "v1", cents: 80_000), .init(id: "b2", vendorId: "v2", cents: 90_000)],
            submissionDeadline: Self.deadline)
        #expect(TenderRedFlags.compute(before).isEmpty)
    }

    @Test(arguments: [
        ("+86 138-0013-8000", "13800138000", true), ("0086 13800138000", "138 0013 8000", true), ("021-5555 0001", "021-5555 0002", false),
        ("123", "123", false),
    ])
    func sharedRegistration_byNormalizedPhone(_ a: String, _ b: String, _ flagged: Bool) {
        let facts = TenderFacts(
            bids: [.init(id: "b1", vendorId: "v1"), .init(id: "b2", vendorId: "v2")],
            vendors: [.init(id: "v1", phone: a), .init(id: "v2", phone: b)], submissionDeadline: Self.deadline)
        let flags = TenderRedFlags.compute(facts)
        #expect(flags.map(\.code) == (flagged ? [.sharedRegistration] : []))
        if flagged { #expect(flags[0].vendorIds == ["v1", "v2"] && flags[0].evidence == ["field": .string("phone")]) }
    }
}

import Foundation
import Testing

@testable import TenderDomain

@Suite struct CrossTenderFlagTests {
    static func award(_ id: String, day: Double, winner: String, bidders: [String], department: String? = "d1") -> CrossTenderFlags.Award {
        .init(
            tenderId: id, departmentId: department, awardedAt: Date(timeIntervalSince1970: day * 86_400), winnerId: winner,
            bidderIds: Set(bidders))
    }

    /// (awards as (tender, day, winner, bidders), expected rotations as "members|winners").
    @Test(
        arguments: [
            // A, B, C take turns among the same three: rotation.
            ([("t1", 1.0, "A", ["A", "B", "C"]), ("t2", 2, "B", ["C", "B", "A"]), ("t3", 3, "C", ["A", "B", "C"])], ["A,B,C|A,B,C"]),
            // Given out of order: judged by award time.
            ([("t3", 3.0, "A", ["A", "B"]), ("t1", 1, "A", ["A", "B"]), ("t2", 2, "B", ["A", "B"])], ["A,B|A,B,A"]),
            // Only two meetings: not yet a pattern.
            ([("t1", 1.0, "A", ["A", "B"]), ("t2", 2, "B", ["A", "B"])], []),
            // The same winner twice in a row: not a rotation.
            ([("t1", 1.0, "A", ["A", "B"]), ("t2", 2, "A", ["A", "B"]), ("t3", 3, "B", ["A", "B"])], []),
            // Different groups (a fourth bidder joins once): no group meets three times.
            ([("t1", 1.0, "A", ["A", "B"]), ("t2", 2, "B", ["A", "B", "D"]), ("t3", 3, "A", ["A", "B"])], []),
            // One bidder is no group.
            ([("t1", 1.0, "A", ["A"]), ("t2", 2, "A", ["A"]), ("t3", 3, "A", ["A"])], []),
        ] as [([(String, Double, String, [String])], [String])])
    func rotations(_ rows: [(String, Double, String, [String])], _ expected: [String]) {
        let awards = rows.map { Self.award($0.0, day: $0.1, winner: $0.2, bidders: $0.3) }
        let found = CrossTenderFlags.rotations(awards).map {
            "\($0.vendorIds.joined(separator: ","))|\($0.winnerIds.joined(separator: ","))"
        }
        #expect(found == expected)
    }

    /// d1: A wins 2 of 4 (50 %): flagged; d2: B wins 2 of 5 (40 %): not; d3: 3 of 3 but fewer than 4 awards: not.
    @Test func concentration_halfOfADepartmentsAwards() {
        var awards: [CrossTenderFlags.Award] = []
        for (i, w) in ["A", "A", "C", "D"].enumerated() {
            awards.append(Self.award("d1-\(i)", day: Double(i), winner: w, bidders: [w, "X"], department: "d1"))
        }
        for (i, w) in ["B", "B", "C", "D", "E"].enumerated() {
            awards.append(Self.award("d2-\(i)", day: Double(i), winner: w, bidders: [w, "X"], department: "d2"))
        }
        for i in 0..<3 { awards.append(Self.award("d3-\(i)", day: Double(i), winner: "F", bidders: ["F", "X"], department: "d3")) }
        awards.append(Self.award("none", day: 9, winner: "A", bidders: ["A"], department: nil))
        let found = CrossTenderFlags.concentrations(awards)
        #expect(found == [.init(departmentId: "d1", vendorId: "A", wins: 2, awards: 4, tenderIds: ["d1-0", "d1-1"])])
    }

    @Test func sharedRegistration_acrossTenders() {
        let vendors: [TenderFacts.Vendor] = [
            .init(id: "A", phone: "+86 138 0013 8000"), .init(id: "B", phone: "13800138000"), .init(id: "C", phone: "13900139000"),
        ]
        let awards = [
            Self.award("t1", day: 1, winner: "A", bidders: ["A", "B"]), Self.award("t2", day: 2, winner: "C", bidders: ["A", "B", "C"]),
            Self.award("t3", day: 3, winner: "A", bidders: ["A", "C"]),
        ]
        #expect(
            CrossTenderFlags.repeatedSharedRegistration(awards, vendors: vendors) == [
                .init(field: "phone", vendorIds: ["A", "B"], tenderIds: ["t1", "t2"])
            ])
        // Together only once: nothing.
        #expect(CrossTenderFlags.repeatedSharedRegistration(Array(awards.prefix(1)), vendors: vendors).isEmpty)
    }

    /// Every kind at once, with the keys a dismissal names and the rotation's department: d1's when
    /// all its tenders are d1's, none when one of them has no department.
    @Test func all_namesEachFlagByCodeAndSubject() {
        let vendors: [TenderFacts.Vendor] = [.init(id: "A", phone: "13800138000"), .init(id: "B", phone: "138-0013-8000")]
        var awards = [
            Self.award("t1", day: 1, winner: "A", bidders: ["A", "B"]), Self.award("t2", day: 2, winner: "B", bidders: ["A", "B"]),
            Self.award("t3", day: 3, winner: "A", bidders: ["A", "B"]), Self.award("t4", day: 4, winner: "C", bidders: ["C"]),
        ]
        let flags = CrossTenderFlags.all(awards, vendors: vendors)
        #expect(
            flags.map(\.key) == [
                "bid_rotation:A,B", "department_concentration:d1:A", "shared_registration:A,B:phone",
            ])
        #expect(flags.map(\.code) == [.bidRotation, .departmentConcentration, .sharedRegistration])
        #expect(flags[0].departmentId == "d1" && flags[0].tenderIds == ["t1", "t2", "t3"])
        #expect(flags[0].evidence == ["winners": .array([.string("A"), .string("B"), .string("A")])])
        #expect(flags[1].evidence == ["wins": .number(2), "awards": .number(4)] && flags[1].tenderIds == ["t1", "t3"])
        #expect(flags[2].departmentId == nil && flags[2].tenderIds == ["t1", "t2", "t3"])
        // A fourth meeting, without a department: the same keys, the rotation now spans no one department.
        awards.append(Self.award("t5", day: 5, winner: "B", bidders: ["A", "B"], department: nil))
        let later = CrossTenderFlags.all(awards, vendors: vendors)
        #expect(later.map(\.key) == flags.map(\.key))
        #expect(later[0].departmentId == nil && later[0].tenderIds == ["t1", "t2", "t3", "t5"])
    }

    /// (tenders behind the flag now, tenders its dismissal covered, still dismissed).
    @Test(
        arguments: [
            (["t1", "t2", "t3"], ["t1", "t2", "t3"], true),
            (["t3", "t1"], ["t1", "t2", "t3"], true),  // a tender left (its award fell): still covered
            (["t1", "t2", "t3", "t4"], ["t1", "t2", "t3"], false),  // a tender joined: open again
            (["t1", "t2", "t4"], ["t1", "t2", "t3"], false),
        ] as [([String], [String], Bool)])
    func dismissalCovers(_ now: [String], _ dismissed: [String], _ covered: Bool) {
        #expect(CrossTenderFlags.dismissalCovers(flagTenderIds: now, dismissedTenderIds: dismissed) == covered)
    }
}

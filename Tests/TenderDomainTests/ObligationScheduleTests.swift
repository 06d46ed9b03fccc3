import Foundation
import Testing

@testable import TenderDomain

/// The award's obligations, hand-computed on the official 2026 calendar in Asia/Shanghai
/// (民法典 arts. 201–203: the day of the event is not counted; a period in days ends at 24:00 of
/// its last day, moved to the next working day when that is a rest day).
@Suite struct ObligationScheduleTests {
    static let biddingLaw = TenderScheduleTests.rules  // 3d standstill, 15d report, 30d signing, 3d filing, 3d reply
    static var procurement: RuleSet {
        var r = biddingLaw
        r.name = "government-procurement"
        r.standstillPeriod = .workingDays(7)
        r.objectionReplyPeriod = .workingDays(7)
        r.filingPeriod = .workingDays(7)
        return r
    }

    static func schedule(_ rules: RuleSet) -> TenderSchedule {
        TenderSchedule(
            rules: rules, calculator: DeadlineCalculator(calendar: DeadlineCalculatorTests.calendar),
            timeZone: DeadlineCalculatorTests.shanghai)
    }

    static func ms(_ text: String) -> Int64 { Timestamp.milliseconds(Timestamp.parse(text)!) }

    enum Due: String, CaseIterable { case standstill, report, signing, filing, reply }

    @Test(arguments: [
        // regime, which, from (the triggering event), due (hand-computed)
        // Award Mon 2026-03-02 10:00 CST: 3 days are 03-03…03-05, ending 24:00 Thu 03-05 CST.
        ("bidding-law", Due.standstill, "2026-03-02T02:00:00Z", "2026-03-05T16:00:00Z"),
        // 15 days from 03-02: last day Tue 03-17.
        ("bidding-law", .report, "2026-03-02T02:00:00Z", "2026-03-17T16:00:00Z"),
        // Notice Mon 2026-05-11 10:00 CST: 30 days end Wed 06-10.
        ("bidding-law", .signing, "2026-05-11T02:00:00Z", "2026-06-10T16:00:00Z"),
        // Signed Wed 2026-06-10 09:00 CST: 3 days end Sat 06-13, a rest day, so Mon 06-15.
        ("bidding-law", .filing, "2026-06-10T01:00:00Z", "2026-06-15T16:00:00Z"),
        // Objection Thu 2026-03-05 15:00 CST: 3 days end Sun 03-08, a rest day, so Mon 03-09.
        ("bidding-law", .reply, "2026-03-05T07:00:00Z", "2026-03-09T16:00:00Z"),
        // 7 working days after Mon 03-02: 03-03, 04, 05, 06, 09, 10, 11 → Wed 03-11.
        ("government-procurement", .standstill, "2026-03-02T02:00:00Z", "2026-03-11T16:00:00Z"),
        ("government-procurement", .reply, "2026-03-02T02:00:00Z", "2026-03-11T16:00:00Z"),
        // Across Labour Day (05-01…05-05 off, Sat 05-09 a make-up workday): after Wed 04-29 the
        // working days are 04-30, 05-06, 05-07, 05-08, 05-09, 05-11, 05-12 → Tue 05-12.
        ("government-procurement", .filing, "2026-04-29T02:00:00Z", "2026-05-12T16:00:00Z"),
    ])
    func dueDates(_ regime: String, _ which: Due, _ from: String, _ expected: String) {
        let s = Self.schedule(regime == "bidding-law" ? Self.biddingLaw : Self.procurement)
        let start = Self.ms(from)
        let due: Int64 =
            switch which {
            case .standstill: s.standstillEnds(awardedAt: start)
            case .report: s.awardReportDue(awardedAt: start)
            case .signing: s.contractSigningDue(noticeAt: start)
            case .filing: s.filingDue(signedAt: start)
            case .reply: s.objectionReplyDue(filedAt: start)
            }
        #expect(Timestamp.format(milliseconds: due) == Timestamp.format(milliseconds: Self.ms(expected)), "\(regime) \(which)")
    }

    @Test(arguments: [
        // due, met, now, state
        (100 as Int64, nil as Int64?, 99 as Int64, ObligationState.due),
        (100, nil, 100, .overdue),  // due at 100 means done before 100
        (100, nil, 5000, .overdue),
        (100, 100, 5000, .met),  // met exactly at the due time is in time
        (100, 101, 5000, .metLate),
        (100, 3, 2, .met),
    ])
    func state(_ due: Int64, _ met: Int64?, _ now: Int64, _ expected: ObligationState) {
        #expect(ObligationState.of(dueAt: due, metAt: met, now: now) == expected)
    }
}

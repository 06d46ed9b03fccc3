import Foundation
import Testing

@testable import TenderDomain

@Suite struct PeriodTests {
    @Test(arguments: [
        ("20d", Period.calendarDays(20)), ("7wd", .workingDays(7)), ("2s", .seconds(2)), ("0s", .seconds(0)),
        ("1h", .seconds(3600)), ("5m", .seconds(300)),
    ])
    func parses(_ text: String, _ expected: Period) {
        #expect(Period(text) == expected)
    }

    @Test(arguments: ["", "d", "20", "20days", "-1d", "1.5d", "20 d", "wd7", "9999999999d"])
    func rejects(_ text: String) {
        #expect(Period(text) == nil)
    }

    @Test func describesItself() {
        #expect(Period.seconds(3600).description == "1h")
        #expect(Period.workingDays(7).description == "7wd")
        #expect(Period.seconds(2).description == "2s")
    }
}

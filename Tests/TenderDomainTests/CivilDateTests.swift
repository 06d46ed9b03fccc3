import Foundation
import Testing

@testable import TenderDomain

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0, 4), ("2026-01-01", 20454, 4), ("2026-03-02", 20514, 1), ("2000-02-29", 11016, 2), ("2026-12-31", 20818, 4),
    ])
    func dayNumberAndWeekday(_ text: String, _ number: Int, _ weekday: Int) throws {
        let d = try #require(CivilDate(text))
        #expect(d.dayNumber == number)
        #expect(CivilDate(dayNumber: number) == d)
        #expect(d.isoWeekday == weekday)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-04-31", ""])
    func invalidDatesAreRejected(_ text: String) {
        #expect(CivilDate(text) == nil)
    }
}

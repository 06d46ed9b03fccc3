import Foundation
import Testing

@testable import TenderDomain

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00.000Z"),
        ("2026-03-02T10:00:00.25Z", "2026-03-02T10:00:00.250Z"),
        ("2026-03-02T10:00:00.123456Z", "2026-03-02T10:00:00.123Z"),
        ("2026-03-02T18:00:00+08:00", "2026-03-02T10:00:00.000Z"),
        ("2026-03-02T00:30:00-01:00", "2026-03-02T01:30:00.000Z"),
        ("1969-12-31T23:59:59.500Z", "1969-12-31T23:59:59.500Z"),
    ])
    func roundTrips(_ input: String, _ output: String) throws {
        #expect(Timestamp.format(try #require(Timestamp.parse(input))) == output)
    }

    /// Millisecond values worked out by hand: 1e12 ms is 11,574 days (2001-09-09) + 6,400 s (01:46:40).
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(1_000_000_000_123), "2001-09-09T01:46:40.123Z"),
        (Int64(86_400_000 * 365 - 1), "1970-12-31T23:59:59.999Z"),
    ])
    func formatsMilliseconds(_ ms: Int64, _ text: String) {
        #expect(Timestamp.format(milliseconds: ms) == text)
    }

    @Test func civilDateIsZeroPadded() {
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
        #expect(CivilDate(dayNumber: -719_162).description == "0001-01-01")
    }

    @Test(arguments: [
        "", "2026-03-02", "2026-03-02 10:00:00Z", "2026-03-02T10:00:00", "2026-02-30T10:00:00Z",
        "2026-03-02T24:00:00Z", "2026-03-02T10:00:00+8", "2026-03-02T10:00:00Zjunk", "tomorrow",
    ])
    func rejects(_ input: String) {
        #expect(Timestamp.parse(input) == nil)
    }
}

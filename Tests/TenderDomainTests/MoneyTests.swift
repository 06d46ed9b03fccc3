import Foundation
import Testing

@testable import TenderDomain

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1250000.00", Int64(125_000_000), "1250000.00"), ("1250000", 125_000_000, "1250000.00"), ("0.5", 50, "0.50"),
        ("0.05", 5, "0.05"), ("999999999999999.99", 99_999_999_999_999_999, "999999999999999.99"),
    ])
    func parses(_ text: String, _ cents: Int64, _ canonical: String) throws {
        let m = try #require(Money(text))
        #expect(m.cents == cents)
        #expect(m.description == canonical)
    }

    @Test(arguments: ["", "-1", "+1", "1.234", "1e6", "1,000", " 1", "1.", ".5", "abc", "1000000000000000", "１２"])
    func rejects(_ text: String) {
        #expect(Money(text) == nil)
    }
}

import Foundation
import Testing

@testable import TenderDomain

/// 实施条例 art. 54, 招标投标法 art. 46: when a contract may be recorded as signed.
@Suite struct ContractSigningTests {
    @Test(arguments: [
        // signed, now, awarded, standstill ends, amount, awarded price, expected code
        (500 as Int64, 1000 as Int64, 100 as Int64, 400 as Int64?, "1000.00", "1000.00", nil as String?),
        (400, 1000, 100, 400, "1000", "1000.00", nil),  // at the end of the standstill; 1000 = 1000.00
        (399, 1000, 100, 400, "1000.00", "1000.00", "standstill_not_over"),
        (1001, 1000, 100, 400, "1000.00", "1000.00", "invalid_time"),  // in the future
        (99, 1000, 100, nil, "1000.00", "1000.00", "invalid_time"),  // before the award
        (500, 1000, 100, nil, "1000.00", "1000.00", nil),  // no standstill recorded
        (500, 1000, 100, 400, "999.99", "1000.00", "amount_deviates"),
        (500, 1000, 100, 400, "1000.01", "1000.00", "amount_deviates"),
        (300, 1000, 100, 400, "1.00", "1000.00", "standstill_not_over"),  // the time is checked first
    ])
    func check(_ signed: Int64, _ now: Int64, _ awarded: Int64, _ ends: Int64?, _ amount: String, _ price: String, _ code: String?) {
        do {
            try ContractSigning.check(
                signedAt: signed, now: now, awardedAt: awarded, standstillEndsAt: ends, amount: Money(amount)!, awardedPrice: Money(price)!)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func lateness_isStrictlyAfterTheDueTime() {
        #expect(!ContractSigning.isLate(signedAt: 100, dueAt: 100))
        #expect(ContractSigning.isLate(signedAt: 101, dueAt: 100))
    }
}

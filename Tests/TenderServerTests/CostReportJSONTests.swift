import Foundation
import Testing

@testable import TenderServer

/// The cost report's hand-written JSON (`CostReportResponse.jsonBytes`) means what `JSONEncoder`
/// writes, and its CSV cells are quoted and formula-safe.
@Suite struct CostReportJSONTests {
    @Test func handWrittenJSON_equalsJSONEncoder() throws {
        let rows = [
            CostReport.Row(
                contractId: "c1", tenderId: "t1", requestId: "r1", departmentId: "d\"1", referencePrice: 80_000_000, budget: 80_000_000,
                awarded: 75_000_000, currentAmount: 76_000_000, paid: 9_000_000, withheld: 1_000_000),
            CostReport.Row(
                contractId: "c2", tenderId: "t2", requestId: nil, departmentId: nil, referencePrice: nil, budget: 100, awarded: 90,
                currentAmount: 90, paid: 0, withheld: 0),
        ]
        var d1 = CostReport.Department(departmentId: "d\"1")
        d1.contracts = 1
        d1.savings = 5_000_000
        d1.rewardCap = 100_000
        let value = CostReportResponse(rows: rows, departments: [d1, CostReport.Department(departmentId: nil)])
        let fast = try JSONSerialization.jsonObject(with: Data(value.jsonBytes)) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSDictionary
        #expect(fast != nil && fast == reference)
        let first = try #require((fast?["contracts"] as? [[String: Any]])?.first)
        #expect(first["savings"] as? String == "50000.00" && first["rewardCap"] as? String == "1000.00")
    }

    @Test(arguments: [
        ("plain", "\"plain\""), ("=SUM(A1)", "\"'=SUM(A1)\""), ("-20000.00", "\"'-20000.00\""), ("+1", "\"'+1\""), ("@x", "\"'@x\""),
        ("a \"quoted\" word", "\"a \"\"quoted\"\" word\""), ("", "\"\""),
    ])
    func csvCells(_ raw: String, _ cell: String) {
        #expect(CSV.cell(raw) == cell)
    }

    @Test(arguments: [
        ("1234", Int64?(123_400)), ("1234.5", 123_450), ("1234.56", 123_456), ("0.01", 1), ("", nil), ("1.234", nil), ("1.2.3", nil),
        ("-1", nil), ("12a", nil),
    ])
    func storedAmounts_areReadAsCents(_ text: String, _ cents: Int64?) {
        #expect(ContractStore.cents(ArraySlice(Array(text.utf8))) == cents)
    }
}

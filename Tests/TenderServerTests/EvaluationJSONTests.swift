import Foundation
import Testing

@testable import TenderServer

/// The hand-written JSON of an evaluation result means exactly what JSONEncoder writes, and is the same bytes every time.
@Suite struct EvaluationJSONTests {
    static let results: [String] = [
        // Final, with every optional present and absent, escapes, and several score keys.
        #"{"status":"final","failed":false,"finalizedAt":"2026-04-02T02:00:00.000Z","ranking":[{"rank":1,"bidId":"b\"1","vendorId":"v\\1","price":"1000.00","valid":true,"reasons":[],"scores":{"technical":"24.00","price":"40.00","experience":"12.00","a\nb":"0.00"},"total":"76.00","abnormallyLow":true},{"bidId":"b2","vendorId":"v2","valid":false,"reasons":["unrevealed","over_budget"],"scores":{},"abnormallyLow":false}],"candidates":["b\"1"],"outliers":[{"bidId":"b\"1","criterion":"technical","member":"Member 3","score":"9.00","othersMean":"2.50"}],"abnormallyLow":["b\"1"]}"#,
        // Pending, with progress and nothing else.
        #"{"status":"pending","failed":false,"ranking":[],"candidates":[],"outliers":[],"abnormallyLow":[],"progress":{"members":9,"declared":8,"recused":1,"revealedBids":1000,"sheetsExpected":8000,"sheetsSubmitted":7999}}"#,
        // Failed, 中文 in ids.
        #"{"status":"final","failed":true,"finalizedAt":"2026-04-02T02:00:00.000Z","ranking":[{"bidId":"标","vendorId":"商","valid":false,"reasons":["invalid_document"],"scores":{},"abnormallyLow":false}],"candidates":[],"outliers":[],"abnormallyLow":[]}"#,
    ]

    @Test(arguments: results)
    func handWrittenJSON_equalsJSONEncoder(_ json: String) throws {
        let value = try JSONDecoder().decode(EvaluationResponse.self, from: Data(json.utf8))
        let fast = try JSONSerialization.jsonObject(with: Data(value.jsonBytes)) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSDictionary
        #expect(fast != nil)
        #expect(fast == reference)
        #expect(fast == (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary))
        // Deterministic: decoding and writing again gives the same bytes.
        let again = try JSONDecoder().decode(EvaluationResponse.self, from: Data(value.jsonBytes))
        #expect(again.jsonBytes == value.jsonBytes)
    }
}

import Foundation
import Testing

@testable import TenderServer

/// The hand-written JSON of the submission response must mean exactly what JSONEncoder writes.
@Suite struct JSONWriterTests {
    static let bids: [String] = [
        #"{"id":"a","tenderId":"b","vendorId":"c","commitment":"d","status":"sealed","submittedAt":"2026-03-02T10:00:00.000Z"}"#,
        #"{"id":"q\"uote","tenderId":"back\\slash","vendorId":"new\nline\ttab\r","commitment":"ctl\u0001\u001f","status":"s/l/a/s/h","submittedAt":"中文 é 🎉","endedAt":"x","revealedAt":"y","price":"1.00","problems":["p1","p\"2"],"note":"n"}"#,
        #"{"id":"a","tenderId":"b","vendorId":"c","commitment":"d","status":"invalid","submittedAt":"t","problems":[]}"#,
    ]

    @Test(arguments: bids)
    func handWrittenJSON_equalsJSONEncoder(_ bid: String) throws {
        let json = #"{"bid":\#(bid),"receipt":{"payload":"tender:x\nbid:y","signature":"ab+/cd==","keyId":"0123"}}"#
        let value = try JSONDecoder().decode(SubmitBidResponse.self, from: Data(json.utf8))
        let fast = try JSONSerialization.jsonObject(with: Data(value.jsonBytes)) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSDictionary
        #expect(fast != nil)
        #expect(fast == reference)
        #expect(fast == (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary))
    }
}

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

/// The fast reader of stored scoresheets accepts exactly what the server writes, else defers to JSONDecoder.
@Suite struct FlatJSONTests {
    @Test(arguments: [
        ("{}", [:] as [String: Int64]?),
        (#"{"technical":800,"experience":300}"#, ["technical": 800, "experience": 300]),
        (#"{"a_1":0}"#, ["a_1": 0]),
        (#"{"a":-1}"#, nil), (#"{"a":1.5}"#, nil), (#"{"a":1,}"#, nil), (#"{"A":1}"#, nil), (#"{"a" :1}"#, nil),
        (#"{"a":}"#, nil), ("[1]", nil), (#"{"a":"1"}"#, nil),
    ])
    func integers(_ text: String, _ expected: [String: Int64]?) {
        #expect(FlatJSON.integers(text) == expected)
    }

    @Test func bools() {
        #expect(FlatJSON.bools(#"{"license":true,"iso":false}"#) == ["license": true, "iso": false])
        #expect(FlatJSON.bools(#"{"license":1}"#) == nil)
        #expect(FlatJSON.bools(#"{"license":truex}"#) == nil)
    }

    /// What JSONEncoder writes for a stored sheet reads back the same through the fast path.
    @Test func roundTripsJSONEncoderOutput() throws {
        let scores: [String: Int64] = ["c0": 1000, "c1": 0, "quality_2": 725]
        #expect(FlatJSON.integers(String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)) == scores)
    }
}

import Foundation
import Testing

@testable import TenderServer

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

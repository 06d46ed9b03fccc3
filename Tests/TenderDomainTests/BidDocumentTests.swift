import Crypto
import Foundation
import Testing

@testable import TenderDomain

@Suite struct BidDocumentTests {
    static func check(_ json: String) -> [String] {
        switch BidDocument.validate(Data(json.utf8), currency: "CNY", qualificationKeys: ["license"]) {
        case .success: []
        case .failure(let p): p.items
        }
    }

    @Test func validDocument() throws {
        let r = BidDocument.validate(
            Data(#"{"price":"1250000.00","currency":"CNY","qualifications":{"license":true},"experienceYears":6,"proposal":"…"}"#.utf8),
            currency: "CNY", qualificationKeys: ["license"])
        let doc = try r.get()
        #expect(doc.price.cents == 125_000_000)
        #expect(doc.experienceYears == 6)
        #expect(doc.qualifications == ["license": true])
    }

    @Test(arguments: [
        (#"[1,2]"#, "document is not a JSON object"),
        (#"not json"#, "document is not a JSON object"),
        (
            #"{"price":1250000,"currency":"CNY","qualifications":{"license":true}}"#,
            "price must be a decimal string > 0 with at most 2 fraction digits"
        ),
        (
            #"{"price":"0","currency":"CNY","qualifications":{"license":true}}"#,
            "price must be a decimal string > 0 with at most 2 fraction digits"
        ),
        (
            #"{"price":"1.001","currency":"CNY","qualifications":{"license":true}}"#,
            "price must be a decimal string > 0 with at most 2 fraction digits"
        ),
        (#"{"price":"1","currency":"USD","qualifications":{"license":true}}"#, "currency must be CNY"),
        (#"{"price":"1","currency":"CNY","qualifications":{"license":1}}"#, "qualifications.license must be true or false"),
        (#"{"price":"1","currency":"CNY"}"#, "qualifications.license is missing"),
        (
            #"{"price":"1","currency":"CNY","qualifications":{"license":true},"experienceYears":2.5}"#,
            "experienceYears must be a whole number ≥ 0"
        ),
        (
            #"{"price":"1","currency":"CNY","qualifications":{"license":true},"experienceYears":true}"#,
            "experienceYears must be a whole number ≥ 0"
        ),
        (#"{"price":"1","currency":"CNY","qualifications":{"license":true},"proposal":5}"#, "proposal must be a string"),
    ])
    func problems(_ json: String, _ problem: String) {
        #expect(Self.check(json).contains(problem))
    }
}

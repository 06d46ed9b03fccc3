import Foundation
import Testing

@testable import TenderDomain

@Suite struct CriteriaRulesTests {
    static func price(_ w: Double) -> [String: Any] { ["key": "price", "type": "price", "weight": w] }
    static func scored(_ key: String, _ w: Double, max: Double? = 10, name: String? = "Technical") -> [String: Any] {
        var c: [String: Any] = ["key": key, "type": "scored", "weight": w]
        if let max { c["maxScore"] = max }
        if let name { c["name"] = name }
        return c
    }
    nonisolated(unsafe) static let qualification: [String: Any] = ["key": "license", "name": "Licence", "type": "qualification"]

    static func decode(_ list: [[String: Any]]) throws -> [Criterion] {
        try JSONDecoder().decode([Criterion].self, from: JSONSerialization.data(withJSONObject: list))
    }

    struct Case: CustomTestStringConvertible, @unchecked Sendable {
        let name: String
        let criteria: [[String: Any]]
        let code: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "price 60 + scored 40 + qualification", criteria: [price(60), scored("technical", 40), qualification], code: nil),
        Case(name: "price only (最低评标价法)", criteria: [price(100)], code: nil),
        Case(name: "decimal weights 33.33 + 33.33 + 33.34", criteria: [price(33.33), scored("a", 33.33), scored("b", 33.34)], code: nil),
        Case(name: "empty list", criteria: [], code: "price_criterion_required"),
        Case(name: "no price criterion", criteria: [scored("technical", 100)], code: "price_criterion_required"),
        Case(name: "price twice", criteria: [price(50), price(50)], code: "duplicate_criterion_key"),
        Case(name: "duplicate scored key", criteria: [price(50), scored("a", 25), scored("a", 25)], code: "duplicate_criterion_key"),
        Case(name: "price under another key", criteria: [["key": "cost", "type": "price", "weight": 100]], code: "invalid_criterion_key"),
        Case(name: "uppercase key", criteria: [price(60), scored("Tech", 40)], code: "invalid_criterion_key"),
        Case(name: "key starting with a digit", criteria: [price(60), scored("1tech", 40)], code: "invalid_criterion_key"),
        Case(name: "weights total 99", criteria: [price(60), scored("a", 39)], code: "weights_total"),
        Case(name: "weights total 101", criteria: [price(60), scored("a", 41)], code: "weights_total"),
        Case(name: "zero weight", criteria: [price(100), scored("a", 0)], code: "invalid_weight"),
        Case(name: "negative weight", criteria: [price(110), scored("a", -10)], code: "invalid_weight"),
        Case(name: "weight with 3 decimals", criteria: [price(66.667), scored("a", 33.333)], code: "invalid_weight"),
        Case(name: "price without weight", criteria: [["key": "price", "type": "price"]], code: "invalid_weight"),
        Case(name: "scored without maxScore", criteria: [price(60), scored("a", 40, max: nil)], code: "invalid_max_score"),
        Case(name: "scored with maxScore 0", criteria: [price(60), scored("a", 40, max: 0)], code: "invalid_max_score"),
        Case(name: "scored without name", criteria: [price(60), scored("a", 40, name: nil)], code: "criterion_name_required"),
        Case(name: "scored with blank name", criteria: [price(60), scored("a", 40, name: "  ")], code: "criterion_name_required"),
        Case(
            name: "qualification with a weight",
            criteria: [price(100), ["key": "license", "name": "Licence", "type": "qualification", "weight": 5]], code: "invalid_weight"),
    ]

    @Test(arguments: cases)
    func validate(_ c: Case) throws {
        let criteria = try Self.decode(c.criteria)
        do {
            try CriteriaRules.validate(criteria)
            #expect(c.code == nil, "expected \(c.code ?? "")")
        } catch {
            #expect(error.code == c.code)
        }
    }

    @Test func unknownTypeDoesNotDecode() {
        #expect(throws: DecodingError.self) { try Self.decode([["key": "x", "type": "lottery", "weight": 100]]) }
    }

    @Test func weightsRoundTripAsNumbers() throws {
        let c = try Self.decode([Self.price(33.33)])
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(json.contains("\"weight\":33.33"))
        #expect(c[0].weightHundredths == 3333)
    }
}

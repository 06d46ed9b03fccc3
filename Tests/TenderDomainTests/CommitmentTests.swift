import Crypto
import Foundation
import Testing

@testable import TenderDomain

@Suite struct CommitmentTests {
    @Test func commitment_isSHA256OfIdsSaltAndDocumentBytes() {
        // printf 't:v:00112233445566778899aabbccddeeff:{"price":"1.00"}' | sha256sum
        let c = Commitment.compute(
            tenderId: "t", vendorId: "v", salt: "00112233445566778899aabbccddeeff", document: Data("{\"price\":\"1.00\"}".utf8))
        let expected = Commitment.hex(SHA256.hash(data: Data("t:v:00112233445566778899aabbccddeeff:{\"price\":\"1.00\"}".utf8)))
        #expect(c == expected)
        #expect(Commitment.isValid(c))
    }

    @Test(arguments: [
        (String(repeating: "a", count: 64), true), (String(repeating: "A", count: 64), false), (String(repeating: "a", count: 63), false),
        (String(repeating: "g", count: 64), false), ("", false),
    ])
    func commitmentFormat(_ s: String, _ valid: Bool) { #expect(Commitment.isValid(s) == valid) }

    @Test(arguments: [
        (String(repeating: "0", count: 32), true), (String(repeating: "f", count: 128), true), (String(repeating: "0", count: 31), false),
        (String(repeating: "0", count: 129), false), (String(repeating: "F", count: 32), false),
    ])
    func saltFormat(_ s: String, _ valid: Bool) { #expect(Commitment.isValidSalt(s) == valid) }

    @Test func receiptPayload_hasTheDesignedLines() {
        #expect(
            Receipt.payload(tenderId: "T", bidId: "B", vendorId: "V", commitment: "C", submittedAt: "2026-03-02T02:00:00.000Z")
                == "tender-receipt/v1\nT\nB\nV\nC\n2026-03-02T02:00:00.000Z")
    }
}

import Crypto
import Foundation
import Testing

@testable import TenderDomain

private func hex(_ s: String) -> [UInt8] { Commitment.bytes(hex: s)! }

/// GF(2^8), Shamir's scheme over it, RFC 9180's vector for the HPKE suite the escrow uses, and the
/// escrow's rules and opening (docs/DESIGN.md §13).
@Suite struct EscrowTests {
    // MARK: GF(2^8)

    /// FIPS-197 §4.2: {57} • {83} = {c1}, {57} • {13} = {fe}; 1 is neutral, 0 absorbs; {53}⁻¹ = {ca} (§5.1.1's table).
    @Test(arguments: [
        (UInt8(0x57), UInt8(0x83), UInt8(0xC1)), (0x57, 0x13, 0xFE), (0x01, 0xAB, 0xAB), (0x00, 0xAB, 0x00), (0x02, 0x80, 0x1B),
        (0x03, 0x03, 0x05), (0x53, 0xCA, 0x01),
    ])
    func multiply_knownProducts(_ a: UInt8, _ b: UInt8, _ product: UInt8) {
        #expect(GF256.multiply(a, b) == product)
        #expect(GF256.slowMultiply(a, b) == product)
    }

    @Test func tables_agreeWithShiftAndAdd_andEveryInverseInverts() {
        for a in 0...255 {
            for b in 0...255 where GF256.multiply(UInt8(a), UInt8(b)) != GF256.slowMultiply(UInt8(a), UInt8(b)) {
                Issue.record("\(a) * \(b)")
            }
        }
        for a in 1...255 { #expect(GF256.multiply(UInt8(a), GF256.inverse(UInt8(a))) == 1, "\(a)") }
        #expect(GF256.inverse(0x53) == 0xCA)
    }

    // MARK: Shamir

    /// f(x) = 0x2A + 3x (t = 2): f(1) = 0x29, f(2) = 0x2A ^ 6 = 0x2C, f(3) = 0x2A ^ 5 = 0x2F.
    /// f(x) = 0x2A + 3x + 2x² (t = 3): f(1) = 0x2A^3^2 = 0x2B, f(2) = 0x2A^6^8 = 0x24, f(3) = 0x2A^5^(2•5 = 0x0A) = 0x25.
    @Test(arguments: [
        (2, [UInt8(0x03)], [UInt8(0x29), 0x2C, 0x2F]),
        (3, [UInt8(0x03), 0x02], [UInt8(0x2B), 0x24, 0x25]),
    ])
    func split_evaluatesThePolynomial(_ t: Int, _ coefficients: [UInt8], _ expected: [UInt8]) throws {
        var k = 0
        let shares = Shamir.split([0x2A], threshold: t, count: 3) { _ in
            defer { k += 1 }
            return [coefficients[k]]
        }
        #expect(shares.map(\.bytes) == expected.map { [$0] })
        #expect(shares.map(\.number) == [1, 2, 3])
        #expect(try Shamir.combine(Array(shares.prefix(t))) == [0x2A])
    }

    /// Every t-subset of n shares rebuilds a 32-byte secret, for t = 2…5 and n = t…t+2.
    @Test(arguments: 2...5)
    func everyThresholdSubset_rebuildsTheSecret(_ t: Int) throws {
        let secret = secureRandomBytes(32)
        for n in t...(t + 2) {
            let shares = Shamir.split(secret, threshold: t, count: n)
            for subset in subsets(of: Array(0..<n), size: t) {
                #expect(try Shamir.combine(subset.map { shares[$0] }) == secret, "t=\(t) n=\(n) \(subset)")
            }
            // t − 1 shares interpolate a polynomial of lower degree: not the secret (except by chance, 1 in 2^256).
            #expect(try Shamir.combine(Array(shares.prefix(t - 1))) != secret)
        }
    }

    /// t − 1 shares tell nothing about a byte: for every value of the secret byte, running over all
    /// the other coefficients gives every possible tuple of t − 1 share values exactly once, so the
    /// shares' distribution is the same whatever the secret.
    @Test(arguments: [2, 3])
    func fewerThanThreshold_shares_areUniformWhateverTheSecret(_ t: Int) {
        let secrets: [UInt8] = t == 2 ? Array(0...255) : [0x00, 0x5A, 0xFF]
        for s in secrets {
            var seen = Set<[UInt8]>()
            let coefficientSets: [[UInt8]] =
                t == 2 ? (0...255).map { [UInt8($0)] } : (0..<65536).map { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            for coefficients in coefficientSets {
                var k = 0
                let shares = Shamir.split([s], threshold: t, count: t) { _ in
                    defer { k += 1 }
                    return [coefficients[k]]
                }
                seen.insert(shares.prefix(t - 1).map { $0.bytes[0] })
            }
            #expect(seen.count == coefficientSets.count, "secret \(s)")
        }
    }

    @Test func combine_refusesBadSets() {
        #expect(throws: Shamir.CombineError.noShares) { try Shamir.combine([]) }
        #expect(throws: Shamir.CombineError.invalidNumber(0)) { try Shamir.combine([.init(number: 0, bytes: [1])]) }
        #expect(throws: Shamir.CombineError.duplicateNumber(2)) {
            try Shamir.combine([.init(number: 2, bytes: [1]), .init(number: 2, bytes: [1])])
        }
        #expect(throws: Shamir.CombineError.lengthMismatch) {
            try Shamir.combine([.init(number: 1, bytes: [1]), .init(number: 2, bytes: [1, 2])])
        }
    }

    // MARK: HPKE (RFC 9180 A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode)

    @Test func rfc9180_baseVector_opensWithTheRecipientKey() throws {
        let skR = try Curve25519.KeyAgreement.PrivateKey(
            rawRepresentation: hex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"))
        #expect(Array(skR.publicKey.rawRepresentation) == hex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"))
        var recipient = try HPKE.Recipient(
            privateKey: skR, ciphersuite: OpeningRules.ciphersuite, info: Data(hex("4f6465206f6e2061204772656369616e2055726e")),
            encapsulatedKey: Data(hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431")))
        let pt = hex("4265617574792069732074727574682c20747275746820626561757479")
        let first = try recipient.open(
            Data(hex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a")),
            authenticating: Data(hex("436f756e742d30")))
        #expect(Array(first) == pt)
        let second = try recipient.open(
            Data(hex("af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84")),
            authenticating: Data(hex("436f756e742d31")))
        #expect(Array(second) == pt)
    }

    // MARK: opening settings and escrows

    @Test(
        arguments: [
            (["a", "b", "c"], 2, nil), (["a", "b", "c"], 3, nil), (["a", "b", "c", "d", "e"], 3, nil),
            (["a", "b"], 2, "opening.holders"), (["a", "b", "c"], 1, "opening.threshold"), (["a", "b", "c"], 4, "opening.threshold"),
            (["a", "b", "a"], 2, "opening.holders"),
            (Array(repeating: "x", count: 16).enumerated().map { "\($0.offset)" }, 2, "opening.holders"),
        ] as [([String], Int, String?)])
    func openingSetting(_ holders: [String], _ threshold: Int, _ failingField: String?) {
        do {
            try OpeningRules.checkSetting(holders: holders, threshold: threshold)
            #expect(failingField == nil)
        } catch {
            #expect(error.kind == .invalidOpening)
            #expect(error.field == failingField)
        }
    }

    struct Fixture {
        let tenderId = "tender-1"
        let vendorId = "vendor-1"
        let salt = String(repeating: "ab", count: 16)
        let document = #"{"price":"1234.50","currency":"CNY"}"#
        let keys = (0..<5).map { _ in Curve25519.KeyAgreement.PrivateKey() }
        var commitment: String {
            Commitment.compute(tenderId: tenderId, vendorId: vendorId, salt: salt, document: Data(document.utf8))
        }

        func escrow(threshold: Int = 3) throws -> Escrow {
            try EscrowOpening.seal(
                salt: salt, document: document, tenderId: tenderId, commitment: commitment, threshold: threshold,
                holderKeys: keys.map(\.publicKey))
        }

        /// Holder `n` opens its sealed share.
        func share(_ e: Escrow, _ n: Int) throws -> Shamir.Share {
            let bytes = try EscrowOpening.unseal(
                e.shares[n - 1], privateKey: keys[n - 1], tenderId: tenderId, commitment: commitment)
            return Shamir.Share(number: UInt8(n), bytes: bytes)
        }

        func open(_ e: Escrow, _ shares: [Shamir.Share], commitment c: String? = nil) -> Result<
            EscrowOpening.Envelope, EscrowOpening.Failure
        > {
            EscrowOpening.open(e, shares: shares, tenderId: tenderId, vendorId: vendorId, commitment: c ?? commitment)
        }
    }

    @Test func sealedEscrow_opensWithAnyThreeOfFive_andEachShareMatchesItsHash() throws {
        let f = Fixture()
        let e = try f.escrow()
        #expect(try e.checked(holders: 5) == e)
        for subset in subsets(of: [1, 2, 3, 4, 5], size: 3) {
            let shares = try subset.map { try f.share(e, $0) }
            for s in shares { #expect(e.matches(share: s.bytes, number: Int(s.number))) }
            #expect(f.open(e, shares) == .success(.init(salt: f.salt, document: f.document)), "\(subset)")
        }
        // Two of five rebuild another key.
        #expect(f.open(e, [try f.share(e, 1), try f.share(e, 4)]) == .failure(.keyHash))
    }

    @Test func aShareSealedToOneHolder_doesNotOpenForAnother_norForAnotherCommitment() throws {
        let f = Fixture()
        let e = try f.escrow()
        #expect(throws: (any Error).self) {
            try EscrowOpening.unseal(e.shares[0], privateKey: f.keys[1], tenderId: f.tenderId, commitment: f.commitment)
        }
        #expect(throws: (any Error).self) {
            try EscrowOpening.unseal(
                e.shares[0], privateKey: f.keys[0], tenderId: f.tenderId, commitment: String(repeating: "0", count: 64))
        }
        let s = try f.share(e, 1)
        #expect(!e.matches(share: s.bytes, number: 2))
        var other = s.bytes
        other[0] ^= 1
        #expect(!e.matches(share: other, number: 1))
    }

    @Test func tamperedEscrows_fail_withTheirReason() throws {
        let f = Fixture()
        let e = try f.escrow()
        let shares = try [1, 2, 3].map { try f.share(e, $0) }
        var flipped = Data(base64Encoded: e.ciphertext)!
        flipped[0] ^= 1
        var tampered = e
        tampered.ciphertext = flipped.base64EncodedString()
        #expect(f.open(tampered, shares) == .failure(.decryption))
        var wrongHash = e
        wrongHash.keyHash = String(repeating: "0", count: 64)
        #expect(f.open(wrongHash, shares) == .failure(.keyHash))
        // The commitment is the AAD: the same escrow presented for another commitment does not decrypt.
        #expect(f.open(e, shares, commitment: String(repeating: "1", count: 64)) == .failure(.decryption))
        #expect(f.open(e, []) == .failure(.shares("noShares")))
    }

    /// An escrow whose envelope is not the committed bid (the vendor encrypted something else) is the
    /// vendor's fault: `.commitment`.
    @Test func envelopeNotMatchingTheCommitment_isRefused() throws {
        let f = Fixture()
        let e = try EscrowOpening.seal(
            salt: f.salt, document: #"{"price":"1.00","currency":"CNY"}"#, tenderId: f.tenderId, commitment: f.commitment, threshold: 3,
            holderKeys: f.keys.map(\.publicKey))
        #expect(f.open(e, try [1, 2, 3].map { try f.share(e, $0) }) == .failure(.commitment))
    }

    @Test func checked_refusesMalformedEscrows() throws {
        let e = try Fixture().escrow()
        var cases: [(Escrow, String)] = []
        var x = e
        x.nonce = "AAAA"
        cases.append((x, "escrow.nonce"))
        x = e
        x.ciphertext = "not base64!"
        cases.append((x, "escrow.ciphertext"))
        x = e
        x.keyHash = "ABC"
        cases.append((x, "escrow.keyHash"))
        x = e
        x.shares.removeLast()
        cases.append((x, "escrow.shares"))
        x = e
        x.shares[4].number = 1
        cases.append((x, "escrow.shares"))
        x = e
        x.shares[0].ct = Data(count: 47).base64EncodedString()
        cases.append((x, "escrow.shares"))
        x = e
        x.shares[0].enc = Data(count: 31).base64EncodedString()
        cases.append((x, "escrow.shares"))
        for (bad, field) in cases {
            #expect(throws: RuleViolation.self) { try bad.checked(holders: 5) }
            do { _ = try bad.checked(holders: 5) } catch { #expect(error.field == field && error.kind == .invalidEscrow) }
        }
        var shuffled = e
        shuffled.shares.reverse()
        #expect(try shuffled.checked(holders: 5) == e)
    }
}

func subsets(of items: [Int], size: Int) -> [[Int]] {
    guard size > 0 else { return [[]] }
    guard items.count >= size else { return [] }
    let head = items[0]
    let rest = Array(items.dropFirst())
    return subsets(of: rest, size: size - 1).map { [head] + $0 } + subsets(of: rest, size: size)
}

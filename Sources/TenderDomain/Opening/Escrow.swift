import Crypto
import Foundation

/// The rules of an escrowed opening (开标 without the bidder): who holds shares, how many open a
/// bid, what a vendor's escrow must look like, and how t posted shares open it. The server checks
/// only what it can without a private key; the opening itself needs t holders' shares.
public enum OpeningRules {
    /// At least 3 holders, so that one absent or dishonest holder neither blocks nor opens alone.
    public static let minimumHolders = 3
    public static let maximumHolders = 15
    public static let minimumThreshold = 2
    /// The decoded ciphertext's upper bound: a bid document of up to 200 KB with its salt.
    public static let maximumCiphertextBytes = 256 * 1024
    /// A 32-byte share sealed with AES-128-GCM: 32 bytes and a 16-byte tag.
    public static let sealedShareBytes = 48

    /// A tender's opening setting: `holders` distinct (at least 3, at most 15), 2 ≤ threshold ≤ n.
    public static func checkSetting(holders: [String], threshold: Int) throws(RuleViolation) {
        guard Set(holders).count == holders.count else {
            throw RuleViolation(.invalidOpening, "each holder may be named once", field: "opening.holders")
        }
        guard (minimumHolders...maximumHolders).contains(holders.count) else {
            throw RuleViolation(
                .invalidOpening, "an opening needs \(minimumHolders) to \(maximumHolders) holders (it names \(holders.count))",
                field: "opening.holders")
        }
        guard (minimumThreshold...holders.count).contains(threshold) else {
            throw RuleViolation(
                .invalidOpening, "threshold must be from \(minimumThreshold) to the number of holders (\(holders.count))",
                field: "opening.threshold")
        }
    }

    /// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM (RFC 9180 ids 0x0020, 0x0001, 0x0001).
    public static let ciphersuite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_128)

    /// The HPKE `info` of a tender's shares: binds each sealed share to its tender and commitment.
    public static func hpkeInfo(tenderId: String, commitment: String) -> Data {
        Data("tender-opening/v1\n\(tenderId)\n\(commitment)".utf8)
    }
}

/// What a vendor sends with an escrowed commitment (docs/DESIGN.md §13): the envelope encrypted
/// under a random key K, SHA-256(K), and K's Shamir shares each sealed to one holder.
public struct Escrow: Codable, Sendable, Equatable {
    public struct SealedShare: Codable, Sendable, Equatable {
        public var number: Int
        /// HPKE's encapsulated key (32 bytes) and the sealed share (48 bytes), base64.
        public var enc: String
        public var ct: String
        /// Hex SHA-256 of the 32-byte share: a posted share is checked against it.
        public var hash: String

        public init(number: Int, enc: String, ct: String, hash: String) {
            self.number = number
            self.enc = enc
            self.ct = ct
            self.hash = hash
        }
    }

    public var ciphertext: String
    public var nonce: String
    public var keyHash: String
    public var shares: [SealedShare]

    public init(ciphertext: String, nonce: String, keyHash: String, shares: [SealedShare]) {
        self.ciphertext = ciphertext
        self.nonce = nonce
        self.keyHash = keyHash
        self.shares = shares
    }

    /// Checks the form against the tender's `holders` (n): base64 and hex of the right lengths, one
    /// share per holder numbered 1…n. Answers the escrow with its shares ordered by number.
    public func checked(holders n: Int) throws(RuleViolation) -> Escrow {
        func bytes(_ text: String, _ field: String) throws(RuleViolation) -> Data {
            guard let d = Data(base64Encoded: text) else {
                throw RuleViolation(.invalidEscrow, "\(field) must be standard base64 with padding", field: "escrow.\(field)")
            }
            return d
        }
        guard try bytes(nonce, "nonce").count == 12 else {
            throw RuleViolation(.invalidEscrow, "nonce must be 12 bytes", field: "escrow.nonce")
        }
        let c = try bytes(ciphertext, "ciphertext").count
        guard c > 16, c <= OpeningRules.maximumCiphertextBytes else {
            throw RuleViolation(
                .invalidEscrow, "ciphertext must be 17 to \(OpeningRules.maximumCiphertextBytes) bytes (it has \(c))",
                field: "escrow.ciphertext")
        }
        guard Commitment.isValid(keyHash) else {
            throw RuleViolation(.invalidEscrow, "keyHash must be 64 lowercase hex characters", field: "escrow.keyHash")
        }
        guard shares.count == n else {
            throw RuleViolation(
                .invalidEscrow, "the escrow needs one share per holder (\(n), it has \(shares.count))", field: "escrow.shares")
        }
        let sorted = shares.sorted { $0.number < $1.number }
        for (i, s) in sorted.enumerated() {
            guard s.number == i + 1 else {
                throw RuleViolation(.invalidEscrow, "shares must be numbered 1 to \(n), each once", field: "escrow.shares")
            }
            guard try bytes(s.enc, "shares.enc").count == 32 else {
                throw RuleViolation(.invalidEscrow, "share \(s.number): enc must be 32 bytes", field: "escrow.shares")
            }
            guard try bytes(s.ct, "shares.ct").count == OpeningRules.sealedShareBytes else {
                throw RuleViolation(
                    .invalidEscrow, "share \(s.number): ct must be \(OpeningRules.sealedShareBytes) bytes", field: "escrow.shares")
            }
            guard Commitment.isValid(s.hash) else {
                throw RuleViolation(.invalidEscrow, "share \(s.number): hash must be 64 lowercase hex characters", field: "escrow.shares")
            }
        }
        return Escrow(ciphertext: ciphertext, nonce: nonce, keyHash: keyHash, shares: sorted)
    }

    /// Whether `share` (32 bytes) is the one the vendor committed to for holder `number`.
    public func matches(share: [UInt8], number: Int) -> Bool {
        guard share.count == 32, let sealed = shares.first(where: { $0.number == number }) else { return false }
        return Commitment.hex(Array(SHA256.hash(data: share))) == sealed.hash
    }
}

/// Opens an escrow with t posted shares: K = Shamir.combine(shares); SHA-256(K) must be `keyHash`;
/// AES-256-GCM(K) must decrypt `ciphertext` with the commitment's hex as AAD to the JSON envelope
/// `{"salt","document"}`; and salt and document must hash to the commitment. Any failure is the
/// vendor's (each share was checked against the vendor's own hash before), hence `escrow_invalid`.
public enum EscrowOpening {
    public struct Envelope: Sendable, Equatable {
        public let salt: String
        public let document: String
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case shares(String)
        case keyHash
        case decryption
        case envelope(String)
        case commitment

        public var description: String {
            switch self {
            case .shares(let why): "the shares do not combine: \(why)"
            case .keyHash: "the shares rebuild a key whose SHA-256 is not the escrow's keyHash"
            case .decryption: "the ciphertext does not decrypt with the rebuilt key and the commitment as AAD"
            case .envelope(let why): "the decrypted envelope is not {\"salt\",\"document\"}: \(why)"
            case .commitment: "the decrypted salt and document do not hash to the commitment"
            }
        }
    }

    public static func open(
        _ escrow: Escrow, shares: [Shamir.Share], tenderId: String, vendorId: String, commitment: String
    ) -> Result<Envelope, Failure> {
        let key: [UInt8]
        do { key = try Shamir.combine(shares) } catch { return .failure(.shares("\(error)")) }
        guard key.count == 32, Commitment.hex(Array(SHA256.hash(data: key))) == escrow.keyHash else { return .failure(.keyHash) }
        guard let nonceBytes = Data(base64Encoded: escrow.nonce), let sealed = Data(base64Encoded: escrow.ciphertext),
            sealed.count > 16
        else { return .failure(.decryption) }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: try AES.GCM.Nonce(data: nonceBytes), ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
            plaintext = try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Data(commitment.utf8))
        } catch {
            return .failure(.decryption)
        }
        guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: plaintext) else {
            return .failure(.envelope("not a JSON object"))
        }
        guard case .string(let salt)? = o["salt"], case .string(let document)? = o["document"] else {
            return .failure(.envelope("salt and document must be strings"))
        }
        guard Commitment.isValidSalt(salt),
            Commitment.compute(tenderId: tenderId, vendorId: vendorId, salt: salt, document: Data(document.utf8)) == commitment
        else { return .failure(.commitment) }
        return .success(Envelope(salt: salt, document: document))
    }

    /// Builds an escrow as a vendor's client does, HPKE included (tests, benchmarks, tools): the
    /// browser's implementation is Static/js/escrow.js; both follow docs/DESIGN.md §13.
    public static func seal(
        salt: String, document: String, tenderId: String, commitment: String, threshold: Int,
        holderKeys: [Curve25519.KeyAgreement.PublicKey]
    ) throws -> Escrow {
        let key = secureRandomBytes(32)
        let envelope = try JSONSerialization.data(withJSONObject: ["salt": salt, "document": document], options: [.sortedKeys])
        let nonce = AES.GCM.Nonce()
        let box = try AES.GCM.seal(envelope, using: SymmetricKey(data: key), nonce: nonce, authenticating: Data(commitment.utf8))
        let info = OpeningRules.hpkeInfo(tenderId: tenderId, commitment: commitment)
        let sealed = try Shamir.split(key, threshold: threshold, count: holderKeys.count).map { share in
            var sender = try HPKE.Sender(recipientKey: holderKeys[Int(share.number) - 1], ciphersuite: OpeningRules.ciphersuite, info: info)
            let ct = try sender.seal(share.bytes)
            return Escrow.SealedShare(
                number: Int(share.number), enc: sender.encapsulatedKey.base64EncodedString(), ct: ct.base64EncodedString(),
                hash: Commitment.hex(Array(SHA256.hash(data: share.bytes))))
        }
        return Escrow(
            ciphertext: (box.ciphertext + box.tag).base64EncodedString(), nonce: Data(nonce).base64EncodedString(),
            keyHash: Commitment.hex(Array(SHA256.hash(data: key))), shares: sealed)
    }

    /// A holder's side: opens its sealed share with its private key (tests and tools; the browser
    /// does this in Static/js/escrow.js).
    public static func unseal(
        _ share: Escrow.SealedShare, privateKey: Curve25519.KeyAgreement.PrivateKey, tenderId: String, commitment: String
    ) throws -> [UInt8] {
        guard let enc = Data(base64Encoded: share.enc), let ct = Data(base64Encoded: share.ct) else {
            throw EscrowOpening.Failure.decryption
        }
        var recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: OpeningRules.ciphersuite,
            info: OpeningRules.hpkeInfo(tenderId: tenderId, commitment: commitment), encapsulatedKey: enc)
        return Array(try recipient.open(ct))
    }
}

/// A tender's escrowed-opening setting: the holders' user ids in share-number order (holder k holds
/// share k) and the number of shares that open a bid.
public struct OpeningSetting: Codable, Sendable, Equatable {
    public var holders: [String]
    public var threshold: Int

    public init(holders: [String], threshold: Int) {
        self.holders = holders
        self.threshold = threshold
    }
}

import Crypto
import Foundation
import TenderDomain

#if canImport(Glibc)
    import Glibc
#endif

/// The Ed25519 key that signs bid receipts. Created on first start as a PKCS#8 PEM file (mode 0600)
/// and reused after restarts; instances sharing a data folder share the file, and an exclusive
/// create makes two instances starting together agree on one key.
public struct ReceiptSigner: Sendable {
    let key: Curve25519.Signing.PrivateKey
    public let keyId: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    // DER prefixes of an Ed25519 PKCS#8 private key and SubjectPublicKeyInfo (RFC 8410).
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
        keyId = String(Commitment.hex(SHA256.hash(data: key.publicKey.rawRepresentation)).prefix(16))
    }

    public static func loadOrCreate(path: String) throws -> ReceiptSigner {
        if let existing = try read(path) { return ReceiptSigner(key: existing) }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let key = Curve25519.Signing.PrivateKey()
        let der = pkcs8Prefix + Array(key.rawRepresentation)
        let pem = "-----BEGIN PRIVATE KEY-----\n\(Data(der).base64EncodedString())\n-----END PRIVATE KEY-----\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST, let other = try read(path) { return ReceiptSigner(key: other) }
            throw Failure(description: "cannot create the receipt key file '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = Array(pem.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count else { throw Failure(description: "cannot write the receipt key file '\(path)'") }
        return ReceiptSigner(key: key)
    }

    static func read(_ path: String) throws -> Curve25519.Signing.PrivateKey? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count == 48, Array(der.prefix(16)) == pkcs8Prefix else {
            throw Failure(description: "receipt key file '\(path)' is not an Ed25519 PKCS#8 PEM key")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
    }

    public func sign(_ payload: String) throws -> String {
        try key.signature(for: Data(payload.utf8)).base64EncodedString()
    }

    public var publicKeyBase64: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// The public key as SubjectPublicKeyInfo PEM, ready for `openssl pkeyutl -verify -pubin`.
    public var publicKeyPEM: String {
        let der = Self.spkiPrefix + Array(key.publicKey.rawRepresentation)
        return "-----BEGIN PUBLIC KEY-----\n\(Data(der).base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }
}

import Crypto
import Foundation

/// The audit log's fingerprint of a saved scoresheet: SHA-256 (hex) of
/// `salt \n qualification \n scores`, where qualification is `key=true|false` and scores are
/// `key=<hundredths>`, each list sorted by key and joined by commas. A committee's score values
/// are few enough to guess from a bare hash, hence the random salt, published with the sheet.
public enum ScoresheetDigest {
    public static func sha256(salt: String, qualification: [String: Bool], scores: [String: Int64]) -> String {
        let q = qualification.keys.sorted().map { "\($0)=\(qualification[$0]! ? "true" : "false")" }.joined(separator: ",")
        let s = scores.keys.sorted().map { "\($0)=\(scores[$0]!)" }.joined(separator: ",")
        return Commitment.hex(SHA256.hash(data: Data("\(salt)\n\(q)\n\(s)".utf8)))
    }

    /// 128 random bits as 32 hex characters.
    public static func newSalt() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}

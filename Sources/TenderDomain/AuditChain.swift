import Crypto
import Foundation

/// The tamper-evident audit log of DESIGN section 6: every entry's hash covers its fields and the
/// previous entry's hash, and sequence numbers run 1, 2, 3… without gaps.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public struct Entry: Sendable, Equatable {
        public var seq: Int64
        public var at: Int64
        public var actor: String
        public var action: String
        public var tenderId: String?
        /// JSON text, hashed exactly as stored.
        public var details: String
        public var prevHash: String
        public var hash: String

        public init(seq: Int64, at: Int64, actor: String, action: String, tenderId: String?, details: String, prevHash: String, hash: String) {
            self.seq = seq
            self.at = at
            self.actor = actor
            self.action = action
            self.tenderId = tenderId
            self.details = details
            self.prevHash = prevHash
            self.hash = hash
        }
    }

    /// SHA-256 (lowercase hex) of `prevHash \n seq \n at \n actor \n action \n tenderId \n details`.
    public static func hash(seq: Int64, at: Int64, actor: String, action: String, tenderId: String?, details: String, prevHash: String) -> String {
        // One buffer, no intermediate strings: verification hashes a million of these in seconds.
        var text = [UInt8]()
        text.reserveCapacity(prevHash.utf8.count + actor.utf8.count + action.utf8.count + details.utf8.count + 96)
        text.append(contentsOf: prevHash.utf8)
        text.append(10)
        appendDecimal(&text, seq)
        text.append(10)
        appendDecimal(&text, at)
        text.append(10)
        text.append(contentsOf: actor.utf8)
        text.append(10)
        text.append(contentsOf: action.utf8)
        text.append(10)
        if let tenderId { text.append(contentsOf: tenderId.utf8) }
        text.append(10)
        text.append(contentsOf: details.utf8)
        return Commitment.hex(SHA256.hash(data: text))
    }

    static func appendDecimal(_ out: inout [UInt8], _ value: Int64) {
        if value < 0 { out.append(45) }
        var v = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(48 + v % 10))
            v /= 10
        } while v > 0
        out.append(contentsOf: digits.reversed())
    }

    public enum Problem: String, Sendable, Equatable {
        /// A sequence number is missing, repeated or out of order (deleted, inserted or reordered rows).
        case sequence
        /// `prevHash` is not the previous entry's hash (rows reordered, or a row inserted).
        case link
        /// The stored hash does not match the entry's fields (an edited row).
        case hash
    }

    /// Checks entries fed in stored order (by seq); the first problem is kept.
    public struct Verifier: Sendable {
        public private(set) var length: Int64 = 0
        public private(set) var head = AuditChain.genesis
        public private(set) var firstInvalid: Int64?
        public private(set) var problem: Problem?

        public init() {}

        public var valid: Bool { firstInvalid == nil }

        public mutating func feed(_ e: Entry) {
            defer {
                length += 1
                head = e.hash
            }
            guard firstInvalid == nil else { return }
            if e.seq != length + 1 {
                fail(length + 1, .sequence)  // where the expected entry is missing or misplaced
            } else if e.prevHash != head {
                fail(e.seq, .link)
            } else if hash(seq: e.seq, at: e.at, actor: e.actor, action: e.action, tenderId: e.tenderId, details: e.details, prevHash: e.prevHash) != e.hash {
                fail(e.seq, .hash)
            }
        }

        /// The stored head must name the last entry (a deleted tail is otherwise invisible).
        public mutating func finish(storedLength: Int64, storedHead: String) {
            guard firstInvalid == nil else { return }
            if storedLength != length || storedHead != head { fail(length + 1, .sequence) }
        }

        private mutating func fail(_ seq: Int64, _ p: Problem) {
            firstInvalid = seq
            problem = p
        }
    }
}

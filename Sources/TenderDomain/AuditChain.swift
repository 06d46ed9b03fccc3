import Crypto
import Foundation

/// The tamper-evident audit log of docs/DESIGN.md §7: every entry's hash covers its fields and the
/// previous entry's hash, and sequence numbers run 1, 2, 3… without gaps.
///
/// Two encodings of an entry exist. Version 1 (entries written before migration 0010) joins the
/// fields with newlines, so an absent tender id and an empty one hash alike, and a newline inside
/// a field could shift the others. Version 2 prefixes every text field with its presence and its
/// UTF-8 length and also covers the actor's name as recorded. Old entries keep verifying under
/// version 1; once a version-2 entry appears, every later entry must be version 2 (no downgrade).
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)
    /// The version new entries are written with.
    public static let currentVersion = 2

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
        /// 1 or 2 (see `AuditChain`).
        public var version: Int
        /// The actor's account name when the entry was written (version 2; nil for `system`).
        public var actorName: String?

        public init(
            seq: Int64, at: Int64, actor: String, action: String, tenderId: String?, details: String, prevHash: String, hash: String,
            version: Int = 1, actorName: String? = nil
        ) {
            self.version = version
            self.actorName = actorName
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
    public static func hash(seq: Int64, at: Int64, actor: String, action: String, tenderId: String?, details: String, prevHash: String)
        -> String
    {
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

    /// Version 2: SHA-256 (lowercase hex) of `v2 \n prevHash \n seq \n at \n` followed by each of
    /// actor, actorName, action, tenderId, details as `-\n` when absent or `+<utf8 length>:<text>\n`.
    public static func hashV2(
        seq: Int64, at: Int64, actor: String, actorName: String?, action: String, tenderId: String?, details: String, prevHash: String
    ) -> String {
        var text = [UInt8]()
        text.reserveCapacity(
            prevHash.utf8.count + actor.utf8.count + (actorName?.utf8.count ?? 0) + action.utf8.count + details.utf8.count + 128)
        text.append(contentsOf: "v2\n".utf8)
        text.append(contentsOf: prevHash.utf8)
        text.append(10)
        appendDecimal(&text, seq)
        text.append(10)
        appendDecimal(&text, at)
        text.append(10)
        for field in [actor, actorName, action, tenderId, details] as [String?] {
            guard let field else {
                text.append(contentsOf: [UInt8(ascii: "-"), 10])
                continue
            }
            text.append(UInt8(ascii: "+"))
            appendDecimal(&text, Int64(field.utf8.count))
            text.append(UInt8(ascii: ":"))
            text.append(contentsOf: field.utf8)
            text.append(10)
        }
        return Commitment.hex(SHA256.hash(data: text))
    }

    /// The hash of `e`'s fields under its own version (nil for an unknown version).
    public static func hash(of e: Entry) -> String? {
        switch e.version {
        case 1:
            // Version 1 has no place for a name: an entry of version 1 that carries one was altered.
            guard e.actorName == nil else { return nil }
            return hash(
                seq: e.seq, at: e.at, actor: e.actor, action: e.action, tenderId: e.tenderId, details: e.details, prevHash: e.prevHash)
        case 2:
            return hashV2(
                seq: e.seq, at: e.at, actor: e.actor, actorName: e.actorName, action: e.action, tenderId: e.tenderId, details: e.details,
                prevHash: e.prevHash)
        default: return nil
        }
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
        /// An unknown encoding version, or a version-1 entry after a version-2 one (a downgrade).
        case version
    }

    /// Checks entries fed in stored order (by seq); the first problem is kept.
    public struct Verifier: Sendable {
        public private(set) var length: Int64 = 0
        public private(set) var head = AuditChain.genesis
        public private(set) var firstInvalid: Int64?
        public private(set) var problem: Problem?
        private var highestVersion = 1

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
            } else if e.version < highestVersion || e.version < 1 || e.version > AuditChain.currentVersion {
                fail(e.seq, .version)
            } else if AuditChain.hash(of: e) != e.hash {
                fail(e.seq, .hash)
            }
            highestVersion = max(highestVersion, e.version)
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

import Crypto
import Foundation
import TenderDomain

/// A staff member registers the public half of an X25519 key pair made on its own client; the
/// private half never reaches the server. A new key retires the previous one (rotation); tenders
/// already published keep the key they fixed.
struct RegisterOpeningKey {
    let ctx: UseCaseContext

    func run(publicKey text: String, by p: Principal) async throws -> OpeningKeyRecord {
        guard let raw = Data(base64Encoded: text), raw.count == 32,
            let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw),
            // A low-order point gives an all-zero shared secret: every share sealed to such a key
            // would be readable by anyone.
            let secret = try? Curve25519.KeyAgreement.PrivateKey().sharedSecretFromKeyAgreement(with: key),
            secret.withUnsafeBytes({ $0.contains { $0 != 0 } })
        else {
            throw APIError.invalid(
                "invalid_public_key", "publicKey must be a usable X25519 public key: base64 of its 32 raw bytes", field: "publicKey")
        }
        let id = newID()
        let now = ctx.nowMillis
        let canonical = raw.base64EncodedString()
        return try await ctx.transaction { tx in
            let replaced = try await OpeningStore.retireActive(tx, userId: p.userId, reason: "replaced", at: now)
            try await OpeningStore.insertKey(tx, id: id, userId: p.userId, publicKey: canonical, at: now)
            var details = ["keyId": id]
            if let replaced { details["replaces"] = replaced }
            try await AuditStore.append(tx, at: now, actor: p.userId, action: .openingKeyRegistered, tenderId: nil, details: details)
            return try await OpeningStore.key(tx, id: id)!
        }
    }
}

/// The owner retires a key (lost, or no longer to be used): drafts naming its owner cannot be
/// published until a new key is registered; published tenders keep it, and open with the other
/// holders' shares if its private half is gone.
struct RetireOpeningKey {
    let ctx: UseCaseContext

    func run(keyId: String, reason: String, by p: Principal) async throws -> OpeningKeyRecord {
        let now = ctx.nowMillis
        return try await ctx.transaction { tx in
            guard let key = try await OpeningStore.key(tx, id: keyId), key.userId == p.userId else {
                throw APIError.notFound("opening key")
            }
            guard try await OpeningStore.retire(tx, id: keyId, userId: p.userId, reason: reason, at: now) else {
                throw APIError.conflict("key_retired", "this key is already retired")
            }
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .openingKeyRetired, tenderId: nil, details: ["keyId": keyId, "reason": reason])
            return try await OpeningStore.key(tx, id: keyId)!
        }
    }
}

extension UseCaseContext {
    /// A draft's opening setting, checked: the rule (`OpeningRules.checkSetting`), and every holder an
    /// active staff account with an active opening key (422 `invalid_opening` naming the first that is not).
    func checkOpening(_ setting: OpeningSetting) async throws {
        try OpeningRules.checkSetting(holders: setting.holders, threshold: setting.threshold)
        let keys = try await OpeningStore.activeKeys(sql, userIds: setting.holders)
        for id in setting.holders {
            guard try await AccountStore.isStaff(sql, id: id) else {
                throw RuleViolation(.invalidOpening, "holder \(id) is not an active staff account", field: "opening.holders")
            }
            guard keys[id] != nil else {
                throw RuleViolation(.invalidOpening, "holder \(id) has no active opening key", field: "opening.holders")
            }
        }
    }
}

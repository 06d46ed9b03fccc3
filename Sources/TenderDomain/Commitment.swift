import Crypto
import Foundation

/// Sealed-bid commitments (docs/DESIGN.md §4): lowercase hex SHA-256 of
/// `tenderId ":" vendorId ":" salt ":"` followed by the bid document's exact bytes.
/// Binding the tender and vendor ids stops one vendor from copying another's commitment.
public enum Commitment {
    /// 64 lowercase hex characters.
    public static func isValid(_ commitment: String) -> Bool {
        commitment.utf8.count == 64 && isLowerHex(commitment)
    }

    /// 32 to 128 lowercase hex characters (≥ 128 bits).
    public static func isValidSalt(_ salt: String) -> Bool {
        (32...128).contains(salt.utf8.count) && isLowerHex(salt)
    }

    public static func compute(tenderId: String, vendorId: String, salt: String, document: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(tenderId):\(vendorId):\(salt):".utf8))
        hasher.update(data: document)
        return hex(hasher.finalize())
    }

    static func isLowerHex(_ s: String) -> Bool {
        s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Raw bytes of a hex string (nil when not hex of even length).
    public static func bytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let h = nibble(u[i]), let l = nibble(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }
}

/// The text a receipt signs (docs/DESIGN.md §4).
public enum Receipt {
    public static func payload(tenderId: String, bidId: String, vendorId: String, commitment: String, submittedAt: String) -> String {
        "tender-receipt/v1\n\(tenderId)\n\(bidId)\n\(vendorId)\n\(commitment)\n\(submittedAt)"
    }
}

import Crypto
import Foundation
import TenderDomain

#if canImport(Glibc)
    import Glibc
#endif

/// Where a commitment came from, kept only as HMAC-SHA256(key, client address): two bids from one
/// address have the same origin, and the address itself is neither stored nor shown. The 32-byte
/// key is a hex file (mode 0600) created on first start, like the receipt key; instances behind one
/// load balancer share it, so that they hash alike.
public struct OriginHasher: Sendable {
    let key: SymmetricKey

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    public static func loadOrCreate(path: String) throws -> OriginHasher {
        if let existing = try read(path) { return OriginHasher(key: existing) }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let bytes = Array((Commitment.hex(secureRandomBytes(32)) + "\n").utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST, let other = try read(path) { return OriginHasher(key: other) }
            throw Failure(description: "cannot create the origin key file '\(path)': \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count, let key = try read(path) else {
            throw Failure(description: "cannot write the origin key file '\(path)'")
        }
        return OriginHasher(key: key)
    }

    static func read(_ path: String) throws -> SymmetricKey? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Commitment.bytes(hex: text), bytes.count == 32 else {
            throw Failure(description: "origin key file '\(path)' must hold 64 lowercase hex characters")
        }
        return SymmetricKey(data: bytes)
    }

    /// The origin of a client address (its canonical text), or nil when the address is unknown.
    public func origin(of address: String?) -> String? {
        guard let address, !address.isEmpty else { return nil }
        return Commitment.hex(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: key))
    }
}

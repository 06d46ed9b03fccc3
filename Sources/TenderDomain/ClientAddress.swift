import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network written as CIDR (`10.0.0.0/8`, `::1/128`) or a bare address (a /32 or
/// /128), as `TENDER_TRUSTED_PROXIES` lists them.
public struct AddressRange: Equatable, Sendable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, host bits cleared.
    public let network: [UInt8]
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let bytes = Self.bytes(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = p
        }
        self.prefix = prefix
        self.network = Self.masked(bytes, prefix)
    }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address), bytes.count == network.count else { return false }
        return Self.masked(bytes, prefix) == network
    }

    public var description: String { "\(Self.text(network))/\(prefix)" }

    /// The address as bytes (IPv4-mapped IPv6 addresses as their IPv4 bytes), nil when it is not an address.
    public static func bytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return Array(bytes[12..<16]) }
        return bytes
    }

    /// The canonical text of an address (`::ffff:1.2.3.4` → `1.2.3.4`, `0:0::1` → `::1`), nil when it is not one.
    public static func canonical(_ text: String) -> String? {
        bytes(text).map(Self.text)
    }

    /// Dotted quad for 4 bytes, RFC 5952 text for 16.
    static func text(_ bytes: [UInt8]) -> String {
        bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : ipv6Text(bytes)
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { i, b in
            let keep = max(0, min(8, prefix - i * 8))
            return keep == 8 ? b : b & UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
    }

    static func ipv6Text(_ bytes: [UInt8]) -> String {
        var a = in6_addr()
        withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: 46)
        guard inet_ntop(AF_INET6, &a, &buffer, 46) != nil else { return "" }
        return String(cString: buffer)
    }
}

/// Which address a request comes from. The socket's peer, unless the peer is a proxy the operator
/// trusts: then the `X-Forwarded-For` list is read from the right (each proxy appends the address
/// it saw), skipping trusted proxies, and the first address that is not one is the client. A
/// client can put anything at the left of that header, so nothing left of the first untrusted
/// entry is believed; a malformed entry ends the walk at the last address known to be true.
public struct ClientAddressRule: Sendable {
    public let trustedProxies: [AddressRange]

    public init(trustedProxies: [AddressRange]) {
        self.trustedProxies = trustedProxies
    }

    /// Parses a comma- or space-separated list; answers the entries that are not addresses or networks.
    public static func parse(_ text: String) -> (rule: ClientAddressRule, invalid: [String]) {
        var ranges: [AddressRange] = []
        var invalid: [String] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            if let r = AddressRange(String(entry)) { ranges.append(r) } else { invalid.append(String(entry)) }
        }
        return (ClientAddressRule(trustedProxies: ranges), invalid)
    }

    public func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// - Parameters:
    ///   - peer: the socket's address (nil when unknown, e.g. in-process tests).
    ///   - forwardedFor: every `X-Forwarded-For` header value, in order.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, let peerText = AddressRange.canonical(peer) else { return peer }
        guard isTrusted(peerText), !forwardedFor.isEmpty else { return peerText }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peerText
        for hop in hops.reversed() {
            guard let address = AddressRange.canonical(Self.strippingPort(hop)) else { break }
            client = address
            if !isTrusted(address) { break }
        }
        return client
    }

    /// `1.2.3.4:5678` and `[::1]:5678` carry a port some proxies add; bare IPv6 has colons of its own.
    static func strippingPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") { return String(hop[hop.index(after: hop.startIndex)..<close]) }
        let colons = hop.filter { $0 == ":" }.count
        if colons == 1, let colon = hop.firstIndex(of: ":") { return String(hop[..<colon]) }
        return hop
    }
}

/// Failed logins counted per client address in a fixed window: once `maxFailures` fail within
/// `window` seconds, further logins from that address answer 429 until the window ends. It adds
/// to the per-account lockout: one address trying many accounts is stopped even though no single
/// account reaches its own limit. Successful logins do not reset the count (an attacker holding
/// one valid account could otherwise clear it between guesses). A failure after the window has
/// ended starts a new window (`AccountStore.recordAddressFailure` does that in one statement).
public struct AddressThrottle: Sendable, Equatable {
    public let maxFailures: Int
    public let windowMillis: Int64

    public init(maxFailures: Int, windowMillis: Int64) {
        self.maxFailures = maxFailures
        self.windowMillis = windowMillis
    }

    /// Milliseconds until logins from the address are accepted again, or nil when they are now.
    public func blockedFor(windowStart: Int64?, failures: Int64, now: Int64) -> Int64? {
        guard maxFailures > 0, let windowStart, failures >= Int64(maxFailures) else { return nil }
        let end = windowStart + windowMillis
        return now < end ? end - now : nil
    }
}

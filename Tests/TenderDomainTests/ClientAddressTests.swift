import Testing

@testable import TenderDomain

/// `TENDER_TRUSTED_PROXIES` and the client address behind them, case by case.
@Suite struct ClientAddressTests {
    @Test(arguments: [
        // range, address, contained
        ("10.0.0.0/8", "10.255.1.2", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.0/24", "192.168.1.77", true),
        ("192.168.1.0/24", "192.168.2.1", false),
        ("172.16.0.0/12", "172.31.255.255", true),  // /12: the last 4 bits of the 2nd byte are host bits
        ("172.16.0.0/12", "172.32.0.0", false),
        ("127.0.0.1", "127.0.0.1", true),  // a bare address is a /32
        ("127.0.0.1", "127.0.0.2", false),
        ("0.0.0.0/0", "8.8.8.8", true),
        ("::1", "::1", true),
        ("::1", "0:0:0:0:0:0:0:1", true),
        ("fd00::/8", "fd12:3456::1", true),
        ("fd00::/8", "fe80::1", false),
        ("10.0.0.0/8", "::ffff:10.1.2.3", true),  // IPv4-mapped IPv6 is its IPv4 address
        ("10.0.0.0/8", "fd00::1", false),  // families never match
        ("10.0.0.0/8", "not-an-address", false),
    ])
    func rangeContains(_ range: String, _ address: String, _ expected: Bool) throws {
        let r = try #require(AddressRange(range))
        #expect(r.contains(address) == expected)
    }

    @Test(arguments: ["", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0/8", "example.com", "10.0.0.0/8/8", "1.2.3.4/ 8", "1.2.3.4/٨"])
    func invalidRanges(_ text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test func ranges_areStoredWithHostBitsCleared() throws {
        #expect(try #require(AddressRange("192.168.1.77/24")).description == "192.168.1.0/24")
        #expect(try #require(AddressRange("fd12:3456::1/16")).description == "fd12::/16")
    }

    @Test func parse_namesEveryInvalidEntry() {
        let (rule, invalid) = ClientAddressRule.parse("127.0.0.1, 10.0.0.0/8 bogus,::1,300.1.1.1")
        #expect(rule.trustedProxies.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        #expect(invalid == ["bogus", "300.1.1.1"])
    }

    static let rule = ClientAddressRule.parse("127.0.0.1,10.0.0.0/8").rule

    @Test(arguments: [
        // peer, X-Forwarded-For values, client
        ("203.0.113.5", [], "203.0.113.5"),  // no proxy
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),  // an untrusted peer's header is ignored
        ("127.0.0.1", [], "127.0.0.1"),  // a trusted peer without the header is the client
        ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),  // nginx with $proxy_add_x_forwarded_for
        ("127.0.0.1", ["1.1.1.1, 198.51.100.1"], "198.51.100.1"),  // what the client wrote on the left is not believed
        ("127.0.0.1", ["198.51.100.1, 10.0.0.7"], "198.51.100.1"),  // two trusted hops
        ("127.0.0.1", ["198.51.100.1", "10.0.0.7"], "198.51.100.1"),  // the same as two header lines
        ("127.0.0.1", ["10.0.0.9, 10.0.0.7"], "10.0.0.9"),  // every hop trusted: the leftmost
        ("127.0.0.1", ["garbage, 198.51.100.1"], "198.51.100.1"),
        ("127.0.0.1", ["198.51.100.1, garbage"], "127.0.0.1"),  // a malformed hop ends the walk at the last true address
        ("127.0.0.1", ["198.51.100.1:4711"], "198.51.100.1"),  // a port some proxies add
        ("127.0.0.1", ["[2001:db8::1]:4711"], "2001:db8::1"),
        ("127.0.0.1", ["2001:db8::1"], "2001:db8::1"),
        ("::ffff:127.0.0.1", ["198.51.100.1"], "198.51.100.1"),  // a mapped peer address is trusted as IPv4
    ])
    func client(_ peer: String, _ forwarded: [String], _ expected: String) {
        #expect(Self.rule.client(peer: peer, forwardedFor: forwarded) == expected)
    }

    @Test func unknownPeer_isUnknownWhateverTheHeaderSays() {
        #expect(Self.rule.client(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
    }

    @Test(arguments: [
        // max failures, window start, failures, now, blocked for (ms)
        (3, nil as Int64?, 0 as Int64, 1_000 as Int64, nil as Int64?),
        (3, 1_000, 2, 1_500, nil),  // under the limit
        (3, 1_000, 3, 1_500, 59_500),  // at the limit: until the window (60 s) ends
        (3, 1_000, 9, 60_999, 1),
        (3, 1_000, 9, 61_000, nil),  // the window ended
        (0, 1_000, 99, 1_500, nil),  // 0 = off
    ])
    func addressThrottle(_ max: Int, _ start: Int64?, _ failures: Int64, _ now: Int64, _ expected: Int64?) {
        let t = AddressThrottle(maxFailures: max, windowMillis: 60_000)
        #expect(t.blockedFor(windowStart: start, failures: failures, now: now) == expected)
    }
}

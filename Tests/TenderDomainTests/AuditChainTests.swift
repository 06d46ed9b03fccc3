import Testing

@testable import TenderDomain

@Suite struct AuditChainTests {
    static func chain(_ n: Int) -> [AuditChain.Entry] {
        var prev = AuditChain.genesis
        return (1...n).map { i in
            let seq = Int64(i)
            let details = #"{"n":\#(i)}"#
            let h = AuditChain.hash(
                seq: seq, at: 1000 * seq, actor: "u\(i % 3)", action: "tender.published", tenderId: i % 2 == 0 ? "t" : nil,
                details: details, prevHash: prev)
            defer { prev = h }
            return .init(
                seq: seq, at: 1000 * seq, actor: "u\(i % 3)", action: "tender.published", tenderId: i % 2 == 0 ? "t" : nil,
                details: details, prevHash: prev, hash: h)
        }
    }

    static func verify(_ entries: [AuditChain.Entry], storedLength: Int64? = nil, storedHead: String? = nil) -> AuditChain.Verifier {
        var v = AuditChain.Verifier()
        for e in entries { v.feed(e) }
        v.finish(storedLength: storedLength ?? Int64(entries.count), storedHead: storedHead ?? (entries.last?.hash ?? AuditChain.genesis))
        return v
    }

    @Test func hashIsSHA256OfTheDocumentedText() {
        // python3 -c "import hashlib; print(hashlib.sha256(('0'*64 + '\n1\n5\nalice\ntender.created\nt1\n{}').encode()).hexdigest())"
        let h = AuditChain.hash(
            seq: 1, at: 5, actor: "alice", action: "tender.created", tenderId: "t1", details: "{}", prevHash: AuditChain.genesis)
        #expect(h == "0871a92ca321fbcc4ea63ed51af91e6da4e5bbc395392cf1baa7a54588b49cfc")
    }

    @Test func intactChainVerifies() {
        let v = Self.verify(Self.chain(10))
        #expect(v.valid && v.length == 10)
        #expect(Self.verify([]).valid)
    }

    /// Each tampering is detected at the row where it happened.
    @Test(arguments: [
        ("edited details", 4 as Int64, AuditChain.Problem.hash),
        ("edited actor", 7, .hash),
        ("deleted row", 5, .sequence),
        // The forged row links correctly to row 2; the original row 3, now numbered 4, no longer links.
        ("inserted row", 4, .link),
        ("swapped rows", 6, .sequence),
        ("renumbered after delete", 5, .link),
        ("deleted tail", 10, .sequence),
    ])
    func tamperingIsLocated(_ kind: String, _ at: Int64, _ problem: AuditChain.Problem) {
        var c = Self.chain(10)
        var storedLength: Int64?
        var storedHead: String?
        switch kind {
        case "edited details": c[3].details = #"{"n":999}"#
        case "edited actor": c[6].actor = "mallory"
        case "deleted row": c.remove(at: 4)
        case "inserted row":
            // A forged row 3 with a correct hash of its own, the old 3… renumbered: its link breaks.
            let forged = AuditChain.Entry(
                seq: 3, at: 1, actor: "x", action: "x", tenderId: nil, details: "{}", prevHash: c[1].hash,
                hash: AuditChain.hash(seq: 3, at: 1, actor: "x", action: "x", tenderId: nil, details: "{}", prevHash: c[1].hash))
            for i in 2..<c.count { c[i].seq += 1 }
            c.insert(forged, at: 2)
            storedLength = 11
            storedHead = c.last!.hash
        case "swapped rows": c.swapAt(5, 6)
        case "renumbered after delete":
            c.remove(at: 4)
            for i in 4..<c.count { c[i].seq -= 1 }
            storedLength = 9
            storedHead = c.last!.hash
        case "deleted tail":
            storedLength = 10
            storedHead = c.last!.hash
            c.removeLast()
        default: Issue.record("unknown case")
        }
        let v = Self.verify(c, storedLength: storedLength, storedHead: storedHead)
        #expect(!v.valid)
        #expect(v.firstInvalid == at, "\(kind)")
        #expect(v.problem == problem, "\(kind)")
    }
}

import Foundation
import Testing

@testable import TenderDomain

/// The pure rules behind the security review's fixes, with hand-made cases (vectors from Python's
/// hashlib where a hash is expected).
@Suite struct HardeningRulesTests {
    @Test(arguments: [
        ("20d", true), ("1098d", true), ("1099d", false), ("783wd", true), ("784wd", false),
        ("94867200s", true), ("94867201s", false), ("26352h", true), ("26353h", false), ("999999999wd", false),
    ])
    func periodsAreBoundedToThreeYears(_ text: String, _ within: Bool) throws {
        let p = try #require(Period(text))
        #expect(p.isWithinLimit == within, "\(text)")
    }

    @Test(arguments: [
        // text, rule, first refused scalar (nil: accepted)
        ("北京清洁服务有限公司（分公司）· A&B — “优质”", TextRule.line, nil as UInt32?),
        ("Tab\tin a title", .line, 0x09), ("two\nlines", .line, 0x0A), ("two\nlines\tand tab", .prose, nil),
        ("bell\u{07}", .prose, 0x07), ("nul\u{0}", .prose, 0x00), ("del\u{7F}", .line, 0x7F), ("c1\u{85}", .prose, 0x85),
        ("evil\u{202E}txt.exe", .line, 0x202E), ("iso\u{2066}late", .prose, 0x2066), ("zero\u{200B}width", .line, 0x200B),
        ("rlm\u{200F}", .line, 0x200F), ("bom\u{FEFF}", .line, 0xFEFF), ("emoji 🙂 ok", .line, nil),
        ("non-breaking\u{00A0}space", .line, nil),
    ])
    func textRules(_ text: String, _ rule: TextRule, _ refused: UInt32?) {
        #expect(rule.firstRefused(in: text)?.value == refused, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: [
        (#"{"price":"1.00","currency":"CNY"}"#, nil as String?),
        (#"{"price":"100.00","currency":"CNY","price":"990.00"}"#, "price"),
        (#"{"pr\u0069ce":"1.00","price":"2.00"}"#, "price"),  // the same key once unescaped
        (#"{"qualifications":{"license":true,"license":false}}"#, "qualifications.license"),
        (#"{"a":{"x":1},"b":{"x":2}}"#, nil),  // the same key in different objects
        (#"{"a":[{"x":1},{"x":2}],"s":"\"x\":1,\"x\":2"}"#, nil),  // array elements; keys inside a string value
        (#"[{"k":1,"k":2}]"#, "k"),
        (#"{"a\\":1,"a\\\\":2}"#, nil),
    ])
    func duplicateKeys(_ json: String, _ expected: String?) {
        #expect(JSONDuplicateKeys.first(in: Data(json.utf8)) == expected, "\(json)")
    }

    @Test func bidDocumentWithDuplicateKeys_isInvalid() {
        let doc = Data(#"{"price":"100.00","currency":"CNY","qualifications":{"license":true},"price":"990.00"}"#.utf8)
        guard case .failure(let p) = BidDocument.validate(doc, currency: "CNY", qualificationKeys: ["license"]) else {
            Issue.record("accepted a document with a duplicate key")
            return
        }
        #expect(p.items == ["duplicate_key: 'price' appears more than once"])
    }

    /// python3: hashlib.sha256(("v2\n" + "0"*64 + "\n1\n5\n" + "".join(fields)).encode()), fields as documented.
    @Test func chainVersion2_vectors_andAbsentDiffersFromEmpty() {
        let g = AuditChain.genesis
        #expect(
            AuditChain.hashV2(
                seq: 1, at: 5, actor: "alice", actorName: "Alice 李", action: "tender.created", tenderId: "t1", details: "{}", prevHash: g)
                == "35551bc5dd3a9ffd1c3415c0602b06bf9fada71345765f51a19c3e41eae37e7b")
        #expect(
            AuditChain.hashV2(
                seq: 1, at: 5, actor: "alice", actorName: nil, action: "tender.created", tenderId: nil, details: "{}", prevHash: g)
                == "e8b81c9394b511b74ddb8f60815b7f054bf4f134205ca3e258f6103033a6e8b9")
        #expect(
            AuditChain.hashV2(
                seq: 1, at: 5, actor: "alice", actorName: nil, action: "tender.created", tenderId: "", details: "{}", prevHash: g)
                == "b8ac6b71eb66c99d554eb132df8e45a04736d7914d9fc299ba62aede1557ea74")
        // Version 1 could not tell the two apart.
        #expect(
            AuditChain.hash(seq: 1, at: 5, actor: "a", action: "x", tenderId: nil, details: "{}", prevHash: g)
                == AuditChain.hash(seq: 1, at: 5, actor: "a", action: "x", tenderId: "", details: "{}", prevHash: g))
    }

    static func v2Chain(_ n: Int, startingWithV1: Int = 0) -> [AuditChain.Entry] {
        var prev = AuditChain.genesis
        return (1...n).map { i in
            let seq = Int64(i)
            let tenderId: String? = i % 2 == 0 ? "t" : nil
            let v1 = i <= startingWithV1
            let h =
                v1
                ? AuditChain.hash(seq: seq, at: seq, actor: "u", action: "a", tenderId: tenderId, details: "{}", prevHash: prev)
                : AuditChain.hashV2(
                    seq: seq, at: seq, actor: "u", actorName: "User", action: "a", tenderId: tenderId, details: "{}", prevHash: prev)
            defer { prev = h }
            return .init(
                seq: seq, at: seq, actor: "u", action: "a", tenderId: tenderId, details: "{}", prevHash: prev, hash: h,
                version: v1 ? 1 : 2, actorName: v1 ? nil : "User")
        }
    }

    static func verify(_ c: [AuditChain.Entry]) -> AuditChain.Verifier {
        var v = AuditChain.Verifier()
        for e in c { v.feed(e) }
        v.finish(storedLength: Int64(c.count), storedHead: c.last?.hash ?? AuditChain.genesis)
        return v
    }

    /// The tamper table for version 2 (and a chain that starts in version 1).
    @Test(arguments: [
        ("intact", nil as Int64?, nil as AuditChain.Problem?),
        ("tender id NULL → empty", 3, .hash), ("tender id t → NULL", 4, .hash), ("recorded name edited", 6, .hash),
        ("name added to a version-1 entry", 2, .hash), ("downgrade to version 1", 5, .version), ("unknown version", 4, .version),
    ])
    func chainVersion2_tampering(_ kind: String, _ at: Int64?, _ problem: AuditChain.Problem?) {
        var c = Self.v2Chain(8, startingWithV1: 2)
        let expectInvalid = at != nil
        switch kind {
        case "tender id NULL → empty": c[2].tenderId = ""
        case "tender id t → NULL": c[3].tenderId = nil
        case "recorded name edited": c[5].actorName = "Someone else"
        case "name added to a version-1 entry": c[1].actorName = "Forged"
        case "downgrade to version 1": c[4].version = 1
        case "unknown version": c[3].version = 3
        default: break
        }
        let v = Self.verify(c)
        #expect(v.valid == !expectInvalid, "\(kind)")
        #expect(v.firstInvalid == at, "\(kind)")
        #expect(v.problem == problem, "\(kind)")
    }

    /// python3: hashlib.sha256("salt\nlicense=true,x=false\nexperience=300,technical=3050".encode())
    @Test func scoresheetDigest_vector() {
        #expect(
            ScoresheetDigest.sha256(
                salt: "salt", qualification: ["x": false, "license": true], scores: ["technical": 3050, "experience": 300])
                == "3f95929e74f924fbd0023e53697d2480dabb076f8df51dcb8e003fa9b9db9b4f")
        #expect(ScoresheetDigest.newSalt().count == 32)
        #expect(ScoresheetDigest.newSalt() != ScoresheetDigest.newSalt())
    }

    /// A deterministic generator (SplitMix64), so the label draw is tested without chance.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func memberLabels_areAUniformPermutation_unrelatedToTheCommitteeOrder() {
        let committee = ["m1", "m2", "m3", "m4", "m5"]
        var g = SplitMix(state: 2026)
        var atFirst: [String: Int] = [:]
        var identity = 0
        let draws = 5000
        for _ in 0..<draws {
            let order = MemberLabels.draw(committee, using: &g)
            #expect(order.sorted() == committee)
            atFirst[order[0], default: 0] += 1
            if order == committee { identity += 1 }
        }
        // Each member is "Member 1" about a fifth of the time (1000 ± 4.5 σ, σ ≈ 28); the committee's
        // own order comes up about 1 in 120 draws (≈ 42), not always.
        for m in committee { #expect((875...1125).contains(atFirst[m] ?? 0), "\(m): \(atFirst[m] ?? 0)") }
        #expect(identity < 100)
        #expect(MemberLabels.label(of: "m3", in: ["m2", "m3", "m1"]) == "Member 2")
        #expect(MemberLabels.label(of: "m9", in: ["m2", "m3", "m1"]) == nil)
    }
}

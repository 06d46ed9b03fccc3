/// How alike two proposals are (投标文件异常一致): the Jaccard similarity of their word 5-gram
/// sets. Words are runs of letters and digits (lowercased); in scripts written without spaces
/// (Chinese, Japanese, Korean) each character is a word, so a 5-gram is five characters. Many
/// proposals are compared by MinHash (64 hashes) and locality-sensitive hashing (16 bands of 4):
/// only candidate pairs get the exact Jaccard, never all n² pairs of full texts.
public enum ProposalSimilarity {
    public static let gram = 5
    public static let threshold = 0.8

    struct Token {
        /// FNV-1a 64 of the word's lowercased UTF-8: the same in every process (Swift's Hasher is
        /// seeded per process).
        let hash: UInt64
        let range: Range<String.Index>
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2FA1F).contains(v)
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    static func fnv(_ h: UInt64, _ bytes: some Sequence<UInt8>) -> UInt64 {
        var h = h
        for b in bytes { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    /// Scalar by scalar: ASCII letters and digits fast, other scripts by their Unicode properties.
    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        let scalars = text.unicodeScalars
        var wordStart: String.Index?
        var h = fnvOffset
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            let next = scalars.index(after: i)
            let v = c.value
            let isWordScalar: Bool
            var lower: UInt32 = v
            if v < 0x80 {
                let b = UInt8(v)
                isWordScalar = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                if b >= 0x41 && b <= 0x5A { lower = v + 32 }
            } else if isCJK(v) {
                if let s = wordStart { out.append(Token(hash: h, range: s..<i)); wordStart = nil }
                out.append(Token(hash: fnv(fnvOffset, String(c).utf8), range: i..<next))
                i = next
                continue
            } else {
                isWordScalar = c.properties.isAlphabetic || c.properties.numericType != nil
                if isWordScalar, c.properties.isUppercase, let l = c.properties.lowercaseMapping.unicodeScalars.first { lower = l.value }
            }
            if isWordScalar {
                if wordStart == nil {
                    wordStart = i
                    h = fnvOffset
                }
                h = fnv(h, String(UnicodeScalar(lower)!).utf8)
            } else if let s = wordStart {
                out.append(Token(hash: h, range: s..<i))
                wordStart = nil
            }
            i = next
        }
        if let s = wordStart { out.append(Token(hash: h, range: s..<scalars.endIndex)) }
        return out
    }

    /// The hash of consecutive words.
    static func hash(_ words: ArraySlice<Token>) -> UInt64 {
        var h = fnvOffset
        for w in words { h = mix(h ^ w.hash) }
        return h
    }

    /// The hashes of a text's word 5-grams, in text order (a text of fewer words is one n-gram).
    static func shingles(_ t: [Token]) -> [UInt64] {
        guard !t.isEmpty else { return [] }
        guard t.count >= gram else { return [hash(t[...])] }
        return (0...(t.count - gram)).map { hash(t[$0..<($0 + gram)]) }
    }

    public static func jaccard(_ a: String, _ b: String) -> Double {
        jaccard(Set(shingles(tokens(a))), Set(shingles(tokens(b))))
    }

    static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        if a.isEmpty && b.isEmpty { return 0 }
        let common = a.count < b.count ? a.filter(b.contains).count : b.filter(a.contains).count
        return Double(common) / Double(a.count + b.count - common)
    }

    static func mix(_ x: UInt64) -> UInt64 {  // splitmix64's finalizer
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let hashes = 64
    static let bands = 16

    /// 64 min-hashes from two base hashes per shingle (h_i = a + i·b, Kirsch and Mitzenmacher):
    /// one multiply-add per hash instead of a full mix.
    static func signature(_ set: Set<UInt64>) -> [UInt64] {
        var sig = [UInt64](repeating: .max, count: hashes)
        for x in set {
            let a = mix(x)
            let b = mix(x ^ 0x5851_F42D_4C95_7F2D) | 1
            var v = a
            for i in 0..<hashes {
                if v < sig[i] { sig[i] = v }
                v = v &+ b
            }
        }
        return sig
    }

    public struct Pair: Sendable, Equatable {
        public let a: String
        public let b: String
        public let similarity: Double
        /// The longest passage of `a` whose 5-grams all occur in `b`, and where `b` has its first 5-gram.
        public let passageA: String
        public let passageB: String
    }

    /// The pairs of documents (id, text) whose 5-gram Jaccard similarity is at least `threshold`,
    /// ordered by `a`, then `b` (a < b).
    public static func similarPairs(_ docs: [(id: String, text: String)], threshold: Double = threshold) -> [Pair] {
        let toks = docs.map { tokens($0.text) }
        let seqs = toks.map(shingles)
        let sets = seqs.map(Set.init)
        let rows = hashes / bands
        var buckets: [UInt64: [Int]] = [:]
        for (k, set) in sets.enumerated() where !set.isEmpty {
            let sig = signature(set)
            for band in 0..<bands {
                var h = UInt64(band) &* 0x100_0000_01b3
                for r in 0..<rows { h = mix(h ^ sig[band * rows + r]) }
                buckets[h, default: []].append(k)
            }
        }
        var candidates = Set<[Int]>()
        for members in buckets.values where members.count > 1 {
            for x in 0..<members.count {
                for y in (x + 1)..<members.count where members[x] != members[y] {
                    candidates.insert([min(members[x], members[y]), max(members[x], members[y])])
                }
            }
        }
        var out: [Pair] = []
        for c in candidates {
            let (i, j) = (c[0], c[1])
            let s = jaccard(sets[i], sets[j])
            guard s >= threshold else { continue }
            let (pa, pb) = passages(toks[i], seqs[i], docs[i].text, toks[j], seqs[j], sets[j], docs[j].text)
            let (first, second) = docs[i].id < docs[j].id ? (i, j) : (j, i)
            out.append(
                Pair(
                    a: docs[first].id, b: docs[second].id, similarity: s, passageA: first == i ? pa : pb, passageB: first == i ? pb : pa))
        }
        return out.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    static let passageLimit = 300

    /// The longest run of consecutive 5-grams of A that all occur in B, as A's text, and B's text
    /// from where B has that run's first 5-gram, each cut to `passageLimit` characters.
    static func passages(
        _ ta: [Token], _ sa: [UInt64], _ textA: String, _ tb: [Token], _ sb: [UInt64], _ setB: Set<UInt64>, _ textB: String
    ) -> (String, String) {
        var best = (start: 0, length: 0)
        var run = (start: 0, length: 0)
        for (k, h) in sa.enumerated() {
            if setB.contains(h) {
                run = run.length == 0 ? (k, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (0, 0)
            }
        }
        guard best.length > 0, !ta.isEmpty, !tb.isEmpty else { return ("", "") }
        let lastA = min(ta.count - 1, best.start + best.length - 1 + gram - 1)
        let a = String(textA[ta[best.start].range.lowerBound..<ta[lastA].range.upperBound].prefix(passageLimit))
        let startB = sb.firstIndex(of: sa[best.start]) ?? 0
        let lastB = min(tb.count - 1, startB + best.length - 1 + gram - 1)
        let b = String(textB[tb[startB].range.lowerBound..<tb[lastB].range.upperBound].prefix(passageLimit))
        return (a, b)
    }
}

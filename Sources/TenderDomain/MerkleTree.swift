import Crypto
import Foundation

/// RFC 6962 Merkle tree hash (section 2.1) and audit paths (section 2.1.1) over raw 32-byte leaves:
/// leaf = SHA-256(0x00 ‖ leaf), node = SHA-256(0x01 ‖ left ‖ right), split at the largest power of
/// two smaller than n, empty tree = SHA-256 of nothing.
public enum MerkleTree {
    public typealias Hash = [UInt8]

    public static func leafHash(_ leaf: [UInt8]) -> Hash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: leaf)
        return Array(h.finalize())
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left)
        h.update(data: right)
        return Array(h.finalize())
    }

    /// Largest power of two strictly smaller than n (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    public static func root(_ leaves: [[UInt8]]) -> Hash {
        if leaves.isEmpty { return Array(SHA256.hash(data: Data())) }
        return mth(leaves.map(leafHash)[...])
    }

    static func mth(_ hashes: ArraySlice<Hash>) -> Hash {
        if hashes.count == 1 { return hashes.first! }
        let k = split(hashes.count)
        let mid = hashes.startIndex + k
        return nodeHash(mth(hashes[hashes.startIndex..<mid]), mth(hashes[mid...]))
    }

    /// PATH(m, D[n]) of RFC 6962 section 2.1.1, leaf side first.
    public static func auditPath(index m: Int, leaves: [[UInt8]]) -> [Hash] {
        precondition(m >= 0 && m < leaves.count)
        return path(m, leaves.map(leafHash)[...])
    }

    static func path(_ m: Int, _ hashes: ArraySlice<Hash>) -> [Hash] {
        if hashes.count <= 1 { return [] }
        let k = split(hashes.count)
        let mid = hashes.startIndex + k
        if m < k {
            return path(m, hashes[hashes.startIndex..<mid]) + [mth(hashes[mid...])]
        }
        return path(m - k, hashes[mid...]) + [mth(hashes[hashes.startIndex..<mid])]
    }

    /// Recomputes the root from a leaf and its audit path (RFC 9162 section 2.1.3.2), as a vendor would.
    public static func rootFromPath(leaf: [UInt8], index: Int, treeSize: Int, path: [Hash]) -> Hash? {
        guard index >= 0, index < treeSize else { return nil }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash(leaf)
        for p in path {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }
}

import Crypto
import Foundation
import Testing

@testable import TenderDomain

/// RFC 6962 section 2.1 built by hand: each expected root below is composed explicitly from the
/// leaf and node hash definitions, following the split at the largest power of two below n.
@Suite struct MerkleTreeTests {
    static func leaf(_ i: Int) -> [UInt8] { Array(SHA256.hash(data: Data("leaf-\(i)".utf8))) }
    static func L(_ i: Int) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x00] + leaf(i))
        return Array(h.finalize())
    }
    static func N(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x01] + a + b)
        return Array(h.finalize())
    }
    static func leaves(_ n: Int) -> [[UInt8]] { (0..<n).map(leaf) }

    @Test func emptyTree_isHashOfNothing() {
        #expect(Commitment.hex(MerkleTree.root([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func leafHash_knownAnswer() {
        // Certificate Transparency's known answer: the leaf hash of the empty leaf is SHA-256(0x00).
        #expect(Commitment.hex(MerkleTree.leafHash([])) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    }

    static func handBuilt(_ n: Int) -> [UInt8] {
        switch n {
        case 1: L(0)
        case 2: N(L(0), L(1))
        case 3: N(N(L(0), L(1)), L(2))
        case 7: N(N(N(L(0), L(1)), N(L(2), L(3))), N(N(L(4), L(5)), L(6)))
        case 8: N(N(N(L(0), L(1)), N(L(2), L(3))), N(N(L(4), L(5)), N(L(6), L(7))))
        default: []
        }
    }

    @Test(arguments: [1, 2, 3, 7, 8])
    func root_matchesHandBuiltTree(_ n: Int) {
        #expect(MerkleTree.root(Self.leaves(n)) == Self.handBuilt(n))
    }

    @Test func auditPaths_matchHandBuiltPaths() {
        let seven = Self.leaves(7)
        // PATH(6, D[7]) = PATH(2, D[4:7]) ‖ MTH(D[0:4]) = [MTH(D[4:6]), MTH(D[0:4])]
        #expect(
            MerkleTree.auditPath(index: 6, leaves: seven) == [
                Self.N(Self.L(4), Self.L(5)), Self.N(Self.N(Self.L(0), Self.L(1)), Self.N(Self.L(2), Self.L(3))),
            ])
        // PATH(0, D[7]) = [L1, MTH(D[2:4]), MTH(D[4:7])]
        #expect(
            MerkleTree.auditPath(index: 0, leaves: seven) == [
                Self.L(1), Self.N(Self.L(2), Self.L(3)), Self.N(Self.N(Self.L(4), Self.L(5)), Self.L(6)),
            ])
        // PATH(2, D[3]) = [MTH(D[0:2])]
        #expect(MerkleTree.auditPath(index: 2, leaves: Self.leaves(3)) == [Self.N(Self.L(0), Self.L(1))])
        #expect(MerkleTree.auditPath(index: 0, leaves: Self.leaves(1)) == [])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 8, 13])
    func everyPath_recomputesTheRoot(_ n: Int) {
        let leaves = Self.leaves(n)
        let root = MerkleTree.root(leaves)
        for i in 0..<n {
            let path = MerkleTree.auditPath(index: i, leaves: leaves)
            #expect(MerkleTree.rootFromPath(leaf: leaves[i], index: i, treeSize: n, path: path) == root)
            // A wrong index or a wrong leaf does not verify.
            if n > 1 {
                #expect(MerkleTree.rootFromPath(leaf: leaves[i], index: (i + 1) % n, treeSize: n, path: path) != root)
            }
            #expect(MerkleTree.rootFromPath(leaf: Self.leaf(99), index: i, treeSize: n, path: path) != root)
        }
    }
}

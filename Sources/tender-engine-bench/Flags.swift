import Foundation
import TenderDomain

/// `tender-engine-bench flags`: a tender's red flags on 1,000 revealed bids with 2,000-character
/// Chinese proposals, 10 of them near-copies of another (2 % of the characters changed). Prints
/// the median time of `TenderRedFlags.compute` over 5 runs and what it found.
func flagsBenchmark() {
    var rng = SystemRandomNumberGenerator()
    let alphabet = (0x4E00..<0x4E00 + 3000).map { Character(UnicodeScalar($0)!) }
    func text(_ n: Int) -> [Character] { (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] } }
    var proposals = (0..<1000).map { _ in text(2000) }
    for k in 0..<10 {
        var copy = proposals[k * 2]
        for _ in 0..<40 { copy[Int.random(in: 0..<copy.count, using: &rng)] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        proposals[k * 2 + 1] = copy
    }
    let bids = proposals.enumerated().map { i, p in
        TenderFacts.Bid(
            id: String(format: "bid-%04d", i), vendorId: "v-\(i)", cents: Int64.random(in: 500_000_00...1_500_000_00, using: &rng),
            proposal: String(p), origin: "o-\(i)", disqualified: false)
    }
    let facts = TenderFacts(bids: bids, submissionDeadline: Date())
    var times: [Double] = []
    var flags: [RedFlag] = []
    for _ in 0..<5 {
        let start = ContinuousClock.now
        flags = TenderRedFlags.compute(facts)
        let d = ContinuousClock.now - start
        times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    times.sort()
    let similar = flags.filter { $0.code == .similarDocuments }.count
    print("red flags: 1,000 revealed bids, 2,000-character proposals (10 near-copies planted)")
    print(
        String(
            format: "median of 5: %.0f ms (min %.0f, max %.0f); similar_documents found: %d of 10; all flags: %d", times[2] * 1000,
            times[0] * 1000, times[4] * 1000, similar, flags.count))
    print("RESULT flags_ms=\(Int(times[2] * 1000)) similar=\(similar)")
}

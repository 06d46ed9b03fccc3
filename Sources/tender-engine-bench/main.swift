// The pure scoring engine on 1,000 revealed bids, 9 members and 10 criteria (price, 8 scored,
// 1 qualification): prints criterion scores per second (bids × members × scored criteria ÷ time).
// Run by Benchmarks/evaluation.sh in a release build.
import Foundation
import TenderDomain

if CommandLine.arguments.dropFirst().first == "flags" {
    flagsBenchmark()
    exit(0)
}

let bids = 1000, members = 9, scoredCount = 8
var criteria = [Criterion(key: "price", name: nil, type: .price, weightHundredths: 10_00, maxScoreHundredths: nil)]
for i in 0..<scoredCount {
    criteria.append(Criterion(key: "c\(i)", name: "c\(i)", type: .scored, weightHundredths: 11_25, maxScoreHundredths: 10_00))
}
criteria.append(Criterion(key: "license", name: "licence", type: .qualification, weightHundredths: nil, maxScoreHundredths: nil))
var rng = SystemRandomNumberGenerator()
let input = EvaluationInput(
    criteria: criteria, budgetCents: 2_000_000_00, minimumValidBids: 3, trimExtremesFrom: 7, outlierShare: Share("0.3")!,
    abnormallyLowShare: Share("0.8")!, memberCount: members,
    bids: (0..<bids).map {
        .init(
            id: "bid-\($0)", vendorId: "v-\($0)", submittedAt: Int64($0),
            state: .revealed(priceCents: Int64.random(in: 500_000_00...1_500_000_00, using: &rng)))
    },
    sheets: (0..<bids).map { _ in
        (0..<members).map { _ in
            EvaluationInput.Sheet(
                qualification: [Bool.random(using: &rng) || Bool.random(using: &rng)],
                scores: (0..<scoredCount).map { _ in Int64.random(in: 0...1000, using: &rng) })
        }
    })
let rounds = 30
var times: [Double] = []
var checksum: Int64 = 0
for _ in 0..<rounds {
    let start = ContinuousClock.now
    let r = EvaluationEngine.evaluate(input)
    let d = ContinuousClock.now - start
    checksum &+= r.ranking.first?.totalHundredths ?? 0
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
}
times.sort()
let median = times[rounds / 2]
let scores = Double(bids * members * scoredCount)
print(String(format: "engine: %d bids × %d members × %d scored criteria = %.0f criterion scores", bids, members, scoredCount, scores))
print(
    String(
        format: "engine evaluate median %.2f ms (min %.2f, max %.2f over %d runs)", median * 1000, times[0] * 1000,
        times[rounds - 1] * 1000, rounds))
print(String(format: "RESULT engine_scores_per_s=%.0f median_ms=%.3f checksum=%lld", scores / median, median * 1000, checksum))

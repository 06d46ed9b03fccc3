/// Price signals of collusion (招标投标法实施条例 art. 40: 投标报价呈规律性差异; and identical prices).
public enum PriceSignals {
    /// Groups (of at least two) of bids with exactly the same price, by price ascending. `prices`
    /// are (bid id, hundredths).
    public static func identical(_ prices: [(id: String, cents: Int64)]) -> [(cents: Int64, ids: [String])] {
        Dictionary(grouping: prices, by: \.cents).filter { $0.value.count >= 2 }
            .map { (cents: $0.key, ids: $0.value.map(\.id).sorted()) }.sorted { $0.cents < $1.cents }
    }

    public enum Kind: String, Sendable, Equatable {
        case arithmetic, geometric
    }

    public struct Progression: Sendable, Equatable {
        public let kind: Kind
        /// Bid ids and prices in ascending price order.
        public let ids: [String]
        public let cents: [Int64]
    }

    /// Relative tolerance: successive steps (arithmetic) or growth rates (geometric) equal within 0.1 %.
    public static let tolerance = 0.001

    /// Runs of three or more bids adjacent in price order (distinct prices; identical prices are
    /// their own signal) whose successive differences are equal within 0.1 % of the larger
    /// difference (arithmetic), or else whose successive growth rates p[i+1]/p[i] − 1 are equal
    /// within 0.1 % of the larger rate (geometric). Each run is maximal; two are not a pattern.
    public static func progressions(_ prices: [(id: String, cents: Int64)]) -> [Progression] {
        // One bid per distinct price, the smallest id: a tie does not break a run.
        var byPrice: [Int64: String] = [:]
        for p in prices where p.cents > 0 { byPrice[p.cents] = min(byPrice[p.cents] ?? p.id, p.id) }
        let sorted = byPrice.keys.sorted()
        guard sorted.count >= 3 else { return [] }
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance * max(abs(a), abs(b)) }
        var result: [Progression] = []
        for kind in [Kind.arithmetic, .geometric] {
            func step(_ i: Int) -> Double {
                let (a, b) = (Double(sorted[i]), Double(sorted[i + 1]))
                return kind == .arithmetic ? b - a : b / a - 1
            }
            var start = 0
            while start + 2 < sorted.count {
                // The run covers sorted[start...end]; each further step must match its first step.
                var end = start + 1
                while end + 1 < sorted.count, close(step(start), step(end)) { end += 1 }
                if end - start + 1 >= 3 {
                    let run = Array(sorted[start...end])
                    result.append(Progression(kind: kind, ids: run.map { byPrice[$0]! }, cents: run))
                    start = end
                } else {
                    start += 1
                }
            }
        }
        // An arithmetic run is reported once even when it is also (nearly) geometric.
        var seen = Set<[Int64]>()
        return result.filter { seen.insert($0.cents).inserted }
    }
}

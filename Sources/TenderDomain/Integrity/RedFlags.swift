import Foundation

/// An integrity signal (docs/DESIGN.md §14): it informs the committee and the auditors, it decides
/// nothing (招标投标法实施条例 art. 40 lists the situations deemed collusion).
public struct RedFlag: Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable, Codable {
        case identicalPrices = "identical_prices"
        case pricePattern = "price_pattern"
        case similarDocuments = "similar_documents"
        case sharedOrigin = "shared_origin"
        case sharedRegistration = "shared_registration"
        case singleBid = "single_bid"
        case lowestBidDisqualified = "lowest_bid_disqualified"
        case allButWinnerDisqualified = "all_but_winner_disqualified"
        case minimumPeriod = "minimum_period"
        case lateAmendment = "late_amendment"
        case bidRotation = "bid_rotation"
        /// Across tenders: one vendor wins half or more of a department's awards.
        case departmentConcentration = "department_concentration"

        public var severity: Severity {
            switch self {
            case .singleBid, .minimumPeriod, .lateAmendment: .info
            default: .warning
            }
        }
    }

    public enum Severity: String, Sendable, Codable {
        case info, warning
    }

    public let code: Code
    public let bidIds: [String]
    public let vendorIds: [String]
    public let evidence: [String: JSONValue]

    public init(_ code: Code, bidIds: [String] = [], vendorIds: [String] = [], evidence: [String: JSONValue] = [:]) {
        self.code = code
        self.bidIds = bidIds
        self.vendorIds = vendorIds
        self.evidence = evidence
    }

    public var severity: Severity { code.severity }

    /// What names this flag for a dismissal: its code, the bids it concerns and, where one tender
    /// can have several of a code over the same bids, what tells them apart.
    public var key: String {
        var parts = [code.rawValue, bidIds.joined(separator: ",")]
        switch code {
        case .sharedRegistration: if case .string(let f)? = evidence["field"] { parts.append(f) }
        case .lateAmendment: if case .number(let n)? = evidence["amendment"] { parts.append(String(Int(n))) }
        case .pricePattern: if case .string(let k)? = evidence["kind"] { parts.append(k) }
        default: break
        }
        return parts.joined(separator: ":")
    }
}

/// What a tender's flags are computed from: its active bids at the deadline, their vendors'
/// profiles, its schedule and amendments, and (once known) the evaluation and the award.
public struct TenderFacts: Sendable {
    public struct Bid: Sendable {
        public var id: String
        public var vendorId: String
        /// Hundredths, for a revealed valid document.
        public var cents: Int64?
        public var proposal: String?
        /// The keyed hash of the client address the commitment came from.
        public var origin: String?
        /// From the final evaluation: not ranked (invalid, unrevealed, over budget, unqualified). Nil before.
        public var disqualified: Bool?

        public init(
            id: String, vendorId: String, cents: Int64? = nil, proposal: String? = nil, origin: String? = nil, disqualified: Bool? = nil
        ) {
            self.id = id
            self.vendorId = vendorId
            self.cents = cents
            self.proposal = proposal
            self.origin = origin
            self.disqualified = disqualified
        }
    }

    public struct Vendor: Sendable {
        public var id: String
        public var phone: String?
        public var contactName: String?
        public var address: String?

        public init(id: String, phone: String? = nil, contactName: String? = nil, address: String? = nil) {
            self.id = id
            self.phone = phone
            self.contactName = contactName
            self.address = address
        }
    }

    public struct Amendment: Sendable {
        public var number: Int
        public var at: Date
        public var deadlineBefore: Date
        public var deadlineAfter: Date

        public init(number: Int, at: Date, deadlineBefore: Date, deadlineAfter: Date) {
            self.number = number
            self.at = at
            self.deadlineBefore = deadlineBefore
            self.deadlineAfter = deadlineAfter
        }
    }

    public var bids: [Bid]
    public var vendors: [Vendor]
    public var submissionDeadline: Date
    /// The earliest submission deadline the regime allowed at publication.
    public var earliestAllowed: Date?
    public var amendments: [Amendment]
    public var winnerBidId: String?

    public init(
        bids: [Bid], vendors: [Vendor] = [], submissionDeadline: Date, earliestAllowed: Date? = nil, amendments: [Amendment] = [],
        winnerBidId: String? = nil
    ) {
        self.bids = bids
        self.vendors = vendors
        self.submissionDeadline = submissionDeadline
        self.earliestAllowed = earliestAllowed
        self.amendments = amendments
        self.winnerBidId = winnerBidId
    }
}

/// A tender's red flags, each with its evidence and the bids and vendors it concerns.
public enum TenderRedFlags {
    public static func compute(_ f: TenderFacts) -> [RedFlag] {
        var flags: [RedFlag] = []
        let byId = Dictionary(f.bids.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func vendors(_ ids: [String]) -> [String] { Array(Set(ids.compactMap { byId[$0]?.vendorId })).sorted() }
        if f.bids.count == 1 { flags.append(RedFlag(.singleBid, bidIds: [f.bids[0].id], vendorIds: [f.bids[0].vendorId])) }

        let priced = f.bids.compactMap { b in b.cents.map { (id: b.id, cents: $0) } }
        for group in PriceSignals.identical(priced) {
            flags.append(
                RedFlag(
                    .identicalPrices, bidIds: group.ids, vendorIds: vendors(group.ids),
                    evidence: ["price": .string(Money(cents: group.cents).description)]))
        }
        for p in PriceSignals.progressions(priced) {
            let steps = zip(p.cents, p.cents.dropFirst()).map { Money(cents: $1 - $0).description }
            flags.append(
                RedFlag(
                    .pricePattern, bidIds: p.ids, vendorIds: vendors(p.ids),
                    evidence: [
                        "kind": .string(p.kind.rawValue), "prices": .array(p.cents.map { .string(Money(cents: $0).description) }),
                        "steps": .array(steps.map(JSONValue.string)),
                    ]))
        }

        let docs = f.bids.compactMap { b in b.proposal.flatMap { $0.isEmpty ? nil : (id: b.id, text: $0) } }
        for pair in ProposalSimilarity.similarPairs(docs) where byId[pair.a]?.vendorId != byId[pair.b]?.vendorId {
            flags.append(
                RedFlag(
                    .similarDocuments, bidIds: [pair.a, pair.b], vendorIds: vendors([pair.a, pair.b]),
                    evidence: [
                        "similarity": .string(String(format: "%.2f", pair.similarity)),
                        "passages": .array([.string(pair.passageA), .string(pair.passageB)]),
                    ]))
        }

        for (_, group) in Dictionary(grouping: f.bids.filter { $0.origin != nil }, by: { $0.origin! }).sorted(by: { $0.key < $1.key }) {
            let ids = group.map(\.id).sorted()
            if Set(group.map(\.vendorId)).count >= 2 {
                flags.append(RedFlag(.sharedOrigin, bidIds: ids, vendorIds: vendors(ids), evidence: ["origin": .string("same")]))
            }
        }

        let bidders = Set(f.bids.map(\.vendorId))
        for (field, value) in [
            ("phone", { (v: TenderFacts.Vendor) in normalizedPhone(v.phone) }), ("contactName", { normalizedText($0.contactName) }),
            ("address", { normalizedText($0.address) }),
        ] as [(String, (TenderFacts.Vendor) -> String?)] {
            let groups = Dictionary(
                grouping: f.vendors.filter { bidders.contains($0.id) }.compactMap { v in value(v).map { ($0, v.id) } }, by: \.0)
            for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
                let ids = members.map(\.1).sorted()
                flags.append(
                    RedFlag(
                        .sharedRegistration, bidIds: f.bids.filter { ids.contains($0.vendorId) }.map(\.id).sorted(), vendorIds: ids,
                        evidence: ["field": .string(field)]))
            }
        }

        // After the evaluation: the lowest price out, or everyone but the winner out.
        let judged = f.bids.filter { $0.disqualified != nil }
        if let lowest = judged.filter({ $0.cents != nil }).min(by: { ($0.cents!, $0.id) < ($1.cents!, $1.id) }),
            lowest.disqualified == true,
            judged.contains(where: { $0.disqualified == false })
        {
            flags.append(
                RedFlag(
                    .lowestBidDisqualified, bidIds: [lowest.id], vendorIds: [lowest.vendorId],
                    evidence: ["price": .string(Money(cents: lowest.cents!).description)]))
        }
        if let winner = f.winnerBidId, f.bids.count >= 3, f.bids.allSatisfy({ $0.id == winner || $0.disqualified == true }) {
            let others = f.bids.map(\.id).filter { $0 != winner }.sorted()
            flags.append(
                RedFlag(
                    .allButWinnerDisqualified, bidIds: others, vendorIds: vendors(others),
                    evidence: ["winner": .string(winner), "disqualified": .number(Double(others.count))]))
        }

        // "Exactly the earliest, to the minute": at it or less than a minute after it (an editor
        // rounds the earliest up to the minute it can show).
        if let earliest = f.earliestAllowed, (0..<60).contains(f.submissionDeadline.timeIntervalSince(earliest)) {
            flags.append(
                RedFlag(
                    .minimumPeriod,
                    evidence: [
                        "submissionDeadline": .string(Timestamp.format(f.submissionDeadline)),
                        "earliestAllowed": .string(Timestamp.format(earliest)),
                    ]))
        }
        for a in f.amendments where a.deadlineAfter != a.deadlineBefore {
            flags.append(
                RedFlag(
                    .lateAmendment,
                    evidence: [
                        "amendment": .number(Double(a.number)), "at": .string(Timestamp.format(a.at)),
                        "from": .string(Timestamp.format(a.deadlineBefore)), "to": .string(Timestamp.format(a.deadlineAfter)),
                    ]))
        }
        return flags
    }

    /// The digits of a phone number, without a leading 86 country code; nil when fewer than 7.
    static func normalizedPhone(_ s: String?) -> String? {
        guard var digits = s?.filter(\.isASCII).filter(\.isNumber), digits.count >= 7 else { return nil }
        if digits.hasPrefix("0086") { digits.removeFirst(4) } else if digits.hasPrefix("86"), digits.count == 13 { digits.removeFirst(2) }
        return digits
    }

    /// Lowercased, with whitespace removed; nil when empty.
    static func normalizedText(_ s: String?) -> String? {
        guard let t = s?.lowercased().filter({ !$0.isWhitespace }), !t.isEmpty else { return nil }
        return t
    }
}

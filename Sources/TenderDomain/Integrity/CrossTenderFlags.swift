import Foundation

/// Signals across tenders (docs/DESIGN.md §14): what no single tender shows.
public enum CrossTenderFlags {
    /// One awarded tender as these rules see it.
    public struct Award: Sendable {
        public var tenderId: String
        public var departmentId: String?
        public var awardedAt: Date
        public var winnerId: String
        /// Every vendor with an active bid at the close, the winner included.
        public var bidderIds: Set<String>

        public init(tenderId: String, departmentId: String?, awardedAt: Date, winnerId: String, bidderIds: Set<String>) {
            self.tenderId = tenderId
            self.departmentId = departmentId
            self.awardedAt = awardedAt
            self.winnerId = winnerId
            self.bidderIds = bidderIds
        }
    }

    public struct Rotation: Sendable, Equatable {
        /// The group, sorted.
        public let vendorIds: [String]
        /// The group's tenders by award time, with their winners.
        public let tenderIds: [String]
        public let winnerIds: [String]
    }

    /// Bid rotation: the same group of two or more vendors (exactly these bidders) meets in three or
    /// more awarded tenders, at least two of them win, and no one wins twice in a row.
    public static func rotations(_ awards: [Award], minimumTenders: Int = 3) -> [Rotation] {
        let groups = Dictionary(grouping: awards.filter { $0.bidderIds.count >= 2 }, by: { $0.bidderIds.sorted() })
        return groups.compactMap { members, tenders -> Rotation? in
            guard tenders.count >= minimumTenders else { return nil }
            let ordered = tenders.sorted { ($0.awardedAt, $0.tenderId) < ($1.awardedAt, $1.tenderId) }
            let winners = ordered.map(\.winnerId)
            guard Set(winners).count >= 2, zip(winners, winners.dropFirst()).allSatisfy({ $0 != $1 }) else { return nil }
            return Rotation(vendorIds: members, tenderIds: ordered.map(\.tenderId), winnerIds: winners)
        }.sorted { $0.vendorIds.lexicographicallyPrecedes($1.vendorIds) }
    }

    public struct Concentration: Sendable, Equatable {
        public let departmentId: String
        public let vendorId: String
        public let wins: Int
        public let awards: Int
        public let tenderIds: [String]
    }

    /// A vendor that wins at least `share` (default half) of one department's awards, when the
    /// department has made at least `minimumAwards` (default 4).
    public static func concentrations(_ awards: [Award], share: Double = 0.5, minimumAwards: Int = 4) -> [Concentration] {
        var out: [Concentration] = []
        for (department, list) in Dictionary(grouping: awards.filter { $0.departmentId != nil }, by: { $0.departmentId! })
        where list.count >= minimumAwards {
            for (vendor, won) in Dictionary(grouping: list, by: \.winnerId) where Double(won.count) >= share * Double(list.count) {
                out.append(
                    Concentration(
                        departmentId: department, vendorId: vendor, wins: won.count, awards: list.count,
                        tenderIds: won.sorted { ($0.awardedAt, $0.tenderId) < ($1.awardedAt, $1.tenderId) }.map(\.tenderId)))
            }
        }
        return out.sorted { ($0.departmentId, $0.vendorId) < ($1.departmentId, $1.vendorId) }
    }

    public struct SharedRegistration: Sendable, Equatable {
        public let field: String
        public let vendorIds: [String]
        public let tenderIds: [String]
    }

    /// Vendors sharing a registration detail (`TenderRedFlags`' normalization) that bid together
    /// in two or more tenders.
    public static func repeatedSharedRegistration(
        _ awards: [Award], vendors: [TenderFacts.Vendor], minimumTenders: Int = 2
    ) -> [SharedRegistration] {
        var out: [SharedRegistration] = []
        let fields: [(String, (TenderFacts.Vendor) -> String?)] = [
            ("phone", { TenderRedFlags.normalizedPhone($0.phone) }), ("contactName", { TenderRedFlags.normalizedText($0.contactName) }),
            ("address", { TenderRedFlags.normalizedText($0.address) }),
        ]
        // Each vendor's awarded tenders (indices into `awards`), so that a group is matched against
        // its members' tenders only, not against every award.
        var tendersOf: [String: [Int]] = [:]
        for (i, a) in awards.enumerated() { for v in a.bidderIds { tendersOf[v, default: []].append(i) } }
        for (field, value) in fields {
            let groups = Dictionary(grouping: vendors.compactMap { v in value(v).map { ($0, v.id) } }, by: \.0)
            for (_, members) in groups where members.count >= 2 {
                let ids = Set(members.map(\.1))
                var meetings: [Int: Int] = [:]
                for v in ids { for i in tendersOf[v] ?? [] { meetings[i, default: 0] += 1 } }
                let together = meetings.filter { $0.value >= 2 }.map { awards[$0.key] }
                    .sorted { ($0.awardedAt, $0.tenderId) < ($1.awardedAt, $1.tenderId) }
                if together.count >= minimumTenders {
                    out.append(SharedRegistration(field: field, vendorIds: ids.sorted(), tenderIds: together.map(\.tenderId)))
                }
            }
        }
        return out.sorted { ($0.field, $0.vendorIds.joined()) < ($1.field, $1.vendorIds.joined()) }
    }

    /// One flag across tenders, named by its `key`: the code and its subject (the vendor group, the
    /// department and vendor, or the field and vendors). The key stays the same while the tenders
    /// behind the flag grow, so a refresh updates a flag in place and a dismissal can follow it.
    public struct Flag: Sendable, Equatable {
        public let code: RedFlag.Code
        public let key: String
        public let departmentId: String?
        public let vendorIds: [String]
        public let tenderIds: [String]
        public let evidence: [String: JSONValue]
    }

    /// Every flag across tenders, ordered by key. A rotation's department is its tenders' one when
    /// they share it, else none.
    public static func all(_ awards: [Award], vendors: [TenderFacts.Vendor]) -> [Flag] {
        let departmentOf = Dictionary(awards.map { ($0.tenderId, $0.departmentId) }, uniquingKeysWith: { a, _ in a })
        var out: [Flag] = []
        for r in rotations(awards) {
            let departments = Set(r.tenderIds.map { departmentOf[$0] ?? nil })
            out.append(
                Flag(
                    code: .bidRotation, key: "bid_rotation:" + r.vendorIds.joined(separator: ","),
                    departmentId: departments.count == 1 ? departments.first! : nil, vendorIds: r.vendorIds, tenderIds: r.tenderIds,
                    evidence: ["winners": .array(r.winnerIds.map(JSONValue.string))]))
        }
        for c in concentrations(awards) {
            out.append(
                Flag(
                    code: .departmentConcentration, key: "department_concentration:\(c.departmentId):\(c.vendorId)",
                    departmentId: c.departmentId, vendorIds: [c.vendorId], tenderIds: c.tenderIds,
                    evidence: ["wins": .number(Double(c.wins)), "awards": .number(Double(c.awards))]))
        }
        for s in repeatedSharedRegistration(awards, vendors: vendors) {
            out.append(
                Flag(
                    code: .sharedRegistration, key: "shared_registration:" + s.vendorIds.joined(separator: ",") + ":" + s.field,
                    departmentId: nil, vendorIds: s.vendorIds, tenderIds: s.tenderIds, evidence: ["field": .string(s.field)]))
        }
        return out.sorted { $0.key < $1.key }
    }

    /// A dismissal covers a flag while every tender behind the flag was behind it when it was
    /// dismissed: a tender that joins later opens the flag again.
    public static func dismissalCovers(flagTenderIds: [String], dismissedTenderIds: [String]) -> Bool {
        Set(flagTenderIds).isSubset(of: dismissedTenderIds)
    }
}

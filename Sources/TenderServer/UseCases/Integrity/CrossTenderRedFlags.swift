import Foundation
import TenderDomain
import Vapor

/// Recomputes the red flags across tenders (`CrossTenderFlags`) from every standing award and
/// replaces the stored ones in one transaction: by the sweeper when they are older than
/// `interval`, or when an auditor asks. Derived data, like a cache: not audited.
struct RefreshCrossTenderFlags {
    let ctx: UseCaseContext
    static let interval: Int64 = 10 * 60_000

    @discardableResult
    func run() async throws -> Int {
        let awards = try await CrossRedFlagStore.awards(ctx.sql)
        let vendorIds = Array(Set(awards.flatMap(\.bidderIds)))
        var vendors: [TenderFacts.Vendor] = []
        for start in stride(from: 0, to: vendorIds.count, by: 500) {
            vendors += try await VendorStore.some(ctx.sql, ids: Array(vendorIds[start..<min(start + 500, vendorIds.count)])).map {
                TenderFacts.Vendor(id: $0.id, phone: $0.phone, contactName: $0.contactName, address: $0.address)
            }
        }
        let now = ctx.nowMillis
        let departmentOf = Dictionary(awards.map { ($0.tenderId, $0.departmentId) }, uniquingKeysWith: { a, _ in a })
        var rows: [CrossRedFlagStore.Row] = []
        for r in CrossTenderFlags.rotations(awards) {
            let departments = Set(r.tenderIds.compactMap { departmentOf[$0] ?? nil })
            rows.append(
                .init(
                    id: newID(), code: .bidRotation, departmentId: departments.count == 1 ? departments.first : nil, vendorIds: r.vendorIds,
                    tenderIds: r.tenderIds, evidence: ["winners": .array(r.winnerIds.map(JSONValue.string))], computedAt: now))
        }
        for c in CrossTenderFlags.concentrations(awards) {
            rows.append(
                .init(
                    id: newID(), code: .departmentConcentration, departmentId: c.departmentId, vendorIds: [c.vendorId],
                    tenderIds: c.tenderIds,
                    evidence: ["wins": .number(Double(c.wins)), "awards": .number(Double(c.awards))], computedAt: now))
        }
        for s in CrossTenderFlags.repeatedSharedRegistration(awards, vendors: vendors) {
            rows.append(
                .init(
                    id: newID(), code: .sharedRegistration, departmentId: nil, vendorIds: s.vendorIds, tenderIds: s.tenderIds,
                    evidence: ["field": .string(s.field)], computedAt: now))
        }
        let stored = rows
        try await ctx.transaction { tx in try await CrossRedFlagStore.replaceAll(tx, stored, at: now) }
        return rows.count
    }
}

extension RefreshCrossTenderFlags {
    /// Refreshes when the last computation is older than `interval` (the sweeper's call).
    func runIfStale() async throws {
        if let last = try await CrossRedFlagStore.computedAt(ctx.sql), ctx.nowMillis - last < Self.interval { return }
        try await run()
    }
}

/// The stored red flags across tenders, for auditors, approvers and procurement.
enum CrossRedFlagQueries {
    static func page(_ ctx: UseCaseContext, _ filter: CrossRedFlagStore.Filter, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [CrossRedFlagStore.Row]
    ) {
        try await CrossRedFlagStore.page(ctx.sql, filter, limit: limit, offset: offset)
    }
}

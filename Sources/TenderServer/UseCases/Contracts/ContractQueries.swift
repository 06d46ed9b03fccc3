import Foundation
import TenderDomain

/// Reading the ledger as the caller may (`ContractAccess`).
enum ContractQueries {
    /// The contract, or 404 when the caller may not see it.
    static func visible(_ ctx: UseCaseContext, id: String, by p: Principal) async throws -> ContractRecord {
        let c = try await ContractStore.get(ctx.sql, id: id)
        guard ContractAccess.maySee(p.role, isSupervisor: c.supervisorId == p.userId, isVendor: c.vendorId == p.userId) else {
            throw APIError.notFound("contract")
        }
        return c
    }

    /// One page of the ledger; supervisors (outside the ledger's readers) and vendors see their own.
    static func ledger(_ ctx: UseCaseContext, by p: Principal, filter: ContractStore.LedgerFilter, limit: Int, offset: Int) async throws
        -> (
            total: Int64, items: [ContractStore.Listed]
        )
    {
        var f = filter
        if p.role == .vendor {
            f.vendorId = p.userId
        } else if !p.role.may(.readLedger) {
            f.supervisorId = p.userId
        }
        return try await ContractStore.ledger(ctx.sql, f, now: ctx.nowMillis, limit: limit, offset: offset)
    }

    struct Detail: Sendable {
        let listed: ContractStore.Listed
        let undertakings: [(kind: UndertakingKind, at: Int64)]
        let changes: [ChangeRecord]
        let reviews: [ReviewRecord]
        let payments: [PaymentRecord]
    }

    static func detail(_ ctx: UseCaseContext, id: String) async throws -> Detail {
        Detail(
            listed: try await ContractStore.listed(ctx.sql, id: id, now: ctx.nowMillis),
            undertakings: try await ContractStore.undertakings(ctx.sql, contractId: id),
            changes: try await ContractStore.changes(ctx.sql, contractId: id),
            reviews: try await ContractStore.reviews(ctx.sql, contractId: id),
            payments: try await ContractStore.payments(ctx.sql, contractId: id))
    }
}

extension ContractRecord {
    /// 409 `contract_closed` once completed or terminated.
    func requireOpen() throws {
        guard status == .active else {
            throw StateConflict(.contractClosed, "the contract is \(status.rawValue); nothing more is accepted")
        }
    }
}

extension UseCaseContext {
    /// Reviews and payments need both undertakings of the vendor (409 `undertaking_missing`).
    func requireUndertakings(_ c: ContractRecord) async throws {
        let given = Set(try await ContractStore.undertakings(sql, contractId: c.id).map(\.kind))
        if let missing = UndertakingKind.allCases.first(where: { !given.contains($0) }) {
            throw StateConflict(.undertakingMissing, "the vendor has not given its '\(missing.rawValue)' undertaking")
        }
    }

    /// The contract's tender, for its time zone.
    func timeZone(of c: ContractRecord) async throws -> TimeZone {
        let t = try await TenderStore.get(sql, id: c.tenderId)
        return TimeZone(identifier: t.timeZone) ?? app.config.timeZone
    }
}

import Foundation
import TenderDomain

/// Edits a draft (PATCH): the merged fields replace the stored ones; `invitedVendorIds` nil keeps
/// the invitations (an open tender has none).
struct UpdateTender {
    let ctx: UseCaseContext

    /// `fields` builds the merged fields from the stored ones.
    func run(
        id: String, by p: Principal, fields merge: (TenderFields) throws -> TenderFields, invitedVendorIds: [String]?,
        opening: OpeningChange = .keep
    ) async throws -> TenderRecord {
        let stored = try await TenderStore.get(ctx.sql, id: id)
        guard stored.status == .draft else {
            throw StateConflict.wrongPhase(stored.phase(at: ctx.now), "edit a published tender (use an amendment)")
        }
        let fields = try merge(stored.fields)
        try ctx.checkSchedule(fields, publishAt: ctx.now)
        try await ctx.checkReferencePrice(fields, requestId: stored.requestId)
        let invited: [String]? =
            if let ids = invitedVendorIds {
                try await TenderInvitations.validate(ids, method: fields.method, db: ctx.sql)
            } else {
                fields.method == .open ? [] : nil
            }
        if case .set(let setting) = opening { try await ctx.checkOpening(setting) }
        var record = TenderRecord(id: stored.id, fields: fields, createdBy: stored.createdBy, now: stored.createdAt)
        record.requestId = stored.requestId
        record.updatedAt = ctx.nowMillis
        let updated = record
        return try await ctx.transaction { tx in
            let locked = try await TenderStore.lock(tx, id: id)
            guard locked.status == .draft else { throw StateConflict(.wrongPhase, "the tender was published meanwhile") }
            try await TenderStore.updateFields(tx, updated)
            if let invited { try await TenderStore.replaceInvitations(tx, tenderId: id, vendorIds: invited) }
            switch opening {
            case .keep: break
            case .remove: try await OpeningStore.setSetting(tx, tenderId: id, nil)
            case .set(let setting): try await OpeningStore.setSetting(tx, tenderId: id, setting)
            }
            try await AuditStore.append(tx, at: updated.updatedAt, actor: p.userId, action: .tenderUpdated, tenderId: id)
            return try await TenderStore.get(tx, id: id)
        }
    }
}

import Foundation
import TenderDomain

/// Changes a draft or returned request (PATCH), by its requester.
struct EditRequest {
    let ctx: UseCaseContext

    func run(id: String, by p: Principal, merge: (RequestDraft) throws -> RequestDraft) async throws -> RequestRecord {
        let stored = try await RequestQueries.visible(ctx, id: id, by: p)
        try RequestQueries.requireRequester(stored, p)
        _ = try RequestStep.edit.next(from: stored.status)
        let draft = try merge(stored.draft)
        try await ctx.checkRequest(draft, by: p)
        let now = ctx.nowMillis
        return try await ctx.transaction { tx in
            let locked = try await RequestStore.lock(tx, id: id)
            _ = try RequestStep.edit.next(from: locked.status)
            try await RequestStore.updateDraft(tx, id: id, draft, at: now)
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .requestUpdated, tenderId: nil, details: ["requestId": id, "title": draft.title])
            return try await RequestStore.get(tx, id: id)
        }
    }
}

import Foundation
import TenderDomain

/// A new outsourcing request (外包项目申请表), as a draft, by a requester of the department.
struct FileRequest {
    let ctx: UseCaseContext

    func run(_ draft: RequestDraft, by p: Principal) async throws -> RequestRecord {
        try await ctx.checkRequest(draft, by: p)
        let record = RequestRecord(id: newID(), draft: draft, requesterId: p.userId, now: ctx.nowMillis)
        try await ctx.transaction { tx in
            try await RequestStore.insert(tx, record)
            try await AuditStore.append(
                tx, at: record.createdAt, actor: p.userId, action: .requestCreated, tenderId: nil,
                details: [
                    "requestId": record.id, "title": draft.title, "departmentId": draft.departmentId, "businessType": draft.businessType,
                    "estimatedBudget": "\(draft.estimatedBudget) \(draft.currency)",
                ])
        }
        return record
    }
}

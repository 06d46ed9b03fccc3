import Foundation
import TenderDomain

/// draft → published: the schedule is checked again at publication time, and a selective tender
/// invites at least `TenderMethod.minimumInvitations` vendors (招标投标法 art. 17). A tender with no
/// priced outsourcing request behind it is still published, as a procedure deviation (未严格按照
/// 招标程序执行): audited as `procedure.deviation` and listed for the auditors.
struct PublishTender {
    let ctx: UseCaseContext

    func run(id: String) async throws -> TenderRecord {
        let now = ctx.now
        let t = try await TenderStore.get(ctx.sql, id: id)
        guard t.status == .draft else { throw StateConflict.wrongPhase(t.phase(at: now), "publish") }
        try ctx.checkSchedule(t.fields, publishAt: now)
        if t.method == .selective {
            let n = try await TenderStore.invitationCount(ctx.sql, tenderId: id)
            guard n >= TenderMethod.minimumInvitations else {
                throw APIError.invalid(
                    "invitations_required",
                    "a selective tender must invite at least \(TenderMethod.minimumInvitations) vendors (it invites \(n))",
                    field: "invitedVendorIds")
            }
        }
        var holders: [OpeningHolder] = []
        if let setting = t.opening {
            // The holders' keys now are the ones the tender keeps: later rotations do not touch it.
            try await ctx.checkOpening(setting)
            let keys = try await OpeningStore.activeKeys(ctx.sql, userIds: setting.holders)
            holders = setting.holders.enumerated().map { i, id in
                OpeningHolder(number: i + 1, userId: id, keyId: keys[id]!.id, publicKey: keys[id]!.publicKey)
            }
        }
        let ms = Timestamp.milliseconds(now)
        let actor = ctx.actor
        let fixed = holders
        return try await ctx.transaction { tx in
            guard try await TenderStore.publish(tx, id: id, at: ms) else {
                throw StateConflict(.wrongPhase, "the tender was already published or cancelled")
            }
            var details = [
                "submissionDeadline": Timestamp.format(milliseconds: t.submissionDeadline),
                "revealDeadline": Timestamp.format(milliseconds: t.revealDeadline),
            ]
            if let setting = t.opening {
                try await OpeningStore.fixHolders(tx, tenderId: id, fixed)
                details["openingThreshold"] = String(setting.threshold)
                details["openingKeys"] = fixed.map(\.keyId).joined(separator: ",")
            }
            try await AuditStore.append(tx, at: ms, actor: actor, action: .tenderPublished, tenderId: id, details: details)
            if t.requestId == nil {
                try await DeviationStore.insert(tx, tenderId: id, kind: .publishedWithoutRequest, actor: actor, at: ms)
                try await AuditStore.append(
                    tx, at: ms, actor: actor, action: .procedureDeviation, tenderId: id,
                    details: ["kind": DeviationStore.Kind.publishedWithoutRequest.rawValue])
            }
            return try await TenderStore.get(tx, id: id)
        }
    }
}

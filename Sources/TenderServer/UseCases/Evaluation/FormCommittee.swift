import Foundation
import TenderDomain

/// Procurement forms (or re-forms) the evaluation committee until the evaluation is final
/// (招标投标法 art. 37, `CommitteeComposition`); members must be evaluator accounts.
struct FormCommittee {
    let ctx: UseCaseContext

    /// An upper bound on the committee list a request may send (committees have 5 to a few dozen members).
    static let maximumSize = 99

    struct Member: Sendable {
        let userId: String
        let kind: String
    }

    func run(tender t: TenderRecord, members: [Member], chairId rawChair: String, by p: Principal) async throws {
        guard t.status != .cancelled else { throw StateConflict.wrongPhase(.cancelled, "change the committee") }
        guard t.evaluatedAt == nil else {
            throw StateConflict(.evaluationFinal, "the evaluation is final; the committee can no longer change")
        }
        let rules = try ctx.rules(for: t)
        // Bounded first; duplicates found with a set, evaluators with one query: linear checks.
        guard members.count <= Self.maximumSize else {
            throw RuleViolation(.committeeTooLarge, "a committee has at most \(Self.maximumSize) members", field: "members")
        }
        var ids: [String] = []
        var seen = Set<String>()
        for (i, m) in members.enumerated() {
            guard let uuid = UUID(uuidString: m.userId) else {
                throw APIError.invalid(
                    "not_an_evaluator", "members[\(i)].userId is not an evaluator account", field: "members[\(i)].userId")
            }
            guard CommitteeComposition.Kind(rawValue: m.kind) != nil else {
                throw APIError.invalid("invalid_member_kind", "kind must be 'expert' or 'representative'", field: "members[\(i)].kind")
            }
            let id = uuid.uuidString.lowercased()
            guard seen.insert(id).inserted else {
                throw APIError.invalid("duplicate_member", "a member appears more than once", field: "members[\(i)].userId")
            }
            ids.append(id)
        }
        let chair = UUID(uuidString: rawChair)?.uuidString.lowercased()
        try CommitteeComposition.validate(
            kinds: members.compactMap { CommitteeComposition.Kind(rawValue: $0.kind) }, chairIsMember: chair.map(seen.contains) ?? false,
            minimumSize: rules.committeeMinSize)
        guard let chair else { throw RuleViolation(.chairNotMember, "the chair must be one of the members", field: "chairId") }
        let evaluators = try await CommitteeStore.evaluatorIds(ctx.sql, among: ids)
        if let i = ids.firstIndex(where: { !evaluators.contains($0) }) {
            throw APIError.invalid("not_an_evaluator", "members[\(i)].userId is not an evaluator account", field: "members[\(i)].userId")
        }
        let now = ctx.nowMillis
        let tenderId = t.id
        let list = zip(ids, members).map { (userId: $0, kind: $1.kind) }
        let memberIds = ids
        try await ctx.transaction { tx in
            guard try await EvaluationStore.touch(tx, tenderId: tenderId) == false else {
                throw StateConflict(.evaluationFinal, "the evaluation is final; the committee can no longer change")
            }
            try await CommitteeStore.replace(tx, tenderId: tenderId, members: list, chairId: chair, at: now)
            try await AuditStore.append(
                tx, at: now, actor: p.userId, action: .committeeSet, tenderId: tenderId,
                details: [
                    "members": memberIds.joined(separator: ","), "chairId": chair,
                ])
        }
    }
}

import Foundation
import TenderDomain
import Vapor

/// docs/DESIGN.md §5: committee, declarations, scoresheets, finalization and the result. Each
/// change is a use case under `UseCases/Evaluation/`; the reads go through `EvaluationQueries`.
struct EvaluationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let t = routes.grouped("tenders", ":tenderId")
        t.put("committee", use: putCommittee)
        t.get("committee", use: getCommittee)
        t.post("declarations", use: declare)
        t.get("declarations", "me", use: myDeclaration)
        t.put("scoresheets", ":bidId", use: putSheet)
        t.get("scoresheets", use: listSheets)
        t.post("evaluation", "finalize", use: finalize)
        t.get("evaluation", use: evaluation)
        t.get("evaluation", "scoresheets", use: publicSheets)
        t.get("evaluation", "report.csv", use: reportCSV)
        t.get("evaluation", "report.html", use: reportHTML)
    }

    // MARK: committee

    @Sendable func putCommittee(req: Request) async throws -> CommitteeResponse {
        // docs/DESIGN.md §5: procurement forms the committee (admins manage accounts, not tenders).
        let p = try req.require(.formCommittee)
        let t = try await req.visibleTender()
        let body = try req.content.decode(CommitteeRequest.self)
        try await FormCommittee(ctx: req.useCase).run(
            tender: t, members: body.members.map { .init(userId: $0.userId, kind: $0.kind) }, chairId: body.chairId, by: p)
        return try await Self.committee(req, t)
    }

    /// Staff and the committee's own members; nobody else until the award is published.
    @Sendable func getCommittee(req: Request) async throws -> CommitteeResponse {
        let t = try await req.visibleTender()
        try await EvaluationQueries.requireVisible(req.useCase, tender: t)
        return try await Self.committee(req, t)
    }

    /// Members in committee order; their declared conflicts for staff and for the member itself.
    static func committee(_ req: Request, _ t: TenderRecord) async throws -> CommitteeResponse {
        let members = try await CommitteeStore.members(req.sql, tenderId: t.id)
        return CommitteeResponse(
            members: members.enumerated().map { i, m in
                .init(
                    number: i + 1, userId: m.userId, name: m.name, kind: m.kind, chair: m.chair, declared: m.declared, recused: m.recused,
                    conflicts: TenderAccess.maySeeConflicts(req.principal?.role, isMember: m.userId == req.principal?.userId)
                        ? m.conflicts : nil)
            },
            chairId: members.first { $0.chair }?.userId, minimumSize: try req.useCase.rules(for: t).committeeMinSize)
    }

    // MARK: declarations

    @Sendable func declare(req: Request) async throws -> Response {
        let p = try req.require(.score)
        let t = try await req.visibleTender()
        let body = try req.content.decode(DeclarationRequest.self)
        let d = try await DeclareConflicts(ctx: req.useCase).run(tender: t, conflicts: body.conflicts, by: p)
        let response = Response(status: .created)
        try response.content.encode(
            DeclarationResponse(
                userId: p.userId, conflicts: d.conflicts, recused: !d.conflicts.isEmpty, declaredAt: Timestamp.format(milliseconds: d.at)))
        return response
    }

    @Sendable func myDeclaration(req: Request) async throws -> DeclarationResponse {
        let p = try req.require(.score)
        let t = try await req.visibleTender()
        let d = try await EvaluationQueries.declaration(req.useCase, tender: t, p)
        return DeclarationResponse(
            userId: p.userId, conflicts: d.conflicts, recused: !d.conflicts.isEmpty, declaredAt: Timestamp.format(milliseconds: d.at))
    }

    // MARK: scoresheets

    @Sendable func putSheet(req: Request) async throws -> ScoresheetResponse {
        let p = try req.require(.score)
        let t = try await req.visibleTender()
        let bidId = try pathID(req, "bidId", "bid")
        let body = try req.content.decode(ScoresheetRequest.self)
        let saved = try await SubmitScoresheet(ctx: req.useCase).run(
            tender: t, bidId: bidId, qualification: body.qualification ?? [:], scores: body.scores ?? [:], by: p)
        return ScoresheetResponse(
            bidId: bidId, qualification: saved.qualification, scores: saved.scores.mapValues(ExactMath.hundredths),
            updatedAt: Timestamp.format(milliseconds: saved.at), salt: saved.salt)
    }

    /// A member reads only its own sheets; staff read everyone's once the evaluation is final.
    @Sendable func listSheets(req: Request) async throws -> ScoresheetListResponse {
        _ = try req.require()
        let t = try await req.visibleTender()
        return ScoresheetListResponse(
            items: try await EvaluationQueries.sheets(req.useCase, tender: t).map {
                ScoresheetResponse(
                    bidId: $0.bidId, qualification: $0.qualification, scores: $0.scores.mapValues(ExactMath.hundredths),
                    updatedAt: Timestamp.format(milliseconds: $0.updatedAt), salt: $0.salt)
            })
    }

    // MARK: finalize and result

    @Sendable func finalize(req: Request) async throws -> Response {
        let p = try req.require(.finalizeEvaluation)
        let t = try await req.visibleTender()
        let resultJSON = try await FinalizeEvaluation(ctx: req.useCase).run(tender: t, by: p)
        return Response.json(.ok, bytes: Array(resultJSON.utf8))
    }

    /// The final result as stored; before it, the committee's progress.
    @Sendable func evaluation(req: Request) async throws -> Response {
        let t = try await req.visibleTender()
        try await EvaluationQueries.requireVisible(req.useCase, tender: t)
        if let final = try await EvaluationStore.final(req.sql, tenderId: t.id) { return Response.json(.ok, bytes: Array(final.json.utf8)) }
        let g = try await EvaluationQueries.progress(req.useCase, tender: t)
        let pending = EvaluationResponse(
            status: "pending", failed: false, finalizedAt: nil, ranking: [], candidates: [], outliers: [], abnormallyLow: [],
            progress: .init(
                members: g.members, declared: g.declared, recused: g.recused, revealedBids: g.revealedBids,
                sheetsExpected: g.sheetsExpected,
                sheetsSubmitted: g.sheetsSubmitted))
        return Response.json(.ok, bytes: Array(try JSONEncoder().encode(pending)))
    }

    /// The anonymized sheets ("Member 1…n") with criteria and weights, so anyone can recompute the ranking.
    @Sendable func publicSheets(req: Request) async throws -> PublicScoresheetsResponse {
        let t = try await req.visibleTender()
        try await EvaluationQueries.requireVisible(req.useCase, tender: t)
        guard let f = try await EvaluationStore.final(req.sql, tenderId: t.id) else {
            throw StateConflict(.evaluationPending, "the scoresheets are published once the evaluation is final")
        }
        let number = Dictionary(uniqueKeysWithValues: f.members.enumerated().map { ($1, $0 + 1) })
        let sheets = try await CommitteeStore.sheets(req.sql, tenderId: t.id).compactMap { s -> PublicScoresheetsResponse.Sheet? in
            guard let n = number[s.memberId] else { return nil }
            return .init(
                member: "Member \(n)", bidId: s.bidId, qualification: s.qualification, scores: s.scores.mapValues(ExactMath.hundredths))
        }.sorted { ($0.bidId, Int($0.member.dropFirst(7)) ?? 0) < ($1.bidId, Int($1.member.dropFirst(7)) ?? 0) }
        return PublicScoresheetsResponse(
            criteria: t.criteria, budget: t.budget.description, members: f.members.indices.map { "Member \($0 + 1)" },
            trimExtremesFrom: try req.useCase.rules(for: t).trimExtremesFrom, sheets: sheets, ranking: try f.response().ranking)
    }

    // MARK: reports (for the committee's signatures: staff and members, once final)

    @Sendable func reportCSV(req: Request) async throws -> Response {
        let t = try await req.visibleTender()
        let r = try await EvaluationQueries.report(req.useCase, tender: t)
        return try EvaluationReport.csv(t, final: r.final, sheets: r.sheets)
    }

    @Sendable func reportHTML(req: Request) async throws -> Response {
        let t = try await req.visibleTender()
        let r = try await EvaluationQueries.report(req.useCase, tender: t)
        let committee = try await CommitteeStore.members(req.sql, tenderId: t.id).map { (userId: $0.userId, name: $0.name) }
        return try EvaluationReport.html(t, final: r.final, committee: committee)
    }
}

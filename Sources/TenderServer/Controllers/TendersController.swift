import Foundation
import TenderDomain
import Vapor

/// Tenders: drafts, publication, amendments, cancellation, and the public reads.
struct TendersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("tenders", use: create)
        routes.get("tenders", use: list)
        routes.get("tenders", ":tenderId", use: show)
        routes.patch("tenders", ":tenderId", use: update)
        routes.post("tenders", ":tenderId", "publish", use: publish)
        routes.post("tenders", ":tenderId", "amendments", use: amend)
        routes.post("tenders", ":tenderId", "cancel", use: cancel)
    }

    // MARK: reading

    @Sendable func show(req: Request) async throws -> TenderResponse {
        let view = try await TenderQueries.detail(req.useCase, id: try pathID(req, "tenderId", "tender"))
        return TenderResponse(view, now: req.tender.clock.now)
    }

    /// Paged list, filtered by `phase` and searched by `q` (title, description and category).
    @Sendable func list(req: Request) async throws -> TenderList {
        let page = try PageRequest(req)
        var phase: TenderPhase?
        if let phaseText = req.query[String.self, at: "phase"], !phaseText.isEmpty {
            guard let p = TenderPhase(rawValue: phaseText) else {
                throw APIError.invalid(
                    "invalid_phase", "phase must be one of \(TenderPhase.allCases.map(\.rawValue).joined(separator: ", "))", field: "phase")
            }
            phase = p
        }
        var text: String?
        if let q = req.query[String.self, at: "q"], !q.trimmingCharacters(in: .whitespaces).isEmpty {
            guard q.count <= 200 else { throw APIError.invalid("invalid_query", "q may have at most 200 characters", field: "q") }
            text = q.trimmingCharacters(in: .whitespaces)
        }
        let result = try await TenderQueries.list(req.useCase, phase: phase, text: text, limit: page.per, offset: page.offset)
        let now = req.tender.clock.now
        return TenderList(items: result.items.map { TenderResponse($0, now: now) }, metadata: page.metadata(total: result.total))
    }

    // MARK: writing

    @Sendable func create(req: Request) async throws -> Response {
        let p = try req.require(.manageTenders)
        let body = try req.content.decode(CreateTenderRequest.self)
        let record = try await CreateTender(ctx: req.useCase).run(
            try body.fields(req.tender), invitedVendorIds: body.invitedVendorIds, opening: body.opening, by: p)
        return try await Self.respond(record, req: req, status: .created)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let p = try req.require(.manageTenders)
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(PatchTenderRequest.self)
        let context = req.tender
        let record = try await UpdateTender(ctx: req.useCase).run(
            id: id, by: p, fields: { try body.fields(merging: $0, context) }, invitedVendorIds: body.invitedVendorIds,
            opening: body.opening)
        return try await Self.respond(record, req: req, status: .ok)
    }

    @Sendable func publish(req: Request) async throws -> Response {
        _ = try req.require(.manageTenders)
        let record = try await PublishTender(ctx: req.useCase).run(id: try pathID(req, "tenderId", "tender"))
        return try await Self.respond(record, req: req, status: .ok)
    }

    @Sendable func amend(req: Request) async throws -> Response {
        let p = try req.require(.manageTenders)
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(AmendTenderRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 5000, rule: .prose)
        let context = req.tender
        let record = try await AmendTender(ctx: req.useCase).run(
            id: id, reason: reason, by: p, fields: { try body.fields(merging: $0, context) })
        return try await Self.respond(record, req: req, status: .created)
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        _ = try req.require(.manageTenders)
        let id = try pathID(req, "tenderId", "tender")
        let body = try req.content.decode(CancelTenderRequest.self)
        let reason = try Validate.requiredText(body.reason, field: "reason", max: 5000, rule: .prose)
        let record = try await CancelTender(ctx: req.useCase).run(id: id, reason: reason)
        return try await Self.respond(record, req: req, status: .ok)
    }

    /// The tender's detail as the caller sees it after a change.
    static func respond(_ record: TenderRecord, req: Request, status: HTTPStatus) async throws -> Response {
        let view = try await TenderQueries.view(req.useCase, record, detail: true)
        let response = Response(status: status)
        try response.content.encode(TenderResponse(view, now: req.tender.clock.now))
        return response
    }
}

extension Request {
    /// The path's tender, if the caller may see it (404 otherwise).
    func visibleTender() async throws -> TenderRecord {
        try await TenderQueries.visible(useCase, id: try pathID(self, "tenderId", "tender"))
    }
}

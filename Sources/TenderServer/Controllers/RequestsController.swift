import Foundation
import TenderDomain
import Vapor

/// Outsourcing requests (外包项目申请表 → 审核 → 参考价格 → 招标, docs/DESIGN.md §10). Each change
/// is a use case under `UseCases/Requests/`.
struct RequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("requests", use: create)
        routes.get("requests", use: list)
        routes.get("requests", ":requestId", use: show)
        routes.patch("requests", ":requestId", use: update)
        routes.post("requests", ":requestId", "submit", use: submit)
        routes.post("requests", ":requestId", "decision", use: decide)
        routes.put("requests", ":requestId", "reference-price", use: price)
        routes.post("requests", ":requestId", "tender", use: tender)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let p = try req.require(.fileRequests)
        let draft = try req.content.decode(CreateOutsourcingRequest.self).draft
        let record = try await FileRequest(ctx: req.useCase).run(draft, by: p)
        return try await respond(record, req: req, status: .created)
    }

    /// Paged, newest first, filtered by `status` and `departmentId`; a requester sees its department's.
    @Sendable func list(req: Request) async throws -> RequestList {
        let p = try req.require(.readRequests)
        let page = try PageRequest(req)
        let status = try req.statusFilter(RequestStatus.self)
        let department = try req.queryID("departmentId")
        let result = try await RequestQueries.list(
            req.useCase, by: p, status: status, departmentId: department, limit: page.per, offset: page.offset)
        return RequestList(items: result.items.map { RequestResponse($0) }, metadata: page.metadata(total: result.total))
    }

    @Sendable func show(req: Request) async throws -> RequestResponse {
        let p = try req.require(.readRequests)
        let record = try await RequestQueries.visible(req.useCase, id: try pathID(req, "requestId", "request"), by: p)
        return RequestResponse(record, detail: try await RequestQueries.detail(req.useCase, record))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let p = try req.require(.fileRequests)
        let id = try pathID(req, "requestId", "request")
        let body = try req.content.decode(PatchOutsourcingRequest.self)
        let record = try await EditRequest(ctx: req.useCase).run(id: id, by: p, merge: { try body.draft(merging: $0) })
        return try await respond(record, req: req, status: .ok)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let p = try req.require(.fileRequests)
        let record = try await SubmitRequest(ctx: req.useCase).run(id: try pathID(req, "requestId", "request"), by: p)
        return try await respond(record, req: req, status: .ok)
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let p = try req.require(.decideRequests)
        let id = try pathID(req, "requestId", "request")
        let body = try req.content.decode(RequestDecisionBody.self)
        guard let decision = RequestDecision(rawValue: body.decision) else {
            throw APIError.invalid("invalid_decision", "decision must be approved, returned or rejected", field: "decision")
        }
        let reason = try Validate.text(body.reason, field: "reason", max: 5000, required: false, rule: .prose)
        let record = try await DecideRequest(ctx: req.useCase).run(id: id, decision: decision, reason: reason, by: p)
        return try await respond(record, req: req, status: .ok)
    }

    @Sendable func price(req: Request) async throws -> Response {
        let p = try req.require(.priceRequests)
        let id = try pathID(req, "requestId", "request")
        let body = try req.content.decode(ReferencePriceBody.self)
        let money = try Validate.money(BudgetDTO(amount: body.amount, currency: body.currency), field: "referencePrice")
        let basis = try Validate.requiredText(body.basis, field: "basis", max: 5000, rule: .prose)
        let record = try await PriceRequest(ctx: req.useCase).run(
            id: id, amount: money.amount, currency: money.currency, basis: basis, by: p)
        return try await respond(record, req: req, status: .ok)
    }

    /// The request's tender draft; the optional body holds tender fields (docs/DESIGN.md §7) that
    /// replace the defaults.
    @Sendable func tender(req: Request) async throws -> Response {
        let p = try req.require(.tenderFromRequest)
        let id = try pathID(req, "requestId", "request")
        let body: PatchTenderRequest? = (req.body.data?.readableBytes ?? 0) > 0 ? try req.content.decode(PatchTenderRequest.self) : nil
        let context = req.tender
        let record = try await TenderFromRequest(ctx: req.useCase).run(
            id: id, by: p, fields: { try body?.fields(merging: $0, context) ?? $0 }, invitedVendorIds: body?.invitedVendorIds,
            opening: body?.opening.setting)
        return try await TendersController.respond(record, req: req, status: .created)
    }

    private func respond(_ record: RequestRecord, req: Request, status: HTTPStatus) async throws -> Response {
        let response = Response(status: status)
        try response.content.encode(RequestResponse(record, detail: try await RequestQueries.detail(req.useCase, record)))
        return response
    }
}

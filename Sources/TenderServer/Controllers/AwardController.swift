import Foundation
import TenderDomain
import Vapor

/// docs/DESIGN.md §6: award among the top three, standstill and objections, contract, filing, and
/// the legal deadlines they start (obligations). Each change is a use case under `UseCases/Award/`.
struct AwardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let t = routes.grouped("tenders", ":tenderId")
        t.post("award", use: award)
        t.get("award", use: getAward)
        t.post("award", "report", use: report)
        t.post("objections", use: object)
        t.get("objections", use: objections)
        t.post("objections", ":objectionId", "resolution", use: resolve)
        t.post("contract", use: contract)
        t.get("contract", use: getContract)
        t.post("contract", "filing", use: filing)
        routes.get("obligations", use: obligations)
    }

    // MARK: award

    @Sendable func award(req: Request) async throws -> Response {
        let p = try req.require(.manageAward)
        let t = try await req.visibleTender()
        let body = try req.content.decode(AwardRequest.self)
        let justification = body.justification?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let justification { try Validate.allowed(justification, field: "justification", rule: .prose) }
        let award = try await AwardTender(ctx: req.useCase).run(tender: t, bidId: body.bidId, justification: justification, by: p)
        // A fresh award has no objections: its phase follows from its standstill alone.
        let phase: TenderPhase = award.standstillEndsAt > req.tender.nowMillis ? .standstill : .awarded
        return try Self.created(AwardResponse(award, phase: phase))
    }

    /// The latest award, public once made (the publicity of the winning candidate).
    @Sendable func getAward(req: Request) async throws -> AwardResponse {
        let t = try await req.visibleTender()
        guard let award = try await AwardStore.latest(req.sql, tenderId: t.id) else { throw APIError.notFound("award") }
        return AwardResponse(award, phase: t.phase(at: req.tender.clock.now))
    }

    /// Records the written report to the supervising authority (招标投标法 art. 47).
    @Sendable func report(req: Request) async throws -> HTTPStatus {
        let p = try req.require(.manageAward)
        let t = try await req.visibleTender()
        let body = try req.content.decode(ReportRequest.self)
        let reference = try Validate.bounded(body.reference, field: "reference", 1...200)
        try await ReportAward(ctx: req.useCase).run(tender: t, reference: reference, by: p)
        return .noContent
    }

    // MARK: objections

    @Sendable func object(req: Request) async throws -> Response {
        let p = try req.require(.actAsVendor)
        let t = try await req.visibleTender()
        let body = try req.content.decode(ObjectionRequest.self)
        let text = try Validate.bounded(body.text, field: "text", 10...10_000, rule: .prose)
        return try Self.created(ObjectionResponse(try await FileObjection(ctx: req.useCase).run(tender: t, text: text, by: p)))
    }

    /// Staff see every objection; a vendor its own.
    @Sendable func objections(req: Request) async throws -> ObjectionList {
        let p = try req.require()
        let t = try await req.visibleTender()
        let scope = TenderAccess.objectionScope(p.role)
        guard scope != .none else { throw APIError.forbidden() }
        let items = try await AwardStore.objections(req.sql, tenderId: t.id, vendorId: scope == .own ? p.userId : nil)
        return ObjectionList(items: items.map(ObjectionResponse.init))
    }

    @Sendable func resolve(req: Request) async throws -> ObjectionResponse {
        let p = try req.require(.manageAward)
        let t = try await req.visibleTender()
        let id = try pathID(req, "objectionId", "objection")
        let body = try req.content.decode(ResolutionRequest.self)
        guard let decision = ObjectionDecision(rawValue: body.decision), decision != .moot else {
            throw APIError.invalid("invalid_decision", "decision must be 'upheld' or 'rejected'", field: "decision")
        }
        let text = try Validate.bounded(body.response, field: "response", 1...10_000, rule: .prose)
        try await ResolveObjection(ctx: req.useCase).run(tender: t, objectionId: id, decision: decision, response: text, by: p)
        guard let o = try await AwardStore.objections(req.sql, tenderId: t.id).first(where: { $0.id == id }) else {
            throw APIError.notFound("objection")
        }
        return ObjectionResponse(o)
    }

    // MARK: contract and filing

    @Sendable func contract(req: Request) async throws -> Response {
        let p = try req.require(.manageAward)
        let t = try await req.visibleTender()
        let body = try req.content.decode(ContractRequest.self)
        guard let signed = Timestamp.parse(body.signedAt).map(Timestamp.milliseconds) else {
            throw APIError.invalid("invalid_time", "signedAt must be an RFC 3339 time", field: "signedAt")
        }
        guard let amount = Money(body.amount) else {
            throw APIError.invalid("invalid_money", "amount must be a decimal with at most 2 fraction digits", field: "amount")
        }
        let hash = body.documentSha256.lowercased()
        guard hash.count == 64, Commitment.bytes(hex: hash) != nil else {
            throw APIError.invalid("invalid_document_hash", "documentSha256 must be 64 hex characters", field: "documentSha256")
        }
        let supervisor = try body.supervisorId.map { s in
            guard let id = UUID(uuidString: s)?.uuidString.lowercased() else {
                throw APIError.invalid("invalid_supervisor", "supervisorId must name a staff account", field: "supervisorId")
            }
            return id
        }
        var input = RecordContract.Input(signedAt: signed, amount: amount, documentSha256: hash, supervisorId: supervisor)
        if let period = body.servicePeriod {
            guard let start = CivilDate(period.start), let end = CivilDate(period.end) else {
                throw APIError.invalid(
                    "invalid_period", "servicePeriod.start and .end must be dates like 2027-01-01", field: "servicePeriod")
            }
            input.servicePeriod = (start, end)
        }
        try await RecordContract(ctx: req.useCase).run(tender: t, input, by: p)
        return try Self.created(try await Self.contract(req, tenderId: t.id))
    }

    @Sendable func getContract(req: Request) async throws -> ContractResponse {
        let t = try await req.visibleTender()
        return try await Self.contract(req, tenderId: t.id)
    }

    @Sendable func filing(req: Request) async throws -> Response {
        let p = try req.require(.manageAward)
        let t = try await req.visibleTender()
        let body = try req.content.decode(FilingRequest.self)
        let reference = try Validate.bounded(body.reference, field: "reference", 1...200)
        let authority = try Validate.bounded(body.authority, field: "authority", 1...200)
        try await FileContract(ctx: req.useCase).run(tender: t, reference: reference, authority: authority, by: p)
        guard let filed = try await Self.contract(req, tenderId: t.id).filing else { throw APIError.notFound("filing") }
        return try Self.created(filed)
    }

    static func contract(_ req: Request, tenderId: String) async throws -> ContractResponse {
        guard let c = try await ContractStore.find(req.sql, tenderId: tenderId) else { throw APIError.notFound("contract") }
        return ContractResponse(c)
    }

    // MARK: obligations

    /// Procurement, auditors and admins: every open or met legal deadline, overdue and due first.
    @Sendable func obligations(req: Request) async throws -> ObligationList {
        _ = try req.require(.readObligations)
        let page = try PageRequest(req)
        guard let state = ObligationStore.StateFilter(rawValue: req.query[String.self, at: "state"] ?? "all") else {
            throw APIError.invalid("invalid_state", "state must be due, overdue, met, met_late, open or all", field: "state")
        }
        let tenderId = try req.query[String.self, at: "tenderId"].map { raw in
            guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
                throw APIError.invalid("invalid_id", "tenderId must be a UUID", field: "tenderId")
            }
            return id
        }
        let now = req.tender.nowMillis
        let result = try await ObligationStore.list(
            req.sql, state: state, tenderId: tenderId, now: now, limit: page.per, offset: page.offset)
        return ObligationList(items: result.items.map { ObligationResponse($0, now: now) }, metadata: page.metadata(total: result.total))
    }

    static func created(_ body: some Content) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(body)
        return response
    }
}

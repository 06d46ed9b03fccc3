import Foundation
import TenderDomain
import Vapor

/// What the ledger tells about vendors and money (docs/DESIGN.md §11): suspension proposals, a
/// vendor's annual performance and the cost report.
struct ContractReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("suspension-proposals", use: proposals)
        routes.post("suspension-proposals", ":proposalId", "decision", use: decideProposal)
        routes.get("vendors", ":vendorId", "performance", use: performance)
        routes.get("reports", "costs", use: costs)
    }

    // MARK: suspension proposals, performance, costs

    @Sendable func proposals(req: Request) async throws -> ProposalList {
        _ = try req.require(.readProposals)
        let page = try PageRequest(req)
        let status = try req.statusFilter(ProposalRecord.Status.self)
        let result = try await ProposalStore.list(req.sql, status: status, limit: page.per, offset: page.offset)
        return ProposalList(items: result.items.map(ProposalResponse.init), metadata: page.metadata(total: result.total))
    }

    @Sendable func decideProposal(req: Request) async throws -> ProposalResponse {
        let p = try req.require(.decideProposals)
        let id = try pathID(req, "proposalId", "proposal")
        let (confirmed, reason) = try ContractsController.decision(req, approve: "confirmed", reject: "dismissed", reasonRequired: true)
        return ProposalResponse(
            try await DecideSuspensionProposal(ctx: req.useCase).run(id: id, confirmed: confirmed, reason: reason ?? "", by: p))
    }

    /// Staff, and the vendor itself: the year's reviews, their mean and its grade.
    @Sendable func performance(req: Request) async throws -> PerformanceResponse {
        let p = try req.require()
        let vendorId = try pathID(req, "vendorId", "vendor")
        guard p.role.isStaff || p.userId == vendorId else { throw APIError.notFound("vendor") }
        _ = try await VendorStore.get(req.sql, id: vendorId)
        let year =
            try req.query[String.self, at: "year"].map { raw in
                guard let y = Int(raw), (2000...2100).contains(y) else {
                    throw APIError.invalid("invalid_year", "year must be a year such as 2026", field: "year")
                }
                return y
            } ?? CivilDate(req.tender.clock.now, in: req.tender.config.timeZone).year
        return PerformanceResponse(try await PerformanceQueries.summary(req.useCase, vendorId: vendorId, year: year))
    }

    @Sendable func costs(req: Request) async throws -> Response {
        _ = try req.require(.readCostReport)
        let department = try req.queryID("departmentId")
        let year = try req.query[String.self, at: "year"].flatMap { $0.isEmpty ? nil : $0 }.map { raw in
            guard let y = Int(raw), (2000...2100).contains(y) else {
                throw APIError.invalid("invalid_year", "year must be a year such as 2026", field: "year")
            }
            return y
        }
        let report = try await CostReport.run(req.useCase, departmentId: department, year: year)
        let body = CostReportResponse(rows: report.rows, departments: report.departments)
        switch req.query[String.self, at: "format"] ?? "json" {
        case "json":
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "application/json; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: body.jsonBytes)))
        case "csv":
            var lines = [
                "level,department_id,contract_id,tender_id,request_id,reference_price,budget,awarded,current_amount,paid,withheld,savings,reward_cap"
            ]
            for f in body.contracts + body.departments {
                lines.append(
                    CSV.line([
                        f.contractId == nil ? "department" : "contract", f.departmentId ?? "", f.contractId ?? "", f.tenderId ?? "",
                        f.requestId ?? "",
                        f.referencePrice, f.budget, f.awarded, f.currentAmount, f.paid, f.withheld, f.savings, f.rewardCap,
                    ]))
            }
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "text/csv; charset=utf-8")
            headers.add(name: .contentDisposition, value: "attachment; filename=\"costs.csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
        default:
            throw APIError.invalid("invalid_format", "format must be json or csv", field: "format")
        }
    }
}

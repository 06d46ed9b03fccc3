import Foundation
import TenderDomain
import Vapor

/// The organisation around the tenders (docs/DESIGN.md §10): departments, the outsourcing
/// policy, and the procedure deviations auditors follow up.
struct OrganisationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("departments", use: createDepartment)
        routes.get("departments", use: departments)
        routes.get("outsourcing", "policy", use: policy)
        routes.get("deviations", use: deviations)
    }

    @Sendable func createDepartment(req: Request) async throws -> Response {
        let p = try req.require(.manageDepartments)
        let body = try req.content.decode(CreateDepartmentRequest.self)
        let name = try Validate.requiredText(body.name, field: "name", max: 200)
        let parentId = try body.parentId.map { raw in
            guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
                throw APIError.invalid("unknown_department", "parentId names no department", field: "parentId")
            }
            return id
        }
        let record = try await CreateDepartment(ctx: req.useCase).run(name: name, parentId: parentId, by: p)
        return try AwardController.created(DepartmentResponse(record))
    }

    @Sendable func departments(req: Request) async throws -> DepartmentTree {
        _ = try req.require(.readDepartments)
        return DepartmentTree(items: try await DepartmentQueries.tree(req.useCase).map(DepartmentResponse.init))
    }

    @Sendable func policy(req: Request) async throws -> PolicyResponse {
        _ = try req.require()
        return PolicyResponse(req.tender.config.outsourcing)
    }

    /// Tenders published without a priced request (未严格按照招标程序执行), newest first.
    @Sendable func deviations(req: Request) async throws -> DeviationList {
        _ = try req.require(.readDeviations)
        let page = try PageRequest(req)
        let result = try await DeviationStore.list(req.sql, limit: page.per, offset: page.offset)
        return DeviationList(items: result.items.map(DeviationResponse.init), metadata: page.metadata(total: result.total))
    }
}

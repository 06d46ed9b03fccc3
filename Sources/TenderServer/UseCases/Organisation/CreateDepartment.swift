import Foundation
import TenderDomain

/// A department of the organisation, by an admin: a root (the company) or one under a parent.
struct CreateDepartment {
    let ctx: UseCaseContext

    func run(name: String, parentId: String?, by p: Principal) async throws -> DepartmentRecord {
        if let parentId, try await DepartmentStore.find(ctx.sql, id: parentId) == nil {
            throw APIError.invalid("unknown_department", "parentId names no department", field: "parentId")
        }
        let record = DepartmentRecord(id: newID(), name: name, parentId: parentId, createdAt: ctx.nowMillis)
        do {
            try await ctx.transaction { tx in
                if try await DepartmentStore.siblingNameTaken(tx, name: name, parentId: parentId) {
                    throw APIError.conflict("department_exists", "a department named '\(name)' already exists there")
                }
                try await DepartmentStore.insert(tx, record, by: p.userId)
                try await AuditStore.append(
                    tx, at: record.createdAt, actor: p.userId, action: .departmentCreated, tenderId: nil,
                    details: ["departmentId": record.id, "name": name, "parentId": parentId].compactMapValues { $0 })
            }
        } catch  where error.isUniqueViolation {
            throw APIError.conflict("department_exists", "a department named '\(name)' already exists there")
        }
        return record
    }
}

/// The departments as a tree.
enum DepartmentQueries {
    struct Node: Sendable {
        let record: DepartmentRecord
        var children: [Node]
    }

    static func tree(_ ctx: UseCaseContext) async throws -> [Node] {
        let all = try await DepartmentStore.all(ctx.sql)
        let byParent = Dictionary(grouping: all, by: { $0.parentId ?? "" })
        func nodes(under parent: String, depth: Int) -> [Node] {
            // Creation order makes cycles impossible; the depth bound keeps a damaged table from looping.
            guard depth < 64 else { return [] }
            return (byParent[parent] ?? []).map { Node(record: $0, children: nodes(under: $0.id, depth: depth + 1)) }
        }
        return nodes(under: "", depth: 0)
    }
}

import Foundation
import SQLKit

/// A row of `departments`.
struct DepartmentRecord: Sendable {
    let id: String
    let name: String
    let parentId: String?
    let createdAt: Int64

    init(id: String, name: String, parentId: String?, createdAt: Int64) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.createdAt = createdAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        parentId = try row.decode(column: "parent_id", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// The organisation's departments as a tree (docs/DESIGN.md §10): `departments`.
enum DepartmentStore {
    static func find(_ db: any SQLDatabase, id: String) async throws -> DepartmentRecord? {
        try await db.raw("SELECT id, name, parent_id, created_at FROM departments WHERE id = \(bind: id)").first().map(
            DepartmentRecord.init(row:))
    }

    /// Every department, by name (an organisation has tens or hundreds, not millions).
    static func all(_ db: any SQLDatabase) async throws -> [DepartmentRecord] {
        try await db.raw("SELECT id, name, parent_id, created_at FROM departments ORDER BY name, id").all().map(
            DepartmentRecord.init(row:))
    }

    static func siblingNameTaken(_ db: any SQLDatabase, name: String, parentId: String?) async throws -> Bool {
        try await db.raw(
            "SELECT 1 AS one FROM departments WHERE COALESCE(parent_id, '') = \(bind: parentId ?? "") AND name = \(bind: name)"
        ).first() != nil
    }

    static func insert(_ tx: any SQLDatabase, _ d: DepartmentRecord, by actor: String) async throws {
        try await tx.raw(
            """
            INSERT INTO departments (id, name, parent_id, created_by, created_at)
            VALUES (\(bind: d.id), \(bind: d.name), \(bind: d.parentId), \(bind: actor), \(bind: d.createdAt))
            """
        ).run()
    }

    /// `id` and every department below it.
    static func subtree(_ db: any SQLDatabase, of id: String) async throws -> Set<String> {
        let rows = try await db.raw(
            """
            WITH RECURSIVE below (id) AS (
                SELECT id FROM departments WHERE id = \(bind: id)
                UNION ALL SELECT d.id FROM departments d JOIN below b ON d.parent_id = b.id
            ) SELECT id FROM below
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "id", as: String.self) })
    }
}

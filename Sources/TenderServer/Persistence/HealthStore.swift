import SQLKit

/// The database's own liveness, for `/health`.
enum HealthStore {
    /// Throws when the database does not answer.
    static func ping(_ db: any SQLDatabase) async throws {
        _ = try await db.raw("SELECT 1 AS one").first()
    }
}

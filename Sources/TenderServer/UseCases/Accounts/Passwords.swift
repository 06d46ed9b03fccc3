import FluentKit
import Foundation
import TenderDomain
import Vapor

/// bcrypt on its own thread pool (`TenderContext.passwordPool`), never on an event loop nor on the
/// pool that runs SQLite.
enum Passwords {
    static func hash(_ password: String, app: Application) async throws -> String {
        let cost = app.tender.config.bcryptCost
        return try await app.tender.passwordPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, app: Application) async throws -> Bool {
        try await app.tender.passwordPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}

import Foundation
import Vapor

/// `tender-server audit verify`: exits non-zero when the chain is broken.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit log's hash chain (tender-server audit verify)." }

    struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw Broken(description: "unknown action '\(signature.action)'; use: audit verify") }
        let start = ContinuousClock.now
        let v = try await AuditStore.verify(context.application.sql)
        let elapsed = ContinuousClock.now - start
        if v.valid {
            context.console.print("audit log valid: \(v.length) entries, head \(v.head) (\(elapsed))")
        } else {
            throw Broken(
                description: "audit log BROKEN at entry \(v.firstInvalid ?? -1) (\(v.problem?.rawValue ?? "?")); \(v.length) entries read")
        }
    }
}

/// A broken business rule. Each case has a stable `code` that clients and tests rely on
/// (docs/DESIGN.md §9); the server maps every violation to HTTP 422.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// The request field the violation is about, when there is one (`criteria[2].weight`).
    public let field: String?

    public init(_ code: String, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" }
}

/// The tender's phase or state forbids the action (HTTP 409).
public struct StateConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func wrongPhase(_ phase: TenderPhase, _ action: String) -> StateConflict {
        StateConflict("wrong_phase", "cannot \(action) while the tender is in phase '\(phase.rawValue)'")
    }

    public var description: String { "\(code): \(message)" }
}

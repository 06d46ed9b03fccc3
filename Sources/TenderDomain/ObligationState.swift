import Foundation

/// Where an obligation stands at `now`.
public enum ObligationState: String, Sendable, Codable, CaseIterable {
    case due, overdue, met
    case metLate = "met_late"

    /// Met by its due time (inclusive) or late; unmet before it (exclusive) or overdue.
    public static func of(dueAt: Int64, metAt: Int64?, now: Int64) -> ObligationState {
        if let metAt { return metAt <= dueAt ? .met : .metLate }
        return now < dueAt ? .due : .overdue
    }
}

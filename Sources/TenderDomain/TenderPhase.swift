import Foundation

/// The lifecycle phase, derived from stored timestamps and the clock (docs/DESIGN.md §2), so that
/// every server instance agrees without timers.
public enum TenderPhase: String, Sendable, CaseIterable, Codable {
    case draft, bidding, revealing, evaluating, failed, standstill, awarded, contracted, filed, cancelled
}

public enum TenderStatus: String, Sendable, Codable {
    case draft, published, cancelled
}

/// The timestamps the phase depends on.
public struct TenderClockState: Sendable {
    public var status: TenderStatus
    public var submissionDeadline: Date
    public var revealDeadline: Date
    /// When the evaluation was finalized with too few valid bids.
    public var failedAt: Date?
    /// End of the standstill of the standing award (nil: no standing award).
    public var standstillEndsAt: Date?
    public var openObjections: Int
    public var contractedAt: Date?
    public var filedAt: Date?

    public init(
        status: TenderStatus, submissionDeadline: Date, revealDeadline: Date, failedAt: Date? = nil, standstillEndsAt: Date? = nil,
        openObjections: Int = 0, contractedAt: Date? = nil, filedAt: Date? = nil
    ) {
        self.status = status
        self.submissionDeadline = submissionDeadline
        self.revealDeadline = revealDeadline
        self.failedAt = failedAt
        self.standstillEndsAt = standstillEndsAt
        self.openObjections = openObjections
        self.contractedAt = contractedAt
        self.filedAt = filedAt
    }

    /// Bidding runs until, not including, the submission deadline: at the deadline it is closed.
    public func phase(at now: Date) -> TenderPhase {
        switch status {
        case .draft: return .draft
        case .cancelled: return .cancelled
        case .published:
            if now < submissionDeadline { return .bidding }
            if now < revealDeadline { return .revealing }
            if failedAt != nil { return .failed }
            if filedAt != nil { return .filed }
            if contractedAt != nil { return .contracted }
            if let end = standstillEndsAt {
                // The award becomes final once the standstill has ended with no objection open.
                return now < end || openObjections > 0 ? .standstill : .awarded
            }
            return .evaluating
        }
    }
}

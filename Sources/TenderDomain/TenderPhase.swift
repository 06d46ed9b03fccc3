import Foundation

/// The lifecycle phase, derived from stored timestamps and the clock (DESIGN section 2), so that
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

    public init(status: TenderStatus, submissionDeadline: Date, revealDeadline: Date, failedAt: Date? = nil) {
        self.status = status
        self.submissionDeadline = submissionDeadline
        self.revealDeadline = revealDeadline
        self.failedAt = failedAt
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
            return .evaluating
        }
    }
}

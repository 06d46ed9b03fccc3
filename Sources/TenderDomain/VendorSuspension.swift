/// A vendor's suspension (暂停合作): from `since`, until `until` or, without one, until lifted. A
/// suspended vendor cannot submit bids.
public struct VendorSuspension: Sendable, Equatable {
    public var since: Int64
    public var until: Int64?

    public init(since: Int64, until: Int64?) {
        self.since = since
        self.until = until
    }

    /// In force at `now` (milliseconds): an open-ended suspension always, a dated one before its end.
    public func isActive(at now: Int64) -> Bool { until.map { $0 > now } ?? true }
}

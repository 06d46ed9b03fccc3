import Foundation
import Synchronization

/// The server's one clock. Production reads the system time; tests move it forward to walk a
/// tender through its phases without waiting.
public final class AppClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    private let fixed = Mutex<Date?>(nil)

    public init() {}

    public var now: Date {
        if let f = fixed.withLock({ $0 }) { return f }
        return Date().addingTimeInterval(offset.withLock { $0 })
    }

    /// Moves the clock by `seconds` (tests only).
    public func advance(by seconds: TimeInterval) {
        if fixed.withLock({ $0 != nil }) {
            fixed.withLock { $0 = $0!.addingTimeInterval(seconds) }
        } else {
            offset.withLock { $0 += seconds }
        }
    }

    /// Freezes the clock at `date` (tests only).
    public func set(_ date: Date) { fixed.withLock { $0 = date } }
}

import Foundation

/// The legal deadlines that follow an award (docs/DESIGN.md §6), each an obligation that the
/// obligations monitor tracks and the sweeper records as overdue.
public enum ObligationKind: String, Sendable, Codable, CaseIterable {
    /// The written report to the supervising authority (招标投标法 art. 47), from the award.
    case awardReport = "award_report"
    /// The contract (招标投标法 art. 46, 实施条例 art. 54), from the end of the standstill.
    case contractSigning = "contract_signing"
    /// Filing the signed contract with the authority, from the signature.
    case contractFiling = "contract_filing"
    /// The reply to an objection (实施条例 art. 54), from its filing.
    case objectionReply = "objection_reply"
}

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

/// The due dates of the award's obligations, in the tender's regime and time zone, next to the
/// bidding deadlines of `TenderSchedule`.
extension TenderSchedule {
    private func after(_ ms: Int64, _ period: Period) -> Int64 {
        Timestamp.milliseconds(calculator.deadline(from: Timestamp.date(milliseconds: ms), period: period, timeZone: timeZone).at)
    }

    /// The end of the standstill that an award made at `awardedAt` starts.
    public func standstillEnds(awardedAt: Int64) -> Int64 { after(awardedAt, rules.standstillPeriod) }

    public func awardReportDue(awardedAt: Int64) -> Int64 { after(awardedAt, rules.awardReportPeriod) }

    /// The signing period runs from the award notice: the end of the standstill, or the later
    /// rejection of an objection that kept the standstill open.
    public func contractSigningDue(noticeAt: Int64) -> Int64 { after(noticeAt, rules.contractSigningPeriod) }

    public func filingDue(signedAt: Int64) -> Int64 { after(signedAt, rules.filingPeriod) }

    public func objectionReplyDue(filedAt: Int64) -> Int64 { after(filedAt, rules.objectionReplyPeriod) }
}

import Foundation

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

import Foundation
import SQLKit
import TenderDomain

/// The contract ledger (合同台帐, docs/DESIGN.md §11): the contract's running state, undertakings,
/// changes, reviews and payments. All of its SQL lives here.
extension ContractStore {
    static func find(_ db: any SQLDatabase, id: String) async throws -> ContractRecord? {
        try await db.raw("SELECT " + ContractRecord.columns + " FROM contracts WHERE id = \(bind: id)").first().map(
            ContractRecord.init(row:))
    }

    static func get(_ db: any SQLDatabase, id: String) async throws -> ContractRecord {
        guard let c = try await find(db, id: id) else { throw APIError.notFound("contract") }
        return c
    }

    /// The contract as it is now, held until the transaction ends (see `TenderStore.lock`).
    static func lock(_ tx: any SQLDatabase, id: String) async throws -> ContractRecord {
        let suffix: SQLQueryString = tx.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard let row = try await tx.raw("SELECT " + ContractRecord.columns + " FROM contracts WHERE id = \(bind: id)" + suffix).first()
        else {
            throw APIError.notFound("contract")
        }
        return try ContractRecord(row: row)
    }

    /// The ledger's columns that come from elsewhere: the vendor's name, the department, the
    /// payments approved, and whether an obligation of the contract is overdue.
    struct Listed: Sendable {
        let contract: ContractRecord
        let vendorName: String
        let tenderTitle: String
        let requestId: String?
        let departmentId: String?
        let paidCents: Int64
        let overdue: Bool
    }

    struct LedgerFilter: Sendable {
        var status: ContractStatus?
        var departmentId: String?
        var vendorId: String?
        var supervisorId: String?
    }

    private static func ledgerSelect(now: Int64) -> SQLQueryString {
        """
        SELECT \(unsafeRaw: prefixed("c")), v.name AS vendor_name, t.title AS tender_title, t.request_id AS request_id, r.department_id AS department_id,
        c.paid_cents AS paid,
        CASE WHEN EXISTS (SELECT 1 FROM obligations g WHERE g.tender_id = c.tender_id AND g.met_at IS NULL AND g.cancelled_at IS NULL
            AND g.due_at <= \(bind: now)) THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END AS overdue
        FROM contracts c JOIN users v ON v.id = c.vendor_id JOIN tenders t ON t.id = c.tender_id
        LEFT JOIN outsourcing_requests r ON r.id = t.request_id
        """
    }

    private static func prefixed(_ alias: String) -> String {
        ContractRecord.columnNames.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    private static func listed(_ row: any SQLRow) throws -> Listed {
        Listed(
            contract: try ContractRecord(row: row), vendorName: try row.decode(column: "vendor_name", as: String.self),
            tenderTitle: try row.decode(column: "tender_title", as: String.self),
            requestId: try row.decode(column: "request_id", as: String?.self),
            departmentId: try row.decode(column: "department_id", as: String?.self),
            paidCents: try row.decode(column: "paid", as: Int64.self),
            overdue: try row.decode(column: "overdue", as: Int64.self) == 1)
    }

    /// One page of the ledger: contracts with an overdue obligation first, then the newest. Read in
    /// two segments, like the obligations monitor: the overdue ones found through the obligations'
    /// state index, the others in the order of `contracts_signed`; the page's rows are then read by id.
    static func ledger(_ db: any SQLDatabase, _ f: LedgerFilter, now: Int64, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [Listed]
    ) {
        var conditions: [SQLQueryString] = []
        if let s = f.status { conditions.append("c.status = \(bind: s.rawValue)") }
        if let d = f.departmentId {
            conditions.append(
                "c.tender_id IN (SELECT t.id FROM tenders t JOIN outsourcing_requests r ON r.id = t.request_id WHERE r.department_id = \(bind: d))"
            )
        }
        if let v = f.vendorId { conditions.append("c.vendor_id = \(bind: v)") }
        if let s = f.supervisorId { conditions.append("c.supervisor_id = \(bind: s)") }
        let overdue: SQLQueryString = """
            c.tender_id IN (SELECT g.tender_id FROM obligations g WHERE g.met_at IS NULL AND g.cancelled_at IS NULL AND g.due_at <= \(bind: now)
            AND g.tender_id IS NOT NULL)
            """
        func whereClause(_ extra: SQLQueryString?) -> SQLQueryString {
            let all = conditions + (extra.map { [$0] } ?? [])
            guard let first = all.first else { return "" }
            return " WHERE " + all.dropFirst().reduce(first) { $0 + " AND " + $1 }
        }
        func count(_ w: SQLQueryString) async throws -> Int64 {
            try await db.raw("SELECT COUNT(*) AS n FROM contracts c" + w).first()?.decode(column: "n", as: Int64.self) ?? 0
        }
        let total = try await count(whereClause(nil))
        let overdueCount = try await count(whereClause(overdue))
        var ids: [String] = []
        let per = Int64(limit), start = Int64(offset)
        if start < overdueCount {
            ids += try await db.raw(
                "SELECT c.id FROM contracts c" + whereClause(overdue)
                    + " ORDER BY c.signed_at DESC, c.id DESC LIMIT \(bind: per) OFFSET \(bind: start)"
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
        if Int64(ids.count) < per, total > overdueCount {
            ids += try await db.raw(
                "SELECT c.id FROM contracts c" + whereClause("NOT " + overdue)
                    + " ORDER BY c.signed_at DESC, c.id DESC LIMIT \(bind: per - Int64(ids.count)) OFFSET \(bind: max(0, start - overdueCount))"
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
        guard !ids.isEmpty else { return (total, []) }
        let rows = try await db.raw(ledgerSelect(now: now) + " WHERE c.id IN (\(binds: ids))").all().map(listed)
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.contract.id, $0) })
        return (total, ids.compactMap { byId[$0] })
    }

    static func listed(_ db: any SQLDatabase, id: String, now: Int64) async throws -> Listed {
        guard let row = try await db.raw(ledgerSelect(now: now) + " WHERE c.id = \(bind: id)").first() else {
            throw APIError.notFound("contract")
        }
        return try listed(row)
    }

    // MARK: the contract's own state

    static func brief(_ tx: any SQLDatabase, id: String, notes: String, by actor: String, at ms: Int64) async throws {
        try await tx.raw(
            "UPDATE contracts SET briefing_notes = \(bind: notes), briefed_at = \(bind: ms), briefed_by = \(bind: actor) WHERE id = \(bind: id)"
        ).run()
    }

    static func acknowledgeBriefing(_ tx: any SQLDatabase, id: String, at ms: Int64) async throws {
        try await tx.raw("UPDATE contracts SET briefing_acknowledged_at = \(bind: ms) WHERE id = \(bind: id)").run()
    }

    static func setScorecard(_ tx: any SQLDatabase, id: String, _ card: Scorecard) async throws {
        let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        try await tx.raw("UPDATE contracts SET scorecard = \(bind: json) WHERE id = \(bind: id)").run()
    }

    static func setPaymentTerms(_ tx: any SQLDatabase, id: String, installment: Money, deductions: [Grade: Int64]) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(
            decoding: try encoder.encode(Dictionary(uniqueKeysWithValues: deductions.map { ($0.key.rawValue, $0.value) })), as: UTF8.self)
        try await tx.raw(
            "UPDATE contracts SET installment_amount = \(bind: installment.description), deductions = \(bind: json) WHERE id = \(bind: id)"
        ).run()
    }

    static func terminate(
        _ tx: any SQLDatabase, id: String, status: ContractStatus, kind: String, reason: String?, settlement: Money, at ms: Int64
    ) async throws {
        try await tx.raw(
            """
            UPDATE contracts SET status = \(bind: status.rawValue), termination_kind = \(bind: kind), termination_reason = \(bind: reason),
            settlement_amount = \(bind: settlement.description), terminated_at = \(bind: ms) WHERE id = \(bind: id)
            """
        ).run()
    }

    // MARK: undertakings

    static func undertakings(_ db: any SQLDatabase, contractId: String) async throws -> [(kind: UndertakingKind, at: Int64)] {
        try await db.raw("SELECT kind, given_at FROM contract_undertakings WHERE contract_id = \(bind: contractId) ORDER BY given_at, kind")
            .all().compactMap { row -> (kind: UndertakingKind, at: Int64)? in
                guard let kind = UndertakingKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                return (kind, try row.decode(column: "given_at", as: Int64.self))
            }
    }

    static func undertake(_ tx: any SQLDatabase, contractId: String, kind: UndertakingKind, by actor: String, at ms: Int64) async throws {
        try await tx.raw(
            """
            INSERT INTO contract_undertakings (contract_id, kind, given_by, given_at)
            VALUES (\(bind: contractId), \(bind: kind.rawValue), \(bind: actor), \(bind: ms))
            """
        ).run()
    }

    // MARK: changes

    static func changes(_ db: any SQLDatabase, contractId: String) async throws -> [ChangeRecord] {
        try await db.raw(
            "SELECT " + ChangeRecord.columns + " FROM contract_changes WHERE contract_id = \(bind: contractId) ORDER BY requested_at, id"
        ).all().map(ChangeRecord.init(row:))
    }

    static func change(_ db: any SQLDatabase, id: String, contractId: String) async throws -> ChangeRecord {
        guard
            let row = try await db.raw(
                "SELECT " + ChangeRecord.columns + " FROM contract_changes WHERE id = \(bind: id) AND contract_id = \(bind: contractId)"
            ).first()
        else { throw APIError.notFound("change") }
        return try ChangeRecord(row: row)
    }

    static func approvedIncreases(_ db: any SQLDatabase, contractId: String) async throws -> Int64 {
        try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(amount_delta), 0) AS BIGINT) AS n FROM contract_changes
            WHERE contract_id = \(bind: contractId) AND status = 'approved' AND amount_delta > 0
            """
        ).first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    static func insertChange(
        _ tx: any SQLDatabase, id: String, contractId: String, rationale: ChangeRationale, description: String, amountDelta: Int64?,
        newEndDate: CivilDate?, by actor: String, at ms: Int64
    ) async throws {
        try await tx.raw(
            """
            INSERT INTO contract_changes (id, contract_id, rationale, description, amount_delta, new_end_date, status, requested_by, requested_at)
            VALUES (\(bind: id), \(bind: contractId), \(bind: rationale.rawValue), \(bind: description), \(bind: amountDelta),
            \(bind: newEndDate?.description), 'pending', \(bind: actor), \(bind: ms))
            """
        ).run()
    }

    /// Decides a pending change; an approval moves the current amount and the end date.
    static func decideChange(
        _ tx: any SQLDatabase, _ change: ChangeRecord, approved: Bool, reason: String, by actor: String, at ms: Int64, newCurrent: Money?
    ) async throws {
        try await tx.raw(
            """
            UPDATE contract_changes SET status = \(bind: approved ? "approved" : "rejected"), decided_by = \(bind: actor), decided_at = \(bind: ms),
            reason = \(bind: reason) WHERE id = \(bind: change.id)
            """
        ).run()
        guard approved else { return }
        if let newCurrent {
            try await tx.raw("UPDATE contracts SET current_amount = \(bind: newCurrent.description) WHERE id = \(bind: change.contractId)")
                .run()
        }
        if let end = change.newEndDate {
            try await tx.raw("UPDATE contracts SET service_end = \(bind: end.description) WHERE id = \(bind: change.contractId)").run()
        }
    }

    // MARK: reviews

    static func reviews(_ db: any SQLDatabase, contractId: String) async throws -> [ReviewRecord] {
        try await db.raw(
            "SELECT " + ReviewRecord.columns + " FROM contract_reviews WHERE contract_id = \(bind: contractId) ORDER BY period_end, id"
        ).all().map(ReviewRecord.init(row:))
    }

    static func review(_ db: any SQLDatabase, contractId: String, period: String) async throws -> ReviewRecord? {
        try await db.raw(
            "SELECT " + ReviewRecord.columns + " FROM contract_reviews WHERE contract_id = \(bind: contractId) AND period = \(bind: period)"
        ).first().map(ReviewRecord.init(row:))
    }

    static func hasReviews(_ db: any SQLDatabase, contractId: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM contract_reviews WHERE contract_id = \(bind: contractId)").first() != nil
    }

    static func insertReview(_ tx: any SQLDatabase, _ r: ReviewRecord, periodEnd: CivilDate) async throws {
        let scores = String(decoding: try JSONEncoder().encode(r.scores), as: UTF8.self)
        try await tx.raw(
            """
            INSERT INTO contract_reviews (id, contract_id, vendor_id, period, period_end, scores, total, grade, satisfaction, notes, reviewed_by, reviewed_at)
            VALUES (\(bind: r.id), \(bind: r.contractId), \(bind: r.vendorId), \(bind: r.period), \(bind: periodEnd.description), \(bind: scores),
            \(bind: r.totalHundredths), \(bind: r.grade.rawValue), \(bind: r.satisfaction), \(bind: r.notes), \(bind: r.reviewedBy), \(bind: r.reviewedAt))
            """
        ).run()
    }

    /// A vendor's reviews across its contracts, in period order (the latest `limit`).
    static func vendorReviews(_ db: any SQLDatabase, vendorId: String, limit: Int) async throws -> [ReviewRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ReviewRecord.columnList) FROM contract_reviews WHERE vendor_id = \(bind: vendorId)
            ORDER BY period_end DESC, reviewed_at DESC, id DESC LIMIT \(bind: limit)
            """
        ).all().map(ReviewRecord.init(row:)).reversed()
    }

    /// A vendor's reviews of periods that end in `year`.
    static func vendorReviews(_ db: any SQLDatabase, vendorId: String, year: Int) async throws -> [ReviewRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ReviewRecord.columnList) FROM contract_reviews WHERE vendor_id = \(bind: vendorId)
            AND period_end >= \(bind: String(format: "%04d-01-01", year)) AND period_end <= \(bind: String(format: "%04d-12-31", year))
            ORDER BY period_end, id
            """
        ).all().map(ReviewRecord.init(row:))
    }

    // MARK: payments

    static func payments(_ db: any SQLDatabase, contractId: String) async throws -> [PaymentRecord] {
        try await db.raw(
            "SELECT " + PaymentRecord.columns + " FROM payments WHERE contract_id = \(bind: contractId) ORDER BY requested_at, id"
        )
        .all().map(PaymentRecord.init(row:))
    }

    static func payment(_ db: any SQLDatabase, id: String) async throws -> PaymentRecord {
        guard let row = try await db.raw("SELECT " + PaymentRecord.columns + " FROM payments WHERE id = \(bind: id)").first() else {
            throw APIError.notFound("payment")
        }
        return try PaymentRecord(row: row)
    }

    static func paymentExists(_ db: any SQLDatabase, contractId: String, period: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM payments WHERE contract_id = \(bind: contractId) AND period = \(bind: period)").first()
            != nil
    }

    /// The approved payments so far (the running total kept on the contract).
    static func approvedPayments(_ db: any SQLDatabase, contractId: String) async throws -> Int64 {
        try await db.raw("SELECT paid_cents FROM contracts WHERE id = \(bind: contractId)").first()?.decode(
            column: "paid_cents", as: Int64.self)
            ?? 0
    }

    static func insertPayment(_ tx: any SQLDatabase, _ p: PaymentRecord, by actor: String) async throws {
        try await tx.raw(
            """
            INSERT INTO payments (id, contract_id, period, installment, grade, deduction_percent, deduction, payable, status, requested_by, requested_at)
            VALUES (\(bind: p.id), \(bind: p.contractId), \(bind: p.period), \(bind: p.installment), \(bind: p.grade.rawValue), \(bind: p.deductionPercent),
            \(bind: p.deduction), \(bind: p.payable), 'pending', \(bind: actor), \(bind: p.requestedAt))
            """
        ).run()
    }

    /// Decides a pending payment (an approval adds to the contract's running totals); false when it
    /// was decided meanwhile.
    static func decidePayment(_ tx: any SQLDatabase, _ p: PaymentRecord, approved: Bool, reason: String?, by actor: String, at ms: Int64)
        async throws -> Bool
    {
        guard
            try await tx.raw(
                """
                UPDATE payments SET status = \(bind: approved ? "approved" : "rejected"), decided_by = \(bind: actor), decided_at = \(bind: ms),
                reason = \(bind: reason) WHERE id = \(bind: p.id) AND status = 'pending' RETURNING id
                """
            ).first() != nil
        else { return false }
        if approved {
            try await tx.raw(
                """
                UPDATE contracts SET paid_cents = paid_cents + \(bind: p.payable), withheld_cents = withheld_cents + \(bind: p.deduction)
                WHERE id = \(bind: p.contractId)
                """
            ).run()
        }
        return true
    }
}

extension ContractRecord {
    /// The column names of `columns`, for queries that prefix them with a table alias.
    static let columnNames: [String] = [
        "tender_id", "award_id", "signed_at", "amount", "document_sha256", "supervisor_id", "due_at", "late", "filing_reference",
        "filing_authority", "filed_at", "filing_due_at", "filing_late", "id", "vendor_id", "service_start", "service_end", "status",
        "current_amount", "briefing_notes", "briefed_at", "briefing_acknowledged_at", "termination_kind", "termination_reason",
        "settlement_amount", "terminated_at", "scorecard", "installment_amount", "deductions",
    ]
}

extension ReviewRecord {
    static let columnList = "id, contract_id, vendor_id, period, scores, total, grade, satisfaction, notes, reviewed_by, reviewed_at"
}

/// Suspension proposals (暂停合作): `suspension_proposals`.
enum ProposalStore {
    private static let select: SQLQueryString = """
        SELECT s.id, s.vendor_id, u.name, s.first_review_id, s.second_review_id, s.status, s.proposed_at, s.decided_at, s.reason
        FROM suspension_proposals s JOIN users u ON u.id = s.vendor_id
        """

    static func list(_ db: any SQLDatabase, status: ProposalRecord.Status?, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [ProposalRecord]
    ) {
        let filter: SQLQueryString = status.map { " WHERE s.status = \(bind: $0.rawValue)" } ?? ""
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM suspension_proposals s" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(select + filter + " ORDER BY s.proposed_at DESC, s.id LIMIT \(bind: limit) OFFSET \(bind: offset)")
            .all()
        return (total, try rows.map(ProposalRecord.init(row:)))
    }

    static func get(_ db: any SQLDatabase, id: String) async throws -> ProposalRecord {
        guard let row = try await db.raw(select + " WHERE s.id = \(bind: id)").first() else { throw APIError.notFound("proposal") }
        return try ProposalRecord(row: row)
    }

    static func insert(_ tx: any SQLDatabase, vendorId: String, first: String, second: String, at ms: Int64) async throws -> String {
        let id = newID()
        try await tx.raw(
            """
            INSERT INTO suspension_proposals (id, vendor_id, first_review_id, second_review_id, status, proposed_at)
            VALUES (\(bind: id), \(bind: vendorId), \(bind: first), \(bind: second), 'pending', \(bind: ms))
            """
        ).run()
        return id
    }

    /// Decides a pending proposal; false when it was decided meanwhile.
    static func decide(_ tx: any SQLDatabase, id: String, confirmed: Bool, reason: String, by actor: String, at ms: Int64) async throws
        -> Bool
    {
        try await tx.raw(
            """
            UPDATE suspension_proposals SET status = \(bind: confirmed ? "confirmed" : "dismissed"), decided_by = \(bind: actor),
            decided_at = \(bind: ms), reason = \(bind: reason) WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """
        ).first() != nil
    }
}

extension ContractStore {
    /// The cost report's rows: every contract (of a department, of contracts signed in a year),
    /// with its request's reference price, the tender's budget, the awarded and current amounts and
    /// the approved payments and their deductions, summed in the database.
    static func costRows(_ db: any SQLDatabase, departmentId: String?, year: Int?, timeZone: TimeZone) async throws -> [CostReport.Row] {
        var conditions: [SQLQueryString] = []
        if let departmentId { conditions.append("r.department_id = \(bind: departmentId)") }
        if let year {
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = timeZone
            let from = Timestamp.milliseconds(cal.date(from: DateComponents(year: year, month: 1, day: 1))!)
            let to = Timestamp.milliseconds(cal.date(from: DateComponents(year: year + 1, month: 1, day: 1))!)
            conditions.append("c.signed_at >= \(bind: from) AND c.signed_at < \(bind: to)")
        }
        var whereClause: SQLQueryString = ""
        if let first = conditions.first { whereClause = " WHERE " + conditions.dropFirst().reduce(first) { $0 + " AND " + $1 } }
        // A department's report starts from its requests (outsourcing_requests_department → tenders_request).
        let from: SQLQueryString =
            departmentId == nil
            ? "FROM contracts c JOIN tenders t ON t.id = c.tender_id LEFT JOIN outsourcing_requests r ON r.id = t.request_id"
            : "FROM outsourcing_requests r JOIN tenders t ON t.request_id = r.id JOIN contracts c ON c.tender_id = t.id"
        // The whole report as one text value, a line per contract (the fields joined by '|'; none of
        // them can hold one): a department has thousands of contracts, and reading one value
        // instead of a row per contract is most of the report's speed (Benchmarks/ledger.py).
        let line: SQLQueryString = """
            c.id || '|' || c.tender_id || '|' || COALESCE(t.request_id, '') || '|' || COALESCE(r.department_id, '') || '|'
            || COALESCE(r.reference_amount, '') || '|' || t.budget_amount || '|' || c.amount || '|' || COALESCE(c.current_amount, c.amount) || '|'
            || CAST(c.paid_cents AS TEXT) || '|' || CAST(c.withheld_cents AS TEXT)
            """
        let order: SQLQueryString = "ORDER BY r.department_id, c.signed_at, c.id"
        let aggregate: SQLQueryString =
            db.dialect.name == "sqlite"
            ? "SELECT group_concat(" + line + ", char(10) " + order + ") AS report "
            : "SELECT string_agg(" + line + ", chr(10) " + order + ") AS report "
        let text = try await db.raw(aggregate + from + whereClause).first()?.decode(column: "report", as: String?.self) ?? nil
        // Split as bytes: splitting a String by Character would cost more than the query.
        let bar = UInt8(ascii: "|")
        return Array((text ?? "").utf8).split(separator: UInt8(ascii: "\n")).compactMap { line -> CostReport.Row? in
            let f = line.split(separator: bar, omittingEmptySubsequences: false)
            guard f.count == 10 else { return nil }
            func text(_ i: Int) -> String? { f[i].isEmpty ? nil : String(decoding: f[i], as: UTF8.self) }
            return CostReport.Row(
                contractId: text(0) ?? "", tenderId: text(1) ?? "", requestId: text(2), departmentId: text(3),
                referencePrice: Self.cents(f[4]),
                budget: Self.cents(f[5]) ?? 0, awarded: Self.cents(f[6]) ?? 0, currentAmount: Self.cents(f[7]) ?? 0,
                paid: Self.integer(f[8]) ?? 0, withheld: Self.integer(f[9]) ?? 0)
        }
    }

    /// A stored amount ("1234", "1234.5", "1234.56") in cents, read from its bytes.
    static func cents(_ b: ArraySlice<UInt8>) -> Int64? {
        guard !b.isEmpty else { return nil }
        var whole: Int64 = 0, frac: Int64 = 0, fracDigits = 0, seenDot = false
        for c in b {
            if c == UInt8(ascii: ".") {
                guard !seenDot else { return nil }
                seenDot = true
            } else if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                if seenDot {
                    guard fracDigits < 2 else { return nil }
                    frac = frac * 10 + Int64(c - UInt8(ascii: "0"))
                    fracDigits += 1
                } else {
                    guard whole < 1_000_000_000_000_000 else { return nil }
                    whole = whole * 10 + Int64(c - UInt8(ascii: "0"))
                }
            } else {
                return nil
            }
        }
        return whole * 100 + (fracDigits == 1 ? frac * 10 : frac)
    }

    /// A non-negative integer read from its bytes.
    static func integer(_ b: ArraySlice<UInt8>) -> Int64? { cents(b).flatMap { $0 % 100 == 0 ? $0 / 100 : nil } }
}

extension ContractStore {
    /// Payments across contracts, oldest request first (finance's approvals), with the contract's
    /// tender title and vendor name.
    static func paymentQueue(_ db: any SQLDatabase, status: PaymentRecord.Status?, limit: Int, offset: Int) async throws -> (
        total: Int64, items: [(payment: PaymentRecord, tenderTitle: String, vendorName: String)]
    ) {
        let filter: SQLQueryString = status.map { " WHERE p.status = \(bind: $0.rawValue)" } ?? ""
        let total = try await db.raw("SELECT COUNT(*) AS n FROM payments p" + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
        let rows = try await db.raw(
            """
            SELECT p.id, p.contract_id, p.period, p.installment, p.grade, p.deduction_percent, p.deduction, p.payable, p.status, p.requested_at,
            p.decided_at, p.reason, t.title, u.name FROM payments p JOIN contracts c ON c.id = p.contract_id JOIN tenders t ON t.id = c.tender_id
            JOIN users u ON u.id = c.vendor_id
            """ + filter + " ORDER BY p.requested_at, p.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (
            total,
            try rows.map {
                (
                    try PaymentRecord(row: $0), try $0.decode(column: "title", as: String.self),
                    try $0.decode(column: "name", as: String.self)
                )
            }
        )
    }
}

import Foundation
import TenderDomain
import Vapor

// MARK: requests

struct BriefingBody: Content { let notes: String }
struct UndertakingBody: Content { let kind: String }
struct ChangeBody: Content {
    let rationale: String
    let description: String
    let amountDelta: String?
    let newEndDate: String?
}
struct DecisionBody: Content {
    let decision: String
    let reason: String?
}
struct TerminationBody: Content {
    let kind: String
    let reason: String?
    let settlementAmount: String
    let at: String?
}
struct ScorecardBody: Content {
    let period: String
    let criteria: [Scorecard.Criterion]
}
struct ReviewBody: Content {
    let period: String
    let scores: [String: Double]
    let satisfaction: Double?
    let notes: String?
}
struct PaymentTermsBody: Content {
    let installment: BudgetDTO
    let deductions: [String: String]
}
struct PaymentBody: Content { let period: String }

// MARK: responses

struct ContractLedgerResponse: Content {
    struct Briefing: Content {
        let notes: String?
        let briefedAt: String?
        let acknowledgedAt: String?
    }
    struct Undertaking: Content {
        let kind: String
        let givenAt: String
    }
    struct Change: Content {
        let id: String
        let rationale: String
        let description: String
        let amountDelta: String?
        let newEndDate: String?
        let status: String
        let requestedAt: String
        let decidedAt: String?
        let reason: String?
    }
    struct Review: Content {
        let id: String
        let period: String
        let scores: [String: String]
        let total: String
        let grade: String
        let satisfaction: String?
        let notes: String
        let reviewedBy: String
        let reviewedAt: String
    }
    struct Payment: Content {
        let id: String
        let contractId: String
        let period: String
        let installment: String
        let grade: String
        let deductionPercent: String
        let deduction: String
        let payable: String
        let status: String
        let requestedAt: String
        let decidedAt: String?
        let reason: String?
    }
    struct Termination: Content {
        let kind: String
        let reason: String?
        let settlementAmount: String
        let at: String
    }
    struct PaymentTerms: Content {
        let installment: BudgetDTO
        let deductions: [String: String]
    }

    let id: String
    let tenderId: String
    let tenderTitle: String
    let requestId: String?
    let departmentId: String?
    let vendorId: String
    let vendorName: String
    let supervisorId: String?
    let signedAt: String
    let currency: String
    let originalAmount: String
    let currentAmount: String
    let paidAmount: String
    let servicePeriod: ServicePeriodDTO
    let status: String
    /// An obligation of the contract's tender (briefing, a period's review, the filing) is overdue.
    let overdue: Bool
    let briefing: Briefing
    let undertakings: [Undertaking]?
    let scorecard: Scorecard?
    let paymentTerms: PaymentTerms?
    let termination: Termination?
    let changes: [Change]?
    let reviews: [Review]?
    let payments: [Payment]?

    init(_ l: ContractStore.Listed, currency: String, detail: ContractQueries.Detail? = nil) {
        let c = l.contract
        func time(_ ms: Int64?) -> String? { ms.map { Timestamp.format(milliseconds: $0) } }
        id = c.id
        tenderId = c.tenderId
        tenderTitle = l.tenderTitle
        requestId = l.requestId
        departmentId = l.departmentId
        vendorId = c.vendorId
        vendorName = l.vendorName
        supervisorId = c.supervisorId
        signedAt = Timestamp.format(milliseconds: c.signedAt)
        self.currency = currency
        originalAmount = c.originalAmount.description
        currentAmount = c.currentAmount.description
        paidAmount = Money(cents: l.paidCents).description
        servicePeriod = ServicePeriodDTO(start: c.serviceStart.description, end: c.serviceEnd.description)
        status = c.status.rawValue
        overdue = l.overdue
        briefing = Briefing(notes: c.briefingNotes, briefedAt: time(c.briefedAt), acknowledgedAt: time(c.briefingAcknowledgedAt))
        scorecard = c.scorecard
        paymentTerms = c.installment.map { i in
            PaymentTerms(
                installment: BudgetDTO(amount: i.description, currency: currency),
                deductions: Dictionary(
                    uniqueKeysWithValues: (c.deductions ?? [:]).map { ($0.key.rawValue, Money(cents: $0.value).description) }))
        }
        termination = c.terminatedAt.map { at in
            Termination(
                kind: c.terminationKind ?? "", reason: c.terminationReason, settlementAmount: c.settlementAmount?.description ?? "0.00",
                at: Timestamp.format(milliseconds: at))
        }
        undertakings = detail?.undertakings.map { Undertaking(kind: $0.kind.rawValue, givenAt: Timestamp.format(milliseconds: $0.at)) }
        changes = detail?.changes.map(Self.change)
        reviews = detail?.reviews.map(Self.review)
        payments = detail?.payments.map(Self.payment)
    }

    static func change(_ c: ChangeRecord) -> Change {
        Change(
            id: c.id, rationale: c.rationale.rawValue, description: c.description,
            amountDelta: c.amountDeltaCents.map { Money(cents: $0).description },
            newEndDate: c.newEndDate?.description, status: c.status.rawValue, requestedAt: Timestamp.format(milliseconds: c.requestedAt),
            decidedAt: c.decidedAt.map { Timestamp.format(milliseconds: $0) }, reason: c.reason)
    }

    static func review(_ r: ReviewRecord) -> Review {
        Review(
            id: r.id, period: r.period, scores: r.scores.mapValues { Money(cents: Int64($0)).description },
            total: Money(cents: r.totalHundredths).description, grade: r.grade.rawValue, satisfaction: r.satisfaction, notes: r.notes,
            reviewedBy: r.reviewedBy, reviewedAt: Timestamp.format(milliseconds: r.reviewedAt))
    }

    static func payment(_ p: PaymentRecord) -> Payment {
        Payment(
            id: p.id, contractId: p.contractId, period: p.period, installment: Money(cents: p.installment).description,
            grade: p.grade.rawValue,
            deductionPercent: Money(cents: p.deductionPercent).description, deduction: Money(cents: p.deduction).description,
            payable: Money(cents: p.payable).description, status: p.status.rawValue,
            requestedAt: Timestamp.format(milliseconds: p.requestedAt),
            decidedAt: p.decidedAt.map { Timestamp.format(milliseconds: $0) }, reason: p.reason)
    }
}

struct ContractLedgerList: Content {
    let items: [ContractLedgerResponse]
    let metadata: PageMetadata
}

struct PaymentList: Content {
    struct Item: Content {
        let payment: ContractLedgerResponse.Payment
        let tenderTitle: String
        let vendorName: String
    }
    let items: [Item]
    let metadata: PageMetadata
}

struct ProposalResponse: Content {
    let id: String
    let vendorId: String
    let vendorName: String
    let reviewIds: [String]
    let status: String
    let proposedAt: String
    let decidedAt: String?
    let reason: String?

    init(_ p: ProposalRecord) {
        id = p.id
        vendorId = p.vendorId
        vendorName = p.vendorName
        reviewIds = [p.firstReviewId, p.secondReviewId]
        status = p.status.rawValue
        proposedAt = Timestamp.format(milliseconds: p.proposedAt)
        decidedAt = p.decidedAt.map { Timestamp.format(milliseconds: $0) }
        reason = p.reason
    }
}

struct ProposalList: Content {
    let items: [ProposalResponse]
    let metadata: PageMetadata
}

struct PerformanceResponse: Content {
    let vendorId: String
    let year: Int
    let reviews: Int
    let average: String?
    let grade: String?
    let contracts: [String]
    let items: [ContractLedgerResponse.Review]

    init(_ s: PerformanceQueries.Summary) {
        vendorId = s.vendorId
        year = s.year
        reviews = s.reviews.count
        average = s.averageHundredths.map { Money(cents: $0).description }
        grade = s.grade?.rawValue
        contracts = s.contracts
        items = s.reviews.map(ContractLedgerResponse.review)
    }
}

struct CostReportResponse: Content {
    struct Figures: Content {
        let contractId: String?
        let tenderId: String?
        let requestId: String?
        let departmentId: String?
        let contracts: Int?
        let referencePrice: String
        let budget: String
        let awarded: String
        let currentAmount: String
        let paid: String
        let withheld: String
        let savings: String
        let rewardCap: String
    }

    let contracts: [Figures]
    let departments: [Figures]

    init(rows: [CostReport.Row], departments: [CostReport.Department]) {
        func m(_ c: Int64) -> String { Money(cents: c).description }
        contracts = rows.map {
            Figures(
                contractId: $0.contractId, tenderId: $0.tenderId, requestId: $0.requestId, departmentId: $0.departmentId, contracts: nil,
                referencePrice: m($0.referencePrice ?? 0), budget: m($0.budget), awarded: m($0.awarded), currentAmount: m($0.currentAmount),
                paid: m($0.paid), withheld: m($0.withheld), savings: m($0.savings), rewardCap: m($0.rewardCap))
        }
        self.departments = departments.map {
            Figures(
                contractId: nil, tenderId: nil, requestId: nil, departmentId: $0.departmentId, contracts: $0.contracts,
                referencePrice: m($0.referencePrice), budget: m($0.budget), awarded: m($0.awarded), currentAmount: m($0.currentAmount),
                paid: m($0.paid), withheld: m($0.withheld), savings: m($0.savings), rewardCap: m($0.rewardCap))
        }
    }
}

extension CostReportResponse {
    /// The JSON `JSONEncoder` would write (same meaning; tested), several times faster on a
    /// department's thousands of contracts (Benchmarks/ledger.py).
    var jsonBytes: [UInt8] {
        var w = JSONWriter(capacity: 256 + (contracts.count + departments.count) * 400)
        func figures(_ list: [Figures]) {
            w.beginArray()
            for f in list {
                w.element()
                w.open()
                w.field("contractId", f.contractId)
                w.field("tenderId", f.tenderId)
                w.field("requestId", f.requestId)
                w.field("departmentId", f.departmentId)
                if let n = f.contracts {
                    w.key("contracts")
                    w.literal(String(n))
                }
                w.field("referencePrice", f.referencePrice)
                w.field("budget", f.budget)
                w.field("awarded", f.awarded)
                w.field("currentAmount", f.currentAmount)
                w.field("paid", f.paid)
                w.field("withheld", f.withheld)
                w.field("savings", f.savings)
                w.field("rewardCap", f.rewardCap)
                w.close()
            }
            w.endArray()
        }
        w.open()
        w.key("contracts")
        figures(contracts)
        w.key("departments")
        figures(departments)
        w.close()
        return w.bytes
    }
}

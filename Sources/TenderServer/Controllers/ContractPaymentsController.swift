import Foundation
import TenderDomain
import Vapor

/// Payments after the award (外包服务质量统计表 → 付款审批, docs/DESIGN.md §11): payment terms, requests
/// for reviewed periods, finance's queue and decisions.
struct ContractPaymentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.put("contracts", ":contractId", "payment-terms", use: paymentTerms)
        routes.post("contracts", ":contractId", "payments", use: requestPayment)
        routes.get("payments", use: payments)
        routes.post("payments", ":paymentId", "decision", use: decidePayment)
    }

    @Sendable func paymentTerms(req: Request) async throws -> ContractLedgerResponse {
        let p = try req.require(.manageContracts)
        let id = try pathID(req, "contractId", "contract")
        let body = try req.content.decode(PaymentTermsBody.self)
        let installment = try Validate.money(body.installment, field: "installment")
        var deductions: [Grade: Int64] = [:]
        for (key, value) in body.deductions {
            guard let grade = Grade(rawValue: key) else {
                throw APIError.invalid("invalid_deductions", "deductions are keyed by excellent, good, pass and fail", field: "deductions")
            }
            guard let m = Money(value), m.cents <= 100_00 else {
                throw APIError.invalid(
                    "invalid_deductions", "deductions.\(key) must be a percentage from 0 to 100 with at most 2 decimals",
                    field: "deductions.\(key)")
            }
            deductions[grade] = m.cents
        }
        guard Set(deductions.keys) == Set(Grade.allCases) else {
            throw APIError.invalid(
                "invalid_deductions", "give a deduction for each grade: excellent, good, pass and fail", field: "deductions")
        }
        try await SetPaymentTerms(ctx: req.useCase).run(
            id: id, installment: installment.amount, currency: installment.currency, deductions: deductions, by: p)
        return try await ContractsController.detail(req, id)
    }

    @Sendable func requestPayment(req: Request) async throws -> Response {
        let p = try req.require()
        let id = try pathID(req, "contractId", "contract")
        guard let period = ReviewPeriod(try req.content.decode(PaymentBody.self).period) else {
            throw APIError.invalid("invalid_period", "period must be a month (2026-11) or a quarter (2026-Q4)", field: "period")
        }
        let payment = try await RequestPayment(ctx: req.useCase).run(id: id, period: period, by: p)
        return try AwardController.created(ContractLedgerResponse.payment(payment))
    }

    /// Finance's approvals: payments across contracts, oldest first, filtered by `status`.
    @Sendable func payments(req: Request) async throws -> PaymentList {
        _ = try req.require(.readPayments)
        let page = try PageRequest(req)
        let status = try req.statusFilter(PaymentRecord.Status.self)
        let result = try await ContractStore.paymentQueue(req.sql, status: status, limit: page.per, offset: page.offset)
        return PaymentList(
            items: result.items.map {
                .init(payment: ContractLedgerResponse.payment($0.payment), tenderTitle: $0.tenderTitle, vendorName: $0.vendorName)
            },
            metadata: page.metadata(total: result.total))
    }

    @Sendable func decidePayment(req: Request) async throws -> ContractLedgerResponse.Payment {
        let p = try req.require(.decidePayments)
        let id = try pathID(req, "paymentId", "payment")
        let (approved, reason) = try ContractsController.decision(req, approve: "approved", reject: "rejected", reasonRequired: false)
        return ContractLedgerResponse.payment(
            try await DecidePayment(ctx: req.useCase).run(paymentId: id, approved: approved, reason: reason, by: p))
    }
}

import Foundation
import TenderDomain

/// Payment terms (付款条件): an installment per review period and the percentage withheld per grade.
struct SetPaymentTerms {
    let ctx: UseCaseContext

    func run(id: String, installment: Money, currency: String, deductions: [Grade: Int64], by p: Principal) async throws {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        try c.requireOpen()
        let tender = try await TenderStore.get(ctx.sql, id: c.tenderId)
        guard currency == tender.currency else {
            throw APIError.invalid(
                "invalid_currency", "the installment is in the contract's currency \(tender.currency)", field: "installment.currency")
        }
        guard installment <= c.currentAmount else {
            throw APIError.invalid(
                "over_contract_amount", "the installment exceeds the contract amount \(c.currentAmount)", field: "installment.amount")
        }
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: id)
            try locked.requireOpen()
            try await ContractStore.setPaymentTerms(tx, id: id, installment: installment, deductions: deductions)
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .paymentTermsSet, tenderId: c.tenderId,
                details: [
                    "contractId": id, "installment": installment.description,
                    "deductions": Grade.allCases.map { "\($0.rawValue)=\(Money(cents: deductions[$0] ?? 0))" }.joined(separator: ","),
                ])
        }
    }
}

/// A payment request for a reviewed period (外包服务质量统计表 → 付款审批): the installment less the
/// grade's deduction, rounded half-up to the cent, within the contract amount.
struct RequestPayment {
    let ctx: UseCaseContext

    func run(id: String, period: ReviewPeriod, by p: Principal) async throws -> PaymentRecord {
        let c = try await ContractQueries.visible(ctx, id: id, by: p)
        guard ContractAccess.mayRequestPayment(p.role, isSupervisor: c.supervisorId == p.userId) else {
            throw APIError(.forbidden, "not_supervisor", "the contract's supervisor or procurement requests its payments")
        }
        try c.requireOpen()
        try await ctx.requireUndertakings(c)
        guard let installment = c.installment, let deductions = c.deductions else {
            throw StateConflict(.paymentTermsRequired, "procurement must set the contract's payment terms first")
        }
        guard let review = try await ContractStore.review(ctx.sql, contractId: id, period: period.description) else {
            throw StateConflict(.reviewRequired, "the period \(period) has no review yet; payment follows the measured quality")
        }
        let percent = deductions[review.grade] ?? 0
        let deduction = PaymentRules.deduction(installmentCents: installment.cents, percentHundredths: percent)
        let payment = PaymentRecord(
            id: newID(), contractId: id, period: period.description, installment: installment.cents, grade: review.grade,
            deductionPercent: percent, deduction: deduction, payable: installment.cents - deduction, requestedAt: ctx.nowMillis)
        do {
            try await ctx.transaction { tx in
                let locked = try await ContractStore.lock(tx, id: id)
                try locked.requireOpen()
                if try await ContractStore.paymentExists(tx, contractId: id, period: payment.period) {
                    throw StateConflict(.duplicatePayment, "the period \(period) was already requested for payment")
                }
                try PaymentRules.checkCap(
                    approvedCents: try await ContractStore.approvedPayments(tx, contractId: id), payableCents: payment.payable,
                    currentCents: locked.currentAmount.cents)
                try await ContractStore.insertPayment(tx, payment, by: p.userId)
                try await AuditStore.append(
                    tx, at: payment.requestedAt, actor: p.userId, action: .paymentRequested, tenderId: c.tenderId,
                    details: [
                        "contractId": id, "paymentId": payment.id, "period": payment.period, "grade": payment.grade.rawValue,
                        "installment": Money(cents: payment.installment).description, "deduction": Money(cents: deduction).description,
                        "payable": Money(cents: payment.payable).description,
                    ])
            }
        } catch  where error.isUniqueViolation {
            throw StateConflict(.duplicatePayment, "the period \(period) was already requested for payment")
        }
        return payment
    }
}

/// Finance approves or rejects a payment; approved payments make the contract's `paidAmount`.
struct DecidePayment {
    let ctx: UseCaseContext

    func run(paymentId: String, approved: Bool, reason: String?, by p: Principal) async throws -> PaymentRecord {
        let payment = try await ContractStore.payment(ctx.sql, id: paymentId)
        let c = try await ContractStore.get(ctx.sql, id: payment.contractId)
        let ms = ctx.nowMillis
        try await ctx.transaction { tx in
            let locked = try await ContractStore.lock(tx, id: c.id)
            if approved {
                try PaymentRules.checkCap(
                    approvedCents: try await ContractStore.approvedPayments(tx, contractId: c.id), payableCents: payment.payable,
                    currentCents: locked.currentAmount.cents)
            }
            guard try await ContractStore.decidePayment(tx, payment, approved: approved, reason: reason, by: p.userId, at: ms) else {
                throw StateConflict(.alreadyResolved, "the payment was already decided")
            }
            try await AuditStore.append(
                tx, at: ms, actor: p.userId, action: .paymentDecided, tenderId: c.tenderId,
                details: [
                    "contractId": c.id, "paymentId": paymentId, "decision": approved ? "approved" : "rejected",
                    "payable": Money(cents: payment.payable).description, "reason": reason,
                ].compactMapValues { $0 })
        }
        return try await ContractStore.payment(ctx.sql, id: paymentId)
    }
}

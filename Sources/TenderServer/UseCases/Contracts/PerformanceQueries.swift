import Foundation
import TenderDomain

/// The annual evaluation of a vendor (年度考评) and the cost report (docs/DESIGN.md §11).
enum PerformanceQueries {
    struct Summary: Sendable {
        let vendorId: String
        let year: Int
        let reviews: [ReviewRecord]
        let averageHundredths: Int64?
        let grade: Grade?
        let contracts: [String]
    }

    /// The mean of the year's review totals, half-up to the hundredth, graded with the policy's thresholds.
    static func summary(_ ctx: UseCaseContext, vendorId: String, year: Int) async throws -> Summary {
        let reviews = try await ContractStore.vendorReviews(ctx.sql, vendorId: vendorId, year: year)
        let average = PaymentRules.average(reviews.map(\.totalHundredths))
        return Summary(
            vendorId: vendorId, year: year, reviews: reviews, averageHundredths: average,
            grade: average.map { ctx.app.config.outsourcing.grades.grade(totalHundredths: $0) },
            contracts: Array(Set(reviews.map(\.contractId))).sorted())
    }
}

/// The cost report: per contract and per department, in cents.
enum CostReport {
    struct Row: Sendable {
        let contractId: String
        let tenderId: String
        let requestId: String?
        let departmentId: String?
        let referencePrice: Int64?
        let budget: Int64
        let awarded: Int64
        let currentAmount: Int64
        let paid: Int64
        let withheld: Int64
        var savings: Int64 { referencePrice.map { PaymentRules.savings(referenceCents: $0, awardedCents: awarded) } ?? 0 }
        var rewardCap: Int64 { PaymentRules.rewardCap(savingsCents: savings) }
    }

    struct Department: Sendable {
        let departmentId: String?
        var referencePrice: Int64 = 0
        var budget: Int64 = 0
        var awarded: Int64 = 0
        var currentAmount: Int64 = 0
        var paid: Int64 = 0
        var withheld: Int64 = 0
        var savings: Int64 = 0
        var rewardCap: Int64 = 0
        var contracts = 0
    }

    static func run(_ ctx: UseCaseContext, departmentId: String?, year: Int?) async throws -> (rows: [Row], departments: [Department]) {
        let rows = try await ContractStore.costRows(ctx.sql, departmentId: departmentId, year: year, timeZone: ctx.app.config.timeZone)
        var byDepartment: [String: Department] = [:]
        for r in rows {
            var d = byDepartment[r.departmentId ?? ""] ?? Department(departmentId: r.departmentId)
            d.referencePrice += r.referencePrice ?? 0
            d.budget += r.budget
            d.awarded += r.awarded
            d.currentAmount += r.currentAmount
            d.paid += r.paid
            d.withheld += r.withheld
            d.savings += r.savings
            d.rewardCap += r.rewardCap
            d.contracts += 1
            byDepartment[r.departmentId ?? ""] = d
        }
        return (rows, byDepartment.keys.sorted().map { byDepartment[$0]! })
    }
}

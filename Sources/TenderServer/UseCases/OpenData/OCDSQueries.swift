import Foundation
import TenderDomain

/// The tender as an Open Contracting Data Standard 1.1 release package (one compiled release of its
/// current state). What the sealed-bid rules keep secret stays out: bidders and their number
/// appear only from the submission deadline of a published tender; prices only once revealed.
enum OCDSQueries {
    typealias Value = OCDS.Value
    typealias OrgRef = OCDS.OrgRef
    typealias Party = OCDS.Party
    typealias Period = OCDS.Period
    typealias Amendment = OCDS.Amendment
    typealias Tender = OCDS.Tender
    typealias Statistic = OCDS.Statistic
    typealias Bids = OCDS.Bids
    typealias Award = OCDS.Award
    typealias Implementation = OCDS.Implementation
    typealias Document = OCDS.Document
    typealias Contract = OCDS.Contract
    typealias Planning = OCDS.Planning
    typealias Transaction = OCDS.Transaction
    typealias Milestone = OCDS.Milestone
    typealias Release = OCDS.Release
    typealias Publisher = OCDS.Publisher
    typealias Package = OCDS.Package

    static func package(_ ctx: UseCaseContext, tender t: TenderRecord) async throws -> Package {
        let now = ctx.nowMillis
        let phase = t.phase(at: ctx.now)
        let config = ctx.app.config
        let ocid = "\(config.ocidPrefix)-\(t.id)"
        func time(_ ms: Int64) -> String { Timestamp.format(milliseconds: ms) }
        func value(_ m: Money) -> Value { Value(amount: m.decimal, currency: t.currency) }
        let buyerName = try await AccountStore.user(ctx.sql, id: t.createdBy)?.name ?? "Procuring entity"
        var parties = [Party(id: "buyer-\(t.createdBy)", name: buyerName, roles: ["buyer", "procuringEntity"])]
        let buyer = OrgRef(id: "buyer-\(t.createdBy)", name: buyerName)

        // Bidders and counts from the close only (招标投标法 art. 22).
        var tenderers: [OrgRef]?
        var bids: Bids?
        if TenderAccess.commitmentsSealed(status: t.status, submissionDeadlinePassed: now >= t.submissionDeadline) == nil {
            let active = try await BidStore.activeWithVendorNames(ctx.sql, tenderId: t.id).sorted { $0.bid.vendorId < $1.bid.vendorId }
            let list = active.map { OrgRef(id: "vendor-\($0.bid.vendorId)", name: $0.vendorName) }
            let revealed = active.filter { $0.bid.status == .revealed }.count
            tenderers = list
            var stats = [
                Statistic(id: "1", measure: "bids", value: list.count, notes: "active sealed commitments at the submission deadline")
            ]
            if now >= t.revealDeadline {
                stats.append(Statistic(id: "2", measure: "revealedBids", value: revealed, notes: "bids revealed with a valid document"))
            }
            if let final = try await EvaluationStore.final(ctx.sql, tenderId: t.id),
                try await AwardStore.everAwarded(ctx.sql, tenderId: t.id)
            {
                stats.append(
                    Statistic(id: "3", measure: "validBids", value: try final.response().ranking.filter(\.valid).count, notes: nil))
            }
            bids = Bids(statistics: stats)
            for o in list { parties.append(Party(id: o.id, name: o.name, roles: ["tenderer"])) }
        }

        // Awards (every award made, revoked ones as cancelled) and the contract.
        var awards: [Award] = []
        for (a, name) in try await AwardStore.allWithVendorNames(ctx.sql, tenderId: t.id) {
            let vendor = a.vendorId
            let revoked = a.revokedAt
            let status = revoked != nil ? "cancelled" : (phase == .standstill ? "pending" : "active")
            awards.append(
                Award(
                    id: a.id, title: "Award of \(t.title)", status: status, date: time(a.awardedAt),
                    value: value(Money(a.price) ?? Money(cents: 0)),
                    suppliers: [OrgRef(id: "vendor-\(vendor)", name: name)], contractPeriod: nil))
            if !parties.contains(where: { $0.id == "vendor-\(vendor)" && $0.roles.contains("supplier") }), revoked == nil {
                if let i = parties.firstIndex(where: { $0.id == "vendor-\(vendor)" }) {
                    parties[i] = Party(id: parties[i].id, name: parties[i].name, roles: parties[i].roles + ["supplier"])
                } else {
                    parties.append(Party(id: "vendor-\(vendor)", name: name, roles: ["supplier"]))
                }
            }
        }
        var contracts: [Contract] = []
        if let c = try await ContractStore.find(ctx.sql, tenderId: t.id) {
            var documents: [Document] = []
            if let f = c.filing {
                documents.append(
                    Document(
                        id: "filing-\(t.id)", documentType: "contractSchedule", title: "Filing with \(f.authority)",
                        description: "Filed under reference \(f.reference)", datePublished: time(f.filedAt)))
            }
            let vendorName = parties.first { $0.id == "vendor-\(c.vendorId)" }?.name ?? ""
            let transactions = try await ContractStore.payments(ctx.sql, contractId: c.id).filter { $0.status == .approved }.map { p in
                Transaction(
                    id: p.id, date: time(p.decidedAt ?? p.requestedAt), value: value(Money(cents: p.payable)), payer: buyer,
                    payee: OrgRef(id: "vendor-\(c.vendorId)", name: vendorName))
            }
            let milestones = try await ContractStore.reviews(ctx.sql, contractId: c.id).map { r in
                Milestone(
                    id: "review-\(r.id)", title: "Review \(r.period)", type: "reporting",
                    description: "Periodic review \(r.period): \(Money(cents: r.totalHundredths)) of 100 points, grade \(r.grade.rawValue)",
                    dueDate: String?.none, dateMet: time(r.reviewedAt), status: "met")
            }
            let changes = try await ContractStore.changes(ctx.sql, contractId: c.id).filter { $0.status == .approved }.map { ch in
                Amendment(
                    id: ch.id, date: time(ch.decidedAt ?? ch.requestedAt), rationale: "\(ch.rationale.rawValue): \(ch.description)",
                    description: [
                        ch.amountDeltaCents.map { "amount \($0 >= 0 ? "+" : "-")\(Money(cents: abs($0)))" },
                        ch.newEndDate.map { "end \($0)" },
                    ].compactMap { $0 }.joined(separator: "; "))
            }
            var implementation = Implementation(documents: documents.isEmpty ? nil : documents)
            implementation.transactions = transactions.isEmpty ? nil : transactions
            implementation.milestones = milestones.isEmpty ? nil : milestones
            var contract = Contract(
                id: "contract-\(t.id)", awardID: c.awardId, status: c.status == .active ? "active" : "terminated",
                value: value(c.currentAmount), dateSigned: time(c.signedAt), implementation: implementation)
            contract.period = Period(startDate: c.serviceStart.description + "T00:00:00Z", endDate: c.serviceEnd.description + "T23:59:59Z")
            contract.amendments = changes.isEmpty ? nil : changes
            contracts.append(contract)
        }

        let amendments = try await TenderStore.amendments(ctx.sql, tenderId: t.id).map { a in
            Amendment(id: String(a.number), date: time(a.createdAt), rationale: a.reason, description: a.changesJSON)
        }
        let status: String
        switch phase {
        case .draft: status = "planning"
        case .bidding, .revealing, .evaluating, .standstill: status = "active"
        case .cancelled: status = "cancelled"
        case .failed: status = "unsuccessful"
        case .awarded, .contracted, .filed: status = "complete"
        }
        var tags = ["tender"]
        if !amendments.isEmpty { tags.append("tenderAmendment") }
        if phase == .cancelled { tags = ["tenderCancellation"] }
        if !awards.isEmpty { tags.append("award") }
        if !contracts.isEmpty { tags.append("contract") }
        if phase == .filed { tags.append("implementation") }
        let priceOnly = t.criteria.allSatisfy { $0.type != .scored }
        let criteriaText = t.criteria.map { c -> String in
            switch c.type {
            case .price: return "price \(ExactMath.hundredths(Int64(c.weightHundredths ?? 0)))"
            case .scored:
                return
                    "\(c.name ?? c.key) \(ExactMath.hundredths(Int64(c.weightHundredths ?? 0))) (max \(ExactMath.hundredths(Int64(c.maxScoreHundredths ?? 0))))"
            case .qualification: return "\(c.name ?? c.key) (qualification)"
            }
        }.joined(separator: "; ")
        let category = ["goods", "works", "services"].contains(t.category.lowercased()) ? t.category.lowercased() : nil
        let tender = Tender(
            id: t.id, title: t.title, description: t.description, status: status,
            procurementMethod: t.method == .selective ? "selective" : "open",
            procurementMethodDetails: t.method == .selective ? "邀请招标 (invitation)" : "公开招标 (open tender)",
            mainProcurementCategory: category, value: value(t.budget),
            tenderPeriod: Period(startDate: t.publishedAt.map(time), endDate: time(t.submissionDeadline)),
            awardPeriod: awards.isEmpty ? nil : Period(startDate: time(t.revealDeadline), endDate: nil),
            awardCriteria: priceOnly ? "priceOnly" : "ratedCriteria", awardCriteriaDetails: criteriaText,
            numberOfTenderers: tenderers?.count, tenderers: tenderers, amendments: amendments.isEmpty ? nil : amendments)
        var planning = Planning(budget: .init(amount: value(t.budget)))
        if let requestId = t.requestId, let r = try await RequestStore.find(ctx.sql, id: requestId), let reference = r.referencePrice {
            planning = Planning(
                rationale: r.draft.justification,
                budget: .init(
                    id: "request-\(r.id)", description: "Reference price (参考价格): \(r.referenceBasis ?? "")",
                    amount: Value(amount: reference.decimal, currency: r.referenceCurrency ?? t.currency)))
        }
        let release = Release(
            ocid: ocid, id: "\(t.id)-\(t.updatedAt)", date: time(max(t.updatedAt, t.publishedAt ?? 0)), tag: tags, initiationType: "tender",
            language: "zh", parties: parties, buyer: buyer,
            planning: planning, tender: tender, bids: bids,
            awards: awards.isEmpty ? nil : awards, contracts: contracts.isEmpty ? nil : contracts)
        // Never the request's Host header (a client could make a published document name any host).
        let base = config.publishedBaseURL
        return Package(
            uri: "\(base)/api/v1/tenders/\(t.id)/ocds", version: "1.1", publishedDate: time(now),
            publisher: Publisher(name: "Tender server"),
            extensions: bids == nil ? nil : [OCDS.bidExtension], releases: [release])
    }
}

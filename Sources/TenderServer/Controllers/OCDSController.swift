import Foundation
import SQLKit
import TenderDomain
import Vapor

/// `GET /api/v1/tenders/{id}/ocds`: the tender as an Open Contracting Data Standard 1.1 release
/// package (one compiled release of its current state), valid against the official 1.1.5 schema
/// (checked in `.ci/run`). What the sealed-bid rules keep secret stays out: bidders and their
/// number appear only from the submission deadline; prices only once revealed.
struct OCDSController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tenders", ":tenderId", "ocds", use: package)
    }

    struct Value: Content {
        let amount: Decimal
        let currency: String
    }

    struct OrgRef: Content {
        let id: String
        let name: String
    }

    struct Party: Content {
        let id: String
        let name: String
        let roles: [String]
    }

    struct Period: Content {
        var startDate: String?
        var endDate: String?
    }

    struct Amendment: Content {
        let id: String
        let date: String
        let rationale: String
        let description: String
    }

    struct Tender: Content {
        let id: String
        let title: String
        let description: String
        let status: String
        let procurementMethod: String
        let procurementMethodDetails: String
        let mainProcurementCategory: String?
        let value: Value
        let tenderPeriod: Period
        let awardPeriod: Period?
        let awardCriteria: String
        let awardCriteriaDetails: String
        let numberOfTenderers: Int?
        let tenderers: [OrgRef]?
        let amendments: [Amendment]?
    }

    struct Statistic: Content {
        let id: String
        let measure: String
        let value: Int
        let notes: String?
    }

    struct Bids: Content {
        let statistics: [Statistic]
    }

    struct Award: Content {
        let id: String
        let title: String
        let status: String
        let date: String
        let value: Value
        let suppliers: [OrgRef]
        let contractPeriod: Period?
    }

    struct Implementation: Content {
        let documents: [Document]?
    }

    struct Document: Content {
        let id: String
        let documentType: String
        let title: String
        let description: String
        let datePublished: String
    }

    struct Contract: Content {
        let id: String
        let awardID: String
        let status: String
        let value: Value
        let dateSigned: String
        let implementation: Implementation
    }

    struct Planning: Content {
        struct Budget: Content {
            let amount: Value
        }
        let budget: Budget
    }

    struct Release: Content {
        let ocid: String
        let id: String
        let date: String
        let tag: [String]
        let initiationType: String
        let language: String
        let parties: [Party]
        let buyer: OrgRef
        let planning: Planning
        let tender: Tender
        let bids: Bids?
        let awards: [Award]?
        let contracts: [Contract]?
    }

    struct Publisher: Content {
        let name: String
    }

    struct Package: Content {
        let uri: String
        let version: String
        let publishedDate: String
        let publisher: Publisher
        /// The OCDS extensions the releases use: `bids` comes from the bid extension.
        let extensions: [String]?
        let releases: [Release]
    }

    /// The official OCDS bid extension (`bids.statistics`, `bids.details`).
    static let bidExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"

    @Sendable func package(req: Request) async throws -> Package {
        let t = try await req.visibleTender()
        let now = req.tender.nowMillis
        let phase = t.phase(at: req.tender.clock.now)
        let ctx = req.tender
        let ocid = "\(ctx.config.ocidPrefix)-\(t.id)"
        func time(_ ms: Int64) -> String { Timestamp.format(milliseconds: ms) }
        func value(_ m: Money) -> Value { Value(amount: m.decimal, currency: t.currency) }
        let buyerName = try await req.sql.raw("SELECT name FROM users WHERE id = \(bind: t.createdBy)").first()?.decode(column: "name", as: String.self) ?? "Procuring entity"
        var parties = [Party(id: "buyer-\(t.createdBy)", name: buyerName, roles: ["buyer", "procuringEntity"])]
        let buyer = OrgRef(id: "buyer-\(t.createdBy)", name: buyerName)

        // Bidders and counts from the close only (招标投标法 art. 22).
        var tenderers: [OrgRef]?
        var bids: Bids?
        if t.status == .published, now >= t.submissionDeadline {
            let rows = try await req.sql.raw("""
                SELECT b.vendor_id, b.status, u.name FROM bids b JOIN users u ON u.id = b.vendor_id
                WHERE b.tender_id = \(bind: t.id) AND b.active_vendor IS NOT NULL ORDER BY b.vendor_id
                """).all()
            var list: [OrgRef] = []
            var revealed = 0
            for row in rows {
                let id = try row.decode(column: "vendor_id", as: String.self)
                list.append(OrgRef(id: "vendor-\(id)", name: try row.decode(column: "name", as: String.self)))
                if try row.decode(column: "status", as: String.self) == "revealed" { revealed += 1 }
            }
            tenderers = list
            var stats = [Statistic(id: "1", measure: "bids", value: list.count, notes: "active sealed commitments at the submission deadline")]
            if now >= t.revealDeadline {
                stats.append(Statistic(id: "2", measure: "revealedBids", value: revealed, notes: "bids revealed with a valid document"))
            }
            if let final = try await EvaluationStore.final(req.sql, tenderId: t.id), try await AwardStore.everAwarded(req.sql, tenderId: t.id) {
                stats.append(Statistic(id: "3", measure: "validBids", value: try final.response().ranking.filter(\.valid).count, notes: nil))
            }
            bids = Bids(statistics: stats)
            for o in list { parties.append(Party(id: o.id, name: o.name, roles: ["tenderer"])) }
        }

        // Awards (every award made, revoked ones as cancelled) and the contract.
        var awards: [Award] = []
        let awardRows = try await req.sql.raw("""
            SELECT a.id, a.vendor_id, a.price, a.awarded_at, a.revoked_at, a.standstill_ends_at, u.name FROM awards a JOIN users u ON u.id = a.vendor_id
            WHERE a.tender_id = \(bind: t.id) ORDER BY a.awarded_at, CASE WHEN a.revoked_at IS NULL THEN 1 ELSE 0 END, a.id
            """).all()
        for row in awardRows {
            let vendor = try row.decode(column: "vendor_id", as: String.self)
            let name = try row.decode(column: "name", as: String.self)
            let revoked = try row.decode(column: "revoked_at", as: Int64?.self)
            let status = revoked != nil ? "cancelled" : (phase == .standstill ? "pending" : "active")
            awards.append(Award(
                id: try row.decode(column: "id", as: String.self), title: "Award of \(t.title)", status: status,
                date: time(try row.decode(column: "awarded_at", as: Int64.self)),
                value: value(Money(try row.decode(column: "price", as: String.self)) ?? Money(cents: 0)),
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
        if let row = try await req.sql.raw("""
            SELECT award_id, signed_at, amount, document_sha256, filed_at, filing_reference, filing_authority FROM contracts WHERE tender_id = \(bind: t.id)
            """).first() {
            var documents: [Document] = []
            if let filed = try row.decode(column: "filed_at", as: Int64?.self) {
                documents.append(Document(
                    id: "filing-\(t.id)", documentType: "contractSchedule", title: "Filing with \(try row.decode(column: "filing_authority", as: String.self))",
                    description: "Filed under reference \(try row.decode(column: "filing_reference", as: String.self))", datePublished: time(filed)))
            }
            contracts.append(Contract(
                id: "contract-\(t.id)", awardID: try row.decode(column: "award_id", as: String.self), status: "active",
                value: value(Money(try row.decode(column: "amount", as: String.self)) ?? Money(cents: 0)),
                dateSigned: time(try row.decode(column: "signed_at", as: Int64.self)),
                implementation: Implementation(documents: documents.isEmpty ? nil : documents)))
        }

        let amendments = try await req.sql.raw("SELECT number, reason, changes, created_at FROM amendments WHERE tender_id = \(bind: t.id) ORDER BY number")
            .all().map { row in
                Amendment(
                    id: String(try row.decode(column: "number", as: Int64.self)), date: time(try row.decode(column: "created_at", as: Int64.self)),
                    rationale: try row.decode(column: "reason", as: String.self), description: try row.decode(column: "changes", as: String.self))
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
            case .scored: return "\(c.name ?? c.key) \(ExactMath.hundredths(Int64(c.weightHundredths ?? 0))) (max \(ExactMath.hundredths(Int64(c.maxScoreHundredths ?? 0))))"
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
        let release = Release(
            ocid: ocid, id: "\(t.id)-\(t.updatedAt)", date: time(max(t.updatedAt, t.publishedAt ?? 0)), tag: tags, initiationType: "tender",
            language: "zh", parties: parties, buyer: buyer,
            planning: Planning(budget: .init(amount: value(t.budget))), tender: tender, bids: bids,
            awards: awards.isEmpty ? nil : awards, contracts: contracts.isEmpty ? nil : contracts)
        // Never the request's Host header (a client could make a published document name any host).
        let base = ctx.config.publishedBaseURL
        return Package(
            uri: "\(base)/api/v1/tenders/\(t.id)/ocds", version: "1.1", publishedDate: time(now), publisher: Publisher(name: "Tender server"),
            extensions: bids == nil ? nil : [Self.bidExtension], releases: [release])
    }
}

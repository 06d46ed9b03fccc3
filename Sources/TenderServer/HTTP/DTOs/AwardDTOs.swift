import Foundation
import TenderDomain
import Vapor

struct AwardRequest: Content {
    let bidId: String
    let justification: String?
}

struct AwardResponse: Content {
    let id: String
    let tenderId: String
    let bidId: String
    let vendorId: String
    let price: String
    let candidateRank: Int
    let justification: String?
    let awardedAt: String
    let standstillEndsAt: String
    let revokedAt: String?
    /// `standstill`, `final` (award notice issued) or `revoked`.
    let status: String
}

struct ObjectionRequest: Content {
    let text: String
}

struct ResolutionRequest: Content {
    let decision: String
    let response: String
}

struct ObjectionResponse: Content {
    let id: String
    let tenderId: String
    let awardId: String
    let vendorId: String
    let text: String
    let filedAt: String
    let replyDueAt: String
    let decision: String?
    let response: String?
    let resolvedAt: String?
}

struct ContractRequest: Content {
    let signedAt: String
    let amount: String
    let documentSha256: String
    let supervisorId: String?
    /// The service period (default: the request's; else a year from the signing day).
    let servicePeriod: ServicePeriodDTO?
}

struct FilingRequest: Content {
    let reference: String
    let authority: String
}

struct ReportRequest: Content {
    let reference: String
}

struct ContractResponse: Content {
    /// The contract's id in the ledger (`GET /api/v1/contracts/{id}`).
    let id: String
    let tenderId: String
    let awardId: String
    let signedAt: String
    let amount: String
    let documentSha256: String
    let supervisorId: String?
    let dueAt: String
    let late: Bool
    let filing: Filing?

    struct Filing: Content {
        let reference: String
        let authority: String
        let filedAt: String
        let dueAt: String
        let late: Bool
    }
}

struct ObligationResponse: Content {
    let id: String
    /// The tender it belongs to, or the outsourcing request (`request_decision`, `tender_preparation`).
    let tenderId: String?
    let tenderTitle: String?
    let requestId: String?
    /// The tender's title, or the request's.
    let title: String
    let kind: String
    let startsAt: String
    let dueAt: String
    let state: String
    let metAt: String?
}

struct ObligationList: Content {
    let items: [ObligationResponse]
    let metadata: PageMetadata
}

struct ObjectionList: Content {
    let items: [ObjectionResponse]
}

extension AwardResponse {
    /// `status` follows the tender's phase: the award is final once the standstill is over.
    init(_ a: AwardRecord, phase: TenderPhase) {
        self.init(
            id: a.id, tenderId: a.tenderId, bidId: a.bidId, vendorId: a.vendorId, price: a.price, candidateRank: a.candidateRank,
            justification: a.justification, awardedAt: Timestamp.format(milliseconds: a.awardedAt),
            standstillEndsAt: Timestamp.format(milliseconds: a.standstillEndsAt),
            revokedAt: a.revokedAt.map { Timestamp.format(milliseconds: $0) },
            status: a.revokedAt != nil ? "revoked" : (phase == .standstill ? "standstill" : "final"))
    }
}

extension ObjectionResponse {
    init(_ o: ObjectionRecord) {
        self.init(
            id: o.id, tenderId: o.tenderId, awardId: o.awardId, vendorId: o.vendorId, text: o.text,
            filedAt: Timestamp.format(milliseconds: o.filedAt),
            replyDueAt: Timestamp.format(milliseconds: o.replyDueAt), decision: o.decision, response: o.response,
            resolvedAt: o.resolvedAt.map { Timestamp.format(milliseconds: $0) })
    }
}

extension ContractResponse {
    init(_ c: ContractRecord) {
        self.init(
            id: c.id, tenderId: c.tenderId, awardId: c.awardId, signedAt: Timestamp.format(milliseconds: c.signedAt), amount: c.amount,
            documentSha256: c.documentSha256, supervisorId: c.supervisorId, dueAt: Timestamp.format(milliseconds: c.dueAt), late: c.late,
            filing: c.filing.map {
                .init(
                    reference: $0.reference, authority: $0.authority, filedAt: Timestamp.format(milliseconds: $0.filedAt),
                    dueAt: Timestamp.format(milliseconds: c.filingDueAt), late: $0.late)
            })
    }
}

extension ObligationResponse {
    init(_ o: ObligationStore.Listed, now: Int64) {
        self.init(
            id: o.id, tenderId: o.tenderId, tenderTitle: o.tenderId == nil ? nil : o.title, requestId: o.requestId, title: o.title,
            kind: o.kind, startsAt: Timestamp.format(milliseconds: o.startsAt),
            dueAt: Timestamp.format(milliseconds: o.dueAt), state: ObligationState.of(dueAt: o.dueAt, metAt: o.metAt, now: now).rawValue,
            metAt: o.metAt.map { Timestamp.format(milliseconds: $0) })
    }
}

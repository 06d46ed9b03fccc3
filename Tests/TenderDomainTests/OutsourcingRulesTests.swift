import Foundation
import Testing

@testable import TenderDomain

/// Outsourcing requests (docs/DESIGN.md §10): the form's rules, the lifecycle, separation of
/// duties, the reference-price cap, the policy file's checks and the role table.
@Suite struct OutsourcingRulesTests {
    static let policy = try! OutsourcingPolicy(
        businessTypes: [
            .init(key: "line-patrol", name: "Line patrol", outsourceable: true, clause: "第七条 线路和设备维护"),
            .init(key: "key-accounts", name: "Key accounts", outsourceable: false, clause: "第八条 重点客户经理岗位暂不外包"),
        ],
        modes: [.partial, .whole], grades: .init(excellent: 90, good: 75, pass: 60), requestDecisionPeriod: .workingDays(5),
        tenderDraftPeriod: .workingDays(10))

    static func draft(
        type: String = "line-patrol", start: String = "2027-01-01", end: String = "2027-12-31",
        justification: String = "Routine patrol work, cheaper outside.", method: TenderMethod = .open, reason: String? = nil
    ) -> RequestDraft {
        RequestDraft(
            title: "Patrol", scope: "Patrol", businessType: type, mode: .partial, departmentId: "d", estimatedBudget: Money(cents: 100),
            currency: "CNY", serviceStart: CivilDate(start)!, serviceEnd: CivilDate(end)!, justification: justification, method: method,
            selectiveReason: reason)
    }

    @Test(arguments: [
        (draft(), nil as String?),
        (draft(type: "key-accounts"), "not_outsourceable"),
        (draft(type: "cleaning"), "unknown_business_type"),
        (draft(start: "2027-01-02", end: "2027-01-01"), "invalid_period"),
        (draft(start: "2027-01-01", end: "2027-01-01"), nil),  // a one-day service
        (draft(start: "2027-01-01", end: "2032-01-05"), "invalid_period"),  // 1830 days, over 5 × 366
        (draft(start: "2027-01-01", end: "2032-01-04"), nil),  // 1829 days
        (draft(justification: String(repeating: "x", count: 19)), "justification_too_short"),
        (draft(justification: String(repeating: "外", count: 20)), nil),  // characters, not bytes
        (draft(method: .selective), "selective_reason_required"),
        (draft(method: .selective, reason: ""), "selective_reason_required"),
        (draft(method: .selective, reason: "Three licensed vendors"), nil),
        (draft(type: "key-accounts", justification: "short"), "not_outsourceable"),  // the type is checked first
    ])
    func requestForm(_ d: RequestDraft, _ code: String?) {
        do {
            try RequestRules.validate(d, policy: Self.policy)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
            if error.kind == .notOutsourceable { #expect(error.message.contains("第八条 重点客户经理岗位暂不外包")) }
        }
    }

    /// Every step from every status: the status after it, or nil for 409 `wrong_phase`.
    @Test(arguments: [
        (RequestStep.edit, RequestStatus.draft, RequestStatus.draft as RequestStatus?),
        (.edit, .returned, .returned), (.edit, .submitted, nil), (.edit, .approved, nil), (.edit, .rejected, nil),
        (.edit, .priced, nil), (.edit, .tendered, nil),
        (.submit, .draft, .submitted), (.submit, .returned, .submitted), (.submit, .submitted, nil), (.submit, .rejected, nil),
        (.submit, .approved, nil),
        (.decide(.approved), .submitted, .approved), (.decide(.returned), .submitted, .returned),
        (.decide(.rejected), .submitted, .rejected), (.decide(.approved), .draft, nil), (.decide(.approved), .returned, nil),
        (.decide(.rejected), .approved, nil), (.decide(.approved), .rejected, nil),
        (.price, .approved, .priced), (.price, .submitted, nil), (.price, .priced, nil), (.price, .rejected, nil),
        (.tender, .priced, .tendered), (.tender, .approved, nil), (.tender, .tendered, nil),
    ])
    func lifecycle(_ step: RequestStep, _ from: RequestStatus, _ to: RequestStatus?) {
        do {
            #expect(try step.next(from: from) == to)
        } catch {
            #expect(to == nil)
            #expect(error.code == "wrong_phase")
        }
    }

    @Test(arguments: [
        (RequestDecision.approved, nil as String?, nil as String?),
        (.approved, "", nil),
        (.returned, nil, "reason_too_short"),
        (.returned, "  too vague  ", "reason_too_short"),  // 9 characters once trimmed
        (.returned, "too vague.", nil),  // 10
        (.rejected, "核心业务不得外包,请重新考虑", nil),
        (.rejected, "不合规", "reason_too_short"),
    ])
    func decisionReasons(_ d: RequestDecision, _ reason: String?, _ code: String?) {
        do {
            try RequestRules.validate(d, reason: reason)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test(arguments: [
        ("750000.00", "CNY", nil as String?), ("749999.99", "CNY", nil), ("750000.01", "CNY", "over_reference_price"),
        ("1.00", "USD", "over_reference_price"),
    ])
    func budgetAgainstReferencePrice(_ budget: String, _ currency: String, _ code: String?) {
        do {
            try RequestRules.checkBudget(Money(budget)!, currency: currency, reference: Money("750000.00")!, referenceCurrency: "CNY")
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func separationOfDuties_andDepartments() {
        #expect(!RequestAccess.mayAct(userId: "u1", requesterId: "u1"))
        #expect(RequestAccess.mayAct(userId: "u2", requesterId: "u1"))
        #expect(RequestAccess.maySee(.requester, ownDepartments: ["east", "east-sales"], requestDepartment: "east-sales"))
        #expect(!RequestAccess.maySee(.requester, ownDepartments: ["west"], requestDepartment: "east"))
        #expect(RequestAccess.maySee(.approver, ownDepartments: [], requestDepartment: "east"))
        #expect(!RequestAccess.maySee(.vendor, ownDepartments: ["east"], requestDepartment: "east"))
        #expect(!RequestAccess.maySee(.evaluator, ownDepartments: [], requestDepartment: "east"))
    }

    /// The role table, written out: who holds each permission of the outsourcing routes.
    @Test(arguments: [
        (Permission.fileRequests, [Role.requester]),
        (.decideRequests, [.approver]),
        (.priceRequests, [.finance]),
        (.tenderFromRequest, [.procurement]),
        (.readRequests, [.requester, .approver, .finance, .procurement, .auditor, .admin]),
        (.readDeviations, [.auditor, .admin, .approver]),
        (.manageDepartments, [.admin]),
        (.readDepartments, [.admin, .procurement, .evaluator, .auditor, .requester, .approver, .finance]),
        (.manageTenders, [.procurement]),
        (.actAsVendor, [.vendor]),
        (.readAudit, [.auditor, .admin]),
    ])
    func permissions(_ p: Permission, _ list: [Role]) {
        let roles = Set(list)
        #expect(p.roles == roles)
        for r in Role.allCases { #expect(r.may(p) == roles.contains(r), "\(r) \(p)") }
    }

    @Test func newRoles_seeTendersAsThePublicDoes() {
        for r in [Role.requester, .approver, .finance] {
            #expect(r.isStaff && !r.isTenderOffice)
            #expect(!TenderAccess.maySee(r, status: .draft, onCommittee: false))
            #expect(TenderAccess.maySee(r, status: .published, onCommittee: false))
            #expect(!TenderAccess.maySeeBid(r, isOwner: false, submissionDeadlinePassed: true))
            #expect(TenderAccess.sheetScope(r, evaluationFinal: true) == .none)
        }
    }

    @Test(arguments: [
        ([OutsourcingPolicy.BusinessType](), "businessTypes: at least one"),
        ([.init(key: "Line Patrol", name: "x", outsourceable: true, clause: "c")], "businessTypes[0] ('Line Patrol').key"),
        (
            [.init(key: "a", name: "x", outsourceable: true, clause: "c"), .init(key: "a", name: "y", outsourceable: false, clause: "c")],
            "businessTypes[1] ('a').key is used twice"
        ),
        ([.init(key: "a", name: "x", outsourceable: false, clause: " ")], "businessTypes[0] ('a').clause"),
        ([.init(key: "a", name: "bell\u{7}", outsourceable: false, clause: "c")], "businessTypes[0] ('a').name"),
    ])
    func policyEntries_areNamedWhenWrong(_ types: [OutsourcingPolicy.BusinessType], _ message: String) {
        do {
            _ = try OutsourcingPolicy(
                businessTypes: types, modes: [.partial], grades: .init(excellent: 90, good: 75, pass: 60),
                requestDecisionPeriod: .workingDays(5), tenderDraftPeriod: .workingDays(10))
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func policyGradesAndPeriods_areChecked() {
        let types = [OutsourcingPolicy.BusinessType(key: "a", name: "A", outsourceable: true, clause: "c")]
        #expect(throws: PolicyError.self) {
            try OutsourcingPolicy(
                businessTypes: types, modes: [.partial], grades: .init(excellent: 75, good: 75, pass: 60),
                requestDecisionPeriod: .workingDays(5),
                tenderDraftPeriod: .workingDays(10))
        }
        #expect(throws: PolicyError.self) {
            try OutsourcingPolicy(
                businessTypes: types, modes: [.partial, .partial], grades: .init(excellent: 90, good: 75, pass: 60),
                requestDecisionPeriod: .workingDays(5), tenderDraftPeriod: .workingDays(10))
        }
        #expect(throws: PolicyError.self) {
            try OutsourcingPolicy(
                businessTypes: types, modes: [.whole], grades: .init(excellent: 90, good: 75, pass: 60),
                requestDecisionPeriod: .workingDays(0),
                tenderDraftPeriod: .workingDays(10))
        }
    }
}

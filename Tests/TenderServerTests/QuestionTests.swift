import Foundation
import Testing

@testable import TenderServer

@Suite struct QuestionTests {
    @Test func answers_arePublicWithoutTheAsker() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let id = try await t.published(officer.token)
            let asker = try await t.vendor("Asker"), other = try await t.vendor("Other")
            let asked = try await t.request(
                .POST, "/api/v1/tenders/\(id)/questions", json: ["text": "Is night work required?"], token: asker.token)
            #expect(asked.status == .created)
            let qid = try #require(asked.string("id"))

            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)/questions").items.isEmpty)
            #expect(try await t.request(.GET, "/api/v1/tenders/\(id)/questions", token: other.token).items.isEmpty)
            let own = try await t.request(.GET, "/api/v1/tenders/\(id)/questions", token: asker.token)
            #expect(own.items.first?["mine"] as? Bool == true)
            let staffView = try await t.request(.GET, "/api/v1/tenders/\(id)/questions", token: officer.token)
            #expect(staffView.items.count == 1)
            #expect(!staffView.body.contains(asker.id))

            let answered = try await t.request(
                .POST, "/api/v1/tenders/\(id)/questions/\(qid)/answer", json: ["answer": "No."], token: officer.token)
            #expect(answered.status == .ok)
            let publicView = try await t.request(.GET, "/api/v1/tenders/\(id)/questions")
            #expect(publicView.items.first?["answer"] as? String == "No.")
            #expect(publicView.items.first?["text"] as? String == "Is night work required?")
            #expect(!publicView.body.contains(asker.id))
            #expect(!publicView.body.contains("Asker"))

            let again = try await t.request(
                .POST, "/api/v1/tenders/\(id)/questions/\(qid)/answer", json: ["answer": "Yes."], token: officer.token)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "already_answered")
            #expect(
                try await t.request(
                    .POST, "/api/v1/tenders/\(id)/questions/\(UUID().uuidString)/answer", json: ["answer": "?"], token: officer.token
                ).status == .notFound)
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(id)/questions/\(qid)/answer", json: ["answer": "?"], token: asker.token)
                    .status == .forbidden)
        }
    }

    @Test func questions_onlyFromVendorsWhileBidding_andInvitedOnSelectiveTenders() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let officer = try await t.staff("procurement")
            let a = try await t.vendor(), b = try await t.vendor(), c = try await t.vendor(), outsider = try await t.vendor()
            let selective = try await t.published(officer.token, ["method": "selective", "invitedVendorIds": [a.id, b.id, c.id]])
            let r = try await t.request(
                .POST, "/api/v1/tenders/\(selective)/questions", json: ["text": "May I bid?"], token: outsider.token)
            #expect(r.status == .forbidden)
            #expect(r.errorCode == "not_invited")
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(selective)/questions", json: ["text": "Site visit?"], token: a.token).status
                    == .created)
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(selective)/questions", json: ["text": "x"], token: officer.token).status
                    == .forbidden)
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(selective)/questions", json: ["text": ""], token: a.token).errorCode
                    == "invalid_field")
            let draft = try await t.draft(officer.token)
            #expect(
                try await t.request(.POST, "/api/v1/tenders/\(draft)/questions", json: ["text": "x"], token: a.token).status == .notFound)
            t.clock.advance(by: 30 * day)
            let late = try await t.request(.POST, "/api/v1/tenders/\(selective)/questions", json: ["text": "Too late?"], token: a.token)
            #expect(late.status == .conflict)
            #expect(late.errorCode == "wrong_phase")
        }
    }
}

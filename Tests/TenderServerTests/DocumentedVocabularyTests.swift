import Foundation
import Testing

@testable import TenderDomain
@testable import TenderServer

/// The closed vocabularies clients depend on are documented: every error code of the domain in
/// the README's API reference, every audit action in docs/DESIGN.md §7. A new case without its
/// documentation fails here.
@Suite struct DocumentedVocabularyTests {
    static let readme = (try? String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)) ?? ""
    static let design = (try? String(contentsOfFile: repoRoot + "/docs/DESIGN.md", encoding: .utf8)) ?? ""

    @Test(arguments: RuleViolation.Code.allCases.map(\.rawValue) + StateConflict.Code.allCases.map(\.rawValue))
    func errorCode_isDocumented(_ code: String) {
        #expect(Self.readme.contains("`\(code)`") || Self.design.contains("`\(code)`"), "\(code)")
    }

    @Test(arguments: AuditAction.allCases)
    func auditAction_isDocumented(_ action: AuditAction) {
        #expect(Self.design.contains("`\(action.rawValue)`"), "\(action.rawValue)")
    }
}

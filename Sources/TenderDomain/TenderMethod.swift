import Foundation

/// 招标投标法 art. 10: an open tender (公开招标) invites anyone; a selective one (邀请招标) only the
/// vendors it names, at least `minimumInvitations` of them (art. 17).
public enum TenderMethod: String, Sendable, Codable, CaseIterable {
    case open, selective

    public static let minimumInvitations = 3
}

/// How an objection to an award is answered (实施条例 art. 54); `moot` is set by the system when
/// another objection against the same award is upheld and the award revoked.
public enum ObjectionDecision: String, Sendable, CaseIterable, Codable {
    case upheld, rejected, moot
}

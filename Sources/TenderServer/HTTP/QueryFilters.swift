import Vapor

extension Request {
    /// An optional id filter from the query: nil when absent or empty, the lowercase UUID when it is
    /// one, else 422 `invalid_id` naming the parameter.
    func queryID(_ name: String) throws -> String? {
        guard let raw = query[String.self, at: name], !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw)?.uuidString.lowercased() else {
            throw APIError.invalid("invalid_id", "\(name) must be a UUID", field: name)
        }
        return id
    }

    /// The optional `status` filter: nil when absent or empty, else one of `S`'s values or 422
    /// `invalid_status` listing them.
    func statusFilter<S: RawRepresentable & CaseIterable>(_: S.Type) throws -> S? where S.RawValue == String {
        guard let raw = query[String.self, at: "status"], !raw.isEmpty else { return nil }
        guard let status = S(rawValue: raw) else {
            let names = S.allCases.map(\.rawValue)
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
            throw APIError.invalid("invalid_status", "status must be \(list)", field: "status")
        }
        return status
    }
}

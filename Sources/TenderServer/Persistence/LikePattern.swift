/// A case-insensitive LIKE pattern for `q`, with LIKE's wildcards escaped (`ESCAPE '\'`).
func likePattern(_ q: String) -> String {
    let escaped = q.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    return "%" + escaped + "%"
}

/// CSV for spreadsheets: every cell quoted, and a leading `=`, `+`, `-` or `@` neutralized with an
/// apostrophe so that no cell runs as a formula.
enum CSV {
    static func cell(_ s: String) -> String {
        let first = s.utf8.first
        let formula = first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
        let safe = formula ? "'" + s : s
        // Most cells (ids, amounts) hold no quote: no search-and-replace for them.
        guard safe.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + safe + "\"" }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") }
}

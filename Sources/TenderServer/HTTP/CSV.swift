/// CSV for spreadsheets: every cell quoted, and a leading `=`, `+`, `-` or `@` neutralized with an
/// apostrophe so that no cell runs as a formula.
enum CSV {
    static func cell(_ s: String) -> String {
        let safe = s.first.map { "=+-@".contains($0) } == true ? "'" + s : s
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") }
}

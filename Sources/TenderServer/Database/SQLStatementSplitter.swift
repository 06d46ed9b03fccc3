import Foundation

/// Splits a migration file into single statements: PostgreSQL rejects several commands in one
/// prepared statement and SQLite prepares only the first. Semicolons inside quotes, comments,
/// `$$` bodies and `BEGIN … END` / `CASE … END` blocks (trigger bodies) do not split.
enum SQLStatementSplitter {
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var depth = 0
        var word = ""
        let chars = Array(sql)
        var i = 0
        func flushWord() {
            switch word.uppercased() {
            case "BEGIN", "CASE": depth += 1
            case "END": depth = max(0, depth - 1)
            default: break
            }
            word = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                flushWord()
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "'" || c == "\"" {
                flushWord()
                current.append(c)
                i += 1
                while i < chars.count {
                    current.append(chars[i])
                    if chars[i] == c { break }
                    i += 1
                }
                i += 1
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                flushWord()
                current += "$$"
                i += 2
                while i + 1 < chars.count, !(chars[i] == "$" && chars[i + 1] == "$") {
                    current.append(chars[i])
                    i += 1
                }
                current += "$$"
                i += 2
                continue
            }
            if c.isLetter || c == "_" {
                word.append(c)
            } else {
                flushWord()
            }
            if c == ";" && depth == 0 {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { statements.append(s) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        flushWord()
        let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !s.isEmpty { statements.append(s) }
        return statements
    }
}

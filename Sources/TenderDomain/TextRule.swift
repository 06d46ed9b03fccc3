/// What a client may put in stored text. A name or title is one line of visible text: no control
/// characters (BEL, newline, NUL…), no bidirectional overrides (U+202E turns "exe.txt" into
/// "txt.exe" on screen) and no invisible characters (U+200B) that make two names look alike. Prose
/// (descriptions, reasons, questions) may also hold newlines and tabs. NUL is refused everywhere:
/// C libraries and some drivers stop at it, so stored text would silently differ from what was sent.
/// CJK, punctuation, symbols and ordinary spaces are all kept.
public enum TextRule: Sendable, Equatable {
    /// Names, titles, references: a single visible line.
    case line
    /// Descriptions, reasons, questions and answers: lines with tabs.
    case prose

    /// The first character the rule refuses, or nil when the text is acceptable.
    public func firstRefused(in text: String) -> Unicode.Scalar? {
        for s in text.unicodeScalars where refuses(s) { return s }
        return nil
    }

    public func refuses(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0D, 0x09: return self == .line
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0 and C1 controls (Cc)
        case 0x200B...0x200F,  // zero-width space, non-joiner, joiner; LRM, RLM
            0x202A...0x202E,  // bidirectional embeddings and overrides
            0x2060...0x2064,  // word joiner and invisible operators
            0x2066...0x2069,  // bidirectional isolates
            0xFEFF,  // zero-width no-break space (BOM)
            0xFFF9...0xFFFB:  // interlinear annotation controls
            return true
        case 0xD800...0xDFFF: return true  // never valid scalars; kept for completeness
        default: return false
        }
    }

    /// "U+202E", as error messages name a refused character.
    public static func describe(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

import Foundation

/// A minimal JSON object writer for hand-encoded hot-path responses (strings only).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ k: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A string field; nothing at all when `value` is nil (as `JSONEncoder` leaves nil out).
    mutating func field(_ k: String, _ value: String?) {
        guard let value else { return }
        key(k)
        string(value)
        needsComma = true
    }

    mutating func array(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(v)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A literal (number, `true`, `false`, `null`) after a key or as an array element.
    mutating func literal(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    mutating func bool(_ k: String, _ value: Bool) {
        key(k)
        literal(value ? "true" : "false")
    }

    mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Before each element of an array: the separating comma.
    mutating func element() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// A string-valued object with its keys sorted, so that the bytes are the same every time.
    mutating func sortedObject(_ values: [String: String]) {
        open()
        for k in values.keys.sorted() { field(k, values[k]) }
        close()
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (ids, amounts, times) need no escaping: copied in one go.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let hex = Self.hex
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(b)
            case 0x0a: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)],
                ])
            default:
                bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

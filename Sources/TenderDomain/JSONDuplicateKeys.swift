import Foundation

/// Finds a repeated key in a JSON object. RFC 8259 §4 leaves duplicate names undefined: one parser
/// keeps the first value, another the last, so a document `{"price":"100.00",…,"price":"990.00"}`
/// would mean different prices to different readers. A revealed bid must mean one thing to
/// everyone who recomputes it, so such a document is invalid (`duplicate_key`).
///
/// Runs on text that already parsed as JSON; keys are compared after unescaping (`"pr\u0069ce"` is
/// `"price"`). Linear in the size of the text.
public enum JSONDuplicateKeys {
    /// The path of the first repeated key (`price`, `qualifications.license`), or nil.
    public static func first(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var i = 0
        // One frame per open container: the keys seen so far (objects only) and the path name.
        struct Frame {
            var isObject: Bool
            var keys: Set<String>
            var name: String
            var expectingKey: Bool
        }
        var stack: [Frame] = []
        var pendingName = ""
        func path(_ key: String) -> String {
            (stack.map(\.name).filter { !$0.isEmpty } + [key]).joined(separator: ".")
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"):
                stack.append(Frame(isObject: true, keys: [], name: pendingName, expectingKey: true))
                pendingName = ""
                i += 1
            case UInt8(ascii: "["):
                stack.append(Frame(isObject: false, keys: [], name: pendingName, expectingKey: false))
                pendingName = ""
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                i += 1
            case UInt8(ascii: ","):
                if let last = stack.indices.last, stack[last].isObject { stack[last].expectingKey = true }
                i += 1
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                var escaped = false
                while i < bytes.count {
                    let c = bytes[i]
                    i += 1
                    if c == UInt8(ascii: "\\") { escaped = true; i += 1; continue }
                    if c == UInt8(ascii: "\"") { break }
                }
                guard let last = stack.indices.last, stack[last].isObject, stack[last].expectingKey else { continue }
                let raw = Array(bytes[start..<min(i, bytes.count)])
                let key =
                    escaped
                    ? ((try? JSONDecoder().decode(String.self, from: Data(raw))) ?? String(decoding: raw, as: UTF8.self))
                    : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                if stack[last].keys.contains(key) { return path(key) }
                stack[last].keys.insert(key)
                stack[last].expectingKey = false
                pendingName = key
            case UInt8(ascii: ":"):
                i += 1
            default:
                // A scalar value ends any pending name; containers take it when they open.
                if b != UInt8(ascii: " "), b != 0x0A, b != 0x0D, b != 0x09 { pendingName = "" }
                i += 1
            }
        }
        return nil
    }
}

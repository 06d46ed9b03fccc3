import Vapor

/// The API speaks JSON: a request body in any other media type is refused with 415 before a
/// handler tries to decode it.
struct JSONBodyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if [.POST, .PUT, .PATCH].contains(request.method), (request.body.data?.readableBytes ?? 0) > 0 || request.body.data == nil,
            let raw = request.headers.first(name: .contentType), !Self.isPlainJSON(raw),
            let type = request.headers.contentType, type != .json
        {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the request body as application/json")
        }
        return try await next.respond(to: request)
    }

    /// `application/json`, optionally with `; charset=utf-8`: decided without Vapor's general
    /// media-type parser, which is measurable on the bid-submission hot path.
    static func isPlainJSON(_ raw: String) -> Bool {
        let u = raw.utf8
        let json = "application/json".utf8
        guard u.count >= json.count, zip(u, json).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return false }
        let rest = raw.utf8.dropFirst(json.count)
        return rest.isEmpty || rest.first == UInt8(ascii: ";")
    }
}

extension Request {
    /// Decodes a JSON body directly when it is declared `application/json`, else through Vapor's
    /// content negotiation; both throw the same `DecodingError`s for the error middleware.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        if let raw = headers.first(name: .contentType), JSONBodyMiddleware.isPlainJSON(raw), let body = body.data, body.readableBytes > 0 {
            return try GuardedJSONDecoder().decode(T.self, from: body.readableBytesView)
        }
        return try content.decode(T.self)
    }
}

extension Response {
    static func json(_ status: HTTPResponseStatus, bytes: [UInt8]) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: status, headers: headers, body: .init(buffer: buffer))
    }
}

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
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
            default:
                bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

import CoreMetrics
import Foundation
import Vapor

/// The JSON decoder of every request body: refuses the escape `\u0000` with 422 `invalid_text`
/// before decoding (a raw NUL is already invalid JSON), so no text field can carry a NUL.
struct GuardedJSONDecoder: ContentDecoder {
    let decoder = JSONDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body.readableBytesView)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable])
        throws -> D
    {
        try decode(D.self, from: body.readableBytesView)
    }

    func decode<D: Decodable, C: Collection>(_ type: D.Type, from bytes: C) throws -> D where C.Element == UInt8 {
        let data = Data(bytes)
        if Self.containsEscapedNUL(data) {
            throw APIError.invalid("invalid_text", "a text field contains NUL (\\u0000), which is not accepted")
        }
        return try decoder.decode(D.self, from: data)
    }

    /// Whether JSON text holds the escape `\u0000` (a backslash pair `\\` is skipped as a whole, so
    /// `"\\u0000"`, the six characters, is not a NUL).
    static func containsEscapedNUL(_ data: Data) -> Bool {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = b.count
            while i < n {
                if b[i] == 0x5c {  // backslash
                    if i + 5 < n, b[i + 1] == 0x75, b[i + 2] == 0x30, b[i + 3] == 0x30, b[i + 4] == 0x30, b[i + 5] == 0x30 { return true }
                    i += 2
                } else {
                    i += 1
                }
            }
            return false
        }
    }
}

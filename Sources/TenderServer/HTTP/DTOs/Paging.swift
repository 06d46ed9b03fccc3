import Vapor

struct PageMetadata: Content {
    let page: Int
    let per: Int
    let total: Int64
}

/// `page` (from 1) and `per` (1…100, default 20) from the query string.
struct PageRequest {
    let page: Int
    let per: Int
    var offset: Int { (page - 1) * per }

    init(_ req: Request) throws {
        func int(_ name: String, _ fallback: Int) throws -> Int {
            guard let raw = req.query[String.self, at: name] else { return fallback }
            guard let v = Int(raw) else { throw APIError.invalid("invalid_paging", "'\(name)' must be an integer", field: name) }
            return v
        }
        page = try int("page", 1)
        per = try int("per", 20)
        guard page >= 1, page <= 1_000_000 else { throw APIError.invalid("invalid_paging", "'page' must be at least 1", field: "page") }
        guard (1...100).contains(per) else { throw APIError.invalid("invalid_paging", "'per' must be between 1 and 100", field: "per") }
    }

    func metadata(total: Int64) -> PageMetadata { PageMetadata(page: page, per: per, total: total) }
}

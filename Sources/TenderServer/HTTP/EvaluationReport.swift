import Foundation
import TenderDomain
import Vapor

/// The evaluation report as CSV and as a printable HTML page: presentation only, from the stored
/// final result and sheets.
enum EvaluationReport {
    /// One line per bid, criterion and member score; every cell quoted, formulas neutralized.
    static func csv(_ t: TenderRecord, final f: EvaluationStore.Final, sheets: [CommitteeStore.StoredSheet]) throws -> Response {
        let members = f.members
        var lines = ["bid_id,vendor_id,price,valid,reasons,rank,total,criterion,criterion_score,member,member_score"]
        func csv(_ s: String) -> String { CSV.cell(s) }
        let scored = t.criteria.filter { $0.type != .qualification }
        let bySheet = Dictionary(grouping: sheets, by: \.bidId)
        for e in try f.response().ranking {
            let head = [
                e.bidId, e.vendorId, e.price ?? "", e.valid ? "true" : "false", e.reasons.joined(separator: " "),
                e.rank.map(String.init) ?? "", e.total ?? "",
            ]
            for c in scored {
                let criterionScore = e.scores[c.key] ?? ""
                if c.type == .price {
                    lines.append((head + [c.key, criterionScore, "", ""]).map(csv).joined(separator: ","))
                    continue
                }
                for s in (bySheet[e.bidId] ?? []) {
                    guard let n = members.firstIndex(of: s.memberId) else { continue }
                    lines.append(
                        (head + [c.key, criterionScore, "Member \(n + 1)", s.scores[c.key].map(ExactMath.hundredths) ?? ""]).map(csv)
                            .joined(separator: ","))
                }
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/csv; charset=utf-8")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"evaluation-\(t.id).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
    }

    /// A printable page for the committee's signatures. `committee`: user ids and names in
    /// committee order.
    static func html(_ t: TenderRecord, final f: EvaluationStore.Final, committee: [(userId: String, name: String)]) throws -> Response {
        let members = f.members
        let names = Dictionary(uniqueKeysWithValues: committee.map { ($0.userId, $0.name) })
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                of: ">", with: "&gt;"
            )
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
        }
        let keys = t.criteria.filter { $0.type != .qualification }
        let result = try f.response()
        let validCount = result.ranking.filter(\.valid).count
        var html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评标报告 Evaluation report — \(esc(t.title))</title>
            <link rel="stylesheet" href="/report.css"></head><body>
            <h1>评标报告 Evaluation report</h1><p>\(esc(t.title)) · \(esc(t.id))</p>
            <p>Finalized \(esc(Timestamp.format(milliseconds: f.finalizedAt))) · budget \(esc(t.budget.description)) \(esc(t.currency)) · \(result.failed ? "FAILED: too few valid bids" : "valid bids: \(validCount)")</p>
            <table><thead><tr><th>Rank</th><th>Bid</th><th>Vendor</th><th>Price</th>
            """
        for c in keys { html += "<th>\(esc(c.name ?? c.key)) (\(esc(ExactMath.hundredths(Int64(c.weightHundredths ?? 0)))))</th>" }
        html += "<th>Total</th><th>Notes</th></tr></thead><tbody>"
        for e in result.ranking {
            html +=
                "<tr><td>\(e.rank.map(String.init) ?? "—")</td><td>\(esc(e.bidId))</td><td>\(esc(e.vendorId))</td><td>\(esc(e.price ?? ""))</td>"
            for c in keys { html += "<td>\(esc(e.scores[c.key] ?? ""))</td>" }
            let notes = e.reasons + (e.abnormallyLow ? ["abnormally_low"] : [])
            html += "<td>\(esc(e.total ?? ""))</td><td>\(esc(notes.joined(separator: ", ")))</td></tr>"
        }
        html += "</tbody></table><h2>Outliers</h2><ul>"
        for o in result.outliers {
            html += "<li>\(esc(o.bidId)) · \(esc(o.criterion)) · \(esc(o.member)): \(esc(o.score)) (others \(esc(o.othersMean)))</li>"
        }
        html += "</ul><h2>签字 Signatures</h2><table><tbody>"
        // By name in committee order, without the anonymous labels: the page must not map them to names.
        let signers = committee.map(\.userId).filter(members.contains)
        for id in signers {
            html += "<tr><td>\(esc(names[id] ?? id))</td><td class=\"sign\">&nbsp;</td></tr>"
        }
        html += "</tbody></table></body></html>"
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/html; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }
}

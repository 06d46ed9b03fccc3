import Foundation
import NIOCore
import Testing
@testable import TenderServer
import Vapor

/// Runs the README's verification commands (sha256sum, openssl, curl, python3) against a live server.
@Suite struct PublicToolsTests {
    static func readmeScript() throws -> String {
        let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- verify:start -->\n```sh\n"))
        let end = try #require(readme.range(of: "```\n<!-- verify:end -->"))
        return String(readme[start.upperBound..<end.lowerBound])
    }

    @Test func readmeCommands_verifyCommitmentReceiptRootAndProof() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let port = Int.random(in: 40_001...60_000)
            try await t.app.asyncBoot()
            try await t.app.server.start(address: .hostname("127.0.0.1", port: port))
            let officer = try await t.staff("procurement")
            let tender = try await t.published(officer.token)
            var mine: (SealedBid, String, [String: Any], String)?
            for i in 0..<3 {
                let v = try await t.vendor()
                let s = SealedBid.make(tender: tender, vendor: v.id, price: "\(1_000_000 + i).00")
                let r = try await t.commit(s, token: v.token)
                if i == 1 { mine = (s, v.id, try #require(r["receipt"] as? [String: Any]), try t.bidId(r)) }
            }
            let (sealed, vendorId, receipt, bidId) = try #require(mine)
            t.clock.advance(by: 30 * day)

            let dir = NSTemporaryDirectory() + "verify-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try sealed.document.write(toFile: dir + "/bid.json", atomically: true, encoding: .utf8)
            try JSONSerialization.data(withJSONObject: receipt).write(to: URL(fileURLWithPath: dir + "/receipt.json"))
            try Self.readmeScript().write(toFile: dir + "/verify.sh", atomically: true, encoding: .utf8)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-eo", "pipefail", "verify.sh"]
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            var env = ProcessInfo.processInfo.environment
            env["API"] = "http://127.0.0.1:\(port)/api/v1"
            env["T"] = tender
            env["V"] = vendorId
            env["SALT"] = sealed.salt
            env["BID"] = bidId
            process.environment = env
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            await t.app.server.shutdown()
            let output = String(decoding: data, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(output)")
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.first == "\(sealed.commitment)  -", "\(output)")
            #expect(lines.contains("Signature Verified Successfully"), "\(output)")
            #expect(lines.contains { $0.hasPrefix("root matches ") }, "\(output)")
            #expect(lines.contains("commitment included"), "\(output)")
        }
    }
}

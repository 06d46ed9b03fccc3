import Foundation
import NIOCore
import Testing
import Vapor

@testable import TenderServer

/// Runs the README's verification commands (sha256sum, openssl, curl, python3) against a live server.
@Suite struct PublicToolsTests {
    /// Runs a bash script on a thread of its own: the in-process server it talks to needs the
    /// concurrency pool's few threads, which a blocking wait on one of them would starve.
    static func bash(_ script: String, in dir: String, environment: [String: String], arguments: [String] = []) async throws -> (
        Int32, String
    ) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/bash")
                    // `script` is a file, or "-c" with the command and its arguments in `arguments`.
                    process.arguments =
                        script == "-c" ? ["-c", "exec \"$0\" \"$@\""] + arguments : ["-eo", "pipefail", script] + arguments
                    process.currentDirectoryURL = URL(fileURLWithPath: dir)
                    process.environment = environment
                    let out = Pipe()
                    process.standardOutput = out
                    process.standardError = out
                    try process.run()
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func readmeScript() throws -> String {
        let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- verify:start -->\n```sh\n"))
        let end = try #require(readme.range(of: "```\n<!-- verify:end -->"))
        return String(readme[start.upperBound..<end.lowerBound])
    }

    @Test func readmeCommands_verifyCommitmentReceiptRootAndProof() async throws {
        try await withTestApp(TestApp.withAdmin()) { t in
            let port = TestPorts.next()
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

            var env = ProcessInfo.processInfo.environment
            env["API"] = "http://127.0.0.1:\(port)/api/v1"
            env["T"] = tender
            env["V"] = vendorId
            env["SALT"] = sealed.salt
            env["BID"] = bidId
            let (status, output) = try await Self.bash("verify.sh", in: dir, environment: env)
            await t.app.server.shutdown()
            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.first == "\(sealed.commitment)  -", "\(output)")
            #expect(lines.contains("Signature Verified Successfully"), "\(output)")
            #expect(lines.contains { $0.hasPrefix("root matches ") }, "\(output)")
            #expect(lines.contains("commitment included"), "\(output)")
        }
    }

    /// The README's escrowed-opening check, run on the public record of a tender where holders
    /// opened one bid that was never revealed and one whose escrow does not match its commitment.
    @Test func readmeOpeningScript_redoesEveryEscrowedOpening() async throws {
        let (python, problem) = WebUITests.python(needing: ["cryptography"], for: "the README's opening check")
        let interpreter = try #require(python, "\(problem)")
        try await withTestApp(TestApp.withAdmin()) { t in
            let port = TestPorts.next()
            try await t.app.asyncBoot()
            try await t.app.server.start(address: .hostname("127.0.0.1", port: port))
            let (_, tender, holders) = try await t.escrowTender()
            let a = try await t.vendor("A")
            let b = try await t.vendor("B")
            let bidA = SealedBid.make(tender: tender, vendor: a.id, price: "1234567.89")
            let idA = try await t.commitEscrowed(bidA, token: a.token)
            let idB = try await t.commitEscrowed(
                SealedBid.make(tender: tender, vendor: b.id), token: b.token, document: #"{"price":"1.00","currency":"CNY"}"#)
            t.clock.advance(by: 30 * day)
            for h in holders[2..<5] { _ = try await t.openShares(h, tender: tender) }
            t.clock.advance(by: day)

            let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
            let block = try #require(readme.range(of: "<!-- opening-verify:start -->"))
            let start = try #require(readme.range(of: "<<'PY'\n", range: block.upperBound..<readme.endIndex))
            let end = try #require(readme.range(of: "\nPY\n", range: start.upperBound..<readme.endIndex))
            let dir = NSTemporaryDirectory() + "opening-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try String(readme[start.upperBound..<end.lowerBound]).write(toFile: dir + "/check.py", atomically: true, encoding: .utf8)
            let (status, output) = try await Self.bash(
                "-c", in: dir, environment: ProcessInfo.processInfo.environment,
                arguments: [interpreter, "check.py", "http://127.0.0.1:\(port)/api/v1", tender])
            await t.app.server.shutdown()
            #expect(status == 0, "\(output)")
            let lines = Set(output.split(separator: "\n").map(String.init))
            #expect(lines.contains("\(idA) revealed | opened, price 1234567.89"), "\(output)")
            #expect(lines.contains("\(idB) invalid | envelope does not match the commitment"), "\(output)")
        }
    }

    /// The README's walkthrough (the officer's block, then the vendor's), run verbatim with bash
    /// against a live server; only the address is the test's own.
    @Test func readmeWalkthrough_officerThenVendor_runsVerbatim() async throws {
        let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- walkthrough:start -->"))
        let end = try #require(readme.range(of: "<!-- walkthrough:end -->"))
        var blocks: [String] = []
        var rest = readme[start.upperBound..<end.lowerBound]
        while let open = rest.range(of: "```sh\n"), let close = rest[open.upperBound...].range(of: "```\n") {
            blocks.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        #expect(blocks.count == 2)
        let port = TestPorts.next()
        let script = blocks.joined(separator: "\n").replacingOccurrences(of: "http://127.0.0.1:8080", with: "http://127.0.0.1:\(port)")
        var env = TestApp.withAdmin()
        env["TENDER_ADMIN_PASSWORD"] = "change-me-now"  // the README's first command's default
        try await withTestApp(env) { t in
            t.clock.set(Date())  // the walkthrough's deadlines come from `date`
            try await t.app.asyncBoot()
            try await t.app.server.start(address: .hostname("127.0.0.1", port: port))
            let dir = NSTemporaryDirectory() + "walkthrough-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try script.write(toFile: dir + "/walkthrough.sh", atomically: true, encoding: .utf8)
            let (status, output) = try await Self.bash("walkthrough.sh", in: dir, environment: ProcessInfo.processInfo.environment)
            await t.app.server.shutdown()
            #expect(status == 0, "\(output)")
            #expect(output.contains("\"phase\":\"bidding\""), "\(output)")
            #expect(output.contains("Signature Verified Successfully"), "\(output)")
            // The bid the vendor submitted is stored sealed, with the commitment computed from bid.json.
            let bid = try #require(try await t.app.sql.raw("SELECT id, tender_id, vendor_id, commitment, status FROM bids").first())
            let (id, tender, vendor) = (
                try bid.decode(column: "id", as: String.self), try bid.decode(column: "tender_id", as: String.self),
                try bid.decode(column: "vendor_id", as: String.self)
            )
            #expect(output.contains("\(id) sealed"), "\(output)")
            #expect(try bid.decode(column: "status", as: String.self) == "sealed")
            let doc = try String(contentsOfFile: dir + "/bid.json", encoding: .utf8)
            let saltLine = try #require(output.split(separator: "\n").first { $0.hasPrefix("keep bid.json") })
            let salt = String(try #require(saltLine.split(separator: "=").last))
            let expected = SealedBid(
                tenderId: tender, vendorId: vendor, salt: salt.replacingOccurrences(of: "; reveal between the two deadlines:", with: ""),
                document: doc
            ).commitment
            #expect(try bid.decode(column: "commitment", as: String.self) == expected)
            let receipt =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/receipt.json"))) as? [String: Any]
            #expect((receipt?["payload"] as? String)?.contains(expected) == true)
        }
    }
}

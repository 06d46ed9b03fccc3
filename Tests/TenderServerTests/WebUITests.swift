import Foundation
import Testing

/// The web UI's own test suites, run from `swift test` so that one command runs everything:
/// Node's built-in runner for the pure JavaScript modules, and the Selenium suite in headless
/// chromium against the server binary this build produced.
@Suite struct WebUITests {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func javascriptModules_passNodeTests() throws {
        let r = try Self.run("node", ["--test", "Tests/js/"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("# fail 0"), "\(r.output)")
    }

    /// The suite starts the server binary on SQLite, or on the PostgreSQL of TEST_DATABASE_URL
    /// (in a schema of its own) when the suite runs against PostgreSQL.
    @Test func browserSuite_sealsRevealsAndShowsTheResult() throws {
        let binary = repoRoot + "/.build/debug/tender-server"
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the server first: swift build --product tender-server")
        var env: [String: String] = [:]
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], url.hasPrefix("postgres") {
            env["TENDER_DATABASE_URL"] = url
            env["TENDER_DATABASE_SCHEMA"] = "ui_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        }
        let r = try Self.run("python3", ["Tests/browser/test_ui.py", binary], environment: env)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("browser suite passed"), "\(r.output)")
    }
}

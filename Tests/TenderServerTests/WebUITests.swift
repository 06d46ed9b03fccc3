import Foundation
import Testing

/// The web UI's own test suites, run from `swift test` so that one command runs everything:
/// Node's built-in runner for the pure JavaScript modules, and the Selenium suite in headless
/// chromium against the server binary this build produced.
@Suite struct WebUITests {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
        status: Int32, output: String
    ) {
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

    /// The Python the browser suite runs with: `TEST_PYTHON` when set, else the first of the system
    /// interpreter (where apt's python3-selenium lives) and the `python3` on PATH (pyenv, a venv,
    /// conda) that can import every package the suite needs. Nil, with the missing package named,
    /// when none can.
    static let pythonPackages = ["selenium"]

    static func python(needing packages: [String] = pythonPackages, for purpose: String = "the browser suite") -> (
        path: String?, problem: String
    ) {
        let env = ProcessInfo.processInfo.environment
        var candidates = ["/usr/bin/python3", "python3"]
        if let chosen = env["TEST_PYTHON"], !chosen.isEmpty { candidates = [chosen] }
        var tried: [String] = []
        for c in candidates {
            guard let r = try? run(c, ["-c", "import " + packages.joined(separator: ", ")]) else {
                tried.append("\(c): not found")
                continue
            }
            if r.status == 0 { return (c, "") }
            let missing = packages.first { r.output.contains("'\($0)'") } ?? r.output.trimmingCharacters(in: .whitespacesAndNewlines)
            tried.append("\(c): no module \(missing)")
        }
        return (
            nil,
            "\(purpose) needs the Python package(s) \(packages.joined(separator: ", ")) (apt install \(packages.map { "python3-" + $0 }.joined(separator: " ")) for /usr/bin/python3, as the README's first command does; or pip install \(packages.joined(separator: " ")) and set TEST_PYTHON): \(tried.joined(separator: "; "))"
        )
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
        let python = Self.python()
        let interpreter = try #require(python.path, "\(python.problem)")
        let r = try Self.run(interpreter, ["Tests/browser/test_ui.py", binary], environment: env)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("browser suite passed"), "\(r.output)")
    }
}

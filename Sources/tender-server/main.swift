import Foundation
import NIOCore
import NIOPosix
import TenderServer
import Vapor

// Run Swift concurrency on NIO's event loops (as Vapor's own template does): handlers, the
// group-committing writer and database callbacks then share the event-loop threads instead of
// hopping between them and a separate dispatch pool (+17% commits/s in the deadline rush).
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// Backup and restore work on the database file before anything opens it.
if CommandLine.arguments.count > 1, ["backup", "restore"].contains(CommandLine.arguments[1]) {
    do {
        let config = try AppConfig.load(root: ProcessInfo.processInfo.environment["TENDER_ROOT"] ?? ".")
        let status = BackupCommandLine.run(CommandLine.arguments, config: config) { print($0) } ?? 2
        exit(status)
    } catch {
        FileHandle.standardError.write(Data("tender-server: \(error)\n".utf8))
        exit(1)
    }
}

var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    let config = try AppConfig.load(root: ProcessInfo.processInfo.environment["TENDER_ROOT"] ?? ".")
    try await configure(app, config)
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data("tender-server: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()

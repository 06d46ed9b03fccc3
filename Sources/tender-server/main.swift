import Foundation
import TenderServer
import Vapor

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

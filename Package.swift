// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "tender-server",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tender-server", targets: ["tender-server"]),
        // Benchmarks/evaluation.sh: the pure scoring engine's throughput.
        .executable(name: "tender-engine-bench", targets: ["tender-engine-bench"]),
    ],
    dependencies: [
        // HTTP server, routing, Bcrypt password hashing, VaporTesting.
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        // Fluent gives one connection pool/transaction API over SQLite and PostgreSQL.
        // Only to run Swift concurrency on NIO's event loops (comes with Vapor anyway).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        // SHA-256 (commitments, audit chain, migration checksums, token hashes) and Ed25519 (receipts).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Prometheus text exposition for /metrics, fed by swift-metrics (which Vapor already emits to).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
    ],
    targets: [
        .target(
            name: "TenderDomain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TenderServer",
            dependencies: [
                "TenderDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tender-server",
            dependencies: [
                "TenderServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tender-engine-bench",
            dependencies: ["TenderDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TenderDomainTests",
            dependencies: ["TenderDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TenderServerTests",
            dependencies: [
                "TenderServer",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            resources: [],
            swiftSettings: swiftSettings
        ),
    ]
)

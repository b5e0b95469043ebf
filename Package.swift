// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Maillage",
    platforms: [.macOS(.v13)],
    // MARK: - Public API
    products: [
        .library(name: "Maillage", targets: ["Maillage"]),
        .executable(name: "maillage", targets: ["MaillageCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: - Public API
        .target(
            name: "Maillage",
            dependencies: ["CGSL", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "MaillageCLI",
            dependencies: [
                "Maillage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/MaillageCLI"
        ),

        // MARK: - Implementation details
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // MARK: - Unit test bundles
        .testTarget(
            name: "MaillageTests",
            dependencies: ["Maillage", "MaillageCLI", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)

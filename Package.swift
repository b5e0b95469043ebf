// swift-tools-version:6.1
import PackageDescription

// Layers, bottom to top; each target imports only those above it in this file (the compiler
// enforces it: a target cannot import one it does not depend on).
//
//   _MaillageGSL         C shim over GSL (system library, found with pkg-config)
//   _MaillageSystem      C shim for what Swift does not expose (exchanging two folders, reading gzip files)
//   _MaillageGLPK        maximal covering with GLPK (header at build time, library loaded when needed)
//   MaillageFoundation   input errors, text and CSV reading, random streams and seeds, GSL errors, atomic files
//   MaillageModel        territory, support structures, policy and levers, simulation, metrics
//   MaillageScenario     YAML scenarios, studies, plans and targets: reading, validation, overrides
//   MaillageExperiments  Monte Carlo runs, studies, comparisons, sweeps, calibration, placement: they return values
//   MaillageOutput       CSV and JSON writers, shard and point files, charts, reports, languages (their words in
//                        Words/*.yaml, Mustache templates): it only writes
//   MaillageWorkflows    one job per experiment kind (run, study, sweep, uncertainty…): inputs and a progress sink in,
//                        what was written out; the CLI, `regenerate` and the server call them
//   MaillageServer       `maillage serve`: the web page and JSON API (Hummingbird; the API's types and routes generated
//                        from its OpenAPI description), results kept in SQLite (GRDB)
//   MaillageCLI          the `maillage` command: parse, call, print
//   MaillageBench        the `maillage-bench` performance suite (make bench)
//   MaillageFuzzing      every loader of user input behind one entry point, for the fuzzer and the fuzz corpus
//   MaillageFuzz         `maillage-fuzz`: libFuzzer's target (scripts/fuzz.sh), or a replay of corpus files
//   MaillageBenchmarks   the package-benchmark suite (Benchmarks/, make bench), only with MAILLAGE_BENCHMARKS set
let package = Package(
    name: "Maillage",
    platforms: [.macOS(.v13)],
    // MARK: - Public API
    products: [
        .library(name: "Maillage", targets: ["MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageWorkflows"]),
        .executable(name: "maillage", targets: ["MaillageCLI"]),
        .executable(name: "maillage-bench", targets: ["MaillageBench"]),
        .executable(name: "maillage-fuzz", targets: ["MaillageFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // MARK: - Public API
        .target(
            name: "MaillageModel",
            dependencies: ["MaillageFoundation", "_MaillageGLPK"],
            // The offer table: which family supports which project at which stage (MODEL.md 7.2).
            resources: [.embedInCode("Support/offer.csv")]
        ),
        .target(
            name: "MaillageScenario",
            dependencies: ["MaillageFoundation", "MaillageModel", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "MaillageExperiments",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario"]
        ),
        .target(
            name: "MaillageOutput",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments",
                           .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "MaillageWorkflows",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput"]
        ),
        .target(
            name: "MaillageServer",
            dependencies: [
                "MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageWorkflows",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            // Generated/ is swift-openapi-generator's code for Web/openapi.json (scripts/generate-api.sh).
            // The page, its script and style, and the OpenAPI description, compiled into the binary.
            resources: [.embedInCode("Web/index.html"), .embedInCode("Web/app.js"), .embedInCode("Web/app.css"),
                        .embedInCode("Web/openapi.json")]
        ),
        .executableTarget(
            name: "MaillageCLI",
            dependencies: [
                "MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageWorkflows",
                "MaillageServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "MaillageFuzzing",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario"]
        ),
        .executableTarget(
            name: "MaillageFuzz",
            dependencies: ["MaillageFuzzing"]
        ),
        .executableTarget(
            name: "MaillageBench",
            dependencies: [
                "MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details
        .systemLibrary(
            name: "_MaillageGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // zlib (gzip-compressed data files, as the national commune polygons are shipped).
        .target(name: "_MaillageSystem", linkerSettings: [.linkedLibrary("z")]),
        // GLPK's header at build time; its library is loaded when a placement is solved exactly.
        .target(name: "_MaillageGLPK"),
        .target(
            name: "MaillageFoundation",
            dependencies: ["_MaillageGSL", "_MaillageSystem", .product(name: "Yams", package: "Yams"),
                           .product(name: "Mustache", package: "swift-mustache")],
            // Every sentence Maillage writes for people, one table per language (Words.swift).
            resources: [.embedInCode("Words/en.yaml"), .embedInCode("Words/fr.yaml")]
        ),

        // MARK: - Unit test bundles
        .target(
            name: "MaillageTestSupport",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments"],
            path: "Tests/MaillageTestSupport"
        ),
        .testTarget(
            name: "MaillageFoundationTests",
            dependencies: ["MaillageFoundation", "MaillageTestSupport"]
        ),
        .testTarget(
            name: "MaillageModelTests",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageTestSupport"]
        ),
        .testTarget(
            name: "MaillageScenarioTests",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageFuzzing", "MaillageTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "MaillageExperimentsTests",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageWorkflows",
                           "MaillageTestSupport", "_MaillageGSL"]
        ),
        .testTarget(
            name: "MaillageOutputTests",
            dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageTestSupport"]
        ),
        .testTarget(
            name: "MaillageServerTests",
            dependencies: ["MaillageServer", "MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput", "MaillageWorkflows",
                           "MaillageTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // End-to-end: the `maillage` command as users run it.
        .testTarget(
            name: "MaillageCLITests",
            dependencies: ["MaillageCLI", "MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageOutput",
                           "MaillageTestSupport"]
        ),
    ]
)

// The package-benchmark suite (ordo-one/benchmark: percentiles, malloc counts, baselines) is part
// of the package only when MAILLAGE_BENCHMARKS is set, as `make bench` does in its own build
// folder (.build-bench): `make test`, CI and `make run` neither resolve nor compile the harness.
if Context.environment["MAILLAGE_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(.executableTarget(
        name: "MaillageBenchmarks",
        dependencies: ["MaillageFoundation", "MaillageModel", "MaillageScenario", "MaillageExperiments", "MaillageServer",
                       .product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/MaillageBenchmarks",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}

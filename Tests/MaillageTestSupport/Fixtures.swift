import Foundation
import Testing
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Small hand-made worlds whose expected behaviour can be worked out by hand.
public enum Fixture {
    /// A zone at (x, y) km.
    public static func zone(_ code: String, x: Double = 0, y: Double = 0, population: Int = 100_000, kind: ZoneKind = .urban) -> Zone {
        Zone(code: code, name: code, x: x, y: y, population: population, kind: kind)
    }

    /// A structure at (x, y) km serving `stages`.
    public static func structure(_ id: Int, _ ecosystem: Ecosystem, stages: [Stage] = Stage.allCases, capacity: Double = 1e6,
                          x: Double = 0, y: Double = 0, family: NetworkFamily? = nil) -> SupportStructure {
        SupportStructure(id: id, name: "S\(id)", ecosystem: ecosystem, stages: StageSet(stages), capacityPerYear: capacity,
                         x: x, y: y, zoneCode: "Z", family: family ?? (ecosystem == .ess ? .essIncubators : .coaching))
    }

    /// Holders of a single project type.
    public static func holders(only type: ProjectType, ratePer1000: Double = 16) -> HolderParameters {
        var h = HolderParameters()
        h.creationRatePer1000 = ratePer1000
        h.seekSupportShare = 1
        h.projectTypeShares = ProjectType.allCases.map { $0 == type ? 1 : 0 }
        return h
    }

    public static func model(zones: [Zone], structures: [SupportStructure], holders: HolderParameters = HolderParameters(),
                      journey: JourneyParameters = JourneyParameters(), outcomes: OutcomeParameters = OutcomeParameters(),
                      families: FamilyTable = FamilyTable(), policy: CooperationPolicy = CooperationPolicy(),
                      effects: ParameterValues = .defaultEffects, offer: OfferTable = .shipped, policyStart: PolicyStart = .horizon,
                      entry: EntryParameters = .none, horizonMonths: Int = 12, warmUpMonths: Int = 0,
                      wouldBeCreatorsPer1000: Double? = nil) throws -> SimulationModel {
        try SimulationModel(territory: Territory(name: "fixture", zones: zones, areaKm2: 100), structures: structures,
                            travel: TravelTimes(model: TravelModel()), holders: holders, journey: journey, outcomes: outcomes,
                            families: families, policy: policy, effects: effects, offer: offer, policyStart: policyStart, entry: entry,
                            horizonMonths: horizonMonths, warmUpMonths: warmUpMonths, wouldBeCreatorsPer1000: wouldBeCreatorsPer1000)
    }

    public static func run(_ model: SimulationModel, replications: Int = 40, seed: UInt64 = 7) async throws -> RunResult {
        try await MonteCarlo.run(model, plan: RunPlan(horizonMonths: model.horizonMonths, replications: replications, seed: seed, jobs: 2))
    }
}

extension Estimate {
    /// Standard error of the mean.
    public var standardError: Double { sd / Double(n).squareRoot() }
}

/// Expects `higher` to exceed `lower` by more than three standard errors of the difference
/// (a one-sided z-test at about the 0.1% level).
public func expectHigher(_ higher: Estimate, than lower: Estimate, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let se = (higher.standardError * higher.standardError + lower.standardError * lower.standardError).squareRoot()
    #expect(higher.mean - lower.mean > 3 * se, comment, sourceLocation: sourceLocation)
}

/// The package's root folder.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A run plan for tests: `replications` from `seed` on two jobs, over the model's horizon.
public func testPlan(_ model: SimulationModel, replications: Int, seed: UInt64, jobs: Int = 2) -> RunPlan {
    RunPlan(horizonMonths: model.horizonMonths, replications: replications, seed: seed, jobs: jobs)
}

/// The `maillage` executable built beside the tests.
public func maillageExecutable() throws -> URL {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [beside, beside.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
        let candidate = folder.appendingPathComponent("maillage")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    Issue.record("the maillage executable is not built; run `swift build` first")
    throw CocoaError(.fileNoSuchFile)
}

/// Runs the CLI and returns its exit status, standard output and standard error.
/// `environment` adds variables to the test's own.
public func runMaillage(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = try maillageExecutable()
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.currentDirectoryURL = folder ?? packageRoot
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The folder that holds every temporary folder of this test process, removed when the process
/// exits, so that running the tests leaves nothing behind in the system's temporary folder.
private let testsRoot = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-tests-\(getpid())").path
private let removeTestsRootAtExit: Void = {
    atexit { try? FileManager.default.removeItem(atPath: testsRoot) }
}()

/// A fresh temporary folder (removed with the others when the test process exits).
public func temporaryFolder() throws -> URL {
    _ = removeTestsRootAtExit
    let url = URL(fileURLWithPath: testsRoot).appendingPathComponent("maillage-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs a Python script (`python3 -c`) and returns its exit status and standard output.
public func runPython(_ script: String) throws -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, out)
}

import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// Feeds arbitrary bytes to every loader of user input, as the fuzzer (libFuzzer) and the fuzz
/// corpus replay in the tests do. The first byte picks the loader; the rest is the file's
/// content. A loader may accept the input or refuse it with an ``InputError`` (or a
/// ``GSLError``); anything else — a crash, a trap, an endless loop — is a bug.
public enum FuzzHarness {
    /// The kinds of input, by the value of the first byte modulo their count.
    public enum Kind: Int, CaseIterable, Sendable {
        case scenario, structureTable, populations, geographicCode, travelMatrix, geoJSON, sweepPlan, study, priors, calibrationTargets, posterior

        /// A file name with the right extension, for messages and for corpus files.
        public var fileName: String {
            switch self {
            case .scenario: "scenario.yaml"
            case .structureTable: "structures.csv"
            case .populations: "donnees_communes.csv"
            case .geographicCode: "communes.csv"
            case .travelMatrix: "minutes.csv"
            case .geoJSON: "communes.geojson"
            case .sweepPlan: "plan.yaml"
            case .study: "study.yaml"
            case .priors: "priors.yaml"
            case .calibrationTargets: "targets.yaml"
            case .posterior: "posterior.csv"
            }
        }
    }

    /// Runs the loader the first byte picks on the rest. Returns whether the input was accepted.
    @discardableResult
    public static func run(_ data: Data) -> Bool {
        guard let first = data.first else { return false }
        let kind = Kind(rawValue: Int(first) % Kind.allCases.count)!
        return run(kind, Data(data.dropFirst()))
    }

    /// Runs one loader on `content`. Returns whether it was accepted.
    @discardableResult
    public static func run(_ kind: Kind, _ content: Data) -> Bool {
        do {
            try load(kind, content)
            return true
        } catch is InputError {
            return false
        } catch is GSLError {
            return false
        } catch {
            // Output errors cannot arise here; any other error type is a bug worth seeing.
            fatalError("unexpected error type from the \(kind) loader: \(error)")
        }
    }

    static func load(_ kind: Kind, _ content: Data) throws {
        let file = kind.fileName
        func text() throws -> String {
            guard let t = String(data: content, encoding: .utf8) else { throw InputError(file: file, message: "not UTF-8") }
            return t
        }
        switch kind {
        case .scenario:
            let scenario = try ScenarioLoader.parse(try text(), file: file)
            try simulateIfSmall(scenario)
        case .structureTable:
            _ = try StructureTable.read(try DelimitedText(text: try text(), file: file, delimiter: ","), territory: nil, outlines: nil,
                                        projection: nil, contains: { _, _ in true }, firstId: 0)
        case .populations:
            _ = try PopulationTable.read(try DelimitedText(text: try text(), file: file, delimiter: ";"))
        case .geographicCode:
            _ = try GeographicCode.read(try DelimitedText(text: try text(), file: file, delimiter: ","))
        case .travelMatrix:
            _ = try TravelTimes.readMatrix(try DelimitedText(text: try text(), file: file, delimiter: ","), zoneCodes: nil)
        case .geoJSON:
            _ = try CommuneGeometry.parse(content, file: file)
        case .sweepPlan, .study, .priors, .calibrationTargets, .posterior:
            // Plans, studies and targets name scenario files, and the others are read by path: write the input into a scratch folder
            // beside nothing else, so that it can only name files that do not exist or the
            // shipped scenarios.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-fuzz-\(getpid())")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent(file).path
            guard FileManager.default.createFile(atPath: path, contents: content) else { return }
            defer { try? FileManager.default.removeItem(atPath: path) }
            switch kind {
            case .sweepPlan: _ = try SweepPlan.load(path)
            case .study: _ = try Study.load(path)
            case .priors: _ = try PriorSet.load(path)
            case .calibrationTargets: _ = try Calibration.load(path)
            default: _ = try Posterior.load(path)
            }
        }
    }

    /// Builds and runs a scenario small enough to take milliseconds: a synthetic territory of at
    /// most 20,000 inhabitants and 50 communes, a horizon of at most a year.
    static func simulateIfSmall(_ scenario: Scenario) throws {
        guard case .synthetic(let spec) = scenario.territory, spec.population <= 20_000, spec.communes <= 50,
              scenario.plan.horizonMonths <= 12, scenario.structureTable == nil, scenario.travelMatrix == nil,
              scenario.structures.networks.reduce(0, { $0 + $1.count }) <= 50 else { return }
        let model = try scenario.build()
        let outcome = try ReplicationOutcome(running: model, seed: SeedDerivation.replicationSeed(runSeed: 1, index: 0))
        _ = Metric.all.map { $0.value(outcome, model: model) }
    }
}
